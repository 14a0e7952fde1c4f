// Command fieldloop is the chat bot that keeps a company's marketing
// department and its sales force working as one loop. Run without
// arguments it starts the console with a local database and, unless an
// org file is given, a demo organisation; "fieldloop serve" runs it on
// Slack, and "fieldloop slack-manifest" describes the Slack app it needs.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fieldloop/fieldloop/adapters/console"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/commands"
	"github.com/fieldloop/fieldloop/export"
	"github.com/fieldloop/fieldloop/orgfile"
	"github.com/fieldloop/fieldloop/storage"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now}
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// Main is the program: it reads flags and the environment, wires the
// pieces together in one visible place and runs a subcommand. Its fields
// let tests run the whole program over buffers.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Now            func() time.Time
	// Interactive overrides the terminal check on Stdin (tests).
	Interactive *bool
	// Ready, when set, is called by serve with the address it listens on,
	// once it accepts connections (tests listen on port 0).
	Ready func(addr string)
}

// config is what every subcommand may read from flags and the environment.
type config struct {
	db, org, tz, lang string
}

// Run runs the subcommand named by args[0] and returns the exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	sub := "console"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		sub, args = args[0], args[1:]
	}
	var err error
	switch sub {
	case "console":
		err = m.console(ctx, args)
	case "export":
		err = m.export(ctx, args)
	case "tick":
		err = m.tick(ctx, args)
	case "digest":
		err = m.digest(ctx, args)
	case "backup":
		err = m.backup(ctx, args)
	case "restore":
		err = m.restore(ctx, args)
	case "check":
		err = m.check(ctx, args)
	case "serve":
		err = m.serve(ctx, args)
	case "slack-manifest":
		err = m.slackManifestCmd(ctx, args)
	case "help":
		m.usage()
		return 0
	case "version":
		fmt.Fprintln(m.Stdout, versionString())
		return 0
	default:
		fmt.Fprintf(m.Stderr, "fieldloop: unknown command %q\n", sub)
		m.usage()
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		sep := " "
		if strings.Contains(err.Error(), "\n") {
			sep = "\n" // a list of problems, one per line
		}
		fmt.Fprintf(m.Stderr, "fieldloop %s:%s%v\n", sub, sep, err)
		var usage usageError
		if errors.As(err, &usage) {
			return 2
		}
		return 1
	}
	return 0
}

// errInUse matches inUseError with errors.Is.
var errInUse = errors.New("database in use")

// inUseError says the database file is held by a running fieldloop.
type inUseError struct{ path string }

func (e inUseError) Error() string {
	return e.path + " is in use by a running fieldloop; stop it first"
}

func (e inUseError) Is(target error) bool { return target == errInUse }

// usageError is a mistake in the command line.
type usageError struct{ error }

func (m *Main) usage() {
	fmt.Fprint(m.Stderr, `usage:
  fieldloop version
  fieldloop [console] [--db PATH] [--org PATH] [--as PERSON] [--tz ZONE] [--lang en|zh]
  fieldloop export reports|messages [--db PATH] [--org PATH] [--format jsonl|csv|xlsx (reports)]
                   [--since 7d|DATE] [--until DATE] [--kind KIND] [--region REGION] [--out FILE]
  fieldloop export campaigns [--format jsonl|csv] [--region REGION] [--db PATH] [--org PATH] [--out FILE]
  fieldloop export calendar [--format ics] [--region REGION] [--db PATH] [--org PATH] [--out FILE]
  fieldloop serve [--addr HOST:PORT] [--public-url https://HOST] [--db PATH] [--org PATH] [--tz ZONE] [--lang en|zh]
  fieldloop slack-manifest --url https://HOST [--name NAME] | --socket-mode
  fieldloop digest --region REGION (--period 2026-11 | --since 7d) [--format text|markdown|json]
  fieldloop check [the flags of serve]
  fieldloop backup --out FILE [--db PATH] [--server URL]
  fieldloop restore FILE [--db PATH]
  fieldloop tick [--at RFC3339-TIME] [--dry-run] [--format jsonl|text] [--db PATH] [--org PATH]
Environment: FIELDLOOP_DB, FIELDLOOP_ORG, FIELDLOOP_ADDR, FIELDLOOP_PUBLIC_URL, FIELDLOOP_TZ, FIELDLOOP_LANG,
  SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_API_URL.
`)
}

