package value

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func parseSpec(t *testing.T, spec string) *Recurrence {
	t.Helper()
	r, err := ParseEvery(spec)
	if err != nil {
		if r, err = ParseCron(spec); err != nil {
			t.Fatalf("%q: %v", spec, err)
		}
	}
	return r
}

func TestRecurrenceNext(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	ny := mustLoad(t, "America/New_York")
	natDay := func(d time.Time) bool { return d.Month() == 10 && d.Day() >= 1 && d.Day() <= 7 }
	tests := []struct {
		spec    string
		loc     *time.Location
		after   string // RFC 3339
		want    string
		holiday Holidays
	}{
		{"daily 18:00", sh, "2026-11-28T10:00:00+08:00", "2026-11-28T18:00:00+08:00", nil},
		{"daily 18:00", sh, "2026-11-28T18:00:00+08:00", "2026-11-29T18:00:00+08:00", nil},    // strictly after
		{"workdays 18:00", sh, "2026-11-27T19:00:00+08:00", "2026-11-30T18:00:00+08:00", nil}, // Fri evening → Mon
		{"workdays 18:00", sh, "2026-09-30T19:00:00+08:00", "2026-10-08T18:00:00+08:00", natDay},
		{"daily 09:00", sh, "2026-09-30T19:00:00+08:00", "2026-10-08T09:00:00+08:00", natDay},
		{"weekly fri 18:00", sh, "2026-11-28T10:00:00+08:00", "2026-12-04T18:00:00+08:00", nil},
		{"weekly Friday 18:00", sh, "2026-12-04T17:59:00+08:00", "2026-12-04T18:00:00+08:00", nil},
		{"monthly 1 09:00", sh, "2026-11-28T10:00:00+08:00", "2026-12-01T09:00:00+08:00", nil},
		{"0 18 * * 1-5", sh, "2026-11-28T10:00:00+08:00", "2026-11-30T18:00:00+08:00", nil},
		{"30 9 1,15 * *", sh, "2026-11-02T00:00:00+08:00", "2026-11-15T09:30:00+08:00", nil},
		{"0 18 * * sun", sh, "2026-11-28T10:00:00+08:00", "2026-11-29T18:00:00+08:00", nil},
		{"0 18 * * 7", sh, "2026-11-28T10:00:00+08:00", "2026-11-29T18:00:00+08:00", nil},
		{"0 12 13 * fri", sh, "2026-11-01T00:00:00+08:00", "2026-11-06T12:00:00+08:00", nil}, // either day field
		// New York, spring forward (8 March 2026, 02:00 → 03:00) and fall back (1 November, 02:00 → 01:00).
		{"daily 18:00", ny, "2026-03-07T19:00:00-05:00", "2026-03-08T18:00:00-04:00", nil},
		{"daily 18:00", ny, "2026-10-31T19:00:00-04:00", "2026-11-01T18:00:00-05:00", nil},
		{"30 2 * * *", ny, "2026-03-07T03:00:00-05:00", "2026-03-08T03:30:00-04:00", nil}, // in the gap: once, after it
		{"30 2 * * *", ny, "2026-03-08T03:30:00-04:00", "2026-03-09T02:30:00-04:00", nil},
		{"30 1 * * *", ny, "2026-10-31T02:00:00-04:00", "2026-11-01T01:30:00-04:00", nil}, // twice on the clock, once here
		{"30 1 * * *", ny, "2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00", nil},
	}
	for _, tt := range tests {
		r := parseSpec(t, tt.spec)
		after, _ := time.Parse(time.RFC3339, tt.after)
		got, ok := r.Next(after, tt.loc, tt.holiday)
		want, _ := time.Parse(time.RFC3339, tt.want)
		if !ok || !got.Equal(want) {
			t.Errorf("%q after %s = %s, want %s", tt.spec, tt.after, got.Format(time.RFC3339), tt.want)
		}
		if prev, ok := r.Prev(got, tt.loc, tt.holiday); !ok || !prev.Before(got) || !prev.After(after.Add(-400*24*time.Hour)) {
			t.Errorf("%q: Prev(%s) = %s", tt.spec, got, prev)
		} else if next, _ := r.Next(prev, tt.loc, tt.holiday); !next.Equal(got) {
			t.Errorf("%q: Next(Prev(%s)) = %s", tt.spec, got, next)
		}
	}
}

