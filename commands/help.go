package commands

import (
	"context"
	"strings"

	"github.com/fieldloop/fieldloop/bot"
)

// Help returns /help: every command with one line each, or one command's
// full usage. list is called at each request so that help always matches
// what is registered.
func Help(list func() []bot.Command) bot.Command {
	return bot.Command{Name: "help", Options: helpOptions(list), Run: func(_ context.Context, req *bot.Request) (*bot.Reply, error) {
		name, _ := bot.SplitCommandLine(req.Text)
		cmds := list()
		if name == "" {
			var b strings.Builder
			b.WriteString(req.T("help.intro"))
			for _, c := range cmds {
				b.WriteString("\n/" + c.Name + " — " + c.Summary().In(req.Lang))
			}
			b.WriteString("\n" + req.T("help.more"))
			return &bot.Reply{Text: b.String()}, nil
		}
		for _, c := range cmds {
			if c.Name == name {
				return &bot.Reply{Text: "/" + c.Name + " — " + c.Summary().In(req.Lang) + "\n" + c.Usage().In(req.Lang)}, nil
			}
		}
		return nil, bot.Errorf(bot.ENOTFOUND, "error.unknown_command", bot.Echo(name))
	}}
}

// helpOptions declares /help's one option: a command, chosen among those
// list gives when a platform asks, since more are registered after /help.
func helpOptions(list func() []bot.Command) []bot.Option {
	o := bot.NewOption("command", bot.OptionString, bot.PutWord)
	o.ChoicesFrom = func() []bot.OptionChoice {
		cmds := list()
		choices := make([]bot.OptionChoice, len(cmds))
		for i, c := range cmds {
			choices[i] = bot.OptionChoice{Value: c.Name, Label: bot.Literal(c.Name, c.Name)}
		}
		return choices
	}
	return []bot.Option{o}
}
