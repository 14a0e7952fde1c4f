package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/internal/app"
	"github.com/fieldloop/fieldloop/orgfile"
)

// Backups and exports hold every report and the calendar tokens: they are
// written for their owner only, like the database.
func TestOutputFilesAreOwnerOnly(t *testing.T) {
	db := tempDB(t)
	if _, errOut, code := run(t, "/report sales units=3\n", "--db", db); code != 0 {
		t.Fatalf("console: %s", errOut)
	}
	dir := t.TempDir()
	for _, args := range [][]string{
		{"export", "reports", "--db", db, "--out", filepath.Join(dir, "reports.jsonl")},
		{"export", "reports", "--db", db, "--format", "xlsx", "--out", filepath.Join(dir, "reports.xlsx")},
		{"export", "campaigns", "--db", db, "--out", filepath.Join(dir, "campaigns.jsonl")},
		{"backup", "--db", db, "--out", filepath.Join(dir, "backup.db")},
	} {
		if _, errOut, code := run(t, "", args...); code != 0 {
			t.Fatalf("%v: %s", args, errOut)
		}
		st, err := os.Stat(args[len(args)-1])
		if err != nil {
			t.Fatal(err)
		}
		if mode := st.Mode().Perm(); mode != 0o600 {
			t.Errorf("%v: mode %o, want 600", args, mode)
		}
	}
}

// Every answer of a running server says nosniff; /healthz tells a
// stranger only that it is up, and the admin token's holder the rest.
func TestServeHeadersAndHealthDetails(t *testing.T) {
	slack := newFakeSlack(t)
	env := slackEnv(slack.APIURL())
	env["FIELDLOOP_ADMIN_TOKEN"] = testAdminToken
	srv := startServe(t, env, "--db", tempDB(t))
	get := func(path, token string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, "http://"+srv.addr+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	for _, path := range []string{"/healthz", "/metrics", "/calendar/east.ics", "/nowhere"} {
		if resp, _ := get(path, ""); resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: %d without nosniff", path, resp.StatusCode)
		}
	}
	if _, body := get("/healthz", ""); body != "ok\n" {
		t.Errorf("a stranger's /healthz: %q, want only ok", body)
	}
	if _, body := get("/healthz", "wrong-"+testAdminToken); body != "ok\n" {
		t.Errorf("/healthz with a wrong token: %q", body)
	}
	if _, body := get("/healthz", testAdminToken); !strings.Contains(body, "MiB free") || !strings.Contains(body, "adapters: slack (http)") {
		t.Errorf("the admin's /healthz: %q", body)
	}
}

// testAdminToken is an admin token strong enough for serve to take.
const testAdminToken = "admin-token-0123456789abcdefghijklmnop"

// An admin token short enough to guess is refused at start, without being
// shown; check says so too.
func TestWeakAdminTokenRefused(t *testing.T) {
	slack := newFakeSlack(t)
	env := slackEnv(slack.APIURL())
	env["FIELDLOOP_ADMIN_TOKEN"] = "a"
	_, errOut, code := runEnv(t, env, "", "serve", "--db", tempDB(t))
	if code != 2 || !strings.Contains(errOut, "FIELDLOOP_ADMIN_TOKEN") || !strings.Contains(errOut, "at least 32") {
		t.Errorf("serve with a one-character token: exit %d, %q", code, errOut)
	}
	out, _, code := runEnv(t, env, "", "check", "--db", tempDB(t))
	if code == 0 || !strings.Contains(out, "BAD FIELDLOOP_ADMIN_TOKEN") {
		t.Errorf("check with a one-character token: exit %d\n%s", code, out)
	}
}

