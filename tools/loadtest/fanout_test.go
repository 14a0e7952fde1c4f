package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	discordadapter "github.com/fieldloop/fieldloop/adapters/discord"
	slackadapter "github.com/fieldloop/fieldloop/adapters/slack"
	"github.com/fieldloop/fieldloop/orgfile"
)

// fastLimits are limits that a small fan-out never meets, with no round
// trip: the test is about lost and duplicated reminders, not speed.
var fastLimits = []string{"-rtt", "0s", "-slack-ceiling", "1000", "-slack-open", "6000", "-discord-global", "1000", "-timeout", "1m"}

// TestFanOut runs the fan-out on both platforms, twice with a restart in
// between: every rep gets exactly one reminder in each run. The reminders
// are queued by `fieldloop tick` while serve is stopped, so that nothing
// waits for a minute to turn.
func TestFanOut(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs fieldloop")
	}
	t.Parallel()
	s := runFanOut(t, append([]string{"-people", "30", "-platform", "both", "-trigger", "tick", "-restart"}, fastLimits...)...)
	if len(s.Runs) != 2 {
		t.Fatalf("%d runs, want the first and the one after the restart", len(s.Runs))
	}
	for _, r := range s.Runs {
		checkRun(t, r, 30, 2)
	}
}

// TestFanOutAtDeadline lets serve's own scheduler queue the reminders at
// the deadline, as in production: it waits for the next whole minute.
func TestFanOutAtDeadline(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs fieldloop, and waits for a minute to turn")
	}
	t.Parallel()
	s := runFanOut(t, append([]string{"-people", "10", "-platform", "discord"}, fastLimits...)...)
	if len(s.Runs) != 1 || s.Runs[0].TimedFrom != "the deadline" {
		t.Fatalf("runs %+v, want one timed from the deadline", s.Runs)
	}
	checkRun(t, s.Runs[0], 10, 1)
}

// runFanOut runs the load test with args and returns its -json summary,
// failing t unless it exits 0.
func runFanOut(t *testing.T, args ...string) *FanOutSummary {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), append([]string{"-fanout", "-json"}, args...), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, &stdout, &stderr)
	}
	var s FanOutSummary
	if err := json.Unmarshal(stdout.Bytes(), &s); err != nil {
		t.Fatalf("-json output: %v\n%s", err, &stdout)
	}
	return &s
}

// checkRun checks that each of reps got exactly one reminder, on
// platforms platforms, and that the outbox sent them all.
func checkRun(t *testing.T, r *FanOutRun, reps, platforms int) {
	t.Helper()
	if r.Queued != reps || r.TimedOut || r.Outbox["sent"] != reps || len(r.Outbox) != 1 || len(r.Platforms) != platforms {
		t.Errorf("%s run: %d queued, timed out %v, outbox %v, %d platforms; want %d queued and sent on %d",
			r.Name, r.Queued, r.TimedOut, r.Outbox, len(r.Platforms), reps, platforms)
	}
	total := 0
	for _, p := range r.Platforms {
		total += p.Reps
		if p.Lost != 0 || p.Duplicated != 0 || p.Delivered != p.Reps || p.DMs != p.Reps || p.RequestsPerDM < 1 {
			t.Errorf("%s run on %s: %+v, want each of %d reps to have one reminder", r.Name, p.Platform, p, p.Reps)
		}
	}
	if total != reps || r.Seconds <= 0 || r.ServeCPU <= 0 {
		t.Errorf("%s run: %d reps, %v s, serve CPU %v; want %d, and times", r.Name, total, r.Seconds, r.ServeCPU, reps)
	}
}

func TestWindow(t *testing.T) {
	w, t0 := newWindow(2, time.Second), time.Unix(1000, 0)
	for i, c := range []struct {
		at   time.Duration
		ok   bool
		wait time.Duration
	}{{0, true, 0}, {100 * time.Millisecond, true, 0}, {500 * time.Millisecond, false, 500 * time.Millisecond},
		{time.Second, true, 0}, {1050 * time.Millisecond, false, 50 * time.Millisecond}, {1100 * time.Millisecond, true, 0}} {
		if ok, wait := w.take(t0.Add(c.at)); ok != c.ok || wait != c.wait {
			t.Errorf("call %d at +%v: %v, wait %v; want %v, %v", i, c.at, ok, wait, c.ok, c.wait)
		}
	}
	if ok, _ := newWindow(0, time.Second).take(t0); !ok {
		t.Error("a window without a limit refused a call")
	}
}

