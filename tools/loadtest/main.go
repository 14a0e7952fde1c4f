// Command loadtest drives `fieldloop serve` with signed Slack slash
// commands and reports throughput and latency percentiles, next to a
// minimal handler measured with the same clients in the same run.
//
//	go run ./tools/loadtest [-clients 32] [-duration 20s] [-warmup 2s] [-org FILE] [-bin FILE] [-json]
//
// By default it builds fieldloop from the module, starts its own fake
// Slack Web API on loopback, and runs `fieldloop serve` against it with a
// fresh database in a temporary directory. Its clients, each sending its
// next request as soon as it has an answer, post `/report sales` commands
// signed as Slack signs them, from the org file's reps in their region's
// channel. Every answer must be a 200 saying the report was saved, in
// English or in Chinese; anything else is an error. After the warm-up,
// which is not measured, it measures for the duration. It then stops serve
// with SIGTERM and checks with `fieldloop export` that every report
// answered as saved is in the database.
//
// The baseline follows in the same run: this program started again as a
// separate process, a minimal server that verifies the signature, commits
// the body as one record in its own bbolt transaction (db.Update) and
// answers a small JSON, driven with the same clients, requests and
// duration.
//
// With -target URL (and the server's signing secret in
// SLACK_SIGNING_SECRET, or -secret) it drives a server that is already
// running instead, with no build, no baseline and no export check. That
// files real reports, under the names of the reps of -org, which must be
// the server's org file: each shows in the marketing feed.
//
// It exits 1 if any request failed or a report answered as saved is
// missing from the export.
//
// With -fanout it measures instead how the reminders of one deadline go
// out to many reps:
//
//	go run ./tools/loadtest -fanout [-people 1000] [-platform slack|discord|both] [-rtt 50ms]
//		[-slack-ceiling 100] [-slack-open 50] [-discord-global 50] [-trigger serve|tick] [-restart] [-timeout 30m] [-json]
//
// It generates an org file of that many reps, starts a fake Slack and a
// fake Discord that keep the platforms' limits (1 post a second per Slack
// channel and a workspace ceiling, conversations.open's tier, Discord's
// buckets and global limit, each with its 429) and answer every call a
// round trip later, and runs `fieldloop serve` against them. An admin
// adds, with a signed Slack command, a daily schedule of sales reports
// from every rep, due at the next whole minute; serve's scheduler queues
// a reminder for each rep at the deadline (or, with -trigger tick,
// `fieldloop tick --at` the deadline queues them while serve is stopped,
// and serve sends them from its start). It waits until every rep has a
// direct message and serve's outbox is empty, and reports the time to the
// last reminder, the rate against the ceiling, the 429s, the requests per
// direct message, the reps who got none (lost) or more than one
// (duplicated), and the CPU time of serve and of itself. -restart runs it
// again on the same database after restarting serve. It exits 1 if any
// reminder was lost or duplicated.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	slackadapter "github.com/fieldloop/fieldloop/adapters/slack"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/orgfile"
)

// minimalServerArg, as the first argument, makes the program the baseline
// server instead of the load generator. It is not a documented flag: the
// load test starts itself with it.
const minimalServerArg = "-minimal-server"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run is the program with its arguments and output given; it returns the
// exit code: 1 when a request failed or a saved report is missing, 2 for
// a usage mistake.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == minimalServerArg {
		if err := serveMinimal(ctx, args[1:], os.Getenv(secretVar), stdout); err != nil {
			fmt.Fprintln(stderr, "minimal server:", err)
			return 1
		}
		return 0
	}
	m, err := parseFlags(args, os.Getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "loadtest:", err)
		return 2
	}
	var s result
	if m.FanOut != nil {
		m.FanOut.Progress = stderr
		s, err = m.FanOut.Run(ctx)
	} else {
		m.Progress = stderr
		s, err = m.Run(ctx)
	}
	if err != nil {
		fmt.Fprintln(stderr, "loadtest:", err)
		return 1
	}
	if m.JSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s)
	} else {
		s.WriteTable(stdout)
	}
	if !s.OK() {
		return 1
	}
	return 0
}

// result is what either mode measured: a Summary or a FanOutSummary.
type result interface {
	WriteTable(io.Writer)
	OK() bool
}

// secretVar names the variable the signing secret is read from, by -target
// runs and by the minimal server; flags show in ps.
const secretVar = "SLACK_SIGNING_SECRET"

