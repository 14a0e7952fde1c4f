package app

import (
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/commands"
)

// commands returns every chat command, in the order /help lists them. This
// is the one list: adding a command is one line here.
func (a *App) commands() []bot.Command {
	db := a.DB
	return []bot.Command{
		commands.Report(db, a.Schema, a.Feed),
		commands.Campaign(db, a.Platforms),
		commands.Training(db, a.Platforms),
		commands.Ack(db),
		commands.Calendar(db, bot.CalendarFeeds{Tokens: db, BaseURL: a.Config.PublicURL}),
		commands.Target(db),
		commands.Digest(*a.Digests, db),
		commands.Schedule(db, a.Schema),
		commands.Away(db),
		commands.Lang(db),
		commands.Outlet(db),
		commands.Customer(db),
		commands.Product(db),
		commands.Team(a.Team, db, a.Platforms, a.lang),
		commands.Join(db, a.Platforms, a.lang),
		commands.Whoami(),
		commands.Help(a.Router.Commands),
	}
}