// Wrong admin tokens are logged and, after a burst, refused before they
// are compared, so that guessing the token takes for ever.
func TestAdminTokenGuessesSlowed(t *testing.T) {
	slack := newFakeSlack(t)
	env := slackEnv(slack.APIURL())
	env["FIELDLOOP_ADMIN_TOKEN"] = testAdminToken
	srv := startServe(t, env, "--db", tempDB(t))
	status := func(token string) int {
		req, _ := http.NewRequest(http.MethodGet, "http://"+srv.addr+"/admin/backup", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	var codes []int
	for i := range 15 {
		codes = append(codes, status(fmt.Sprintf("guess-%02d-%s", i, testAdminToken)))
	}
	if codes[0] != http.StatusUnauthorized || codes[len(codes)-1] != http.StatusTooManyRequests {
		t.Errorf("15 guesses answered %v; want 401s, then 429s", codes)
	}
	if !strings.Contains(srv.stderr.String(), "admin route refused") || strings.Contains(srv.stderr.String(), testAdminToken) {
		t.Errorf("the guesses are not logged, or the token is:\n%s", srv.stderr)
	}
}

// backup sends the token, and takes the whole database back, in clear
// text only to this machine, unless told --insecure.
func TestBackupRefusesPlainHTTPElsewhere(t *testing.T) {
	env := map[string]string{"FIELDLOOP_ADMIN_TOKEN": testAdminToken}
	out := filepath.Join(t.TempDir(), "b.db")
	_, errOut, code := runEnv(t, env, "", "backup", "--out", out, "--server", "http://fieldloop.example.com")
	if code != 2 || !strings.Contains(errOut, "clear text") || !strings.Contains(errOut, "--insecure") {
		t.Errorf("backup over plain http elsewhere: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused backup left a file")
	}
	// With --insecure it goes: to a port where nothing listens, so it
	// fails on the connection, not on the check.
	_, errOut, _ = runEnv(t, env, "", "backup", "--out", out, "--insecure", "--server", "http://127.0.0.2:1")
	if strings.Contains(errOut, "clear text") {
		t.Errorf("--insecure still refused: %q", errOut)
	}
}

// With FIELDLOOP_ADMIN_ADDR the admin routes listen there only, and
// backup finds them there.
func TestAdminRoutesOnTheirOwnAddress(t *testing.T) {
	slack := newFakeSlack(t)
	db := tempDB(t)
	adminAddr := freeAddr(t)
	env := slackEnv(slack.APIURL())
	env["FIELDLOOP_ADMIN_TOKEN"], env["FIELDLOOP_ADMIN_ADDR"] = testAdminToken, adminAddr
	srv := startServe(t, env, "--db", db)
	if code, _ := srv.get(t, "/admin/backup"); code != http.StatusNotFound {
		t.Errorf("/admin/backup on the public address: %d, want 404", code)
	}
	out := filepath.Join(t.TempDir(), "b.db")
	client := map[string]string{"FIELDLOOP_ADMIN_TOKEN": testAdminToken, "FIELDLOOP_ADMIN_ADDR": adminAddr}
	if _, errOut, code := runEnv(t, client, "", "backup", "--db", db, "--out", out); code != 0 {
		t.Errorf("backup through FIELDLOOP_ADMIN_ADDR: %d %s", code, errOut)
	}
}

// freeAddr returns a loopback address with a port nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// The same signed /schedule add sent twice makes one schedule: the
// second is told it was handled already.
func TestReplayedSlashCommandMakesOneSchedule(t *testing.T) {
	slack := newFakeSlack(t)
	db := tempDB(t)
	srv := startServe(t, slackEnv(slack.APIURL()), "--db", db)
	form := url.Values{"command": {"/schedule"}, "text": {`add kind=sales audience=east every="daily 18:00"`}, "user_id": {"U0ADA"},
		"channel_id": {"C0EAST"}, "trigger_id": {"t-replayed"}, "response_url": {slack.ResponseURL("t-replayed")}}
	var answers []string
	for range 2 {
		code, body := srv.slashCommand(t, testSecret, form)
		if code != http.StatusOK {
			t.Fatalf("/schedule: %d %s", code, body)
		}
		answers = append(answers, body)
	}
	if !strings.Contains(answers[0], "Added: #1") || !strings.Contains(answers[1], "handled already") {
		t.Errorf("answers: %q", answers)
	}
	srv.stop(t)
	out, _, _ := run(t, "/schedule list\n", "--db", db, "--as", "ada")
	if strings.Count(out, "Outlet sales from East China") != 1 {
		t.Errorf("schedules after a replay:\n%s", out)
	}
}

// backup of a file a console holds says to quit the console, not to set
// a token that only serve would use.
func TestBackupWhileAConsoleHoldsTheFile(t *testing.T) {
	db := tempDB(t)
	hold, err := app.OpenDB(db, false, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Close()
	_, errOut, code := run(t, "", "backup", "--db", db, "--out", filepath.Join(t.TempDir(), "b.db"))
	if code == 0 || !strings.Contains(errOut, "If it is a console, quit it") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	env := map[string]string{"FIELDLOOP_ADMIN_TOKEN": testAdminToken, "FIELDLOOP_ADDR": freeAddr(t)}
	_, errOut, code = runEnv(t, env, "", "backup", "--db", db, "--out", filepath.Join(t.TempDir(), "b.db"))
	if code == 0 || !strings.Contains(errOut, "if a console holds it, quit it") {
		t.Errorf("with a token and no server: exit %d: %s", code, errOut)
	}
}

// check notes the regions (and org channels) a configured platform cannot
// reach: they have no channel on it in the org file.
func TestCheckNotesRegionsWithoutAChannel(t *testing.T) {
	text := strings.Replace(string(orgfile.DemoYAML), `    channels: {slack: C0NORTH, discord: "900000000000000004"}`+"\n", `    channels: {discord: "900000000000000004"}`+"\n", 1)
	path := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testSecret}
	out, _, _ := runEnv(t, env, "", "check", "--db", tempDB(t), "--org", path)
	if !strings.Contains(out, "note region north (North China) has no slack channel") {
		t.Errorf("check:\n%s", out)
	}
}