// Main is one load test: what to drive, how hard and for how long.
type Main struct {
	Clients  int
	Duration time.Duration
	Warmup   time.Duration
	// Org is the org file whose reps send the reports; the demo org when
	// empty.
	Org string
	// Bin is a fieldloop binary to run; when empty, one is built from the
	// module's source.
	Bin string
	// Target is the base URL of a running server to drive instead, with
	// Secret, its Slack signing secret.
	Target, Secret string
	// JSON prints the Summary as JSON instead of a table.
	JSON bool
	// Progress gets a line for each step, nil for none.
	Progress io.Writer
	// FanOut, when set, is run instead: the -fanout mode.
	FanOut *FanOut
}

func parseFlags(args []string, getenv func(string) string, stderr io.Writer) (*Main, error) {
	m, fo := &Main{}, &FanOut{}
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&m.Clients, "clients", 32, "concurrent `clients`, each sending its next request when answered")
	fs.DurationVar(&m.Duration, "duration", 20*time.Second, "how long each server is measured")
	fs.DurationVar(&m.Warmup, "warmup", 2*time.Second, "how long each server is driven before measuring starts")
	fs.StringVar(&m.Org, "org", "", "org `file` whose reps (with a Slack id and a region with a Slack channel) send the reports; the demo org when empty")
	fs.StringVar(&m.Bin, "bin", "", "the fieldloop `binary` to run; built from the module when empty")
	fs.StringVar(&m.Target, "target", "", "drive the fieldloop serve running at this base `URL` (requests go to URL/slack/commands) instead; files real reports")
	secret := fs.String("secret", "", "the Slack signing `secret` of -target ("+secretVar+"; prefer the variable: flags show in ps)")
	fs.BoolVar(&m.JSON, "json", false, "print the results as JSON")
	fanout := fs.Bool("fanout", false, "measure the reminders of one deadline going out to every rep instead (the flags below)")
	fanOutFlags(fs, fo)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: go run ./tools/loadtest [flags]\n       go run ./tools/loadtest -fanout [-people N] [-platform slack|discord|both] [flags]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if err := modeFlags(fs, *fanout); err != nil {
		return nil, err
	}
	if *fanout {
		fo.Bin, m.FanOut = m.Bin, fo
		return m, fo.check()
	}
	m.Secret = *secret
	if m.Secret == "" && m.Target != "" {
		m.Secret = getenv(secretVar)
	}
	return m, m.check()
}

// fanOutFlags declares the -fanout mode's flags.
func fanOutFlags(fs *flag.FlagSet, fo *FanOut) {
	fs.IntVar(&fo.People, "people", 1000, "`reps` who owe the report, each sent one reminder")
	fs.StringVar(&fo.Platform, "platform", onSlack, "where the reps are: slack, discord, or both (every second rep on Discord)")
	fs.DurationVar(&fo.RTT, "rtt", 50*time.Millisecond, "how long every call to the fake platforms takes to be answered")
	fs.IntVar(&fo.SlackCeiling, "slack-ceiling", 100, "the Slack workspace's chat.postMessage `limit` per second (and 1 per second per channel); 429 with Retry-After: 1 beyond")
	fs.IntVar(&fo.SlackOpenPerMinute, "slack-open", 50, "Slack's conversations.open `limit` per minute (its Web API tier 3: 50+ per minute)")
	fs.IntVar(&fo.DiscordGlobal, "discord-global", 50, "Discord's global `limit` of requests per second")
	fs.StringVar(&fo.Trigger, "trigger", triggerServe, "what queues the reminders: serve (its scheduler, at the next whole minute) or tick "+
		"(`fieldloop tick --at` while serve is stopped; serve sends them from its start)")
	fs.BoolVar(&fo.Restart, "restart", false, "run the fan-out again after restarting serve on the same database, and report it apart")
	fs.DurationVar(&fo.Timeout, "timeout", 30*time.Minute, "the longest each fan-out may take from its reminders falling due")
}

// reportOnly and fanOutOnly are the flags of one mode only.
var (
	reportOnly = []string{"clients", "duration", "warmup", "org", "target", "secret"}
	fanOutOnly = []string{"people", "platform", "rtt", "slack-ceiling", "slack-open", "discord-global", "trigger", "restart", "timeout"}
)

