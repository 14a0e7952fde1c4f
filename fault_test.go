package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/kit"
	"github.com/fieldloop/fieldloop/internal/slacktest"
	"github.com/fieldloop/fieldloop/storage"
)

// childEnv, set to 1, makes the test binary run the program itself, so
// that a test can start fieldloop as a process of its own and kill it.
const childEnv = "FIELDLOOP_TEST_CHILD"

// childAttr, where the system has it, kills a child left behind by a test
// that died.
var childAttr *syscall.SysProcAttr

// shownInSlack counts how often each outbox message was shown in Slack:
// the outbox keys in the metadata of the posts Slack took.
func shownInSlack(slack *slacktest.Server) map[string]int {
	shown := map[string]int{}
	for _, m := range slack.History("") {
		var meta struct {
			EventType    string `json:"event_type"`
			EventPayload struct {
				Keys string `json:"keys"`
			} `json:"event_payload"`
		}
		if json.Unmarshal(m.Metadata, &meta) != nil || meta.EventType != "fieldloop_outbox" {
			continue
		}
		for _, k := range strings.Split(meta.EventPayload.Keys, ",") {
			shown[k]++
		}
	}
	return shown
}

// child is fieldloop serve running as a process of its own.
type child struct {
	cmd    *exec.Cmd
	addr   string
	slack  *slacktest.Server
	stderr *kit.LockedBuffer
	exited chan error
}

// startChild runs fieldloop serve over db, talking to slack, with env
// ("KEY=value") added, and returns once it listens.
func startChild(t *testing.T, db string, slack *slacktest.Server, env ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve")
	cmd.Env = append(os.Environ(), childEnv+"=1",
		"FIELDLOOP_DB="+db, "FIELDLOOP_ADDR=127.0.0.1:0", "FIELDLOOP_ORG=", "FIELDLOOP_FEED_EVERY=1s",
		"FIELDLOOP_ACK_REMINDER=off", "FIELDLOOP_CALENDAR_PUSH=off", "FIELDLOOP_ADMIN_TOKEN=",
		"SLACK_BOT_TOKEN="+testBotToken, "SLACK_SIGNING_SECRET="+testSecret, "SLACK_API_URL="+slack.APIURL(),
		"FIELDLOOP_LANG=", "FIELDLOOP_TZ=", "FIELDLOOP_PUBLIC_URL=", "FIELDLOOP_ADMIN_URL=", "FIELDLOOP_SETTLE_AFTER=1s",
		"SLACK_APP_TOKEN=", "DISCORD_BOT_TOKEN=", "DISCORD_PUBLIC_KEY=")
	cmd.SysProcAttr = childAttr
	cmd.Env = append(cmd.Env, env...)
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, slack: slack, stderr: &kit.LockedBuffer{}, exited: make(chan error, 1)}
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-c.exited })
	ready := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(pipe)
		for lines.Scan() {
			fmt.Fprintln(c.stderr, lines.Text())
			var line struct{ Msg, Addr string }
			if json.Unmarshal(lines.Bytes(), &line) == nil && line.Msg == "serving" {
				ready <- line.Addr
			}
		}
		c.exited <- cmd.Wait()
	}()
	select {
	case c.addr = <-ready:
	case <-time.After(waitFor):
		t.Fatalf("serve did not start: %s", c.stderr)
	}
	return c
}

// stop sends SIGTERM and waits for a clean exit.
func (c *child) stop(t *testing.T) {
	t.Helper()
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-c.exited:
		c.exited <- err // for the cleanup
		if err != nil {
			t.Fatalf("serve exited with %v: %s", err, c.stderr)
		}
	case <-time.After(waitFor):
		t.Fatalf("serve did not stop: %s", c.stderr)
	}
}

// command posts a signed slash command and returns the reply's text, or
// an error when no answer came (the process was killed).
func (c *child) command(client *http.Client, user, command, text string) (string, error) {
	form := url.Values{"command": {command}, "text": {text}, "user_id": {user}, "channel_id": {"C0EAST"},
		"trigger_id": {"t." + text}, "response_url": {c.slack.ResponseURL("late")}}
	resp, body, err := (&slacktest.Client{URL: "http://" + c.addr, Secret: testSecret, HTTP: client}).Command(form)
	if err != nil {
		return "", err
	}
	var reply struct{ Text string }
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &reply) != nil {
		return "", fmt.Errorf("%d %s", resp.StatusCode, body)
	}
	return reply.Text, nil
}

// outboxDrained polls /metrics until the outbox has nothing pending.
func (c *child) outboxDrained(t *testing.T, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + c.addr + "/metrics")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if drained.Match(b) {
				return
			}
		}
		time.Sleep(50 * time.Millisecond) // polling a real process; no clock to advance
	}
	t.Fatalf("outbox not drained within %v: %s", within, c.stderr)
}

// burstWithin bounds the wait for the burst to reach the point of the
// kill, generous for a loaded machine running the race detector.
const burstWithin = time.Minute

