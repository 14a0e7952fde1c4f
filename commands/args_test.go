package commands_test

import (
	"testing"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/commands"
)

// Every command declares what it takes, each declared word has a
// description in the catalogue, and /report has a subcommand per kind
// whose options are the kind's fields.
func TestCommandDeclarations(t *testing.T) {
	schema := bot.ReportSchema()
	var router bot.Router
	router.Register(commands.Report(nil, schema, nil), commands.Lang(nil), commands.Help(router.Commands),
		commands.Whoami(), commands.Away(nil))
	for _, c := range router.Commands() {
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
	report := router.Commands()[0]
	if n := len(report.Subcommands); n != len(schema.Kinds)+5 {
		t.Errorf("/report has %d subcommands, want new, a kind each, list, show, edit and delete", n)
	}
	sales := report.Subcommands[1+indexOfKind(schema, "sales")]
	if sales.Zh != "销售" || len(sales.Options) != len(schema.Kind("sales").Fields) || sales.Options[0].Put != bot.PutFormValue {
		t.Errorf("/report sales: %+v", sales)
	}
	help := router.Commands()[2].Options[0]
	if got := help.AllChoices(); len(got) != 5 || got[4].Value != "away" {
		t.Errorf("/help's choices %+v, want every registered command", got)
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
