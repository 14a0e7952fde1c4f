package commands_test

import (
	"slices"
	"testing"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/apptest"
)

// Every command fieldloop registers declares what it takes, each declared
// word has a description in the catalogue, and /report has a subcommand
// per kind whose options are the kind's fields.
func TestCommandDeclarations(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	schema, cmds := a.Schema, a.Router.Commands()
	for _, c := range cmds {
		if c.Name == "whoami" {
			if len(c.Options)+len(c.Subcommands) > 0 {
				t.Errorf("/whoami takes nothing, declares %+v %+v", c.Options, c.Subcommands)
			}
			continue
		}
		if len(c.Options)+len(c.Subcommands) == 0 {
			t.Errorf("/%s declares nothing", c.Name)
		}
		checkOptions(t, "/"+c.Name, c.Options)
		for _, s := range c.Subcommands {
			if !bot.HasText(s.Desc.Key) || s.Zh == "" {
				t.Errorf("/%s %s: description %q, Chinese name %q", c.Name, s.Name, s.Desc.Key, s.Zh)
			}
			checkOptions(t, "/"+c.Name+" "+s.Name, s.Options)
		}
	}
	named := func(name string) bot.Command {
		return cmds[slices.IndexFunc(cmds, func(c bot.Command) bool { return c.Name == name })]
	}
	report := named("report")
	if n := len(report.Subcommands); n != len(schema.Kinds)+5 {
		t.Errorf("/report has %d subcommands, want new, a kind each, list, show, edit and delete", n)
	}
	sales := report.Subcommands[1+indexOfKind(schema, "sales")]
	if sales.Zh != "销售" || len(sales.Options) != len(schema.Kind("sales").Fields) || sales.Options[0].Put != bot.PutFormValue {
		t.Errorf("/report sales: %+v", sales)
	}
	help := named("help").Options[0]
	got := help.AllChoices()
	for i, c := range cmds {
		if len(got) != len(cmds) || got[i].Value != c.Name {
			t.Fatalf("/help's choices %+v, want every registered command", got)
		}
	}
}

func checkOptions(t *testing.T, path string, opts []bot.Option) {
	t.Helper()
	for _, o := range opts {
		if !bot.HasText(o.Desc.Key) || o.Zh == "" {
			t.Errorf("%s %s: description %q, Chinese name %q", path, o.Name, o.Desc.Key, o.Zh)
		}
	}
}

func indexOfKind(schema *bot.Schema, key string) int {
	for i, k := range schema.Kinds {
		if k.Key == key {
			return i
		}
	}
	return -1
}
