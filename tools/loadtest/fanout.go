package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// How the reminders fall due, as -trigger names it.
const (
	// triggerServe: serve's own scheduler queues them at the deadline,
	// the next whole minute, in its minute tick.
	triggerServe = "serve"
	// triggerTick: `fieldloop tick --at` the deadline queues them while
	// serve is stopped, and serve sends them from its start: the catch-up
	// after a downtime, with no wait for a minute to turn.
	triggerTick = "tick"
)

// FanOut is one fan-out test: reps who all owe a report by one deadline,
// a fake Slack and a fake Discord that keep the platforms' limits, and
// `fieldloop serve` sending every rep the reminder. It measures how long
// the reminders take and checks that each rep got exactly one.
type FanOut struct {
	People   int
	Platform string // onSlack, onDiscord or onBoth
	// RTT is how long every call to a fake platform takes to be answered.
	RTT time.Duration
	// SlackCeiling is the workspace's chat.postMessage limit per second;
	// SlackOpenPerMinute conversations.open's.
	SlackCeiling, SlackOpenPerMinute int
	// DiscordGlobal is Discord's global limit of requests per second.
	DiscordGlobal int
	Trigger       string // triggerServe or triggerTick
	// Restart runs the fan-out a second time, on the same database and
	// fake platforms, after restarting serve.
	Restart bool
	// Timeout bounds each fan-out, from its reminders falling due.
	Timeout time.Duration
	// Bin is a fieldloop binary to run; built from the module when empty.
	Bin string
	// Progress gets a line for each step, nil for none.
	Progress io.Writer
}

// Run runs the fan-out (twice with Restart) and returns what it measured.
// An error means it could not run; lost and duplicated reminders are in
// the summary.
func (f *FanOut) Run(ctx context.Context) (*FanOutSummary, error) {
	dir, err := os.MkdirTemp("", "fieldloop-fanout-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	e, err := f.prepare(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer e.fakes.close()
	s := f.summary()
	for i, name := range []string{"first", "after restart"}[:1+btoi(f.Restart)] {
		if i > 0 {
			f.progress("restarting serve on the same database")
		}
		r, err := f.runOnce(ctx, e, name)
		if err != nil {
			return nil, fmt.Errorf("%s run: %w", name, err)
		}
		s.Runs = append(s.Runs, r)
	}
	return s, nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (f *FanOut) progress(format string, args ...any) {
	if f.Progress != nil {
		fmt.Fprintf(f.Progress, format+"\n", args...)
	}
}

// fanEnv is what the runs of one fan-out share.
type fanEnv struct {
	bin, dir, db string
	env          []string // serve's and the other commands' environment
	secret       string   // Slack's signing secret
	reps         []fanRep
	fakes        *fakes
	lastDeadline time.Time // the deadline of the run before
}

// prepare builds fieldloop, writes the org file and starts the fake
// platforms.
func (f *FanOut) prepare(ctx context.Context, dir string) (*fanEnv, error) {
	bin, err := fieldloopBinary(ctx, f.Bin, dir, f.progress)
	if err != nil {
		return nil, err
	}
	e := &fanEnv{bin: bin, dir: dir, db: filepath.Join(dir, "fieldloop.db"), secret: randomHex(16), reps: makeReps(f.People, f.Platform)}
	org := filepath.Join(dir, "org.yaml")
	f.progress("writing an org of %d reps on %s", f.People, f.Platform)
	if err := writeOrg(org, e.reps); err != nil {
		return nil, fmt.Errorf("generated org file: %w", err)
	}
	if e.fakes, err = f.startFakes(); err != nil {
		return nil, err
	}
	e.env = append(cleanEnv(), "FIELDLOOP_DB="+e.db, "FIELDLOOP_ORG="+org, "SLACK_BOT_TOKEN=xoxb-loadtest",
		secretVar+"="+e.secret, "SLACK_API_URL="+e.fakes.slack.URL+"/api/")
	if d := e.fakes.discord; d != nil {
		pub, _, _ := ed25519.GenerateKey(nil) // never fails
		// A public key puts Discord's interactions on HTTP: serve opens no
		// gateway, which the fake does not speak.
		e.env = append(e.env, "DISCORD_BOT_TOKEN=loadtest", "DISCORD_PUBLIC_KEY="+hex.EncodeToString(pub),
			"DISCORD_APP_ID="+discordAppID, "DISCORD_API_URL="+d.APIURL())
	}
	return e, nil
}

// fakes are the fake platforms of a fan-out. Slack is always there: the
// admin adds the schedules from it.
type fakes struct {
	slack   *fakeSlack
	discord *fakeDiscord // nil when no rep is on Discord
}

func (f *FanOut) startFakes() (*fakes, error) {
	k := &fakes{}
	var err error
	k.slack, err = startFakeSlack(slackConfig{RTT: f.RTT, Ceiling: f.SlackCeiling, OpenPerMinute: f.SlackOpenPerMinute})
	if err != nil || f.Platform == onSlack {
		return k, err
	}
	k.discord, err = startFakeDiscord(discordConfig{RTT: f.RTT, Global: f.DiscordGlobal})
	if err != nil {
		k.close()
	}
	return k, err
}

// ledgers are the fakes' ledgers, Slack's first.
func (k *fakes) ledgers() []*ledger {
	out := []*ledger{k.slack.Ledger}
	if k.discord != nil {
		out = append(out, k.discord.Ledger)
	}
	return out
}

// reset starts a run's count on every fake.
func (k *fakes) reset() {
	for _, l := range k.ledgers() {
		l.reset()
	}
}

// received is how many users have a direct message, on any platform.
func (k *fakes) received() int {
	n := 0
	for _, l := range k.ledgers() {
		n += l.received()
	}
	return n
}

// lastDM is when the latest direct message was taken, on any platform.
func (k *fakes) lastDM() time.Time {
	var t time.Time
	for _, l := range k.ledgers() {
		if d := l.lastDM(); d.After(t) {
			t = d
		}
	}
	return t
}

func (k *fakes) close() {
	if k.slack != nil {
		_ = k.slack.Close()
	}
	if k.discord != nil {
		_ = k.discord.Close()
	}
}

// errNoReminders is a fan-out whose reminders were never queued.
var errNoReminders = errors.New("serve queued no reminder")
