package export_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/export"
)

var (
	shanghai = mustZone("Asia/Shanghai")
	berlin   = mustZone("Europe/Berlin")
	// stamp is the DTSTAMP of every test calendar.
	stamp = time.Date(2026, 11, 28, 4, 0, 0, 0, time.UTC)
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func testOrg(loc *time.Location, lang bot.Lang) *bot.Org {
	return bot.NewOrg(loc, lang, nil, []bot.Region{{ID: "east", Name: "East China"}, {ID: "north", Name: "North China"}},
		[]bot.Person{{ID: "mia", Name: "Mia", Roles: []bot.Role{bot.RoleMarketing}}})
}

// Text that needs every kind of escaping, and Chinese long enough to be
// folded in the middle of a line.
const (
	trickyTitle = `Double 11; big, "bold" sale \ 双十一`
	trickyDesc  = "Line one, with a comma; a semicolon\nLine two \\ backslash\r\nLine three"
	longChinese = "双十一大促物料：端架、堆头、吊旗、价签、试吃台、海报、跳跳卡、地贴，每家门店各一套，请在十月三十日前完成陈列并拍照上报。"
)

func testCampaigns(loc *time.Location) []*bot.Campaign {
	created := time.Date(2026, 10, 20, 9, 0, 0, 0, loc)
	return []*bot.Campaign{
		{ID: 7, Kind: "promotion", Title: trickyTitle, Description: trickyDesc, Materials: longChinese,
			Start: "2026-11-01", End: "2026-11-11", Audience: bot.Audience{Regions: []string{"east"}}, CreatedAt: created},
		{ID: 8, Kind: bot.KindTraining, Title: "New SKU selling points", At: time.Date(2026, 12, 2, 14, 0, 0, 0, loc),
			Duration: 90 * time.Minute, Where: "Room 3, floor 2", Topic: "selling_points", Start: "2026-12-02", End: "2026-12-02",
			Audience: bot.Audience{All: true}, CreatedAt: created, UpdatedAt: created.Add(time.Hour)},
		{ID: 9, Kind: "event", Title: "Roadshow", Start: "2026-11-20", End: "2026-11-20", Cancelled: true,
			Audience: bot.Audience{Regions: []string{"north"}}, CreatedAt: created, UpdatedAt: created.Add(2 * time.Hour)},
		{ID: 10, Kind: bot.KindTraining, Title: "Product basics", At: time.Date(2027, 1, 5, 9, 30, 0, 0, loc),
			Start: "2027-01-05", End: "2027-01-05", Audience: bot.Audience{Regions: []string{"east"}}},
	}
}

// writeCalendar writes and parses a calendar, checking the physical form
// on the way: CRLF line ends, lines of at most 75 octets, folding only
// between whole UTF-8 characters.
func writeCalendar(t *testing.T, org *bot.Org, cs []*bot.Campaign, name string) (*ics.Calendar, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := export.Calendar(&buf, org, cs, stamp, name); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	if !strings.HasSuffix(text, "END:VCALENDAR\r\n") {
		t.Errorf("the calendar does not end with END:VCALENDAR and CRLF")
	}
	for i, line := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
		}
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("line %d was folded inside a UTF-8 character: %q", i+1, line)
		}
	}
	cal, err := ics.ParseCalendar(strings.NewReader(text))
	if err != nil {
		t.Fatalf("golang-ical cannot parse it: %v\n%s", err, text)
	}
	return cal, text
}

func prop(c *ics.ComponentBase, p ics.ComponentProperty) string {
	if v := c.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

func param(c *ics.ComponentBase, p ics.ComponentProperty, name string) string {
	if v := c.GetProperty(p); v != nil && len(v.ICalParameters[name]) == 1 {
		return v.ICalParameters[name][0]
	}
	return ""
}

func calProp(cal *ics.Calendar, name string) string {
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == name {
			return p.Value
		}
	}
	return ""
}

func eventsByUID(cal *ics.Calendar) map[string]*ics.VEvent {
	out := map[string]*ics.VEvent{}
	for _, e := range cal.Events() {
		out[e.Id()] = e
	}
	return out
}

