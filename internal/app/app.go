// Package app assembles fieldloop: from one Config it builds the whole
// graph once (the organisation, the store, the report schema, the router
// with the one list of commands, the marketing feed, the digests, the
// scheduler, the outbox sender and the HTTP routes) and runs it as the
// console, the server or one of the subcommands. The entry point parses
// the command line into a Config and calls it; tests build the same graph
// through internal/apptest.
package app

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/fieldloop/fieldloop/adapters/console"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/digest"
	"github.com/fieldloop/fieldloop/internal/platform"
	"github.com/fieldloop/fieldloop/orgfile"
	"github.com/fieldloop/fieldloop/outbox"
	"github.com/fieldloop/fieldloop/schedule"
	"github.com/fieldloop/fieldloop/storage"
)

// App is fieldloop assembled: every part built once, on one store, one
// organisation and one clock.
type App struct {
	Config    *Config
	Org       *bot.Org
	DB        *storage.DB
	Schema    *bot.Schema
	Router    *bot.Router
	Feed      *bot.Feed
	Digests   *digest.Source
	Scheduler *schedule.Scheduler
	Logger    *slog.Logger
	Now       func() time.Time
	// Platforms are where the bot's own messages go.
	Platforms []bot.Platform
}

// Options are what a run adds to its Config.
type Options struct {
	Logger *slog.Logger     // discards everything when nil
	Now    func() time.Time // time.Now when nil
	// ReadOnly opens the database for reading only, and fails at once if
	// a running fieldloop holds it.
	ReadOnly bool
	// Platforms are where the bot's own messages go: the configured
	// platforms for serve, the console for the console.
	Platforms []bot.Platform
}

// Open loads the organisation, opens the database and builds the graph on
// them. Close the App when done.
func Open(c *Config, o Options) (*App, error) {
	org, err := c.LoadOrg()
	if err != nil {
		return nil, err
	}
	db, err := OpenDB(c.DB, o.ReadOnly, o.now())
	if err != nil {
		return nil, err
	}
	return Build(c, org, db, o), nil
}

// Build builds the graph on an organisation and an open store; db may be
// nil for what only lists the commands (a platform's app manifest). It starts
// nothing.
func Build(c *Config, org *bot.Org, db *storage.DB, o Options) *App {
	a := &App{Config: c, Org: org, DB: db, Schema: bot.ReportSchema(), Logger: o.logger(), Now: o.now(), Platforms: o.Platforms}
	a.Router = bot.NewRouter(org, db, a.Logger)
	a.Router.Now = a.Now
	a.Feed = &bot.Feed{Org: org, Schema: a.Schema, Platforms: a.Platforms,
		Lang: func(ctx context.Context, p *bot.Person) bot.Lang { return a.Router.Lang(ctx, p, org.Language) }}
	a.Digests = &digest.Source{Org: org, Schema: a.Schema, Reports: db, Targets: db, Campaigns: db, Schedules: db, Settings: db}
	a.Router.Register(a.commands()...)
	a.Scheduler = &schedule.Scheduler{
		Store: db, Settings: db, Org: org, Schema: a.Schema, Platforms: a.Platforms, Logger: a.Logger,
		Lang:      func(ctx context.Context, p *bot.Person) bot.Lang { return a.Router.Lang(ctx, p, org.Language) },
		Campaigns: db, AckReminderAfter: c.AckReminder, CalendarPush: c.calendarPush(),
		Digests: a.Digests,
	}
	return a
}

// Close closes the database.
func (a *App) Close() error { return a.DB.Close() }

// NewSender returns the outbox sender over the app's store, delivering
// through deliverers, with the pace and settling of the Config.
func (a *App) NewSender(deliverers map[bot.Platform]bot.Deliverer) *outbox.Sender {
	s := outbox.NewSender(a.DB, deliverers, a.Logger)
	s.Now = a.Now
	s.CoalesceEvery, s.SettleAfter = a.Config.FeedEvery, a.Config.SettleAfter
	return s
}

// Commands returns the commands fieldloop registers, for what describes
// them to a platform (a platform's app manifest): built on the demo organisation
// and no store, which the commands only close over.
func Commands() []bot.Command {
	return Build(NewConfig(), orgfile.Demo(), nil, Options{}).Router.Commands()
}

func (o Options) now() func() time.Time {
	if o.Now == nil {
		return time.Now
	}
	return o.Now
}

func (o Options) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Logger
}

// LoadOrg reads the org file, or the demo organisation, and applies the
// time zone and language overrides.
func (c *Config) LoadOrg() (*bot.Org, error) {
	ids := make([]platform.IDs, len(c.Platforms))
	for i, p := range c.Platforms {
		ids[i] = p.IDs()
	}
	var org *bot.Org
	var err error
	if c.Org == "" {
		org = orgfile.Demo(ids...)
	} else if org, err = orgfile.Load(c.Org, ids...); err != nil {
		return nil, err
	}
	org.AddressByID(console.Platform)
	if c.TZ != "" {
		loc, err := time.LoadLocation(c.TZ)
		if err != nil {
			return nil, UsageError{Err: errors.New("FIELDLOOP_TZ (--tz): unknown time zone " + c.TZ)}
		}
		org.Location = loc
	}
	if lang, ok := bot.ParseLang(c.Lang); ok {
		org.Language = lang
	}
	return org, nil
}

// consolePlatforms is where the console's messages go.
var consolePlatforms = []bot.Platform{console.Platform}
