package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/storage"
)

// fixedNow is the clock of every end-to-end test: a Saturday noon in
// Shanghai.
var fixedNow = time.Date(2026, 11, 28, 4, 0, 0, 0, time.UTC)

// run runs fieldloop with args and input, as a user would from a shell,
// and returns standard output, standard error and the exit code.
func run(t *testing.T, input string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runEnv(t, nil, input, args...)
}

// runEnv is run with environment variables.
func runEnv(t *testing.T, env map[string]string, input string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	no := false
	m := &Main{Stdin: strings.NewReader(input), Stdout: &out, Stderr: &errOut, Now: func() time.Time { return fixedNow },
		Getenv: func(k string) string { return env[k] }, Interactive: &no}
	code = m.Run(context.Background(), args)
	return out.String(), errOut.String(), code
}

func tempDB(t *testing.T) string { return filepath.Join(t.TempDir(), "fieldloop.db") }

type exported struct {
	ID        uint64         `json:"id"`
	Kind      string         `json:"kind"`
	Person    string         `json:"person"`
	Region    string         `json:"region"`
	CreatedAt string         `json:"created_at"`
	Fields    map[string]any `json:"fields"`
	Deleted   bool           `json:"deleted"`
}

func exportReports(t *testing.T, db string, args ...string) []exported {
	t.Helper()
	out, errOut, code := run(t, "", append([]string{"export", "reports", "--db", db}, args...)...)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	var list []exported
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var e exported
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("export line %q: %v", sc.Text(), err)
		}
		list = append(list, e)
	}
	return list
}

var savedID = regexp.MustCompile(`Saved report #(\d+)`)

// Every kind filed inline in the console is confirmed with the id that the
// export then shows, with the values exact.
func TestConsoleEveryKindInline(t *testing.T) {
	db := tempDB(t)
	lines := map[string]string{
		"display":    `/report display outlet="Carrefour Pudong" facings=6 position=endcap compliant=yes note="new shelf"`,
		"stock":      `/report stock outlet=Lotus sku=SKU-9 on_shelf=40 out_of_stock=no`,
		"pop":        `/report pop material="shelf talker" quantity=20 outlets="Lotus, Metro" campaign=1`,
		"outlets":    `/report outlets new_outlets=4 total_outlets=120 coverage=37.5%`,
		"sales":      `/report sales outlet=Metro units=1,200 amount=3,200.55`,
		"promo":      `/report promo campaign=#1 outlet=Metro response=strong`,
		"region":     `/report region period=2026-q4 revenue=1.5万 highlights="two chains signed"`,
		"competitor": `/report competitor brand=BrandX activity="price cut" price=¥39.90`,
		"customer":   `/report customer customer=华联超市 sentiment=negative note="late deliveries"`,
		"payment":    `/report payment customer=Metro due=10000 collected=2500.10 due_date=2026-12-31`,
	}
	want := map[string]map[string]any{
		"display":    {"outlet": "Carrefour Pudong", "facings": 6.0, "position": "endcap", "compliant": true, "note": "new shelf"},
		"stock":      {"outlet": "Lotus", "sku": "SKU-9", "on_shelf": 40.0, "out_of_stock": false},
		"pop":        {"material": "shelf talker", "quantity": 20.0, "outlets": "Lotus, Metro", "campaign": "1"},
		"outlets":    {"new_outlets": 4.0, "total_outlets": 120.0, "coverage": 37.5},
		"sales":      {"outlet": "Metro", "units": 1200.0, "amount": "3200.55"},
		"promo":      {"campaign": "1", "outlet": "Metro", "response": "strong"},
		"region":     {"period": "2026-Q4", "revenue": "15000.00", "highlights": "two chains signed"},
		"competitor": {"brand": "BrandX", "activity": "price_cut", "price": "39.90"},
		"customer":   {"customer": "华联超市", "sentiment": "negative", "note": "late deliveries"},
		"payment":    {"customer": "Metro", "due": "10000.00", "collected": "2500.10", "due_date": "2026-12-31"},
	}
	run(t, `@mia /campaign add kind=promotion title="Double 12" start=2026-11-20 end=2026-12-12 regions=all`+"\n", "--db", db)
	ids := map[string]string{}
	for kind, line := range lines {
		out, _, code := run(t, line+"\n", "--db", db)
		m := savedID.FindStringSubmatch(out)
		if code != 0 || m == nil {
			t.Fatalf("%s: exit %d, output %q", kind, code, out)
		}
		ids[m[1]] = kind
	}
	got := exportReports(t, db)
	if len(got) != len(lines) {
		t.Fatalf("export has %d reports, want %d", len(got), len(lines))
	}
	for _, r := range got {
		kind := ids[jsonID(r.ID)]
		if kind != r.Kind {
			t.Errorf("export id %d is %s, confirmation said %s", r.ID, r.Kind, kind)
			continue
		}
		if r.Person != "alice" || r.Region != "east" || r.Deleted || r.CreatedAt != "2026-11-28T12:00:00+08:00" {
			t.Errorf("%s: person %s region %s deleted %v created %s", kind, r.Person, r.Region, r.Deleted, r.CreatedAt)
		}
		if !equalFields(r.Fields, want[kind]) {
			t.Errorf("%s fields = %v, want %v", kind, r.Fields, want[kind])
		}
	}
}

