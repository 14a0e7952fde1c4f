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
	m.Progress = stderr
	s, err := m.Run(ctx)
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
}

func parseFlags(args []string, getenv func(string) string, stderr io.Writer) (*Main, error) {
	m := &Main{}
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
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: go run ./tools/loadtest [flags]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	m.Secret = *secret
	if m.Secret == "" && m.Target != "" {
		m.Secret = getenv(secretVar)
	}
	switch {
	case m.Clients < 1:
		return nil, errors.New("-clients must be at least 1")
	case m.Duration <= 0:
		return nil, errors.New("-duration must be positive")
	case m.Warmup < 0:
		return nil, errors.New("-warmup must not be negative")
	case m.Target != "" && m.Secret == "":
		return nil, errors.New("-target needs the server's signing secret: set " + secretVar + " or -secret")
	case m.Target == "" && m.Secret != "":
		return nil, errors.New("-secret is for -target; the built-in run makes its own")
	}
	m.Target = strings.TrimSuffix(m.Target, "/")
	return m, nil
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
