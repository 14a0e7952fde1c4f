package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
)

// campaignScript is what marketing does in the console before the exports:
// an east promotion (#1), a training for all (#2), a north event (#3), a
// promotion cancelled (#4); alice acknowledges #1 and the training.
const campaignScript = `@mia /campaign add kind=promotion title="Double 12; big, bold" start=2026-11-20 end=2026-12-12 regions=east description="Shelf talkers, end caps" materials="吊旗、价签"
@mia /training add title="New SKU selling points" at="2026-12-02 14:00" duration=90m where="Room 3, floor 2" audience=all topic=selling_points
@mia /campaign add kind=event title=Roadshow start=2026-12-05 end=2026-12-06 regions=north
@mia /campaign add kind=brand title="Spring push" start=2027-03-01 end=2027-03-31 regions=east,north
@mia /campaign cancel 4
@alice /ack 1
@alice /ack 2
`

// campaignsDB is a database with campaignScript done.
func campaignsDB(t *testing.T) string {
	t.Helper()
	db := tempDB(t)
	if out, errOut, code := run(t, campaignScript, "--db", db); code != 0 || strings.Contains(out, "not") {
		t.Fatalf("console: exit %d\n%s%s", code, out, errOut)
	}
	return db
}

type exportedCampaign struct {
	ID              uint64   `json:"id"`
	Kind            string   `json:"kind"`
	Title           string   `json:"title"`
	Start           string   `json:"start"`
	End             string   `json:"end"`
	At              string   `json:"at"`
	DurationMinutes int      `json:"duration_minutes"`
	Regions         []string `json:"regions"`
	Status          string   `json:"status"`
	Where           string   `json:"where"`
	Acks            []struct {
		Person string `json:"person"`
		At     string `json:"at"`
	} `json:"acks"`
}

func TestExportCampaigns(t *testing.T) {
	db := campaignsDB(t)
	out, errOut, code := run(t, "", "export", "campaigns", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got []exportedCampaign
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var c exportedCampaign
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		got = append(got, c)
	}
	if len(got) != 4 {
		t.Fatalf("%d campaigns, want 4:\n%s", len(got), out)
	}
	promo, training, event, brand := got[0], got[1], got[2], got[3]
	if promo.Kind != "promotion" || promo.Title != "Double 12; big, bold" || promo.Start != "2026-11-20" || promo.End != "2026-12-12" ||
		!slices.Equal(promo.Regions, []string{"east"}) || promo.Status != "active" {
		t.Errorf("promotion = %+v", promo)
	}
	if len(promo.Acks) != 1 || promo.Acks[0].Person != "alice" || promo.Acks[0].At != "2026-11-28T12:00:00+08:00" {
		t.Errorf("promotion acks = %+v, want alice at the console's time", promo.Acks)
	}
	if training.Kind != "training" || training.At != "2026-12-02T14:00:00+08:00" || training.DurationMinutes != 90 ||
		training.Start != "2026-12-02" || !slices.Equal(training.Regions, []string{"all"}) || training.Status != "upcoming" ||
		training.Where != "Room 3, floor 2" || len(training.Acks) != 1 {
		t.Errorf("training = %+v", training)
	}
	if event.Status != "upcoming" || event.Acks == nil || len(event.Acks) != 0 {
		t.Errorf("event = %+v, want upcoming with an empty list of acks", event)
	}
	if brand.Status != "cancelled" || !slices.Equal(brand.Regions, []string{"east", "north"}) {
		t.Errorf("brand = %+v", brand)
	}

	// --region keeps what concerns the region.
	out, _, _ = run(t, "", "export", "campaigns", "--db", db, "--region", "north")
	if strings.Contains(out, `"id":1,`) || !strings.Contains(out, `"id":2,`) || !strings.Contains(out, `"id":3,`) {
		t.Errorf("north's campaigns:\n%s", out)
	}

	out, errOut, code = run(t, "", "export", "campaigns", "--db", db, "--format", "csv")
	if code != 0 {
		t.Fatalf("csv: exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 5 {
		t.Fatalf("csv: %d rows, %v:\n%s", len(rows), err, out)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, h := range []string{"id", "kind", "title", "start", "end", "regions", "status", "acks"} {
		if _, ok := col[h]; !ok {
			t.Errorf("csv has no %s column: %v", h, rows[0])
		}
	}
	if r := rows[1]; r[col["acks"]] != "alice@2026-11-28T12:00:00+08:00" || r[col["title"]] != "Double 12; big, bold" {
		t.Errorf("csv row 1 = %q", r)
	}
	if r := rows[4]; r[col["regions"]] != "east;north" || r[col["status"]] != "cancelled" || r[col["acks"]] != "" {
		t.Errorf("csv row 4 = %q", r)
	}
}

func TestExportCalendar(t *testing.T) {
	db := campaignsDB(t)
	out, errOut, code := run(t, "", "export", "calendar", "--db", db, "--region", "east", "--format", "ics")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, out)
	}
	var uids []string
	for _, e := range cal.Events() {
		uids = append(uids, e.Id())
	}
	slices.Sort(uids)
	if want := []string{"campaign-1@fieldloop", "campaign-2@fieldloop", "campaign-4@fieldloop"}; !slices.Equal(uids, want) {
		t.Errorf("east's events %v, want %v (not north's roadshow)", uids, want)
	}
	for _, want := range []string{"X-WR-CALNAME:Promotion calendar: East China\r\n", "SUMMARY:Promotion: Double 12\\; big\\, bold\r\n",
		"DTSTART;VALUE=DATE:20261120\r\n", "DTEND;VALUE=DATE:20261213\r\n", "DTSTART;TZID=Asia/Shanghai:20261202T140000\r\n",
		"DTEND;TZID=Asia/Shanghai:20261202T153000\r\n", "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n", "STATUS:CANCELLED\r\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("the calendar lacks %q:\n%s", want, out)
		}
	}

	// Without --region, everything; --out writes a file.
	file := filepath.Join(t.TempDir(), "all.ics")
	if _, errOut, code := run(t, "", "export", "calendar", "--db", db, "--lang", "zh", "--out", file); code != 0 {
		t.Fatalf("--out: exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(file)
	if out := string(data); err != nil || strings.Count(out, "BEGIN:VEVENT") != 4 || !strings.Contains(out, "X-WR-CALNAME:促销日历：全部区域") {
		t.Errorf("the whole calendar, in Chinese (%v):\n%s", err, out)
	}
}

func TestExportCampaignsUsage(t *testing.T) {
	db := campaignsDB(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "calendar", "--format", "csv"}, `unknown format "csv": the calendar is ics`},
		{[]string{"export", "campaigns", "--format", "ics"}, `unknown format "ics": use jsonl or csv`},
		{[]string{"export", "calendar", "--region", "south"}, `--region: no region "south" (regions: east, north)`},
		{[]string{"export", "calendars"}, "say what to export: reports, messages, campaigns, calendar or people"},
	} {
		_, errOut, code := run(t, "", append(tc.args, "--db", db)...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}