func TestRecurrenceRefusals(t *testing.T) {
	every := []string{"", "daily", "daily 25:00", "daily 18", "daily 18:7", "hourly 18:00", "weekly 18:00", "weekly fry 18:00", "monthly 31 09:00", "monthly x 09:00"}
	for _, s := range every {
		if _, err := ParseEvery(s); err == nil {
			t.Errorf("ParseEvery(%q) accepted", s)
		}
	}
	cron := []string{"", "* * * *", "60 * * * *", "0 24 * * *", "0 18 32 * *", "0 18 * 13 *", "0 18 * * 8", "0 18 * * mon-", "5-1 * * * *",
		"*/0 * * * *", "* * * * *", "0 18 * * 1-5 extra", "a b c d e", "0,, * * * *", "0 18 * * */x"}
	for _, s := range cron {
		if _, err := ParseCron(s); err == nil {
			t.Errorf("ParseCron(%q) accepted", s)
		}
	}
}

func TestRecurrenceNever(t *testing.T) {
	r := parseSpec(t, "0 9 31 2 *")
	if _, ok := r.Next(time.Now(), time.UTC, nil); ok {
		t.Error("31 February matched")
	}
}

func FuzzParseCron(f *testing.F) {
	for _, s := range []string{"0 18 * * 1-5", "*/15 9-17 * * mon-fri", "0 0 1,15 jan-dec *", "1-2/3 4 5 6 7"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseCron(s)
		if err == nil {
			r.Next(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.UTC, nil)
		}
	})
}

// "monthly last" falls on each month's last day, whatever its length.
func TestMonthlyLast(t *testing.T) {
	r, err := ParseEvery("monthly last 18:00")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC)
	var got []string
	for range 4 {
		d, ok := r.Next(at, time.UTC, nil)
		if !ok {
			t.Fatal("no next")
		}
		got = append(got, d.Format("2006-01-02 15:04"))
		at = d
	}
	want := []string{"2027-01-31 18:00", "2027-02-28 18:00", "2027-03-31 18:00", "2027-04-30 18:00"}
	if !slices.Equal(got, want) {
		t.Errorf("monthly last: %v, want %v", got, want)
	}
}

func TestParseEveryChineseAndFullWidth(t *testing.T) {
	tests := []struct{ in, want string }{
		{"daily 18:00", "daily 18:00"},
		{"ｄａｉｌｙ　１８：００", "daily 18:00"},
		{"每天 18:00", "daily 18:00"},
		{"每日18:00", "daily 18:00"},
		{"工作日 18:00", "workdays 18:00"},
		{"每个工作日 18:00", "workdays 18:00"},
		{"每周五 18:00", "weekly fri 18:00"},
		{"每星期日 9:00", "weekly sun 9:00"},
		{"每月1日 09:00", "monthly 1 09:00"},
		{"每月15号 09:00", "monthly 15 09:00"},
		{"每月最后一天 18:00", "monthly last 18:00"},
		{"每月底 18:00", "monthly last 18:00"},
	}
	for _, tt := range tests {
		r, err := ParseEvery(tt.in)
		if err != nil || r.Spec != tt.want {
			t.Errorf("ParseEvery(%q) = %v, %v; want the spec %q", tt.in, r, err, tt.want)
		}
	}
	if r, err := ParseCron("０ １８ ＊ ＊ １－５"); err != nil || r.Spec != "0 18 * * 1-5" {
		t.Errorf("full-width cron: %v, %v", r, err)
	}
}

// An error quotes what it could not read, cut short.
func TestRecurrenceErrorsQuoteShort(t *testing.T) {
	long := strings.Repeat("x", 100_000)
	for _, spec := range []string{long + " 18:00", "daily " + long, "weekly " + long + " 18:00", "monthly " + long + " 18:00"} {
		if _, err := ParseEvery(spec); err == nil || len(err.Error()) > 200 {
			t.Errorf("ParseEvery(%.20q…) = %.100v…", spec, err)
		}
	}
	for _, spec := range []string{long + " 18 * * *", "0 18 * * " + long, "0 18 */" + long + " * *", "0 18 9-" + long + " * *"} {
		if _, err := ParseCron(spec); err == nil || len(err.Error()) > 200 {
			t.Errorf("ParseCron(%.20q…) = %.100v…", spec, err)
		}
	}
}

// ProblemKeys lists every key a Problem is made with, so that the
// catalogue's test of them covers all.
func TestProblemKeysComplete(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	made := regexp.MustCompile(`problem\("([a-z.]+)"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range made.FindAllStringSubmatch(string(src), -1) {
			if !slices.Contains(ProblemKeys, m[1]) {
				t.Errorf("%s makes a Problem %q that ProblemKeys lacks", f, m[1])
			}
		}
	}
}
