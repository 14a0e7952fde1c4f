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
	"path/filepath"
	"time"

	"github.com/fieldloop/fieldloop/adapters/console"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/digest"
	"github.com/fieldloop/fieldloop/internal/platform"
	"github.com/fieldloop/fieldloop/orgfile"
	"github.com/fieldloop/fieldloop/outbox"
	"github.com/fieldloop/fieldloop/schedule"
	"github.com/fieldloop/fieldloop/storage"
	"github.com/fieldloop/fieldloop/team"
)

// App is fieldloop assembled: every part built once, on one store, one
// organisation and one clock.
type App struct {
	Config *Config
	// Live is the organisation as it is now; Team changes it.
	Live      *bot.LiveOrg
	Team      *team.Team
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
	// ByID are platforms besides the console's that address people and
	// channels by their fieldloop ids (a test's).
	ByID []bot.Platform
	// Source names where the declared organisation comes from, in the
	// history: the org file's name, or "" for the built-in demo, which
	// only fills an empty database.
	Source string
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
	if c.Org != "" {
		o.Source = filepath.Base(c.Org)
	}
	a, err := Build(c, org, db, o)
	if err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

// openChecked opens the app for reading and runs check on its live
// organisation. When the store cannot be opened (serve holds it), check
// runs on the declared organisation, so that a typo in the options is
// still told as such.
func openChecked(c *Config, o Options, check func(*bot.Org) error) (*App, error) {
	a, err := Open(c, o)
	if err != nil {
		if org, lerr := c.LoadOrg(); lerr == nil {
			if cerr := check(org); cerr != nil {
				return nil, cerr
			}
		}
		return nil, err
	}
	if err := check(a.Org()); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// Build builds the graph on an open store and starts its live
// organisation: the store's, with declared (an org file's, or the demo)
// applied when it changed (see team.Team.Start). db may be nil for what
// only lists the commands (a platform's app manifest): declared is then
// the organisation. It starts nothing else.
func Build(c *Config, declared *bot.Org, db *storage.DB, o Options) (*App, error) {
	a := &App{Config: c, DB: db, Schema: bot.ReportSchema(), Logger: o.logger(), Now: o.now(), Platforms: o.Platforms}
	a.Live = bot.NewLiveOrg(declared)
	a.Team = &team.Team{Live: a.Live, Store: db, Platforms: c.platformIDs(), Now: a.Now, Adjust: c.adjust(o.ByID), ReadOnly: o.ReadOnly}
	if db != nil {
		a.Team.Schedules, a.Team.Notify = db.Schedules, a.gapNotices
	}
	if db == nil {
		a.Team.Adjust(declared)
	} else if err := a.startOrg(declared, o); err != nil {
		return nil, err
	}
	a.Router = bot.NewRouter(a.Live, db, a.Logger)
	a.Router.Now = a.Now
	a.Feed = &bot.Feed{Org: a.Live, Schema: a.Schema, Platforms: a.Platforms, Lang: a.lang}
	a.Digests = &digest.Source{Org: a.Live, Schema: a.Schema, Reports: db, Targets: db, Campaigns: db, Schedules: db, Settings: db}
	a.Router.Register(a.commands()...)
	a.Scheduler = &schedule.Scheduler{
		Store: db, Settings: db, Org: a.Live, Schema: a.Schema, Platforms: a.Platforms, Logger: a.Logger,
		Lang: a.lang, Campaigns: db, AckReminderAfter: c.AckReminder, CalendarPush: c.calendarPush(),
		Digests: a.Digests,
	}
	return a, nil
}

// startOrg starts the live organisation on the store, applying the org
// file when it changed, and logs each change, with a warning for each
// field it set that had last been changed in chat.
func (a *App) startOrg(declared *bot.Org, o Options) error {
	ctx := context.Background()
	apply := o.Source != "" && !o.ReadOnly
	var chat []*bot.OrgChange
	if apply {
		var err error
		if chat, err = a.DB.ChatChanges(ctx); err != nil {
			return err
		}
	}
	changes, err := a.Team.Start(ctx, declared, o.Source, apply)
	if err != nil {
		return err
	}
	edits := team.ChatEdits(chat)
	for _, ch := range changes {
		a.Logger.Info("org file applied", "file", o.Source, "subject", ch.Subject, "id", ch.ID, "action", ch.Action, "fields", ch.Fields)
		for _, f := range ch.Fields {
			if e := edits.Edit(ch.Subject, ch.ID, f.Field); e != nil {
				a.Logger.Warn("the org file overwrote a change made in chat", "file", o.Source, "subject", ch.Subject, "id", ch.ID,
					"field", f.Field, "chat_value", f.From, "file_value", f.To, "changed_by", e.By, "changed_at", e.At)
			}
		}
	}
	return nil
}

// lang is the language to write to p in: theirs, else the org's.
func (a *App) lang(ctx context.Context, p *bot.Person) bot.Lang {
	return a.Router.Lang(ctx, p, a.Org().Language)
}

// Org is the organisation as it is now.
func (a *App) Org() *bot.Org { return a.Live.Load() }

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
	a, _ := Build(NewConfig(), orgfile.Demo(), nil, Options{}) // no store: cannot fail
	return a.Router.Commands()
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

// LoadOrg reads the org file, or the demo organisation: the organisation
// declared, which Build applies to the store's (see team.Team.Start).
func (c *Config) LoadOrg() (*bot.Org, error) {
	if c.TZ != "" {
		if _, err := time.LoadLocation(c.TZ); err != nil {
			return nil, UsageError{Err: errors.New("FIELDLOOP_TZ (--tz): unknown time zone " + c.TZ)}
		}
	}
	if c.Org == "" {
		return orgfile.Demo(c.platformIDs()...), nil
	}
	return orgfile.Load(c.Org, c.platformIDs()...)
}

// platformIDs are the rules of account ids on the configured platforms.
func (c *Config) platformIDs() []platform.IDs {
	ids := make([]platform.IDs, len(c.Platforms))
	for i, p := range c.Platforms {
		ids[i] = p.IDs()
	}
	return ids
}

// adjust returns what the run sets on every version of the organisation,
// which the store does not keep: the console (and byID) address people by
// fieldloop id, and FIELDLOOP_TZ and FIELDLOOP_LANG override the org's.
func (c *Config) adjust(byID []bot.Platform) func(*bot.Org) {
	return func(org *bot.Org) {
		org.AddressByID(console.Platform)
		for _, p := range byID {
			org.AddressByID(p)
		}
		if loc, err := time.LoadLocation(c.TZ); c.TZ != "" && err == nil {
			org.Location = loc
		}
		if lang, ok := bot.ParseLang(c.Lang); ok {
			org.Language = lang
		}
	}
}

// consolePlatforms is where the console's messages go.
var consolePlatforms = []bot.Platform{console.Platform}