// flags returns a flag set with the options every subcommand shares,
// defaulted from the environment.
func (m *Main) flags(name string, c *config) *flag.FlagSet {
	fs := m.flagSet(name)
	fs.StringVar(&c.db, "db", m.env("FIELDLOOP_DB", "fieldloop.db"), "bbolt database `file` (FIELDLOOP_DB)")
	fs.StringVar(&c.org, "org", m.Getenv("FIELDLOOP_ORG"), "org `file` (YAML; FIELDLOOP_ORG); the demo org when empty")
	fs.StringVar(&c.tz, "tz", m.Getenv("FIELDLOOP_TZ"), "time `zone` overriding the org file's (FIELDLOOP_TZ)")
	fs.StringVar(&c.lang, "lang", m.Getenv("FIELDLOOP_LANG"), "default `language`, en or zh, overriding the org file's (FIELDLOOP_LANG)")
	return fs
}

// flagSet returns an empty flag set for subcommand name that reports its
// problems on Stderr.
func (m *Main) flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("fieldloop "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	return fs
}

func (m *Main) env(key, def string) string {
	if v := m.Getenv(key); v != "" {
		return v
	}
	return def
}

// loadOrg reads the org file, or the demo org, and applies the overrides.
func loadOrg(c *config) (*bot.Org, error) {
	var org *bot.Org
	var err error
	if c.org == "" {
		org = orgfile.Demo()
	} else if org, err = orgfile.Load(c.org); err != nil {
		return nil, err
	}
	if c.tz != "" {
		loc, err := time.LoadLocation(c.tz)
		if err != nil {
			return nil, usageError{fmt.Errorf("--tz / FIELDLOOP_TZ: unknown time zone %q (example: Asia/Shanghai)", c.tz)}
		}
		org.Location = loc
	}
	if c.lang != "" {
		lang, ok := bot.ParseLang(c.lang)
		if !ok {
			return nil, usageError{fmt.Errorf("--lang / FIELDLOOP_LANG: %q is not en or zh", c.lang)}
		}
		org.Language = lang
	}
	return org, nil
}

// openDB opens the database and explains the one failure people meet: a
// running fieldloop holding it.
func openDB(path string, readOnly bool, now func() time.Time) (*storage.DB, error) {
	db := storage.New(path)
	db.ReadOnly, db.Now = readOnly, now
	if readOnly {
		db.Timeout = 500 * time.Millisecond
	}
	if err := db.Open(); err != nil {
		if errors.Is(err, storage.ErrLocked) {
			return nil, inUseError{path}
		}
		return nil, err
	}
	return db, nil
}

// logger logs to standard error from level up: text for a person at a
// terminal, JSON lines for a log collector otherwise.
func (m *Main) logger(level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if isTerminal(m.Stderr) {
		return slog.New(slog.NewTextHandler(m.Stderr, opts))
	}
	return slog.New(slog.NewJSONHandler(m.Stderr, opts))
}

// register adds every command to router. publicURL is where the server is
// reached from outside (FIELDLOOP_PUBLIC_URL), for /calendar link.
func register(router *bot.Router, db *storage.DB, schema *bot.Schema, feed *bot.Feed, publicURL string) {
	router.Register(
		commands.Report(db, schema, feed),
		commands.Campaign(db, feed.Platforms),
		commands.Training(db, feed.Platforms),
		commands.Ack(db),
		commands.Calendar(db, bot.CalendarFeeds{Tokens: db, BaseURL: publicURL}),
		commands.Target(db),
		commands.Digest(bot.DigestSource{Org: router.Org, Schema: schema, Reports: db, Targets: db, Campaigns: db, Schedules: db}, db),
		commands.Schedule(db, schema),
		commands.Away(db),
		commands.Lang(db),
		commands.Whoami(),
		commands.Help(router.Commands),
	)
}

func (m *Main) console(ctx context.Context, args []string) error {
	var c config
	fs := m.flags("console", &c)
	as := fs.String("as", "", "the `person` (fieldloop id) lines act as; the org's first rep by default")
	if err := fs.Parse(args); err != nil {
		return err
	}
	org, err := loadOrg(&c)
	if err != nil {
		return err
	}
	if *as == "" {
		*as = firstRep(org)
	} else if org.Person(*as) == nil {
		return usageError{fmt.Errorf("--as: no person %q in the org", *as)}
	}
	db, err := openDB(c.db, false, m.Now)
	if err != nil {
		return err
	}
	defer db.Close()

	logger := m.logger(slog.LevelWarn)
	schema := bot.ReportSchema()
	router := bot.NewRouter(org, db, logger)
	router.Now = m.Now
	publicURL := m.Getenv("FIELDLOOP_PUBLIC_URL") // for /calendar link; serve has --public-url too
	if err := checkPublicURL(publicURL); err != nil {
		return err
	}
	register(router, db, schema, &bot.Feed{Org: org, Schema: schema, Platforms: []bot.Platform{bot.Console}}, publicURL)

	adapter := &console.Adapter{Router: router, In: m.Stdin, Out: m.Stdout, As: *as, Now: m.Now, Interactive: m.interactive()}
	sender := bot.NewSender(db, map[bot.Platform]bot.Deliverer{bot.Console: adapter}, logger)
	// The console shows what a command caused right after its reply.
	sender.Now, sender.Spacing, sender.CoalesceEvery = m.Now, 0, 0
	var delivering sync.Mutex // commands and scheduler ticks both flush
	adapter.AfterCommand = func(ctx context.Context) {
		delivering.Lock()
		defer delivering.Unlock()
		if _, err := sender.DeliverDue(ctx); err != nil {
			logger.Error("deliver outbox", "err", err)
		}
	}
	sched, err := m.newScheduler(db, org, []bot.Platform{bot.Console}, logger)
	if err != nil {
		return err
	}
	stopScheduler := runScheduler(ctx, sched, m.Now, logger, func(*bot.Tick) { adapter.AfterCommand(ctx) })
	defer stopScheduler()
	return adapter.Run(ctx)
}