func jsonID(id uint64) string { return strconv.FormatUint(id, 10) }

func equalFields(got, want map[string]any) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

// Each kind of bad input is refused with a message that names the field
// and shows an example, and nothing is stored.
func TestConsoleBadInputStoresNothing(t *testing.T) {
	tests := []struct {
		line string
		want []string
	}{
		{`/report sails units=3`, []string{"no report kind “sails”", "sales (Outlet sales)"}},
		{`/report sales units=3 colour=red`, []string{"no field “colour”", "outlet, sku, units, amount, note", "Example: /report sales units=12"}},
		{`/report sales amount=300`, []string{"Units (units) is required", "units=12"}},
		{`/report sales units=three`, []string{"Units (units) must be a whole number", "12"}},
		{`/report sales units=3 amount=3.141`, []string{"Amount (amount)", "at most 2 decimals", "3,200.50"}},
		{`/report promo campaign=3 response=great`, []string{"Response (response) must be one of: strong, ok, weak"}},
		{`/report payment customer=X due=5 due_date=2026-13-01`, []string{"Due date (due_date) must be a date like 2026-12-31"}},
		{`/report display outlet=X compliant=perhaps`, []string{"Matches plan (compliant) must be yes or no"}},
		{`/report outlets new_outlets=1 coverage=140`, []string{"Coverage (coverage) must be a percentage from 0 to 100"}},
		{`/report region period=Q4 revenue=5`, []string{"Period (period) must be a period", "2026-Q4"}},
		{`/report sales units=1 units=2`, []string{"units is given twice"}},
		{`/report sales units="3`, []string{"quote is not closed"}},
	}
	db := tempDB(t)
	for _, tt := range tests {
		out, _, code := run(t, tt.line+"\n", "--db", db)
		if code != 0 {
			t.Errorf("%s: exit %d", tt.line, code)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s:\n%s\nwant it to contain %q", tt.line, out, w)
			}
		}
		if strings.Contains(out, "Saved") || strings.Contains(out, "[#marketing]") {
			t.Errorf("%s: something was saved or sent:\n%s", tt.line, out)
		}
	}
	if got := exportReports(t, db); len(got) != 0 {
		t.Errorf("bad input stored %d reports", len(got))
	}
}

func TestConsoleUnknownPersonRefused(t *testing.T) {
	db := tempDB(t)
	out, _, _ := run(t, "@stranger /report sales units=3\n", "--db", db)
	if !strings.Contains(out, "not in fieldloop's organisation") || !strings.Contains(out, "[Request access] /join") {
		t.Errorf("output %q", out)
	}
	if got := exportReports(t, db); len(got) != 0 {
		t.Errorf("stored %d reports for an unknown person", len(got))
	}
}

// Data and settings survive a restart.
func TestConsoleRestartKeepsData(t *testing.T) {
	db := tempDB(t)
	run(t, "/report sales units=7\n/lang zh\n", "--db", db)
	out, _, _ := run(t, "/report list\n", "--db", db)
	if !strings.Contains(out, "#1") || !strings.Contains(out, "销量：7") {
		t.Errorf("after restart: %q", out)
	}
}

