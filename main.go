// Command fieldloop is the chat bot that keeps a company's marketing
// department and its sales force working as one loop. Run without
// arguments it starts the console with a local database and, unless an
// org file is given, a demo organisation; "fieldloop serve" runs it on
// the chat platforms, and "fieldloop help" lists the rest.
//
// This package only reads the command line and the environment into the
// assembly's Config, picks the subcommand and calls internal/app, which
// builds and runs everything.
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
	"syscall"
	"time"

	"github.com/fieldloop/fieldloop/adapters/discord"
	"github.com/fieldloop/fieldloop/adapters/slack"
	"github.com/fieldloop/fieldloop/internal/app"
	"github.com/fieldloop/fieldloop/internal/config"
	"github.com/fieldloop/fieldloop/internal/platform"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now}
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// adapters returns a new adapter of every chat platform fieldloop speaks,
// in the order they are documented. Adding a platform is one line here.
func adapters() []platform.Adapter {
	return []platform.Adapter{slack.NewPlugin(), discord.NewPlugin()}
}

// Main is the program: it reads flags and the environment into the
// assembly's Config and runs a subcommand. Its fields let tests run the
// whole program over buffers.
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

// subcommands are fieldloop's subcommands by name.
var subcommands = map[string]func(m *Main, ctx context.Context, args []string) error{
	"console": (*Main).console,
	"export":  (*Main).export,
	"org":     (*Main).org,
	"tick":    (*Main).tick,
	"digest":  (*Main).digest,
	"backup":  (*Main).backup,
	"restore": (*Main).restore,
	"check":   (*Main).check,
	"serve":   (*Main).serve,
}

// Run runs the subcommand named by args[0] and returns the exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	sub := "console"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		sub, args = args[0], args[1:]
	}
	run, ok := subcommands[sub]
	if ps, found := m.platformSubcommand(sub); found && !ok {
		run, ok = ps, true
	}
	switch {
	case sub == "help":
		m.usage(m.Stdout)
		return 0
	case sub == "version":
		fmt.Fprintln(m.Stdout, versionString())
		return 0
	case !ok:
		fmt.Fprintf(m.Stderr, "fieldloop: unknown command %q\n", sub)
		m.usage(m.Stderr)
		return 2
	}
	err := run(m, ctx, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		sep := " "
		if strings.Contains(err.Error(), "\n") {
			sep = "\n" // a list of problems, one per line
		}
		fmt.Fprintf(m.Stderr, "fieldloop %s:%s%v\n", sub, sep, err)
		switch {
		case isUsage(err):
			return 2
		case errors.Is(err, app.ErrDamaged):
			return 3 // so that a service manager does not restart in a loop
		}
		return 1
	}
	return 0
}

// platformSubcommand returns the subcommand name that a chat platform
// adds (an app manifest), if one does.
func (m *Main) platformSubcommand(name string) (func(*Main, context.Context, []string) error, bool) {
	for _, sc := range platformSubcommands() {
		if sc.Name == name {
			return func(m *Main, ctx context.Context, args []string) error {
				return sc.Run(ctx, args, platform.SubcommandEnv{Stdout: m.Stdout, Stderr: m.Stderr, Commands: app.Commands})
			}, true
		}
	}
	return nil, false
}

// platformSubcommands lists the subcommands the chat platforms add.
func platformSubcommands() []platform.Subcommand {
	var out []platform.Subcommand
	for _, a := range adapters() {
		if s, ok := a.(platform.Subcommander); ok {
			out = append(out, s.Subcommands()...)
		}
	}
	return out
}

// isUsage reports whether err is a mistake in the command line or the
// settings, which exits 2.
func isUsage(err error) bool {
	var usage config.UsageError
	var setting *config.Error
	return errors.As(err, &usage) || errors.As(err, &setting)
}