// modeFlags refuses a flag set for the other mode than the one run.
func modeFlags(fs *flag.FlagSet, fanout bool) error {
	other, mode := fanOutOnly, "the /report load"
	if fanout {
		other, mode = reportOnly, "-fanout"
	}
	var err error
	fs.Visit(func(f *flag.Flag) {
		if err == nil && slices.Contains(other, f.Name) {
			err = fmt.Errorf("-%s is not a flag of %s", f.Name, mode)
		}
	})
	if !fanout && err != nil {
		err = fmt.Errorf("%w: it needs -fanout", err)
	}
	return err
}

// check refuses settings the /report load cannot run with.
func (m *Main) check() error {
	switch {
	case m.Clients < 1:
		return errors.New("-clients must be at least 1")
	case m.Duration <= 0:
		return errors.New("-duration must be positive")
	case m.Warmup < 0:
		return errors.New("-warmup must not be negative")
	case m.Target != "" && m.Secret == "":
		return errors.New("-target needs the server's signing secret: set " + secretVar + " or -secret")
	case m.Target == "" && m.Secret != "":
		return errors.New("-secret is for -target; the built-in run makes its own")
	}
	m.Target = strings.TrimSuffix(m.Target, "/")
	return nil
}

// check refuses settings the fan-out cannot run with.
func (f *FanOut) check() error {
	switch {
	case f.People < 1 || f.People > 99999:
		return errors.New("-people must be 1 to 99,999")
	case !slices.Contains([]string{onSlack, onDiscord, onBoth}, f.Platform):
		return fmt.Errorf("-platform %q is not slack, discord or both", f.Platform)
	case f.Trigger != triggerServe && f.Trigger != triggerTick:
		return fmt.Errorf("-trigger %q is not serve or tick", f.Trigger)
	case f.RTT < 0 || f.SlackCeiling < 0 || f.SlackOpenPerMinute < 0 || f.DiscordGlobal < 0:
		return errors.New("-rtt and the limits must not be negative (0: no limit)")
	case f.Timeout <= 0:
		return errors.New("-timeout must be positive")
	}
	return nil
}

// Run runs the load test and returns what it measured. An error means it
// could not run; failed requests and missing reports are in the Summary.
func (m *Main) Run(ctx context.Context) (*Summary, error) {
	org := orgfile.Demo(slackadapter.IDs)
	if m.Org != "" {
		var err error
		if org, err = orgfile.Load(m.Org, slackadapter.IDs); err != nil {
			return nil, err
		}
	}
	senders := slackReps(org)
	if len(senders) == 0 {
		return nil, errors.New("the org has no rep with a Slack id in a region with a Slack channel")
	}
	s := &Summary{Clients: m.Clients, Duration: m.Duration.String(), Warmup: m.Warmup.String(), Senders: len(senders)}
	w := &workload{Senders: senders, RunID: randomHex(4)}
	if m.Target != "" {
		s.Target = m.Target
		w.URL, w.Secret = m.Target+"/slack/commands", m.Secret
		m.progress("driving %s for %s after a %s warm-up", w.URL, m.Duration, m.Warmup)
		s.Fieldloop = drive(ctx, w, m.Clients, m.Warmup, m.Duration)
		return s, ctx.Err()
	}

	dir, err := os.MkdirTemp("", "fieldloop-loadtest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	w.Secret = randomHex(16)
	if err := m.runFieldloop(ctx, dir, w, s); err != nil {
		return nil, err
	}
	if err := m.runBaseline(ctx, dir, w, s); err != nil {
		return nil, err
	}
	if s.Baseline.Throughput > 0 {
		s.Ratio = s.Fieldloop.Throughput / s.Baseline.Throughput
	}
	return s, nil
}

func (m *Main) progress(format string, args ...any) {
	if m.Progress != nil {
		fmt.Fprintf(m.Progress, format+"\n", args...)
	}
}

// slackReps lists the org's reps who can file from Slack, each in their
// region's channel.
func slackReps(org *bot.Org) []sender {
	var out []sender
	for _, p := range org.People {
		r := org.Region(p.Region)
		user, channel := p.Accounts.On(slackadapter.Platform), ""
		if r != nil {
			channel = r.Channels.On(slackadapter.Platform)
		}
		if p.Has(bot.RoleRep) && user != "" && channel != "" {
			out = append(out, sender{User: user, Channel: channel})
		}
	}
	return out
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails
	return hex.EncodeToString(b)
}
