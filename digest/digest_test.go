package digest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/digest"
	"github.com/fieldloop/fieldloop/internal/app"
	"github.com/fieldloop/fieldloop/internal/apptest"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// cli prints what `fieldloop digest` with o prints on a's store and
// organisation, at a's clock.
func cli(t *testing.T, a *apptest.App, o app.DigestOptions) string {
	t.Helper()
	var out bytes.Buffer
	if err := a.WriteDigest(context.Background(), o, &out); err != nil {
		t.Fatalf("fieldloop digest %+v: %v", o, err)
	}
	return out.String()
}

// cliJSON is cli's JSON output, decoded.
func cliJSON(t *testing.T, a *apptest.App, o app.DigestOptions) *digest.Digest {
	t.Helper()
	o.Format = "json"
	out := cli(t, a, o)
	var d digest.Digest
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	return &d
}

// to returns the texts of the pending messages to name.
func to(a *apptest.App, name string) []string {
	var out []string
	for _, m := range a.Pending() {
		if m.To.Name == name {
			out = append(out, m.Text)
		}
	}
	return out
}

// An item is overdue when its due date is before today, in the org's
// zone, whatever the period asked for and whoever asks.
func TestOverdueIsJudgedAgainstToday(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	a.Clock.Set(time.Date(2026, 12, 2, 10, 0, 0, 0, shanghai))
	for _, due := range []string{"2026-12-01", "2026-12-03", "2026-12-10"} {
		a.As("bob", "/report payment customer=C"+due+" due=1000 due_date="+due)
	}
	text := a.As("max", "/digest east 2026-12").Text
	if !strings.Contains(text, "Overdue: #1 ") || strings.Contains(text, "C2026-12-03") || strings.Contains(text, "C2026-12-10") {
		t.Errorf("on 2 December, only the payment due on the 1st is overdue:\n%s", text)
	}

	// Early on the 3rd in Shanghai, still the 2nd in UTC: the payment due
	// on the 2nd is overdue for the chat digest and the command alike.
	a.As("bob", "/report payment customer=Late2nd due=1000 due_date=2026-12-02")
	a.Clock.Set(time.Date(2026, 12, 2, 17, 0, 0, 0, time.UTC)) // a server's clock in UTC
	if text := a.As("max", "/digest east since=30d").Text; !strings.Contains(text, "Late2nd") {
		t.Errorf("chat: the payment due on the 2nd is not overdue on the 3rd:\n%s", text)
	}
	d := cliJSON(t, a, app.DigestOptions{Region: "east", Since: "30d"})
	if got := strings.Join(d.Payments.Overdue, "\n"); !strings.Contains(got, "Late2nd") || strings.Contains(got, "C2026-12-03") {
		t.Errorf("fieldloop digest: overdue %q", d.Payments.Overdue)
	}
}