// firstRep returns the first person with the rep role, else the first
// person.
func firstRep(org *bot.Org) string {
	for _, p := range org.People {
		if p.Has(bot.RoleRep) {
			return p.ID
		}
	}
	if len(org.People) > 0 {
		return org.People[0].ID
	}
	return ""
}

func (m *Main) interactive() bool {
	if m.Interactive != nil {
		return *m.Interactive
	}
	return isTerminal(m.Stdin)
}

// isTerminal reports whether f is a terminal rather than a file, a pipe
// or a buffer.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	if !ok {
		return false
	}
	st, err := file.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (m *Main) export(ctx context.Context, args []string) error {
	if len(args) > 0 && (args[0] == "calendar" || args[0] == "campaigns") {
		return m.exportCampaigns(ctx, args[0], args[1:])
	}
	if len(args) == 0 || (args[0] != "reports" && args[0] != "messages") {
		return usageError{errors.New("say what to export: reports, messages, campaigns or calendar")}
	}
	what := args[0]
	var c config
	fs := m.flags("export "+what, &c)
	format := fs.String("format", export.JSONL, "`format`: jsonl or csv, or xlsx for reports")
	since := fs.String("since", "", "only records from this `time` on: an age (7d, 24h) or a date (2026-11-01)")
	until := fs.String("until", "", "only records before this `time`: an age or a date")
	kind := fs.String("kind", "", "only reports of this `kind`")
	region := fs.String("region", "", "only reports from this `region`")
	out := fs.String("out", "", "write to this `file` instead of standard output")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *format == export.XLSX && what == "reports" {
		// Excel, for reports only: checked here, written below.
	} else if err := export.CheckFormat(*format); err != nil {
		return usageError{err}
	}
	org, err := loadOrg(&c)
	if err != nil {
		return err
	}
	now := m.Now().In(org.Location)
	var f bot.ReportFilter
	if f.Since, err = optionalTime("--since", *since, now); err != nil {
		return err
	}
	if f.Until, err = optionalTime("--until", *until, now); err != nil {
		return err
	}
	schema := bot.ReportSchema()
	if *kind != "" {
		k := schema.Kind(*kind)
		if k == nil {
			return usageError{fmt.Errorf("--kind: no report kind %q (kinds: %s)", *kind, strings.Join(schema.Keys(), ", "))}
		}
		f.Kind = k.Key
	}
	if *region != "" {
		f.Regions = []string{*region}
	}
	db, err := openDB(c.db, true, m.Now)
	if err != nil {
		return err
	}
	defer db.Close()
	w, done, err := m.output(*out)
	if err != nil {
		return err
	}
	if what == "messages" {
		msgs, err := db.FindMessages(ctx, bot.MessageFilter{Since: f.Since, Until: f.Until})
		if err != nil {
			return err
		}
		return done(export.Messages(w, *format, org.Location, msgs))
	}
	f.IncludeDeleted = true
	reports, err := db.FindReports(ctx, f)
	if err != nil {
		return err
	}
	if *format == export.XLSX {
		return done(export.ReportsXLSX(w, schema, org.Location, reports))
	}
	return done(export.Reports(w, *format, schema, org.Location, reports))
}

func optionalTime(option, s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := bot.ParseSince(option, s, now)
	if err != nil {
		return t, usageError{errors.New(bot.ErrorMessage(err, bot.English))}
	}
	return t, nil
}

// output returns where to write: standard output, or a file that is
// complete only if everything was written (written to a temporary name,
// then renamed).
func (m *Main) output(path string) (io.Writer, func(error) error, error) {
	if path == "" {
		return m.Stdout, func(err error) error { return err }, nil
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return nil, nil, err
	}
	done := func(err error) error {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(tmp)
			return err
		}
		return os.Rename(tmp, path)
	}
	return f, done, nil
}