func TestCalendar(t *testing.T) {
	org := testOrg(shanghai, bot.English)
	cal, text := writeCalendar(t, org, testCampaigns(shanghai), "Promotion calendar: East, North; all")

	for name, want := range map[string]string{
		"VERSION": "2.0", "PRODID": "-//fieldloop//fieldloop//EN", "CALSCALE": "GREGORIAN", "METHOD": "PUBLISH",
		"X-WR-CALNAME": "Promotion calendar: East, North; all", "X-WR-TIMEZONE": "Asia/Shanghai",
	} {
		if got := calProp(cal, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	events := eventsByUID(cal)
	if len(events) != 4 {
		t.Fatalf("%d events, want 4: %v", len(events), events)
	}

	promo := events["campaign-7@fieldloop"]
	if promo == nil {
		t.Fatalf("no campaign-7@fieldloop among %v", events)
	}
	c := &promo.ComponentBase
	if got, want := prop(c, ics.ComponentPropertySummary), "Promotion: "+trickyTitle; got != want {
		t.Errorf("SUMMARY = %q, want %q", got, want)
	}
	wantDesc := "Line one, with a comma; a semicolon\nLine two \\ backslash\nLine three\nMaterials: " + longChinese + "\nRegions: East China"
	if got := prop(c, ics.ComponentPropertyDescription); got != wantDesc {
		t.Errorf("DESCRIPTION = %q, want %q", got, wantDesc)
	}
	unfolded := strings.ReplaceAll(text, "\r\n ", "")
	if !strings.Contains(unfolded, `X-WR-CALNAME:Promotion calendar: East\, North\; all`) {
		t.Errorf("X-WR-CALNAME is not escaped:\n%s", text)
	}
	if !strings.Contains(unfolded, `SUMMARY:Promotion: Double 11\; big\, "bold" sale \\ 双十一`) {
		t.Errorf("SUMMARY is not escaped as RFC 5545 says:\n%s", text)
	}
	if !strings.Contains(unfolded, `DESCRIPTION:Line one\, with a comma\; a semicolon\nLine two \\ backslash\nLine`) {
		t.Errorf("DESCRIPTION is not escaped as RFC 5545 says:\n%s", text)
	}
	if !strings.Contains(text, "\r\n ") {
		t.Errorf("no line was folded, though the materials are long")
	}
	// All day, and DTEND is the day after the last.
	if got := param(c, ics.ComponentPropertyDtStart, "VALUE"); got != "DATE" {
		t.Errorf("DTSTART VALUE = %q, want DATE", got)
	}
	if s, e := prop(c, ics.ComponentPropertyDtStart), prop(c, ics.ComponentPropertyDtEnd); s != "20261101" || e != "20261112" {
		t.Errorf("DTSTART %s DTEND %s, want 20261101 and the exclusive 20261112", s, e)
	}
	if end, err := promo.GetAllDayEndAt(); err != nil || end.Format(time.DateOnly) != "2026-11-12" {
		t.Errorf("all-day end %v, %v", end, err)
	}
	for p, want := range map[ics.ComponentProperty]string{
		ics.ComponentPropertyDtstamp: "20261128T040000Z", ics.ComponentPropertySequence: "0",
		ics.ComponentPropertyStatus: "CONFIRMED", ics.ComponentPropertyTransp: "TRANSPARENT",
		ics.ComponentPropertyCreated: "20261020T010000Z",
	} {
		if got := prop(c, p); got != want {
			t.Errorf("campaign %s = %q, want %q", p, got, want)
		}
	}

	training := &events["campaign-8@fieldloop"].ComponentBase
	if got := param(training, ics.ComponentPropertyDtStart, "TZID"); got != "Asia/Shanghai" {
		t.Errorf("training DTSTART TZID = %q", got)
	}
	if s, e := prop(training, ics.ComponentPropertyDtStart), prop(training, ics.ComponentPropertyDtEnd); s != "20261202T140000" || e != "20261202T153000" {
		t.Errorf("training DTSTART %s DTEND %s, want 14:00 to 15:30", s, e)
	}
	if start, err := training.GetStartAt(); err != nil || !start.Equal(time.Date(2026, 12, 2, 6, 0, 0, 0, time.UTC)) {
		t.Errorf("training starts %v, %v; want 06:00 UTC", start, err)
	}
	if got := prop(training, ics.ComponentPropertyLocation); got != "Room 3, floor 2" {
		t.Errorf("LOCATION = %q", got)
	}
	if got, want := prop(training, ics.ComponentPropertyDescription), "Where: Room 3, floor 2\nTopic: selling points\nRegions: all regions"; got != want {
		t.Errorf("training DESCRIPTION = %q, want %q", got, want)
	}
	if got := prop(training, ics.ComponentPropertySequence); got != "1" {
		t.Errorf("an edited training's SEQUENCE = %q, want 1", got)
	}
	if got := prop(training, ics.ComponentPropertyTransp); got != "" {
		t.Errorf("a training is TRANSP %q; it should keep the default, busy", got)
	}
	// Without a duration, an hour.
	short := &events["campaign-10@fieldloop"].ComponentBase
	if e := prop(short, ics.ComponentPropertyDtEnd); e != "20270105T103000" {
		t.Errorf("training without a duration ends %s, want an hour after 09:30", e)
	}

	cancelled := &events["campaign-9@fieldloop"].ComponentBase
	if got := prop(cancelled, ics.ComponentPropertyStatus); got != "CANCELLED" {
		t.Errorf("cancelled STATUS = %q", got)
	}
	if got := prop(cancelled, ics.ComponentPropertySummary); got != "Event: Roadshow (CANCELLED)" {
		t.Errorf("cancelled SUMMARY = %q", got)
	}
	if got := prop(cancelled, ics.ComponentPropertySequence); got != "2" {
		t.Errorf("cancelled SEQUENCE = %q, want 2", got)
	}

	// One VTIMEZONE for the zone used, covering 2026 and 2027, when
	// Shanghai kept +08:00 throughout.
	zones := cal.Timezones()
	if len(zones) != 1 || prop(&zones[0].ComponentBase, ics.ComponentPropertyTzid) != "Asia/Shanghai" {
		t.Fatalf("VTIMEZONEs %v, want one for Asia/Shanghai", zones)
	}
	obs := zones[0].Components
	if len(obs) != 1 {
		t.Fatalf("%d observances, want 1", len(obs))
	}
	std, ok := obs[0].(*ics.Standard)
	if !ok {
		t.Fatalf("observance %T, want STANDARD", obs[0])
	}
	for p, want := range map[ics.ComponentProperty]string{
		ics.ComponentPropertyDtStart: "20260101T000000", "TZOFFSETFROM": "+0800", "TZOFFSETTO": "+0800", "TZNAME": "CST",
	} {
		if got := prop(&std.ComponentBase, p); got != want {
			t.Errorf("STANDARD %s = %q, want %q", p, got, want)
		}
	}
}

// A zone with daylight saving gets each change of the trainings' years, at
// its wall-clock time before the change.
func TestCalendarDaylightSaving(t *testing.T) {
	org := testOrg(berlin, bot.English)
	cal, _ := writeCalendar(t, org, testCampaigns(berlin)[1:2], "Berlin") // the training of 2026 only
	zones := cal.Timezones()
	if len(zones) != 1 {
		t.Fatalf("%d VTIMEZONEs, want 1", len(zones))
	}
	type observance struct{ kind, start, from, to, name string }
	var got []observance
	for _, o := range zones[0].Components {
		var base *ics.ComponentBase
		kind := "STANDARD"
		switch o := o.(type) {
		case *ics.Standard:
			base = &o.ComponentBase
		case *ics.Daylight:
			base, kind = &o.ComponentBase, "DAYLIGHT"
		default:
			t.Fatalf("unexpected %T in VTIMEZONE", o)
		}
		got = append(got, observance{kind, prop(base, ics.ComponentPropertyDtStart), prop(base, "TZOFFSETFROM"),
			prop(base, "TZOFFSETTO"), prop(base, "TZNAME")})
	}
	want := []observance{
		{"STANDARD", "20260101T000000", "+0100", "+0100", "CET"},
		{"DAYLIGHT", "20260329T020000", "+0100", "+0200", "CEST"},
		{"STANDARD", "20261025T030000", "+0200", "+0100", "CET"},
	}
	if len(got) != len(want) {
		t.Fatalf("observances %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("observance %d = %v, want %v", i, got[i], want[i])
		}
	}
}

// In UTC, times are written in UTC and no VTIMEZONE is needed; labels
// follow the org's language.
func TestCalendarUTCAndChinese(t *testing.T) {
	org := testOrg(time.UTC, bot.Chinese)
	cal, text := writeCalendar(t, org, testCampaigns(time.UTC), bot.FeedName(org, "east", bot.Chinese))
	if strings.Contains(text, "VTIMEZONE") || strings.Contains(text, "TZID") {
		t.Errorf("a UTC calendar has time zones:\n%s", text)
	}
	if got := calProp(cal, "X-WR-CALNAME"); got != "促销日历：East China" {
		t.Errorf("X-WR-CALNAME = %q", got)
	}
	events := eventsByUID(cal)
	training := &events["campaign-8@fieldloop"].ComponentBase
	if s := prop(training, ics.ComponentPropertyDtStart); s != "20261202T140000Z" {
		t.Errorf("DTSTART = %q, want UTC", s)
	}
	if got := prop(training, ics.ComponentPropertySummary); got != "培训：New SKU selling points" {
		t.Errorf("SUMMARY = %q", got)
	}
	if got := prop(&events["campaign-9@fieldloop"].ComponentBase, ics.ComponentPropertySummary); got != "促销/公关活动：Roadshow（已取消）" {
		t.Errorf("cancelled SUMMARY = %q", got)
	}
	if got := prop(training, ics.ComponentPropertyDescription); !strings.Contains(got, "主题：卖点诉求") {
		t.Errorf("DESCRIPTION = %q, want the topic in Chinese", got)
	}
}

// An empty calendar is still a valid one.
func TestCalendarEmpty(t *testing.T) {
	cal, _ := writeCalendar(t, testOrg(shanghai, bot.English), nil, "nothing")
	if len(cal.Events()) != 0 || calProp(cal, "VERSION") != "2.0" {
		t.Errorf("empty calendar: %d events, version %q", len(cal.Events()), calProp(cal, "VERSION"))
	}
}

// Folding cuts at 75 octets, before a character that would not fit.
func TestCalendarFolding(t *testing.T) {
	title := strings.Repeat("培", 60) // 180 octets
	cs := []*bot.Campaign{{ID: 1, Kind: "brand", Title: title, Start: "2026-01-01", End: "2026-01-01", Audience: bot.Audience{All: true}}}
	cal, text := writeCalendar(t, testOrg(shanghai, bot.English), cs, "x")
	if got := prop(&cal.Events()[0].ComponentBase, ics.ComponentPropertySummary); got != "Brand push: "+title {
		t.Errorf("SUMMARY after unfolding = %q", got)
	}
	i := strings.Index(text, "SUMMARY:")
	first := text[i : i+strings.Index(text[i:], "\r\n")]
	// "SUMMARY:Brand push: " is 20 octets; 18 characters of 3 fit in 75.
	if len(first) != 74 {
		t.Errorf("first SUMMARY line is %d octets, want 74 (75 would cut a character): %q", len(first), first)
	}
}

// A training given in another zone (tz=) keeps it in the feed: its own
// TZID and VTIMEZONE beside the org's.
func TestCalendarTrainingInItsOwnZone(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	org := testOrg(shanghai, bot.English)
	cs := testCampaigns(shanghai)[1:2]
	berlinTraining := &bot.Campaign{ID: 11, Kind: bot.KindTraining, Title: "Berlin briefing", Zone: "Europe/Berlin",
		At: time.Date(2026, 12, 10, 9, 0, 0, 0, berlin), Start: "2026-12-10", End: "2026-12-10", Audience: bot.Audience{All: true}}
	cal, text := writeCalendar(t, org, append(cs, berlinTraining), "Both")
	if n := len(cal.Timezones()); n != 2 {
		t.Errorf("%d VTIMEZONEs, want the org's and Berlin's", n)
	}
	for _, want := range []string{"DTSTART;TZID=Asia/Shanghai:20261202T140000", "DTSTART;TZID=Europe/Berlin:20261210T090000"} {
		if !strings.Contains(text, want) {
			t.Errorf("calendar lacks %s", want)
		}
	}
}