// maxBroadcasts bounds the campaigns a burst broadcasts: each is a post
// to every region channel, one a second per channel.
const maxBroadcasts = 5

// storedOutlets exports the reports of db: id → outlet, which burst
// makes unique per report.
func storedOutlets(t *testing.T, db string) map[uint64]string {
	t.Helper()
	outlets := map[uint64]string{}
	for _, r := range exportReports(t, db) {
		outlets[r.ID], _ = r.Fields["outlet"].(string)
	}
	return outlets
}

var (
	// savedIn matches a saved report's confirmation in either language.
	savedIn = regexp.MustCompile(`(?:Saved report|已保存报告) #(\d+)`)
	// addedID finds the id of an added campaign in its confirmation.
	addedID = regexp.MustCompile(`broadcast (\d+)`)
	// drained matches the metrics of an empty outbox.
	drained = regexp.MustCompile(`(?m)^fieldloop_outbox_pending 0$`)
)

// burst files reports from several reps at once, each with an outlet of
// its own, and broadcasts campaigns, until stop is closed or total
// reports were sent. It returns the reports acknowledged (id → outlet)
// and the campaigns whose broadcast was acknowledged. acked is told of
// each acknowledgement, with those so far (not to be kept: copy it).
func burst(c *child, total int, stop <-chan struct{}, acked func(so map[uint64]string, broadcasts int)) (reports map[uint64]string, campaigns int) {
	reports = map[uint64]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan int)
	go func() {
		defer close(next)
		for i := range total {
			select {
			case next <- i:
			case <-stop:
				return
			}
		}
	}()
	users := []string{"U0ALICE", "U0BOB", "U0CHEN"}
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: waitFor}
			for i := range next {
				outlet := fmt.Sprintf("outlet-%d-%d", w, i)
				text, err := c.command(client, users[i%len(users)], "/report", fmt.Sprintf("sales outlet=%s units=%d amount=%d", outlet, i+1, 100+i))
				if err != nil {
					continue // no answer: not acknowledged, may or may not be saved
				}
				m := savedIn.FindStringSubmatch(text)
				if m == nil {
					continue
				}
				id, _ := strconv.ParseUint(m[1], 10, 64)
				mu.Lock()
				reports[id] = outlet
				acked(reports, campaigns)
				mu.Unlock()
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		client := &http.Client{Timeout: waitFor}
		day := time.Now().AddDate(0, 0, 3).Format("2006-01-02")
		for i := 1; i <= maxBroadcasts; i++ {
			select {
			case <-stop:
				return
			default:
			}
			text, err := c.command(client, "U0MIA", "/campaign", fmt.Sprintf("add kind=promotion title=P%d start=%s end=%s regions=all", i, day, day))
			m := addedID.FindStringSubmatch(text)
			if err != nil || m == nil {
				return
			}
			if text, err = c.command(client, "U0MIA", "/campaign", "broadcast "+m[1]); err == nil && strings.HasPrefix(text, "Sent") {
				mu.Lock()
				campaigns++
				mu.Unlock()
			}
		}
	}()
	wg.Wait()
	return reports, campaigns
}

// The check of the operations issue: fieldloop serve killed with SIGKILL
// in the middle of a burst of reports and broadcasts, with a post under
// way, then restarted while Slack answers 429 and 500 for a while. Every
// acknowledged report is there, and every outbox message was shown in
// Slack exactly once.
func TestKilledMidBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills processes")
	}
	slack := slacktest.New(t)
	slack.Script(slacktest.Hang)
	db := tempDB(t)
	first := startChild(t, db, slack)

	stop := make(chan struct{})
	var once sync.Once
	killAt := make(chan struct{})
	done := make(chan struct{})
	var reports map[uint64]string
	var campaigns int
	go func() {
		defer close(done)
		reports, campaigns = burst(first, 1000, stop, func(so map[uint64]string, broadcasts int) {
			if len(so) >= 40 && broadcasts > 0 {
				once.Do(func() { close(killAt) })
			}
		})
	}()
	for _, ch := range []<-chan struct{}{slack.Hung(), killAt} {
		select {
		case <-ch:
		case <-done:
			t.Fatalf("the burst ended before the kill: %s", first.stderr)
		case <-time.After(burstWithin):
			t.Fatalf("no hung post, or too few reports or broadcasts, within %v: %s", burstWithin, first.stderr)
		}
	}
	select {
	case <-slack.Released():
		t.Fatal("the hung post ended before the kill: the test would not kill a post under way")
	default:
	}
	if err := first.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	close(stop)
	<-done
	if len(reports) < 40 || campaigns == 0 {
		t.Fatalf("before the kill: %d reports and %d broadcasts acknowledged", len(reports), campaigns)
	}

	slack.Script(slacktest.RateLimited, slacktest.FailedTaken, slacktest.Failed)
	second := startChild(t, db, slack)
	second.outboxDrained(t, time.Minute)
	second.stop(t)

	saved := storedOutlets(t, db)
	for id, outlet := range reports {
		if saved[id] != outlet {
			t.Errorf("acknowledged report #%d (%s) is stored as %q", id, outlet, saved[id])
		}
	}

	store := storage.New(db)
	store.ReadOnly = true
	if err := store.Open(); err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	msgs, err := store.FindMessages(context.Background(), bot.MessageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	shown := shownInSlack(slack)
	broadcasts := 0
	for _, m := range msgs {
		if m.Status != bot.StatusSent {
			t.Errorf("message %d to %s is %s (%s)", m.ID, m.To, m.Status, m.Error)
		}
		if n := shown[m.PostKey()]; n != 1 {
			t.Errorf("message %d to %s shown %d times in Slack, want once", m.ID, m.To, n)
		}
		if len(m.Buttons) > 0 {
			broadcasts++
		}
	}
	if len(shown) != len(msgs) {
		t.Errorf("Slack shows %d outbox ids, the outbox holds %d messages", len(shown), len(msgs))
	}
	if broadcasts < campaigns {
		t.Errorf("%d broadcast posts for %d acknowledged broadcasts", broadcasts, campaigns)
	}
	// Each fault of the restart's script was met once.
	asked := len(slack.Calls("/api/conversations.history"))
	if asked == 0 || slack.FaultsLeft() != 0 {
		t.Errorf("%d scripted faults not met, history asked %d times", slack.FaultsLeft(), asked)
	}
	t.Logf("%d reports acknowledged, %d stored; %d broadcasts; %d outbox messages in %d posts", len(reports), len(saved), campaigns, len(msgs), len(slack.Calls("/api/chat.postMessage")))
}