// slackCall calls a fake Slack's method with form and returns the status,
// the Retry-After header and the body.
func slackCall(t *testing.T, f *fakeSlack, method string, form url.Values) (int, string, string) {
	t.Helper()
	resp, err := http.PostForm(f.URL+"/api/"+method, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Retry-After"), string(b)
}

func TestFakeSlackLimits(t *testing.T) {
	f, err := startFakeSlack(slackConfig{Ceiling: 2, OpenPerMinute: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	post := func(ch string) (int, string, string) {
		return slackCall(t, f, "chat.postMessage", url.Values{"channel": {ch}, "text": {"hi"}})
	}
	if status, _, body := post("U0001"); status != 200 || !strings.Contains(body, `"channel":"D0001"`) {
		t.Errorf("post to a user id: %d %s, want it in the user's direct messages", status, body)
	}
	if status, after, _ := post("D0001"); status != 429 || after != "1" {
		t.Errorf("second post to a channel within a second: %d, Retry-After %q; want 429, 1", status, after)
	}
	if status, _, _ := post("C0001"); status != 200 {
		t.Errorf("post to another channel: %d", status)
	}
	if status, after, _ := post("C0002"); status != 429 || after != "1" {
		t.Errorf("third post within a second, over the ceiling of 2: %d, Retry-After %q; want 429, 1", status, after)
	}
	if status, _, body := slackCall(t, f, "conversations.open", url.Values{"users": {"U0002"}}); status != 200 || !strings.Contains(body, "D0002") {
		t.Errorf("conversations.open: %d %s", status, body)
	}
	if status, after, _ := slackCall(t, f, "conversations.open", url.Values{"users": {"U0003"}}); status != 429 || after != "60" {
		t.Errorf("second conversations.open in a minute of 1: %d, Retry-After %q; want 429, 60", status, after)
	}
	if _, _, body := post("D0009"); !strings.Contains(body, "channel_not_found") {
		t.Errorf("post to a direct-message channel never opened: %s", body)
	}
	st := f.Ledger.state()
	if st.dms["slack:U0001"] != 1 || len(st.dms) != 1 || st.limited["slack chat.postMessage"] != 2 || st.calls["slack conversations.open"] != 2 {
		t.Errorf("ledger %+v: want one DM to U0001, two posts and one open limited", st)
	}
}

// discordCall calls a fake Discord with the bot's token.
func discordCall(t *testing.T, f *fakeDiscord, path, body string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, f.APIURL()+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bot loadtest")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestFakeDiscord(t *testing.T) {
	f, err := startFakeDiscord(discordConfig{Global: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ch struct{ ID string }
	open := discordCall(t, f, "/users/@me/channels", `{"recipient_id":"800000000000000001"}`)
	_ = json.NewDecoder(open.Body).Decode(&ch)
	if open.StatusCode != 200 || ch.ID == "" || open.Header.Get("X-RateLimit-Bucket") == "" {
		t.Fatalf("DM channel creation: %d, id %q, headers %v", open.StatusCode, ch.ID, open.Header)
	}
	msg := `{"content":"hi","nonce":"f1.abc","enforce_nonce":true}`
	for range 2 {
		if resp := discordCall(t, f, "/channels/"+ch.ID+"/messages", msg); resp.StatusCode != 200 || resp.Header.Get("X-RateLimit-Remaining") == "" {
			t.Errorf("message: %d, headers %v", resp.StatusCode, resp.Header)
		}
	}
	discordCall(t, f, "/channels/"+ch.ID+"/messages", `{"content":"hi again"}`)
	limited := discordCall(t, f, "/channels/"+ch.ID+"/messages", `{"content":"and again"}`)
	var b struct {
		RetryAfter float64 `json:"retry_after"`
		Global     bool    `json:"global"`
	}
	_ = json.NewDecoder(limited.Body).Decode(&b)
	if limited.StatusCode != 429 || !b.Global || b.RetryAfter <= 0 || b.RetryAfter > 1 || limited.Header.Get("X-RateLimit-Global") != "true" {
		t.Errorf("fifth request in a second of 4: %d, %+v, headers %v; want the global 429", limited.StatusCode, b, limited.Header)
	}
	if st := f.Ledger.state(); st.dms["discord:800000000000000001"] != 2 || st.repeats != 1 {
		t.Errorf("ledger %+v: want two DMs, the repeated nonce taken as a repeat", st)
	}
}

func TestPlatformResult(t *testing.T) {
	from := time.Unix(1000, 0)
	reps := makeReps(4, onSlack)
	st := ledgerState{dms: map[string]int{"slack:" + reps[0].User: 1, "slack:" + reps[1].User: 2, "slack:" + reps[3].User: 1},
		calls:   map[string]int{"slack chat.postMessage": 6, "slack conversations.open": 4},
		limited: map[string]int{"slack chat.postMessage": 2},
		first:   from.Add(time.Second), last: from.Add(2 * time.Second)}
	p := platformResult(onSlack, reps, st, from, 10)
	if p.Lost != 1 || p.LostReps[0] != reps[2].ID || p.Duplicated != 1 || p.DuplicatedReps[0] != reps[1].ID || p.Delivered != 3 {
		t.Errorf("result %+v: want %s lost and %s duplicated", p, reps[2].ID, reps[1].ID)
	}
	if p.DMs != 4 || p.Requests != 10 || p.Limited != 2 || p.RequestsPerDM != 2.5 || p.DMsPerSecond != 2 || p.CeilingUse != 0.2 || p.LastSeconds != 2 {
		t.Errorf("result %+v: want 4 DMs in 2 s, 10 requests, 2 limited, a fifth of the ceiling", p)
	}
	s := &FanOutSummary{People: 4, Platform: onSlack, RTT: "50ms", Trigger: triggerServe, SlackCeiling: 10, SlackOpenPerMinute: 50,
		Runs: []*FanOutRun{{Name: "first", Deadline: from, TimedFrom: "the deadline", Queued: 4, Seconds: 2, Platforms: []*PlatformResult{p}}}}
	var out bytes.Buffer
	s.WriteTable(&out)
	table := strings.Join(strings.Fields(out.String()), " ")
	for _, want := range []string{"first slack 4 3 1 1 1.0 s 2.0 s 2.0 20% of 10 2.50 2", "LOST on slack (no reminder): 1, such as rep00003",
		"DUPLICATED on slack (more than one): 1, such as rep00002", "conversations.open 50/min"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, &out)
		}
	}
	if s.OK() {
		t.Error("OK with a lost and a duplicated reminder")
	}
}

func TestFanOrg(t *testing.T) {
	reps := makeReps(5, onBoth)
	path := filepath.Join(t.TempDir(), "org.yaml")
	if err := writeOrg(path, reps); err != nil {
		t.Fatal(err)
	}
	org, err := orgfile.Load(path, slackadapter.IDs, discordadapter.IDs)
	if err != nil {
		t.Fatal(err)
	}
	if len(org.People) != 6 {
		t.Fatalf("%d people, want 5 reps and the admin", len(org.People))
	}
	for i, r := range reps {
		p := org.Person(r.ID)
		slack, discord := p.Accounts.On(slackadapter.Platform), p.Accounts.On(discordadapter.Platform)
		if on := []string{onSlack, onDiscord}[i%2]; r.Platform != on || (slack != "") != (on == onSlack) || (discord != "") != (on == onDiscord) {
			t.Errorf("rep %d: %+v, slack %q, discord %q; want only %s", i, r, slack, discord, on)
		}
	}
}

func TestFanOutFlags(t *testing.T) {
	for _, c := range []struct {
		args    []string
		wantErr string
	}{
		{args: []string{"-fanout", "-people", "10", "-platform", "both", "-restart", "-trigger", "tick"}},
		{args: []string{"-people", "10"}, wantErr: "needs -fanout"},
		{args: []string{"-fanout", "-clients", "3"}, wantErr: "not a flag of -fanout"},
		{args: []string{"-fanout", "-platform", "teams"}, wantErr: "-platform"},
		{args: []string{"-fanout", "-trigger", "cron"}, wantErr: "-trigger"},
		{args: []string{"-fanout", "-people", "0"}, wantErr: "-people"},
	} {
		m, err := parseFlags(c.args, func(string) string { return "" }, &bytes.Buffer{})
		switch {
		case c.wantErr == "" && (err != nil || m.FanOut == nil || m.FanOut.People != 10 || !m.FanOut.Restart):
			t.Errorf("%v: %v, %+v", c.args, err, m)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%v: error %v, want one about %q", c.args, err, c.wantErr)
		}
	}
}
