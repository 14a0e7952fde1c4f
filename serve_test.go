package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/internal/kit"
	"github.com/fieldloop/fieldloop/internal/slacktest"
)

var update = flag.Bool("update", false, "rewrite deploy/slack-manifest.yaml")

// Test credentials: fake, but shaped like Slack's so that serve accepts them.
const (
	testBotToken = "xoxb-test-bot-token"
	testSecret   = "test-signing-secret-8f742231"
	testAppToken = "xapp-test-app-token"
)

// waitFor bounds every wait on the server; it is a deadline, not a sleep.
const waitFor = 10 * time.Second

// newFakeSlack starts slacktest's fake Slack for a test of serve.
func newFakeSlack(t *testing.T) *slacktest.Server { return slacktest.New(t) }

// running is a fieldloop serve started by a test.
type running struct {
	addr   string
	stderr *kit.LockedBuffer
	cancel context.CancelFunc
	code   chan int
}

// startServe runs "fieldloop serve" with env and args on a free port and
// returns once it accepts connections.
func startServe(t *testing.T, env map[string]string, args ...string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{stderr: &kit.LockedBuffer{}, cancel: cancel, code: make(chan int, 1)}
	ready := make(chan string, 1)
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: r.stderr, Now: time.Now,
		Getenv: func(k string) string { return env[k] }, Ready: func(addr string) { ready <- addr }}
	go func() { r.code <- m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)) }()
	t.Cleanup(func() { cancel() })
	select {
	case r.addr = <-ready:
	case code := <-r.code:
		t.Fatalf("serve exited %d before it was ready: %s", code, r.stderr)
	case <-time.After(waitFor):
		t.Fatalf("serve not ready: %s", r.stderr)
	}
	return r
}

// stop stops the server as SIGTERM would and returns its exit code.
func (r *running) stop(t *testing.T) int {
	t.Helper()
	r.cancel()
	select {
	case code := <-r.code:
		return code
	case <-time.After(waitFor):
		t.Fatalf("serve did not stop: %s", r.stderr)
		return -1
	}
}

func (r *running) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + r.addr + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// slashCommand posts a slash command as Slack would, signed with secret.
func (r *running) slashCommand(t *testing.T, secret string, form url.Values) (int, string) {
	t.Helper()
	resp, body, err := (&slacktest.Client{URL: "http://" + r.addr, Secret: secret}).Command(form)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

func slackEnv(api string) map[string]string {
	return map[string]string{"SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testSecret, "SLACK_API_URL": api}
}

// The whole server over HTTP, as Slack uses it: a signed /report is saved
// and confirmed, the marketing feed reaches the marketing channel through
// the Web API, a forged request is refused and stores nothing, and a
// SIGTERM stops everything cleanly with the report on disk.
func TestServeSlackEndToEnd(t *testing.T) {
	slack := newFakeSlack(t)
	db := tempDB(t)
	srv := startServe(t, slackEnv(slack.APIURL()), "--db", db)

	if code, body := srv.get(t, "/healthz"); code != http.StatusOK || !strings.HasPrefix(body, "ok\n") {
		t.Errorf("GET /healthz: %d %q", code, body)
	}

	form := url.Values{"command": {"/report"}, "text": {"sales units=3"}, "user_id": {"U0ALICE"},
		"channel_id": {"C0EAST"}, "trigger_id": {"t1"}, "response_url": {slack.ResponseURL("t1")}}
	forged := url.Values{"command": {"/report"}, "text": {"sales units=99"}, "user_id": {"U0ALICE"},
		"channel_id": {"C0EAST"}, "trigger_id": {"t2"}, "response_url": {slack.ResponseURL("t2")}}
	if code, body := srv.slashCommand(t, "not-the-secret", forged); code != http.StatusUnauthorized {
		t.Errorf("forged /report: %d %q, want 401", code, body)
	}
	code, body := srv.slashCommand(t, testSecret, form)
	var reply struct{ Text string }
	if err := json.Unmarshal([]byte(body), &reply); code != http.StatusOK || err != nil || !strings.Contains(reply.Text, "Saved report #1") {
		t.Fatalf("/report: %d %q", code, body)
	}

	if p := slack.Await(t, "/api/chat.postMessage", 1)[0].Form; p.Get("channel") != "C0MKT" || !strings.Contains(p.Get("text"), "#1") {
		t.Errorf("feed post to %s: %q", p.Get("channel"), p.Get("text"))
	}

	if code := srv.stop(t); code != 0 {
		t.Fatalf("serve exited %d: %s", code, srv.stderr)
	}
	if got := exportReports(t, db); len(got) != 1 || got[0].Fields["units"] != 3.0 {
		t.Errorf("export after stop: %+v, want the one report with units=3", got)
	}
	logs := srv.stderr.String()
	for _, secret := range []string{testBotToken, testSecret} {
		if strings.Contains(logs, secret) {
			t.Errorf("a secret is in the logs:\n%s", logs)
		}
	}
	if !strings.Contains(logs, `"msg":"serving"`) || !strings.Contains(logs, `"msg":"stopped"`) {
		t.Errorf("want JSON logs of start and stop, got:\n%s", logs)
	}
}

// With a bot token and an app token only, Slack runs over Socket Mode:
// no HTTP Slack endpoints, and a connection that fails for good is logged
// while the server keeps running.
func TestServeSocketModeOnly(t *testing.T) {
	slack := newFakeSlack(t) // with no app token of its own: it refuses Socket Mode
	env := map[string]string{"SLACK_BOT_TOKEN": testBotToken, "SLACK_APP_TOKEN": testAppToken, "SLACK_API_URL": slack.APIURL()}
	srv := startServe(t, env, "--db", tempDB(t))
	slack.Await(t, "/api/apps.connections.open", 1)
	// The refusal is logged once Socket Mode has read it; stopping before
	// then would cancel the connection instead.
	srv.stderr.Await(t, "slack socket mode stopped")
	if code, _ := srv.get(t, "/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz: %d after Socket Mode failed", code)
	}
	if code, _ := srv.slashCommand(t, testSecret, url.Values{"command": {"/whoami"}}); code != http.StatusNotFound {
		t.Errorf("POST /slack/commands: %d, want 404 without a signing secret", code)
	}
	if code := srv.stop(t); code != 0 {
		t.Fatalf("serve exited %d: %s", code, srv.stderr)
	}
	logs := srv.stderr.String()
	if !strings.Contains(logs, "slack socket mode stopped") || strings.Contains(logs, testAppToken) {
		t.Errorf("logs:\n%s", logs)
	}
}

// serve refuses to start without a complete set of credentials, naming
// the variables that are missing and never echoing a value.
func TestServeCredentialErrors(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string
	}{
		{nil, "SLACK_BOT_TOKEN"},
		{map[string]string{"SLACK_SIGNING_SECRET": testSecret}, "SLACK_BOT_TOKEN"},
		{map[string]string{"SLACK_BOT_TOKEN": testBotToken}, "SLACK_SIGNING_SECRET"},
		{map[string]string{"SLACK_BOT_TOKEN": "xapp-swapped", "SLACK_SIGNING_SECRET": testSecret}, "xoxb-"},
		{map[string]string{"SLACK_BOT_TOKEN": testBotToken, "SLACK_APP_TOKEN": "xoxb-swapped"}, "xapp-"},
	}
	for _, c := range cases {
		var errOut bytes.Buffer
		m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errOut, Now: time.Now,
			Getenv: func(k string) string { return c.env[k] }}
		db := tempDB(t)
		code := m.Run(context.Background(), []string{"serve", "--db", db})
		if code != 2 || !strings.Contains(errOut.String(), c.want) {
			t.Errorf("env %v: exit %d, stderr %q; want 2 and %s named", c.env, code, errOut.String(), c.want)
		}
		for _, v := range c.env {
			if strings.Contains(errOut.String(), v) {
				t.Errorf("env %v: the message shows a credential: %q", c.env, errOut.String())
			}
		}
		if _, err := os.Stat(db); err == nil {
			t.Errorf("env %v: the database was created before the check", c.env)
		}
	}
}