// serve on a database it cannot write stops at once, before it listens,
// with the reason in plain words and a failing exit code, not a panic.
// (storage's TestOpenSaysWhyItCannotWrite has a read-only file too.)
func TestServeOnUnwritableDatabase(t *testing.T) {
	dir := t.TempDir()
	_, noDevFull := os.Stat("/dev/full")
	for _, tt := range []struct {
		db, want string
		skip     bool
	}{
		{filepath.Join(dir, "missing", "fieldloop.db"), "does not exist: create it", false},
		{dir, "that is a directory", false},
		{"/dev/full", "the disk is full", noDevFull != nil},
	} {
		if tt.skip {
			t.Logf("%s: not on this system; skipped", tt.db)
			continue
		}
		env := slackEnv("http://127.0.0.1:1/api/")
		env["FIELDLOOP_DB"] = tt.db
		_, errOut, code := runEnv(t, env, "", "serve", "--addr", "127.0.0.1:0")
		if code != 1 || !strings.Contains(errOut, tt.want) || strings.Contains(errOut, "panic") || strings.Contains(errOut, "goroutine") {
			t.Errorf("serve on %s: exit %d, stderr %q; want 1 and %q", tt.db, code, errOut, tt.want)
		}
	}
}

// A backup taken through /admin/backup in the middle of a burst of
// reports is a consistent database that holds every report acknowledged
// before it began, and a restore of it exports them.
func TestBackupUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	slack := slacktest.New(t)
	db := tempDB(t)
	srv := startChild(t, db, slack, "FIELDLOOP_ADMIN_TOKEN=admin-secret-0123456789abcdefghijklmn")
	var before map[uint64]string
	begin := make(chan struct{})
	backedUp := make(chan struct{})
	out := filepath.Join(t.TempDir(), "backup.db")
	go func() {
		defer close(backedUp)
		<-begin
		env := map[string]string{"FIELDLOOP_ADMIN_TOKEN": "admin-secret-0123456789abcdefghijklmn"}
		if _, errOut, code := runEnv(t, env, "", "backup", "--out", out, "--server", "http://"+srv.addr); code != 0 {
			t.Errorf("backup: %d %s", code, errOut)
		}
	}()
	var once sync.Once
	reports, _ := burst(srv, 150, backedUp, func(so map[uint64]string, _ int) {
		if len(so) >= 40 {
			once.Do(func() {
				before = maps.Clone(so)
				close(begin)
			})
		}
	})
	once.Do(func() { close(begin) }) // the burst ended first: back up now
	select {
	case <-backedUp:
	case <-time.After(burstWithin):
		t.Fatal("the backup did not finish")
	}
	srv.stop(t)

	restored := tempDB(t)
	if _, errOut, code := runEnv(t, nil, "", "restore", out, "--db", restored); code != 0 {
		t.Fatalf("restore: %d %s", code, errOut)
	}
	inBackup := storedOutlets(t, restored)
	for id, outlet := range before {
		if inBackup[id] != outlet {
			t.Errorf("report #%d (%s), acknowledged before the backup, is %q in it", id, outlet, inBackup[id])
		}
	}
	live := exportReports(t, db)
	if len(inBackup) > len(live) || len(live) < len(reports) {
		t.Errorf("backup %d reports, live %d, acknowledged %d", len(inBackup), len(live), len(reports))
	}
	t.Logf("backup taken after %d acknowledgements holds %d reports; %d in the end", len(before), len(inBackup), len(live))
}
