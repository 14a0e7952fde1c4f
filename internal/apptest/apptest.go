// Package apptest builds fieldloop for a test the way it runs: the whole
// graph through internal/app (the router with the one command list, the
// marketing feed, the digests, the scheduler and the outbox sender) on a
// real store in a temporary directory, the demo organisation unless the
// test gives one, and a clock the test holds. A test drives it as a person
// would, with command lines, and reads what it queued in the outbox; a
// chat adapter's test puts the adapter under test on its router and store.
// It is for tests only: no non-test package imports it (the root's
// architecture_test.go checks).
package apptest

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/app"
	"github.com/fieldloop/fieldloop/orgfile"
	"github.com/fieldloop/fieldloop/outbox"
)

// Platform is the neutral test platform: it addresses people and channels
// by their fieldloop ids, as the console does, so that a test names
// people as the org file does ("alice") and a channel is its name
// ("test:#marketing").
const Platform bot.Platform = "test"

// Options say what to build; the zero value is the demo organisation on
// Platform, with every setting's default.
type Options struct {
	// Org is the organisation; the demo organisation when nil. On
	// Platform, it is made to address by fieldloop id.
	Org *bot.Org
	// Platform is where commands come from and where the bot's own
	// messages go: Platform when "", or an adapter's platform, on which
	// people and channels have the accounts the org gives.
	Platform bot.Platform
	// Config, when set, adjusts the Config (every setting at its default,
	// the store in the temporary directory) before the graph is built.
	Config func(*app.Config)
	// Commands, when set, keeps only the app's commands of these names, in
	// the app's order, and /help lists only them: for a platform's test
	// whose golden files describe a few.
	Commands []string
}

// App is fieldloop assembled for a test, on its own store, which is
// closed when the test ends.
type App struct {
	*app.App
	T        testing.TB   // the test it was built for
	Platform bot.Platform // where commands come from and messages go
	Clock    *Clock       // the time every part reads
	commands []string     // Options.Commands, again at a restart
	declared *bot.Org     // the organisation given, again at a restart
}

// New builds fieldloop as o says, on a new store in a temporary
// directory that tb removes when done. Its clock starts at 2026-11-28
// 04:00 UTC, noon in the demo organisation's Shanghai.
func New(tb testing.TB, o Options) *App {
	tb.Helper()
	c := app.NewConfig()
	for _, s := range c.All() {
		if err := s.Set(s.Default); err != nil {
			tb.Fatalf("the default of %s: %v", s.Name(), err)
		}
	}
	c.DB = filepath.Join(tb.TempDir(), "fieldloop.db")
	if o.Config != nil {
		o.Config(c)
	}
	if o.Platform == "" {
		o.Platform = Platform
	}
	if o.Org == nil {
		o.Org = orgfile.Demo()
	}
	clock := &Clock{now: time.Date(2026, 11, 28, 4, 0, 0, 0, time.UTC)}
	return build(tb, c, o.Org, o.Platform, clock, o.Commands)
}

// build opens the store of c and builds the graph on it.
func build(tb testing.TB, c *app.Config, org *bot.Org, platform bot.Platform, clock *Clock, commands []string) *App {
	tb.Helper()
	var byID []bot.Platform
	if platform == Platform {
		byID = []bot.Platform{Platform}
	}
	db, err := app.OpenDB(c.DB, false, clock.Now)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	built, err := app.Build(c, org, db, app.Options{Now: clock.Now, Platforms: []bot.Platform{platform}, ByID: byID, Source: "test"})
	if err != nil {
		tb.Fatalf("apptest: build: %v", err)
	}
	a := &App{App: built, T: tb, Platform: platform, Clock: clock, commands: commands, declared: org}
	if commands != nil {
		a.keep(commands)
	}
	return a
}

// keep leaves on the router only the commands named, in the app's order.
// /help reads the router's list when asked, so it then lists only those.
func (a *App) keep(names []string) {
	a.T.Helper()
	r := a.Router
	var kept []bot.Command
	for _, c := range r.Commands() {
		if slices.Contains(names, c.Name) {
			kept = append(kept, c)
		}
	}
	if len(kept) != len(names) {
		a.T.Fatalf("apptest: Commands %v names a command the app does not have", names)
	}
	fresh := bot.NewRouter(r.Org, r.Settings, r.Logger)
	fresh.Now, fresh.Observe = r.Now, r.Observe
	fresh.Register(kept...)
	*r = *fresh
}

// Restart closes the store and builds the graph again on it, as a restart
// of fieldloop would: the same Config, platform and clock, and org, or
// the App's organisation when org is nil (a changed org file).
func (a *App) Restart(org *bot.Org) *App {
	a.T.Helper()
	if err := a.DB.Close(); err != nil {
		a.T.Fatal(err)
	}
	if org == nil {
		org = a.declared
	}
	return build(a.T, a.Config, org, a.Platform, a.Clock, a.commands)
}

// incoming is line ("/report sales units=3") as person, a fieldloop id,
// sends it on the App's platform: from their account there, if the org
// gives one, else from the id itself (on Platform, and for a stranger).
func (a *App) incoming(person, line string) *bot.Incoming {
	user := person
	if p := a.Org().Person(person); p != nil && p.Accounts.On(a.Platform) != "" {
		user = p.Accounts.On(a.Platform)
	}
	name, text := bot.SplitCommandLine(line)
	return &bot.Incoming{Platform: a.Platform, UserID: user, Name: name, Text: text}
}

// Handle answers in through the router, at the clock's time; an empty
// in.Platform is the App's.
func (a *App) Handle(in *bot.Incoming) *bot.Reply {
	if in.Platform == "" {
		in.Platform = a.Platform
	}
	return a.Router.Handle(context.Background(), in)
}

// As runs line as person and returns the reply.
func (a *App) As(person, line string) *bot.Reply { return a.Handle(a.incoming(person, line)) }

// Pending returns the outbox's pending messages, oldest first.
func (a *App) Pending() []*bot.Message {
	a.T.Helper()
	msgs, err := a.DB.PendingMessages(context.Background())
	if err != nil {
		a.T.Fatalf("pending messages: %v", err)
	}
	return msgs
}

// Sender returns the outbox sender, as serve makes it, delivering the
// App's platform's messages through d.
func (a *App) Sender(d bot.Deliverer) *outbox.Sender {
	return a.NewSender(map[bot.Platform]bot.Deliverer{a.Platform: d})
}

// Clock is the time as a test sets it: it moves only when told to. It is
// safe to read while a test moves it.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set sets the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Add moves the clock on by d and returns the new time.
func (c *Clock) Add(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// Recorder is a chat platform that keeps what it is given to deliver.
// Fail, when set, is asked first about each delivery, counted from 1: an
// error it returns fails that delivery, which is then not kept.
type Recorder struct {
	Fail func(n int, m *bot.Message) error

	mu    sync.Mutex
	calls int
	got   []*bot.Message
}

var _ bot.Deliverer = (*Recorder)(nil)

// Deliver keeps m, unless Fail fails it.
func (r *Recorder) Deliver(_ context.Context, m *bot.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	if r.Fail != nil {
		if err := r.Fail(r.calls, m); err != nil {
			return err
		}
	}
	r.got = append(r.got, m)
	return nil
}

// Calls returns how many deliveries were asked for, failed ones included.
func (r *Recorder) Calls() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls
}

// Delivered returns the messages delivered, in order.
func (r *Recorder) Delivered() []*bot.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}