// A bad listen address is the user's mistake; so is an extra argument.
func TestServeUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"--addr", "8080"}, {"extra"}} {
		var errOut bytes.Buffer
		env := slackEnv("")
		m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errOut, Now: time.Now,
			Getenv: func(k string) string { return env[k] }}
		if code := m.Run(context.Background(), append([]string{"serve", "--db", tempDB(t)}, args...)); code != 2 {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut.String())
		}
	}
}

// serve -h lists the flags without the secrets taken from the environment.
func TestServeHelpHidesSecrets(t *testing.T) {
	var errOut bytes.Buffer
	env := slackEnv("")
	env["SLACK_APP_TOKEN"] = testAppToken
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errOut, Now: time.Now,
		Getenv: func(k string) string { return env[k] }}
	if code := m.Run(context.Background(), []string{"serve", "-h"}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	help := errOut.String()
	if !strings.Contains(help, "-slack-bot-token") {
		t.Errorf("help lists no Slack flags:\n%s", help)
	}
	for _, secret := range []string{testBotToken, testSecret, testAppToken} {
		if strings.Contains(help, secret) {
			t.Errorf("help shows a secret:\n%s", help)
		}
	}
}

// deploy/slack-manifest.yaml is what slack-manifest prints for the example
// host; go test -run TestSlackManifestFile -update rewrites it.
func TestSlackManifestFile(t *testing.T) {
	out, errOut, code := run(t, "", "slack-manifest", "--url", "https://fieldloop.example.com")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	path := filepath.Join("deploy", "slack-manifest.yaml")
	if *update {
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("%s is out of date: run go test -run TestSlackManifestFile -update\ngot:\n%s", path, out)
	}
}

// Socket Mode needs no URL, and the manifest then has none; an http URL or
// none at all is refused.
func TestSlackManifestOptions(t *testing.T) {
	out, _, code := run(t, "", "slack-manifest", "--socket-mode")
	if code != 0 || !strings.Contains(out, "socket_mode_enabled: true") || strings.Contains(out, "url:") {
		t.Errorf("--socket-mode: exit %d\n%s", code, out)
	}
	for _, args := range [][]string{{}, {"--url", "http://h.example"}, {"--url", "h.example"}, {"--url", "https://h.example", "--name", ""}} {
		if _, errOut, code := run(t, "", append([]string{"slack-manifest"}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, %s", args, code, errOut)
		}
	}
}
