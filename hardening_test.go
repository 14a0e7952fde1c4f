package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
