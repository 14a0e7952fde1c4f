package main

import (
	"strings"
	"testing"
)

// Mistakes in an export's options are refused with what to give instead,
// and nothing is written: an unknown region (not an empty file), an
// unknown format (naming xlsx where reports take it), --excel where it
// means nothing.
func TestExportOptionsRefused(t *testing.T) {
	db := tempDB(t)
	run(t, "/report sales units=3\n", "--db", db)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"export", "reports", "--region", "nowhere"}, `no region "nowhere" (regions: east, north)`},
		{[]string{"export", "reports", "--format", "xml"}, "use jsonl, csv or xlsx"},
		{[]string{"export", "messages", "--format", "xlsx"}, "use jsonl or csv"},
		{[]string{"export", "reports", "--excel"}, "--excel is for --format csv"},
	}
	for _, c := range cases {
		out, errOut, code := run(t, "", append(c.args, "--db", db)...)
		if code != 2 || !strings.Contains(errOut, c.want) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", c.args, code, out, errOut, c.want)
		}
	}
}

// --excel starts a CSV with the byte-order mark by which Excel reads
// UTF-8, so that Chinese text opens intact; without it the file is plain
// UTF-8 for scripts.
func TestExportCSVForExcel(t *testing.T) {
	db := tempDB(t)
	run(t, "/report sales outlet=家乐福浦东店 units=3\n", "--db", db)
	out, errOut, code := run(t, "", "export", "reports", "--db", db, "--format", "csv", "--excel")
	if code != 0 || !strings.HasPrefix(out, "\ufeffid,") || !strings.Contains(out, "家乐福浦东店") {
		t.Errorf("--excel: exit %d %s\n%q", code, errOut, out)
	}
	if out, _, _ := run(t, "", "export", "reports", "--db", db, "--format", "csv"); !strings.HasPrefix(out, "id,") {
		t.Errorf("plain CSV starts %q", out[:min(len(out), 10)])
	}
}