func (m *Main) usage(w io.Writer) {
	fmt.Fprint(w, `usage:
  fieldloop version
  fieldloop [console] [--db PATH] [--org PATH] [--as PERSON] [--tz ZONE] [--lang en|zh]
  fieldloop export reports|messages [--db PATH] [--org PATH] [--format jsonl|csv|xlsx (reports)]
                   [--since 7d|DATE] [--until DATE] [--kind KIND] [--region REGION] [--out FILE]
  fieldloop export campaigns [--format jsonl|csv] [--region REGION] [--db PATH] [--org PATH] [--out FILE]
  fieldloop export calendar [--format ics] [--region REGION] [--db PATH] [--org PATH] [--out FILE]
  fieldloop export people [--format jsonl|csv] [--excel] [--db PATH] [--org PATH] [--out FILE]
  fieldloop org export [--out FILE] [--db PATH] [--org PATH]
  fieldloop org apply FILE [--dry-run] [--prune] [--db PATH]
  fieldloop serve [--addr HOST:PORT] [--public-url https://HOST] [--db PATH] [--org PATH] [--tz ZONE] [--lang en|zh]
  fieldloop digest --region REGION (--period 2026-11 | --since 7d) [--format text|markdown|json]
  fieldloop check [the flags of serve]
  fieldloop backup --out FILE [--db PATH] [--server URL]
  fieldloop restore FILE [--db PATH]
  fieldloop tick [--at RFC3339-TIME] [--dry-run] [--format jsonl|text] [--db PATH] [--org PATH]
`)
	for _, sc := range platformSubcommands() {
		fmt.Fprintln(w, "  fieldloop "+sc.Usage)
	}
	fmt.Fprint(w, `Every setting is an environment variable and a flag (a flag wins; fieldloop SUBCOMMAND -h lists them):
`)
	fmt.Fprintln(w, indent(config.Variables(app.NewConfig(adapters()...).All()), "  "))
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// flagSet returns an empty flag set for subcommand name that reports its
// problems on Stderr.
func (m *Main) flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("fieldloop "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	return fs
}

// parse parses a subcommand's command line, with the settings given bound
// to its flags, and reads the settings; more arguments than none are
// refused unless args wants them.
func (m *Main) parse(fs *flag.FlagSet, args []string, settings []config.Setting) error {
	bound := config.Bind(fs, m.Getenv, settings...)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return bound.Resolve()
}

// noArgs refuses arguments left after the flags.
func noArgs(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return app.UsageError{Err: fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

// options are the assembly's options for a subcommand.
func (m *Main) options(level slog.Level) app.Options {
	return app.Options{Logger: m.logger(level), Now: m.Now}
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

func (m *Main) console(ctx context.Context, args []string) error {
	c := app.NewConfig(adapters()...)
	fs := m.flagSet("console")
	as := fs.String("as", "", "the `person` (fieldloop id) lines act as; the org's first rep by default")
	if err := m.parse(fs, args, c.Console()); err != nil {
		return err
	}
	a, err := app.OpenConsole(c, m.options(slog.LevelWarn))
	if err != nil {
		return err
	}
	defer a.Close()
	return a.RunConsole(ctx, app.ConsoleOptions{In: m.Stdin, Out: m.Stdout, As: *as, Interactive: m.interactive()})
}

func (m *Main) serve(ctx context.Context, args []string) error {
	c := app.NewConfig(adapters()...)
	fs := m.flagSet("serve")
	if err := m.parse(fs, args, c.Server()); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if err := c.CheckPlatforms(); err != nil {
		return app.UsageError{Err: err}
	}
	a, err := app.OpenServer(c, m.options(slog.LevelInfo))
	if err != nil {
		return err
	}
	return a.Serve(ctx, m.Ready)
}

func (m *Main) check(_ context.Context, args []string) error {
	c := app.NewConfig(adapters()...)
	fs := m.flagSet("check")
	err := m.parse(fs, args, c.Server())
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	if err == nil {
		err = noArgs(fs)
	}
	return app.Check(c, err, m.Now, m.Stdout)
}

func (m *Main) tick(ctx context.Context, args []string) error {
	c := app.NewConfig(adapters()...)
	fs := m.flagSet("tick")
	atText := fs.String("at", "", "run as if it were this `time` (RFC 3339, e.g. 2026-11-28T20:00:00+08:00); now when empty")
	dry := fs.Bool("dry-run", false, "print what is due, send and record nothing")
	format := fs.String("format", "jsonl", "`format` of the output: jsonl or text")
	if err := m.parse(fs, args, c.Tick()); err != nil {
		return err
	}
	at := m.Now()
	if *atText != "" {
		t, err := time.Parse(time.RFC3339, *atText)
		if err != nil {
			return app.UsageError{Err: fmt.Errorf("--at: %q is not an RFC 3339 time like 2026-11-28T20:00:00+08:00", *atText)}
		}
		at = t
	}
	if *format != "jsonl" && *format != "text" {
		return app.UsageError{Err: fmt.Errorf("--format: %q is not jsonl or text", *format)}
	}
	a, err := app.OpenTick(c, m.options(slog.LevelWarn))
	if err != nil {
		return err
	}
	defer a.Close()
	t, err := a.Tick(ctx, at, *dry)
	if err != nil {
		return err
	}
	return app.WriteTick(m.Stdout, *format, t)
}

func (m *Main) digest(ctx context.Context, args []string) error {
	c := app.NewConfig(adapters()...)
	fs := m.flagSet("digest")
	var o app.DigestOptions
	fs.StringVar(&o.Region, "region", "", "the `region` (an id of the org file)")
	fs.StringVar(&o.Period, "period", "", "a `period`: 2026, 2026-Q4, 2026-11 or 2026-W48")
	fs.StringVar(&o.Since, "since", "", "instead of --period, from this `time` to now: an age (7d) or a date")
	fs.StringVar(&o.Format, "format", "text", "`format`: text, markdown or json")
	if err := m.parse(fs, args, c.Files()); err != nil {
		return err
	}
	return app.WriteDigest(ctx, c, o, m.options(slog.LevelWarn), m.Stdout)
}

func (m *Main) export(ctx context.Context, args []string) error {
	if len(args) == 0 || !strings.Contains(" reports messages campaigns calendar people ", " "+args[0]+" ") {
		return app.UsageError{Err: errors.New("say what to export: reports, messages, campaigns, calendar or people")}
	}
	o := app.ExportOptions{What: args[0]}
	c := app.NewConfig(adapters()...)
	fs := m.flagSet("export " + o.What)
	switch o.What {
	case "calendar":
		fs.StringVar(&o.Format, "format", "ics", "`format`: ics (iCalendar), the only one")
	case "campaigns", "people":
		fs.StringVar(&o.Format, "format", "jsonl", "`format`: jsonl or csv")
		fs.BoolVar(&o.Excel, "excel", false, "with --format csv: start the file with a byte-order mark, so that Excel reads its Chinese text right")
	default:
		fs.StringVar(&o.Format, "format", "jsonl", "`format`: jsonl or csv, or xlsx for reports")
		fs.BoolVar(&o.Excel, "excel", false, "with --format csv: start the file with a byte-order mark, so that Excel reads its Chinese text right")
		fs.StringVar(&o.Since, "since", "", "only records from this `time` on: an age (7d, 24h) or a date (2026-11-01)")
		fs.StringVar(&o.Until, "until", "", "only records before this `time`: an age or a date")
		fs.StringVar(&o.Kind, "kind", "", "only reports of this `kind`")
	}
	regionHelp := "only reports from this `region`"
	if o.What == "campaigns" || o.What == "calendar" {
		regionHelp = "only what concerns this `region` (its own and those for all regions)"
	}
	if o.What != "people" {
		fs.StringVar(&o.Region, "region", "", regionHelp)
	}
	out := fs.String("out", "", "write to this `file` instead of standard output")
	if err := m.parse(fs, args[1:], c.Files()); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if o.Format == "xlsx" && *out == "" && isTerminal(m.Stdout) {
		return app.UsageError{Err: errors.New("an Excel workbook is binary: give --out FILE, or redirect standard output to a file")}
	}
	e, err := app.NewExport(c, o, m.options(slog.LevelWarn))
	if err != nil {
		return err
	}
	defer e.Close()
	w, done, err := m.output(*out)
	if err != nil {
		return err
	}
	return done(e.WriteTo(ctx, w))
}

// org exports the live organisation as an org file, or applies one to it.
func (m *Main) org(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "export" && args[0] != "apply" {
		return app.UsageError{Err: errors.New("say what to do: org export [--out FILE], or org apply FILE [--dry-run] [--prune]")}
	}
	if args[0] == "apply" {
		return m.orgApply(ctx, args[1:])
	}
	c := app.NewConfig(adapters()...)
	fs := m.flagSet("org export")
	out := fs.String("out", "", "write to this `file` instead of standard output")
	if err := m.parse(fs, args[1:], c.Files()); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	w, done, err := m.output(*out)
	if err != nil {
		return err
	}
	return done(app.OrgExport(ctx, c, m.Now, w))
}

func (m *Main) orgApply(ctx context.Context, args []string) error {
	c := app.NewConfig(adapters()...)
	fs := m.flagSet("org apply")
	var o app.OrgApplyOptions
	fs.BoolVar(&o.DryRun, "dry-run", false, "print what would change, save nothing")
	fs.BoolVar(&o.Prune, "prune", false, "mark the people the file does not name as left")
	bound := config.Bind(fs, m.Getenv, c.Files()...)
	// The file may come before the flags or after them.
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		o.File = fs.Arg(0)
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return err
		}
	}
	if o.File == "" {
		return app.UsageError{Err: errors.New("say which org file to apply: fieldloop org apply FILE")}
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if err := bound.Resolve(); err != nil {
		return err
	}
	return app.OrgApply(ctx, c, o, m.Now, m.Stdout)
}

func (m *Main) backup(ctx context.Context, args []string) error {
	c := app.NewConfig(adapters()...)
	fs := m.flagSet("backup")
	out := fs.String("out", "", "the backup `file` to write")
	var o app.BackupOptions
	fs.StringVar(&o.Server, "server", "", "ask the running server at this base `URL`; otherwise the file, or, when a running server holds it, that server (at FIELDLOOP_ADMIN_URL, else on FIELDLOOP_ADMIN_ADDR or FIELDLOOP_ADDR)")
	fs.BoolVar(&o.Insecure, "insecure", false, "let the token and the database cross plain http to another host (a private network you trust)")
	if err := m.parse(fs, args, c.Backup()); err != nil {
		return err
	}
	if *out == "" {
		return app.UsageError{Err: errors.New("--out: say where to write the backup, e.g. --out fieldloop-2026-11-28.db")}
	}
	w, done, err := m.output(*out)
	if err != nil {
		return err
	}
	return done(app.Backup(ctx, c, o, m.Now, w))
}

func (m *Main) restore(_ context.Context, args []string) error {
	c := app.NewConfig(adapters()...)
	fs := m.flagSet("restore")
	bound := config.Bind(fs, m.Getenv, c.Files()...)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return app.UsageError{Err: errors.New("say which backup to restore: fieldloop restore FILE")}
	}
	src := fs.Arg(0)
	// Flags may follow the file too: fieldloop restore FILE --db PATH.
	if err := fs.Parse(fs.Args()[1:]); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if err := bound.Resolve(); err != nil {
		return err
	}
	return app.Restore(c, src, m.Now, m.Stdout)
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

// output returns where to write: standard output, or a file that is
// complete only if everything was written (written to a temporary name,
// then renamed). The file is readable by its owner only, like the
// database: exports and backups hold every report.
func (m *Main) output(path string) (io.Writer, func(error) error, error) {
	if path == "" {
		return m.Stdout, func(err error) error { return err }, nil
	}
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
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