func TestConsoleChinese(t *testing.T) {
	out, _, _ := run(t, "/lang zh\n/report sales units=x\n/help\n", "--db", tempDB(t))
	for _, w := range []string{"以后我用中文回复你", "销量（units）必须是整数", "fieldloop 命令"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

// The marketing feed is printed with its destination right after the
// reply, and a form in the console is asked field by field.
func TestConsoleFormAndFeed(t *testing.T) {
	input := strings.Join([]string{
		"/report",
		"5",     // kind: sales
		"Metro", // outlet
		"",      // sku skipped
		"lots",  // units: refused, asked again at once
		"14",    // units again
		"",      // amount skipped
		"",      // note skipped
		"@mia /report list",
	}, "\n")
	out, _, _ := run(t, input+"\n", "--db", tempDB(t))
	for _, w := range []string{
		"Units (units) must be a whole number",
		"Saved report #1 (Outlet sales): Outlet: Metro · Units: 14",
		"[#marketing] 📋 #1 Outlet sales · Alice Wang (East China) · Outlet: Metro · Units: 14",
		"#1 · 2026-11-28 12:00 · Outlet sales · Alice Wang",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func TestExportFailsFastWhileHeld(t *testing.T) {
	path := tempDB(t)
	db := storage.New(path)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	_, errOut, code := run(t, "", "export", "reports", "--db", path)
	if code == 0 || !strings.Contains(errOut, "in use by a running fieldloop") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("export took %v to fail", d)
	}
}

func TestExportCSV(t *testing.T) {
	db := tempDB(t)
	run(t, "/report sales outlet=\"Metro, Pudong\" units=3 amount=0.1\n/report delete 1\n", "--db", db)
	out, _, code := run(t, "", "export", "reports", "--db", db, "--format", "csv")
	want := "id,kind,person,region,created_at,deleted,outlet,sku,units,amount,note,currency\n" +
		"1,sales,alice,east,2026-11-28T12:00:00+08:00,true,\"Metro, Pudong\",,3,0.10,,CNY\n"
	if code != 0 || out != want {
		t.Errorf("exit %d, csv:\n%s\nwant:\n%s", code, out, want)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"bogus"}, {"export"}, {"export", "reports", "--format", "xml"}, {"console", "--as", "nobody"}} {
		_, errOut, code := run(t, "", args...)
		if code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		main() // fieldloop itself, for the tests that kill it (fault_test.go)
		return
	}
	os.Exit(m.Run())
}

// A text a spreadsheet would run as a formula is defused in CSV, and kept
// as typed in JSON Lines.
func TestExportCSVDefusesFormulas(t *testing.T) {
	db := tempDB(t)
	run(t, `/report sales outlet="=HYPERLINK(\"http://x.example\")" units=1`+"\n", "--db", db)
	out, _, _ := run(t, "", "export", "reports", "--db", db, "--format", "csv")
	if !strings.Contains(out, `"'=HYPERLINK(""http://x.example"")"`) {
		t.Errorf("csv:\n%s", out)
	}
	if got := exportReports(t, db); got[0].Fields["outlet"] != `=HYPERLINK("http://x.example")` {
		t.Errorf("jsonl outlet = %v", got[0].Fields["outlet"])
	}
}

// Console forms: Enter clears a refused optional value, a mistyped kind is
// asked again, and a command typed in the middle of a form stops the form
// and runs.
func TestConsoleFormRecovery(t *testing.T) {
	input := strings.Join([]string{
		"/report",
		"sails", // not a kind: asked again
		"5",     // sales
		"", "",  // outlet, sku
		"12",  // units
		"abc", // amount: refused, asked again at once
		"",    // amount again: Enter skips it now
		"",    // note
		"/report sales",
		"Metro",
		"/whoami", // stops the form, runs
	}, "\n")
	out, _, _ := run(t, input+"\n", "--db", tempDB(t))
	for _, w := range []string{
		"no report kind “sails”",
		"Saved report #1 (Outlet sales): Units: 12",
		"Cancelled; nothing was saved.",
		"You are Alice Wang",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "Saved report #2") {
		t.Errorf("the interrupted form saved a report:\n%s", out)
	}
}

// In a script that names who types each line, "@chen /cancel" cancels
// chen's form, and is not then run as a command of its own.
func TestConsoleCancelAsSomeone(t *testing.T) {
	out, _, _ := run(t, "@alice /report sales\n@alice /cancel\n", "--db", tempDB(t))
	if !strings.Contains(out, "Cancelled; nothing was saved.") || strings.Contains(out, "no /cancel") || strings.Contains(out, "There is no command") {
		t.Errorf("output %q", out)
	}
}
