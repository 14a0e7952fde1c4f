package main

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// A backup taken while the server runs (through /admin/backup) restores
// into a database that exports the same reports.
func TestBackupWhileRunningAndRestore(t *testing.T) {
	slack := newFakeSlack(t)
	db := tempDB(t)
	env := slackEnv(slack.URL + "/api/")
	env["FIELDLOOP_ADMIN_TOKEN"] = "admin-secret-0123456789abcdefghijklmn"
	srv := startServe(t, env, "--db", db)
	for i := range 5 {
		form := url.Values{"command": {"/report"}, "text": {"sales units=" + string(rune('1'+i))}, "user_id": {"U0ALICE"},
			"channel_id": {"C0EAST"}, "trigger_id": {"t" + string(rune('a'+i))}, "response_url": {slack.URL + "/response"}}
		if code, body := srv.slashCommand(t, testSecret, form); code != 200 || !strings.Contains(body, "Saved report") {
			t.Fatalf("/report: %d %s", code, body)
		}
	}
	out := filepath.Join(t.TempDir(), "backup.db")
	addr := "http://" + srv.addr
	run := func(env map[string]string, args ...string) (string, string, int) {
		return runEnv(t, env, "", args...)
	}
	if _, errOut, code := run(map[string]string{}, "backup", "--db", db, "--out", out, "--server", addr); code == 0 || !strings.Contains(errOut, "FIELDLOOP_ADMIN_TOKEN") {
		t.Errorf("backup without the token: %d %s", code, errOut)
	}
	if _, errOut, code := run(map[string]string{"FIELDLOOP_ADMIN_TOKEN": "wrong-wrong-wrong-wrong-wrong-wrong"}, "backup", "--db", db, "--out", out, "--server", addr); code == 0 || !strings.Contains(errOut, "refused") {
		t.Errorf("backup with a wrong token: %d %s", code, errOut)
	}
	if _, errOut, code := run(map[string]string{"FIELDLOOP_ADMIN_TOKEN": "admin-secret-0123456789abcdefghijklmn"}, "backup", "--db", db, "--out", out, "--server", addr); code != 0 {
		t.Fatalf("backup: %d %s", code, errOut)
	}
	if code := srv.stop(t); code != 0 {
		t.Errorf("serve exit %d", code)
	}
	restored := tempDB(t)
	if stdout, errOut, code := run(nil, "restore", out, "--db", restored); code != 0 || !strings.Contains(stdout, "restored") {
		t.Fatalf("restore: %d %s %s", code, stdout, errOut)
	}
	if got := exportReports(t, restored); len(got) != 5 {
		t.Errorf("restored database has %d reports, want 5", len(got))
	}
	// Stopped: a backup reads the file directly.
	direct := filepath.Join(t.TempDir(), "direct.db")
	if _, errOut, code := run(nil, "backup", "--db", db, "--out", direct); code != 0 {
		t.Fatalf("direct backup: %s", errOut)
	}
	if got := exportReports(t, direct); len(got) != 5 {
		t.Errorf("direct backup has %d reports", len(got))
	}
	if _, errOut, code := run(nil, "restore", filepath.Join(t.TempDir(), "none.db"), "--db", restored); code == 0 || !strings.Contains(errOut, "not a fieldloop database") {
		t.Errorf("restore of a missing file: %d %s", code, errOut)
	}
}

func TestCheck(t *testing.T) {
	db := tempDB(t)
	stdout, _, code := runEnv(t, map[string]string{"SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testSecret}, "", "check", "--db", db)
	if code != 0 || !strings.Contains(stdout, "ok  org file: 6 people in 2 regions") || !strings.Contains(stdout, "all good") {
		t.Errorf("check: %d\n%s", code, stdout)
	}
	stdout, _, code = runEnv(t, map[string]string{"FIELDLOOP_TZ": "Mars/Olympus", "FIELDLOOP_CALENDAR_PUSH": "hourly"}, "", "check", "--db", db)
	for _, want := range []string{"BAD no chat platform is configured", "BAD org file", "Mars/Olympus", "BAD FIELDLOOP_CALENDAR_PUSH"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check lacks %q:\n%s", want, stdout)
		}
	}
	if code == 0 {
		t.Error("check with problems exited 0")
	}
}

func TestVersion(t *testing.T) {
	if out, _, code := run(t, "", "version"); code != 0 || !strings.HasPrefix(out, "fieldloop ") || !strings.Contains(out, "-buildvcs=true") {
		t.Errorf("version: %d %q", code, out)
	}
}
