package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/internal/kit"
)

// damages are the ways a database file is damaged in the tests below, each
// applied to a backup (as long as its pages in use, as a backup is): cut
// to half its length, as a copy or a download cut short leaves it, and a
// byte flipped in each of its two meta pages, which no open survives.
var damages = map[string]func(t *testing.T, path string){
	"truncated": func(t *testing.T, path string) {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(path, st.Size()/2); err != nil {
			t.Fatal(err)
		}
	},
	"flipped": func(t *testing.T, path string) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// The high-water mark of each meta page, which its checksum
		// covers; bbolt's pages are the system's pages.
		for _, at := range []int{16 + 40, os.Getpagesize() + 16 + 40} {
			data[at] ^= 0x40
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	},
}

// soundBackup files a report into a new database and returns the database
// and a backup of it.
func soundBackup(t *testing.T) (db, backup string) {
	t.Helper()
	db = tempDB(t)
	if out, _, _ := run(t, "/report sales units=3\n", "--db", db); !strings.Contains(out, "Saved report #1") {
		t.Fatalf("console: %s", out)
	}
	backup = filepath.Join(t.TempDir(), "backup.db")
	if _, errOut, code := run(t, "", "backup", "--db", db, "--out", backup); code != 0 {
		t.Fatalf("backup: %d %s", code, errOut)
	}
	return db, backup
}

// damagedDB returns a database file damaged as named in damages.
func damagedDB(t *testing.T, how string) string {
	t.Helper()
	_, path := soundBackup(t)
	damages[how](t, path)
	return path
}

// assertPlainRefusal checks that a command failed (1, or 3 for the
// damaged database it was to run on) with what is wrong and what to do in
// out, and no sign of a crash in stderr.
func assertPlainRefusal(t *testing.T, code int, out, stderr string, want ...string) {
	t.Helper()
	if code != 1 && code != 3 {
		t.Errorf("exit %d, want 1 or 3", code)
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	for _, crash := range []string{"goroutine", "panic", "SIGBUS", "fatal error"} {
		if strings.Contains(stderr, crash) {
			t.Errorf("stderr shows a crash (%q):\n%s", crash, stderr)
		}
	}
}

// export, check and serve on a damaged database exit 1 with a plain
// error that says to restore a backup; nothing crashes.
func TestDamagedDatabaseIsRefused(t *testing.T) {
	creds := map[string]string{"SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testSecret}
	for how := range damages {
		t.Run(how, func(t *testing.T) {
			db := damagedDB(t, how)
			damaged := db + " is damaged ("
			restore := "restore it from a backup: fieldloop restore BACKUP"

			_, errOut, code := run(t, "", "export", "reports", "--db", db)
			assertPlainRefusal(t, code, errOut, errOut, "fieldloop export: "+damaged, restore)

			out, errOut, code := runEnv(t, creds, "", "check", "--db", db)
			assertPlainRefusal(t, code, out, errOut, "BAD database "+damaged, restore)

			code, errOut = serveDamaged(t, db)
			assertPlainRefusal(t, code, errOut, errOut, "fieldloop serve: "+damaged, restore)
		})
	}
}

// serveDamaged runs serve over db, which must not start; if it does, the
// test fails and the server is stopped.
func serveDamaged(t *testing.T, db string) (code int, stderr string) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var errOut kit.LockedBuffer
	env := slackEnv(newFakeSlack(t).APIURL())
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errOut, Now: time.Now,
		Getenv: func(k string) string { return env[k] },
		Ready:  func(string) { t.Error("serve started on a damaged database"); cancel() }}
	code = m.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db})
	return code, errOut.String()
}

// A damaged backup is refused whole before anything is replaced: the
// current database is left byte for byte as it was, with nothing beside
// it.
func TestRestoreRefusesDamagedBackup(t *testing.T) {
	for how := range damages {
		t.Run(how, func(t *testing.T) {
			backup := damagedDB(t, how)
			db, _ := soundBackup(t)
			before, _ := os.ReadFile(db)
			_, errOut, code := run(t, "", "restore", backup, "--db", db)
			assertPlainRefusal(t, code, errOut, errOut,
				backup+" is not a fieldloop database that can be restored: it is damaged (", db+" is left as it was")
			if strings.Contains(errOut, "fieldloop restore BACKUP") {
				t.Errorf("the refusal offers to restore a backup in place of the backup:\n%s", errOut)
			}
			if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
				t.Error("the current database was changed")
			}
			if files, _ := filepath.Glob(db + ".*"); len(files) > 0 {
				t.Errorf("restore left %v", files)
			}
		})
	}
}

// A damaged database is what restore is for: a sound backup replaces it,
// and the damaged file is kept beside it.
func TestRestoreReplacesDamagedDatabase(t *testing.T) {
	for how := range damages {
		t.Run(how, func(t *testing.T) {
			db := damagedDB(t, how)
			_, backup := soundBackup(t)
			if out, errOut, code := run(t, "", "restore", backup, "--db", db); code != 0 || !strings.Contains(out, "restored") {
				t.Fatalf("restore: %d %s %s", code, out, errOut)
			}
			if got := exportReports(t, db); len(got) != 1 {
				t.Errorf("the restored database has %d reports, want 1", len(got))
			}
			if kept, _ := filepath.Glob(db + ".before-restore-*"); len(kept) != 1 {
				t.Errorf("the damaged database was not kept: %v", kept)
			}
		})
	}
}

// fieldloop serve as systemd runs it, a process of its own, on a damaged
// database: it exits 1 with the plain error and no stack dump, rather
// than crashing.
func TestServeProcessOnDamagedDatabase(t *testing.T) {
	for how := range damages {
		t.Run(how, func(t *testing.T) {
			db := damagedDB(t, how)
			// A deadline, should serve start after all: it then runs until killed.
			ctx, cancel := context.WithTimeout(t.Context(), waitFor)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "serve")
			cmd.Env = []string{childEnv + "=1", "FIELDLOOP_DB=" + db, "FIELDLOOP_ADDR=127.0.0.1:0",
				"SLACK_BOT_TOKEN=" + testBotToken, "SLACK_SIGNING_SECRET=" + testSecret, "SLACK_API_URL=http://127.0.0.1:1/api/"}
			cmd.SysProcAttr = childAttr
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			code := cmd.ProcessState.ExitCode()
			if err != nil && code < 0 {
				t.Fatalf("serve: %v: %s", err, &stderr)
			}
			assertPlainRefusal(t, code, stderr.String(), stderr.String(), db+" is damaged (", "fieldloop restore BACKUP")
			if code != 3 {
				t.Errorf("serve on a damaged database exits %d, want 3 (which the service file does not restart)", code)
			}
		})
	}
}

// A backup that arrives damaged from the server is not kept: the command
// says so and leaves no file.
func TestBackupArrivingDamagedIsRefused(t *testing.T) {
	damaged, err := os.ReadFile(damagedDB(t, "truncated"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write(damaged) }))
	defer srv.Close()
	out := filepath.Join(t.TempDir(), "backup.db")
	env := map[string]string{"FIELDLOOP_ADMIN_TOKEN": "admin-secret-0123456789abcdefghijklmn"}
	_, errOut, code := runEnv(t, env, "", "backup", "--db", tempDB(t), "--out", out, "--server", srv.URL)
	assertPlainRefusal(t, code, errOut, errOut, "the backup came out damaged (", "take it again")
	if files, _ := filepath.Glob(out + "*"); len(files) > 0 {
		t.Errorf("the damaged backup was kept: %v", files)
	}
}
