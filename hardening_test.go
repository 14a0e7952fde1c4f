package main

import (
	"os"
	"path/filepath"
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