// One digest, whichever way it is asked for: a subscription, /digest in
// chat and `fieldloop digest` read the same for the same region and
// span, the target included.
func TestOneDigestThreeWays(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	a.Clock.Set(time.Date(2026, 11, 27, 8, 0, 0, 0, shanghai))
	a.As("mia", "/target set region=east period=2026-11 amount=30,000")
	a.As("max", "/digest subscribe daily 08:30 east")
	a.As("ada", `/schedule add kind=sales audience=east every="daily 18:00" grace=2h`)
	if _, err := a.Scheduler.Tick(ctx, a.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	a.Clock.Set(time.Date(2026, 11, 27, 10, 0, 0, 0, shanghai))
	a.As("alice", "/report sales outlet=Metro units=3 amount=1,200")
	a.As("bob", "/report payment customer=Lotus due=500 due_date=2026-11-20")
	a.Clock.Set(time.Date(2026, 11, 28, 8, 30, 0, 0, shanghai))
	if _, err := a.Scheduler.Tick(ctx, a.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, m := range to(a, "max") {
		if !strings.HasPrefix(m, "⚠️") { // the early warnings also go to max
			msgs = append(msgs, m)
		}
	}
	if len(msgs) != 1 {
		t.Fatalf("the subscription: %q", msgs)
	}
	header, sub, _ := strings.Cut(msgs[0], "\n")
	if header != "Your digest, daily 08:30:" {
		t.Errorf("the subscription's header: %q", header)
	}
	chat := a.As("max", "/digest east since=2026-11-27T08:30:00+08:00").Text
	full := cli(t, a, app.DigestOptions{Region: "east", Since: "2026-11-27T08:30:00+08:00", Format: "text"})
	if sub != chat {
		t.Errorf("subscribed:\n%s\n\nchat:\n%s", sub, chat)
	}
	// The brief version is the full one cut short, and says how to get
	// the rest.
	brief := strings.Split(chat, "\n")
	if last := brief[len(brief)-1]; last != "Full version: /digest east since=2026-11-27T08:30:00+08:00 until=2026-11-28T08:30:00+08:00 full" {
		t.Errorf("the brief version ends with %q", last)
	}
	for _, line := range brief[:len(brief)-1] {
		if !strings.Contains(full, line+"\n") {
			t.Errorf("fieldloop digest lacks %q:\n%s", line, full)
		}
	}
	// The command it names, asked in chat, even later, is the full version.
	a.Clock.Set(a.Clock.Now().Add(2 * time.Hour))
	command := strings.TrimPrefix(brief[len(brief)-1], "Full version: ")
	if got := a.As("max", command).Text; got+"\n" != full {
		t.Errorf("%s in chat:\n%s\n\nfieldloop digest:\n%s", command, got, full)
	}
	for _, want := range []string{
		"1,200.00 against a target of 1,000.00 (pro-rated to the span): 120% (3 units).", // a day of a 30,000.00 month
		"Outlet sales: 1 deadline · on time 1 of 2 (50%) · late 0 · missed 1 — missing most: Bob Zhao 1",
	} {
		if !strings.Contains(sub, want) {
			t.Errorf("the subscription lacks %q:\n%s", want, sub)
		}
	}
}

// eastOrg is three reps in east, one in north, their manager and an
// admin, in Shanghai, but for the people named in leave; 25 November is a
// holiday.
func eastOrg(leave ...string) *bot.Org {
	rep := []bot.Role{bot.RoleRep}
	var people []bot.Person
	for _, p := range []bot.Person{
		{ID: "alice", Name: "Alice", Roles: rep, Region: "east", Manager: "max"},
		{ID: "bob", Name: "Bob", Roles: rep, Region: "east", Manager: "max"},
		{ID: "carl", Name: "Carl", Roles: rep, Region: "east", Manager: "max"},
		{ID: "chen", Name: "Chen", Roles: rep, Region: "north", Manager: "max"},
		{ID: "max", Name: "Max", Roles: []bot.Role{bot.RoleManager}, Region: "east"},
		{ID: "ada", Name: "Ada", Roles: []bot.Role{bot.RoleAdmin}},
	} {
		if !slices.Contains(leave, p.ID) {
			people = append(people, p)
		}
	}
	org := bot.NewOrg(shanghai, bot.English, nil, []bot.Region{{ID: "east", Name: "East"}, {ID: "north", Name: "North"}}, people)
	org.Holidays = []bot.DateRange{{From: "2026-11-25", To: "2026-11-25"}}
	return org
}

// nov is a time in November 2026 in Shanghai.
func nov(day, hour, minute int) time.Time {
	return time.Date(2026, 11, day, hour, minute, 0, 0, shanghai)
}

// tick runs the scheduler at a's clock and returns the reminders it sent.
func tick(t *testing.T, a *apptest.App) int {
	t.Helper()
	got, err := a.Scheduler.Tick(context.Background(), a.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range got.Sent {
		if s.Type == bot.NotifyReminder {
			n++
		}
	}
	return n
}

// file has who file a sales report at at.
func file(a *apptest.App, who string, at time.Time) {
	a.Clock.Set(at)
	if r := a.As(who, "/report sales units=1"); !strings.Contains(r.Text, "#") {
		a.T.Fatalf("%s's report: %s", who, r.Text)
	}
}

// The figures of the issue: three deadlines, three reps, each deadline
// met on time, late (after the grace, before the next deadline) or
// missed, per person and in total.
func TestReportingFigures(t *testing.T) {
	a := apptest.New(t, apptest.Options{Org: eastOrg()})
	a.Clock.Set(nov(20, 12, 0))
	a.As("ada", `/schedule add kind=sales audience=east every="daily 18:00" grace=2h`)
	tick(t, a) // everyone seen
	file(a, "alice", nov(23, 17, 0))
	file(a, "carl", nov(23, 17, 0))
	file(a, "alice", nov(24, 17, 0))
	file(a, "carl", nov(24, 21, 0)) // late for the 24th, on time for the 26th
	file(a, "bob", nov(26, 21, 0))  // late for the 26th; the 23rd and 24th missed
	file(a, "alice", nov(26, 17, 0))
	a.Clock.Set(nov(27, 8, 0))

	want := "Outlet sales: 3 deadlines · on time 5 of 9 (56%) · late 2 · missed 2 — missing most: Bob 2"
	if text := a.As("max", "/digest east since=2026-11-23").Text; !strings.Contains(text, want) {
		t.Errorf("chat lacks %q:\n%s", want, text)
	}
	a.As("max", "/lang zh")
	want = "终端销售：共 3 次截止 · 按时 5/9（准时率 56%）· 迟交 2 · 未交 2 — 未交最多：Bob 2 次"
	if text := a.As("max", "/digest east since=2026-11-23").Text; !strings.Contains(text, want) {
		t.Errorf("chat in Chinese lacks %q:\n%s", want, text)
	}
	d := cliJSON(t, a, app.DigestOptions{Region: "east", Since: "2026-11-23"})
	if len(d.Reporting) != 1 {
		t.Fatalf("reporting: %+v", d.Reporting)
	}
	r := d.Reporting[0]
	if r.Deadlines != 3 || r.Owed != 9 || r.OnTime != 5 || r.Late != 2 || r.Missed != 2 || r.OnTimeRate != "56%" {
		t.Errorf("figures: %+v", r)
	}
	bob := digest.Counts{Owed: 3, OnTime: 0, Late: 1, Missed: 2}
	if len(r.People) != 3 || r.People[0].Person != "bob" || r.People[0].Counts != bob {
		t.Errorf("per person, most missed first: %+v", r.People)
	}
	// The fields the JSON had before stay, for the scripts that read them.
	if !slices.Equal(r.Missing, []string{"bob"}) || len(r.Reported) != 2 {
		t.Errorf("reported %v, missing %v", r.Reported, r.Missing)
	}
	full := cli(t, a, app.DigestOptions{Region: "east", Since: "2026-11-23", Format: "text"})
	for _, want := range []string{"- Bob: on time 0 of 3 · late 1 · missed 2", "- Carl: on time 2 of 3 · late 1 · missed 0", "- Alice: on time 3 of 3 · late 0 · missed 0"} {
		if !strings.Contains(full, want) {
			t.Errorf("the full version lacks %q:\n%s", want, full)
		}
	}
}

// The digest counts what the reminders followed: the reminders sent for
// the span's deadlines are the reports owed and not on time, with people
// away that day, holidays and people who joined later left out.
func TestReportingCountsWhatTheRemindersFollowed(t *testing.T) {
	a := apptest.New(t, apptest.Options{Org: eastOrg("carl")}) // carl comes later
	ctx := context.Background()
	a.Clock.Set(nov(23, 12, 0))
	a.As("ada", `/schedule add kind=sales audience=east every="daily 18:00" grace=2h`)
	tick(t, a)
	if err := a.DB.SaveSettings(ctx, "bob", bot.Settings{Away: &bot.DateRange{From: "2026-11-24", To: "2026-11-24"}}); err != nil {
		t.Fatal(err)
	}
	reminders := 0
	file(a, "alice", nov(23, 17, 0))
	a.Clock.Set(nov(23, 20, 0))
	reminders += tick(t, a) // bob
	a.Clock.Set(nov(24, 20, 0))
	reminders += tick(t, a) // alice; bob is away
	// The 25th is a holiday. Carl joins on the 26th at noon.
	a.Clock.Set(nov(26, 12, 0))
	a = a.Restart(eastOrg())
	tick(t, a)
	file(a, "alice", nov(26, 17, 0))
	a.Clock.Set(nov(26, 20, 0))
	reminders += tick(t, a) // bob, carl
	file(a, "bob", nov(26, 21, 0))
	file(a, "carl", nov(27, 17, 0))
	a.Clock.Set(nov(27, 20, 0))
	reminders += tick(t, a) // alice
	if reminders != 5 {
		t.Fatalf("%d reminders, want 5", reminders)
	}
	a.Clock.Set(nov(28, 8, 0))
	r := cliJSON(t, a, app.DigestOptions{Region: "east", Since: "2026-11-23"}).Reporting[0]
	if r.Deadlines != 4 || r.Owed != 9 || r.Owed-r.OnTime != reminders || r.Late != 3 || r.Missed != 2 {
		t.Errorf("figures: %+v; %d reminders", r, reminders)
	}
}

// The digest counts what the reminders followed when deadlines differ
// from person to person: a region's own holiday (north's, on the 24th), and
// a schedule at each person's own time with carl in Berlin, seven hours
// behind. Ticking every hour for a week, each person's reminders are the
// deadlines they owed and did not meet on time, region by region.
func TestReportingFollowsEachPersonsDeadlines(t *testing.T) {
	holiday := eastOrg()
	holiday.Regions[1].Holidays = []bot.DateRange{{From: "2026-11-24", To: "2026-11-24"}}
	berlin := eastOrg()
	berlin.People[2].Timezone = "Europe/Berlin" // carl
	for _, c := range []struct {
		name      string
		org       *bot.Org
		local     string
		deadlines map[string]int // region → deadlines in the span
		carl      digest.Counts
	}{
		// 25 November is the org's holiday.
		{"region holiday", holiday, "", map[string]int{"east": 4, "north": 3}, digest.Counts{Owed: 4, OnTime: 3, Late: 1}},
		// carl's deadline of the 22nd falls at 01:00 on the 23rd in
		// Shanghai, and his of the 27th at 01:00 on the 28th.
		{"each person's own time", berlin, " local=yes", map[string]int{"east": 5, "north": 4}, digest.Counts{Owed: 5, OnTime: 3, Late: 1, Missed: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			org := bot.NewOrg(c.org.Location, c.org.Language, nil, c.org.Regions, c.org.People)
			org.Holidays = c.org.Holidays
			a := apptest.New(t, apptest.Options{Org: org})
			a.Clock.Set(nov(22, 20, 0))
			a.As("ada", `/schedule add kind=sales audience=all every="daily 18:00" grace=2h`+c.local)
			tick(t, a)
			// carl files at 21:00 in Shanghai, 14:00 in Berlin: after the
			// grace in Shanghai, before the deadline in Berlin.
			filed := map[time.Time][]string{nov(23, 17, 0): {"alice", "chen"}, nov(23, 21, 0): {"carl"}, nov(24, 21, 0): {"carl", "bob"},
				nov(26, 12, 0): {"alice", "chen"}, nov(26, 21, 0): {"carl"}, nov(27, 19, 0): {"bob", "chen"}}
			reminded := map[string]int{}
			for h := nov(22, 21, 0); !h.After(nov(28, 8, 0)); h = h.Add(time.Hour) {
				for _, who := range filed[h] {
					file(a, who, h)
				}
				a.Clock.Set(h)
				got, err := a.Scheduler.Tick(context.Background(), h)
				if err != nil {
					t.Fatal(err)
				}
				for _, n := range got.Sent {
					if n.Type == bot.NotifyReminder {
						reminded[n.To]++
					}
				}
			}
			a.Clock.Set(nov(28, 8, 0))
			for _, region := range []string{"east", "north"} {
				r := cliJSON(t, a, app.DigestOptions{Region: region, Since: "2026-11-23"}).Reporting[0]
				if r.Deadlines != c.deadlines[region] {
					t.Errorf("%s: %d deadlines, want %d", region, r.Deadlines, c.deadlines[region])
				}
				for _, p := range r.People {
					if p.Owed-p.OnTime != reminded[p.Person] {
						t.Errorf("%s: %+v, but %d reminders", region, p, reminded[p.Person])
					}
					if p.Person == "carl" && p.Counts != c.carl {
						t.Errorf("carl: %+v, want %+v", p.Counts, c.carl)
					}
				}
			}
		})
	}
}
