package schedule_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/app"
	"github.com/fieldloop/fieldloop/internal/apptest"
	"github.com/fieldloop/fieldloop/schedule"
	"github.com/fieldloop/fieldloop/storage"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// at is a time on 28 November 2026 (or later days) in Shanghai.
func at(day, hour, minute int) time.Time {
	return time.Date(2026, 11, day, hour, minute, 0, 0, shanghai)
}

// schedFixture is fieldloop as apptest builds it on the neutral test
// platform, on an organisation of the test's, driven through its
// scheduler at the times the test names.
type schedFixture struct {
	t     *testing.T
	app   *apptest.App
	db    *storage.DB
	sched *schedule.Scheduler
}

func testOrg(extra ...bot.Person) *bot.Org {
	people := []bot.Person{
		{ID: "alice", Name: "Alice", Roles: []bot.Role{bot.RoleRep}, Region: "east", Manager: "max"},
		{ID: "bob", Name: "Bob", Roles: []bot.Role{bot.RoleRep}, Region: "east", Manager: "max"},
		{ID: "chen", Name: "Chen", Roles: []bot.Role{bot.RoleRep}, Region: "north", Manager: "max", Timezone: "Europe/Berlin"},
		{ID: "max", Name: "Max", Roles: []bot.Role{bot.RoleManager}, Region: "east"},
		{ID: "ada", Name: "Ada", Roles: []bot.Role{bot.RoleAdmin}},
	}
	org := bot.NewOrg(shanghai, bot.English, nil,
		[]bot.Region{{ID: "east", Name: "East"}, {ID: "north", Name: "North"}}, append(people, extra...))
	org.Holidays = []bot.DateRange{{From: "2026-12-24", To: "2026-12-25"}}
	return org
}

// newSchedFixture builds fieldloop on org, reminding reps of broadcasts
// they have not acknowledged after a day and posting the coming week's
// calendar on Mondays at 09:00.
func newSchedFixture(t *testing.T, org *bot.Org) *schedFixture {
	t.Helper()
	f := &schedFixture{t: t}
	f.use(apptest.New(t, apptest.Options{Org: org, Config: func(c *app.Config) {
		c.AckReminder, c.CalendarPush = 24*time.Hour, "weekly mon 09:00"
	}}))
	return f
}

// use makes a the fieldloop the fixture drives.
func (f *schedFixture) use(a *apptest.App) { f.app, f.db, f.sched = a, a.DB, a.Scheduler }

// restart builds fieldloop again on the same store, as a restart would,
// on org, or the same organisation when org is nil.
func (f *schedFixture) restart(org *bot.Org) { f.use(f.app.Restart(org)) }

// daily adds the schedule: sales from east, daily 18:00 in
// Shanghai, 2 h grace, 4 h escalation, 1 h nudge.
func (f *schedFixture) daily(created time.Time) *bot.Schedule {
	f.t.Helper()
	s := &bot.Schedule{Kind: "sales", Audience: bot.Audience{Regions: []string{"east"}}, Spec: "daily 18:00", Zone: "Asia/Shanghai",
		Grace: 2 * time.Hour, Escalate: 4 * time.Hour, Nudge: time.Hour, CreatedAt: created, CreatedBy: "ada"}
	if err := f.db.CreateSchedule(context.Background(), s); err != nil {
		f.t.Fatal(err)
	}
	return s
}

func (f *schedFixture) report(person string, when time.Time) {
	f.t.Helper()
	r := &bot.Report{Kind: "sales", Person: person, Region: f.app.Org().Person(person).Region, CreatedAt: when,
		Fields: map[string]bot.Value{"units": {Num: 1}}}
	if err := f.db.CreateReport(context.Background(), r, nil); err != nil {
		f.t.Fatal(err)
	}
}

// tick runs a tick and returns its notifications as "type:to" strings.
func (f *schedFixture) tick(now time.Time) []string {
	f.t.Helper()
	t, err := f.sched.Tick(context.Background(), now)
	if err != nil {
		f.t.Fatalf("tick at %s: %v", now, err)
	}
	return summary(t.Sent)
}

func summary(ns []*bot.Notification) []string {
	var out []string
	for _, n := range ns {
		s := n.Type + ":" + n.To
		if n.Warning != "" {
			s = n.Type + ":" + n.Warning + "|" + n.Region + ">" + n.To
		}
		if len(n.Overdue) > 0 {
			s += "[" + strings.Join(n.Overdue, ",") + "]"
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func expect(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Errorf("%s: %v, want %v", what, got, want)
	}
}

// The check from the issue, step by step through one deadline.
func TestSchedulerOneDeadline(t *testing.T) {
	f := newSchedFixture(t, testOrg())
	f.tick(at(27, 9, 0)) // the scheduler was running before
	f.daily(at(27, 21, 0))
	expect(t, "16:59", f.tick(at(28, 16, 59)))
	expect(t, "17:00 nudge", f.tick(at(28, 17, 0)), "nudge:alice", "nudge:bob")
	f.report("alice", at(28, 17, 30))
	expect(t, "18:00", f.tick(at(28, 18, 0)))
	plan, _ := f.sched.Plan(context.Background(), at(28, 20, 0))
	expect(t, "20:00 dry run", summary(plan.Sent), "reminder:bob")
	expect(t, "20:00 reminder", f.tick(at(28, 20, 0)), "reminder:bob")
	expect(t, "20:00 again", f.tick(at(28, 20, 0)))
	f.restart(nil)
	expect(t, "after a restart", f.tick(at(28, 20, 1)))
	expect(t, "midnight escalation", f.tick(at(29, 0, 0)), "escalation:max[bob]")
	expect(t, "later", f.tick(at(29, 10, 0)))

	msgs := f.app.Pending()
	var texts []string
	for _, m := range msgs {
		texts = append(texts, m.To.Name+": "+m.Text)
	}
	joined := strings.Join(texts, "\n")
	for _, want := range []string{
		"bob: Your Outlet sales report due 2026-11-28 18:00 is missing",
		"max: Outlet sales reports due 2026-11-28 18:00 are still missing from: Bob.",
		"alice: Friendly reminder: your Outlet sales report is due 2026-11-28 18:00",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("outbox lacks %q:\n%s", want, joined)
		}
	}
	if len(msgs) != 4 {
		t.Errorf("%d messages queued, want 4 (2 nudges, 1 reminder, 1 escalation)", len(msgs))
	}
}

// Down from before the nudge until after the reminder: the reminder is
// sent once at the restart; the nudge, too late to help, is not.
func TestSchedulerCatchUp(t *testing.T) {
	f := newSchedFixture(t, testOrg())
	f.tick(at(27, 9, 0))
	f.daily(at(27, 21, 0))
	f.tick(at(28, 16, 0))
	f.report("alice", at(28, 19, 0)) // filed while the bot was down
	expect(t, "21:00 after downtime", f.tick(at(28, 21, 0)), "reminder:bob")
	expect(t, "21:01", f.tick(at(28, 21, 1)))
}

// Down for more than a day: what fell due over 24 h ago is recorded as
// missed, not sent; the newer notifications go out.
func TestSchedulerLongDowntime(t *testing.T) {
	f := newSchedFixture(t, testOrg())
	f.daily(at(27, 21, 0))
	f.tick(at(27, 11, 0))
	got, err := f.sched.Tick(context.Background(), at(29, 21, 0))
	if err != nil {
		t.Fatal(err)
	}
	// 28th: nudge 17:00, reminder 20:00, escalation 00:00 (29th) are over
	// 24 h old except the escalation (21 h); 29th: reminder 20:00.
	expect(t, "sent", summary(got.Sent), "escalation:max[alice,bob]", "reminder:alice", "reminder:bob")
	expect(t, "missed", summary(got.Missed), "nudge:alice", "nudge:alice", "nudge:bob", "nudge:bob", "reminder:alice", "reminder:bob")
	expect(t, "again", f.tick(at(29, 21, 5)))
}

func TestSchedulerAwayHolidaysAndNewPeople(t *testing.T) {
	f := newSchedFixture(t, testOrg())
	f.tick(at(27, 9, 0))
	f.daily(at(27, 21, 0))
	ctx := context.Background()
	f.db.SaveSettings(ctx, "bob", bot.Settings{Away: &bot.DateRange{From: "2026-11-28", To: "2026-11-29"}})
	expect(t, "bob away", f.tick(at(28, 20, 0)), "reminder:alice")
	// The 28th's escalation (29th, 00:00) is over 24 h old by now: missed.
	expect(t, "back on the 30th", f.tick(at(30, 17, 0)), "escalation:max[alice]", "nudge:alice", "nudge:bob", "reminder:alice")

	// Dan joins the east region on 1 December at noon: the deadline that
	// evening is his; none before it.
	f.restart(testOrg(bot.Person{ID: "dan", Name: "Dan", Roles: []bot.Role{bot.RoleRep}, Region: "east", Manager: "max"}))
	f.report("alice", at(30, 21, 0))
	f.report("bob", at(30, 21, 0))
	dec1 := time.Date(2026, 12, 1, 12, 0, 0, 0, shanghai)
	expect(t, "dan seen at noon", f.tick(dec1))
	// alice and bob filed after the 30th's deadline: that counts for the 1st.
	expect(t, "1 December evening", f.tick(dec1.Add(8*time.Hour)), "reminder:dan")

	// No deadline on the holidays of 24 and 25 December.
	dec23 := time.Date(2026, 12, 23, 23, 0, 0, 0, shanghai)
	f.tick(dec23)
	f.report("alice", dec23)
	f.report("bob", dec23)
	f.report("dan", dec23)
	expect(t, "over the holidays", f.tick(dec23.Add(47*time.Hour)))
}

// A report filed after the reminder stops the escalation.
func TestSchedulerLateReportStopsEscalation(t *testing.T) {
	f := newSchedFixture(t, testOrg())
	f.tick(at(27, 9, 0))
	f.daily(at(27, 21, 0))
	f.report("alice", at(28, 12, 0))
	expect(t, "reminder", f.tick(at(28, 20, 0)), "reminder:bob")
	f.report("bob", at(28, 21, 0))
	expect(t, "no escalation", f.tick(at(29, 0, 0)))
}

// A rep who moves to another region is asked by that region's schedule.
func TestSchedulerRegionChange(t *testing.T) {
	f := newSchedFixture(t, testOrg())
	f.tick(at(27, 9, 0))
	f.daily(at(27, 21, 0))
	f.report("alice", at(28, 12, 0))
	f.report("bob", at(28, 12, 0))
	f.tick(at(28, 20, 0))
	f.tick(at(29, 0, 0))
	moved := testOrg()
	moved.People[2].Region = "east" // chen moves from north to east
	f.restart(bot.NewOrg(moved.Location, moved.Language, nil, moved.Regions, moved.People))
	expect(t, "next day", f.tick(at(29, 20, 0)), "reminder:alice", "reminder:bob", "reminder:chen")
}

// The nudge names the deadline in the person's own zone; the deadline
// itself stays the schedule's.
func TestSchedulerPersonZoneInWording(t *testing.T) {
	f := newSchedFixture(t, testOrg())
	f.tick(at(27, 9, 0))
	s := &bot.Schedule{Kind: "sales", Audience: bot.Audience{People: []string{"chen"}}, Spec: "daily 18:00", Zone: "Asia/Shanghai",
		Nudge: time.Hour, CreatedAt: at(28, 10, 0)}
	f.db.CreateSchedule(context.Background(), s)
	expect(t, "nudge at 17:00 Shanghai", f.tick(at(28, 17, 0)), "nudge:chen")
	msgs := f.app.Pending()
	if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "due 2026-11-28 11:00") {
		t.Errorf("nudge = %+v", msgs)
	}
}

// Daylight saving in New York: the 18:00 deadline and its 2 h grace fall
// at 20:00 local on both sides of each change.
func TestSchedulerDaylightSaving(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	for _, day := range []time.Time{
		time.Date(2026, 3, 7, 0, 0, 0, 0, ny), time.Date(2026, 3, 8, 0, 0, 0, 0, ny),
		time.Date(2026, 10, 31, 0, 0, 0, 0, ny), time.Date(2026, 11, 1, 0, 0, 0, 0, ny),
	} {
		f := newSchedFixture(t, testOrg())
		f.tick(day.Add(-24 * time.Hour))
		f.db.CreateSchedule(context.Background(), &bot.Schedule{Kind: "sales", Audience: bot.Audience{People: []string{"alice"}},
			Spec: "daily 18:00", Zone: "America/New_York", Grace: 2 * time.Hour, CreatedAt: day})
		due := time.Date(day.Year(), day.Month(), day.Day(), 20, 0, 0, 0, ny)
		expect(t, day.Format("Jan 2")+" 19:59", f.tick(due.Add(-time.Minute)))
		expect(t, day.Format("Jan 2")+" 20:00", f.tick(due), "reminder:alice")
	}
}

// Reps who have not acknowledged a broadcast are reminded once, a day
// after it went out; the calendar of the coming week goes to each region
// with something planned, on Monday at 09:00, once.
func TestSchedulerCampaignJobs(t *testing.T) {
	org := testOrg()
	org.Regions[0].Channels = bot.Accounts{"other-chat": "C0EAST"}
	f := newSchedFixture(t, org)
	ctx := context.Background()
	camp := &bot.Campaign{Kind: "promotion", Title: "Double 12", Start: "2026-11-30", End: "2026-12-12", Audience: bot.Audience{Regions: []string{"east"}}}
	f.db.CreateCampaign(ctx, camp)
	sent := at(28, 10, 0)
	f.db.UpdateCampaign(ctx, camp.ID, func(c *bot.Campaign) ([]*bot.Message, error) {
		c.BroadcastAt = sent
		c.Acks = map[string]time.Time{"alice": sent}
		return nil, nil
	})
	count := func() int {
		msgs := f.app.Pending()
		return len(msgs)
	}
	f.tick(sent.Add(23 * time.Hour))
	if n := count(); n != 0 {
		t.Fatalf("%d messages before a day has passed", n)
	}
	f.tick(sent.Add(24 * time.Hour))
	f.tick(sent.Add(25 * time.Hour))
	msgs := f.app.Pending()
	if len(msgs) != 1 || msgs[0].To.Name != "bob" || !strings.Contains(msgs[0].Text, "please acknowledge") || msgs[0].Buttons[0].Command != "/ack 1" {
		t.Fatalf("ack reminders: %+v", msgs)
	}
	monday := at(30, 9, 0)
	expect(t, "Monday 08:59", f.tick(monday.Add(-time.Minute)))
	expect(t, "Monday 09:00", f.tick(monday), "calendar:east")
	expect(t, "Monday 09:01", f.tick(monday.Add(time.Minute)))
	msgs = f.app.Pending()
	last := msgs[len(msgs)-1]
	if last.To.ID != "east" || !strings.Contains(last.Text, "Calendar 2026-11-30 – 2026-12-06") || !strings.Contains(last.Text, "Double 12") {
		t.Errorf("calendar post: %+v", last)
	}
}

// A subscribed digest arrives by direct message at its time, once,
// covering the time since the previous one.
func TestSchedulerDigests(t *testing.T) {
	f := newSchedFixture(t, testOrg())
	ctx := context.Background()
	f.db.SaveSettings(ctx, "max", bot.Settings{Digest: &bot.DigestSub{Every: "daily 08:30", Region: "east", Since: at(27, 12, 0)}})
	f.report("alice", at(27, 15, 0))
	expect(t, "08:29", f.tick(at(28, 8, 29)))
	expect(t, "08:30", f.tick(at(28, 8, 30)), "digest:max")
	expect(t, "08:31", f.tick(at(28, 8, 31)))
	msgs := f.app.Pending()
	if len(msgs) != 1 || msgs[0].To.Name != "max" || !strings.Contains(msgs[0].Text, "Your digest, daily 08:30") ||
		!strings.Contains(msgs[0].Text, "Digest: East, 2026-11-27 – 2026-11-28") || !strings.Contains(msgs[0].Text, "1 report.") {
		t.Errorf("digest message: %+v", msgs)
	}
}

// A subscription is checked when each digest goes out, not only when it is
// made: a manager moved from east to north gets no more of east's digest,
// is told once, and the subscription is gone.
func TestSchedulerDigestRechecksAccess(t *testing.T) {
	f := newSchedFixture(t, testOrg())
	ctx := context.Background()
	f.db.SaveSettings(ctx, "max", bot.Settings{Digest: &bot.DigestSub{Every: "daily 08:30", Region: "east", Since: at(27, 12, 0)}})
	expect(t, "day 1", f.tick(at(28, 8, 30)), "digest:max")
	moved := testOrg()
	for i := range moved.People {
		switch p := &moved.People[i]; p.ID {
		case "max":
			p.Region = "north"
		case "alice", "bob":
			p.Manager = "ada"
		case "ada":
			p.Roles = append(p.Roles, bot.RoleManager)
		}
	}
	f.restart(bot.NewOrg(moved.Location, moved.Language, nil, moved.Regions, moved.People))
	expect(t, "day 2", f.tick(at(29, 8, 30)), "digest_stopped:max")
	expect(t, "day 3", f.tick(at(30, 8, 30)))
	msgs := f.app.Pending()
	if len(msgs) != 2 || !strings.Contains(msgs[1].Text, "Your East digest has stopped") || strings.Contains(msgs[1].Text, "Digest: East") {
		t.Errorf("messages: %+v", msgs)
	}
	if set, _ := f.db.Settings(ctx, "max"); set.Digest != nil {
		t.Errorf("the subscription is still there: %+v", set.Digest)
	}
}

// Early warnings go once each to marketing's channel and the region's
// manager.
func TestSchedulerWarnings(t *testing.T) {
	org := testOrg()
	org.Channels = map[string]bot.Accounts{bot.ChannelMarketing: {}}
	f := newSchedFixture(t, org)
	ctx := context.Background()
	f.db.SetTargets(ctx, []*bot.Target{{Region: "east", Period: "2026-11", Amount: 3_000_000}}) // 30,000.00
	f.report("alice", at(5, 12, 0))                                                             // 1 unit, no amount
	for _, who := range []string{"alice", "bob", "alice"} {
		r := &bot.Report{Kind: "customer", Person: who, Region: "east", CreatedAt: at(25, 10, 0),
			Fields: map[string]bot.Value{"customer": {Text: "Metro"}, "sentiment": {Text: "negative"}, "note": {Text: "late"}}}
		f.db.CreateReport(ctx, r, nil)
	}
	p := &bot.Report{Kind: "payment", Person: "bob", Region: "east", CreatedAt: at(1, 10, 0),
		Fields: map[string]bot.Value{"customer": {Text: "Lotus"}, "due": {Num: 500000}, "collected": {Num: 100000}, "due_date": {Text: "2026-11-20"}}}
	f.db.CreateReport(ctx, p, nil)
	got := f.tick(at(28, 9, 0))
	want := []string{"warning:negative|east>#marketing", "warning:negative|east>max",
		"warning:payment|east>#marketing", "warning:payment|east>max", "warning:sales|east>#marketing", "warning:sales|east>max"}
	expect(t, "first check", got, want...)
	f.restart(nil)
	expect(t, "an hour later, after a restart", f.tick(at(28, 10, 0)))
	msgs := f.app.Pending()
	text := ""
	for _, m := range msgs {
		text += m.To.Name + ": " + m.Text + "\n"
	}
	for _, w := range []string{
		"marketing: ⚠️ East: sales 0.00 so far in 2026-11, against a pro-rated target of 27,375.00 (0%)",
		"max: ⚠️ 3 negative customer reports in East within 7 days.",
		"max: ⚠️ Payment overdue in East: Lotus owes 4,000.00, due 2026-11-20 (report #5 by Bob).",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("messages lack %q:\n%s", w, text)
		}
	}
}

// payment files an overdue payment report of who's for customer.
func (f *schedFixture) payment(who, customer string) {
	f.t.Helper()
	r := &bot.Report{Kind: "payment", Person: who, Region: f.app.Org().Person(who).Region, CreatedAt: at(1, 10, 0),
		Fields: map[string]bot.Value{"customer": {Text: customer}, "due": {Num: 500000}, "collected": {Num: 100000}, "due_date": {Text: "2026-11-20"}}}
	if err := f.db.CreateReport(context.Background(), r, nil); err != nil {
		f.t.Fatal(err)
	}
}

// Warnings of one kind for one region go as one message per check to each
// recipient, listing at most ten items and the command that lists them
// all; an item warned about is not warned about again, even after a
// restart, nor one warned about one message per item before.
func TestSchedulerWarningsGathered(t *testing.T) {
	org := testOrg()
	org.Channels = map[string]bot.Accounts{bot.ChannelMarketing: {}}
	f := newSchedFixture(t, org)
	for i := range 30 {
		f.payment("bob", fmt.Sprintf("Shop %d", i+1))
	}
	f.payment("chen", "North Shop")
	// What fieldloop recorded when each overdue payment was its own
	// warning: report 1 was warned about to max.
	old := &bot.Tick{Now: at(27, 9, 0), Sent: []*bot.Notification{{Type: schedule.NotifyWarning, To: "payment|1>max"}}}
	if err := f.db.SaveTick(context.Background(), old); err != nil {
		t.Fatal(err)
	}
	expect(t, "first check", f.tick(at(28, 9, 0)),
		"warning:payment|east>#marketing", "warning:payment|east>max", "warning:payment|north>#marketing", "warning:payment|north>max")
	var east []string
	for _, m := range f.app.Pending() {
		if strings.Contains(m.Text, "in East:") {
			east = append(east, m.To.Name+": "+m.Text)
		}
	}
	if len(east) != 2 {
		t.Fatalf("east's warnings: %q", east)
	}
	for i, want := range []string{"marketing: ⚠️ Payment overdue in East: 30 new", "max: ⚠️ Payment overdue in East: 29 new"} {
		text := east[i]
		if !strings.HasPrefix(text, want+"\n") || strings.Count(text, "\n- ") != 11 || len([]rune(text)) > 1900 ||
			!strings.Contains(text, fmt.Sprintf("\n- and %d more\n", 20-i)) ||
			!strings.HasSuffix(text, "\nAll of them: /digest east since=2026-06-01T09:00:00+08:00 until=2026-11-28T09:00:00+08:00 full") {
			t.Errorf("east's warning, want %q, ten items, the rest counted and the command:\n%s", want, text)
		}
	}
	if strings.Contains(east[1], "report #1 ") {
		t.Errorf("max warned again about report #1:\n%s", east[1])
	}
	f.restart(nil)
	expect(t, "an hour later, after a restart", f.tick(at(28, 10, 0)))
	f.payment("alice", "New Shop")
	expect(t, "a new one", f.tick(at(28, 11, 0)), "warning:payment|east>#marketing", "warning:payment|east>max")
	msgs := f.app.Pending()
	if last := msgs[len(msgs)-1].Text; last != "⚠️ Payment overdue in East: New Shop owes 4,000.00, due 2026-11-20 (report #32 by Alice)." {
		t.Errorf("a single new item: %q", last)
	}
}

// step is a moment of a test: a report filed by File, or a tick whose
// notifications are Want.
type step struct {
	At   time.Time
	File string
	Want []string
}

// run plays the steps in order.
func (f *schedFixture) run(steps []step) {
	f.t.Helper()
	for _, s := range steps {
		if s.File != "" {
			f.report(s.File, s.At)
			continue
		}
		expect(f.t, s.At.Format("Jan 2 15:04"), f.tick(s.At), s.Want...)
	}
}

// A region's own holiday: its people owe nothing that day and hear
// nothing about it, while the other regions' people do; the deadline
// after the holiday takes reports from the one before it.
func TestSchedulerRegionHolidays(t *testing.T) {
	org := testOrg()
	org.Regions[0].Holidays = []bot.DateRange{{From: "2026-11-28", To: "2026-11-28"}} // east's
	f := newSchedFixture(t, bot.NewOrg(org.Location, org.Language, nil, org.Regions, org.People))
	f.tick(at(27, 9, 0))
	s := f.daily(at(27, 9, 30))
	s.ID, s.Audience = 0, bot.Audience{All: true}
	f.db.RemoveSchedule(context.Background(), 1)
	if err := f.db.CreateSchedule(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	f.run([]step{
		{At: at(27, 20, 0), Want: []string{"reminder:alice", "reminder:bob", "reminder:chen"}},
		{At: at(28, 0, 0), Want: []string{"escalation:max[alice,bob,chen]"}},
		{At: at(28, 17, 0), Want: []string{"nudge:chen"}},
		{At: at(28, 12, 0), File: "alice"}, // on east's holiday: for the 29th
		{At: at(28, 20, 0), Want: []string{"reminder:chen"}},
		{At: at(29, 0, 0), Want: []string{"escalation:max[chen]"}},
		{At: at(29, 20, 0), Want: []string{"reminder:bob", "reminder:chen"}},
	})
}

// A schedule at each person's own time: 18:00 in Shanghai for alice and
// bob, 18:00 in Berlin (seven hours later) for chen. Each hears by their
// own deadline, and a report counts for its author's own deadlines.
func TestSchedulerLocalDeadlines(t *testing.T) {
	f := newSchedFixture(t, testOrg())
	f.tick(at(27, 9, 0))
	f.app.Clock.Set(at(28, 2, 0)) // 19:00 on the 27th in Berlin: the 28th is everyone's first
	add := `/schedule add kind=sales audience=all every="daily 18:00" grace=2h escalate=4h nudge=1h local=yes`
	if r := f.app.As("ada", add); !strings.Contains(r.Text, "Added") {
		t.Fatalf("%s: %s", add, r.Text)
	}
	f.run([]step{
		{At: at(28, 12, 0), File: "alice"},
		{At: at(28, 17, 0), Want: []string{"nudge:bob"}},
		{At: at(28, 20, 0), Want: []string{"reminder:bob"}},
		{At: at(29, 0, 0), Want: []string{"escalation:max[bob]", "nudge:chen"}}, // 17:00 in Berlin
		{At: at(29, 3, 0), Want: []string{"reminder:chen"}},                     // 20:00 in Berlin
		{At: at(29, 7, 0), Want: []string{"escalation:max[chen]"}},
		{At: at(29, 7, 1)},
		{At: at(29, 17, 0), Want: []string{"nudge:alice", "nudge:bob"}},
		{At: at(29, 20, 0), File: "chen"}, // 13:00 in Berlin: late for the 28th, on time for the 29th
		{At: at(29, 20, 0), Want: []string{"reminder:alice", "reminder:bob"}},
		{At: at(30, 0, 0), Want: []string{"escalation:max[alice,bob]"}},
		{At: at(30, 7, 0)},
	})
	var chen []string
	for _, m := range f.app.Pending() {
		if m.To.Name == "chen" {
			chen = append(chen, m.Text)
		}
	}
	if len(chen) != 2 || !strings.Contains(chen[0], "due 2026-11-28 18:00") || !strings.Contains(chen[1], "due 2026-11-28 18:00 is missing") {
		t.Errorf("chen's messages name his own 18:00: %q", chen)
	}
}

// Each person's deadlines are those of the zone they have at the tick, and
// a day's deadline is one whatever the zone: alice, nudged and reminded
// in Shanghai, moves to Berlin, where 18:00 comes later that day, and
// hears nothing more about the 28th. chen moves from Berlin to Shanghai,
// where the 28th's reminder time has passed already: as on a night when
// the clocks go forward, the hours skipped are skipped, and the 29th is
// his next deadline.
func TestSchedulerLocalZoneChange(t *testing.T) {
	f := newSchedFixture(t, testOrg())
	f.tick(at(27, 9, 0))
	s := &bot.Schedule{Kind: "sales", Audience: bot.Audience{People: []string{"alice", "chen"}}, Spec: "daily 18:00", Zone: "Asia/Shanghai",
		Local: true, Grace: 2 * time.Hour, Nudge: time.Hour, CreatedAt: at(27, 21, 0)}
	if err := f.db.CreateSchedule(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	f.run([]step{
		{At: at(28, 0, 0), Want: []string{"nudge:chen"}}, // 17:00 on the 27th in Berlin
		{At: at(28, 3, 0), Want: []string{"reminder:chen"}},
		{At: at(28, 17, 0), Want: []string{"nudge:alice"}},
		{At: at(28, 20, 0), Want: []string{"reminder:alice"}},
	})
	moved := testOrg()
	moved.People[0].Timezone = "Europe/Berlin" // alice
	moved.People[2].Timezone = "Asia/Shanghai" // chen, before his nudge
	f.restart(bot.NewOrg(moved.Location, moved.Language, nil, moved.Regions, moved.People))
	f.run([]step{
		{At: at(28, 21, 0)},
		{At: at(29, 0, 0)}, // alice's 17:00 in Berlin: nudged for the 28th already
		{At: at(29, 3, 0)}, // and reminded
		{At: at(29, 17, 0), Want: []string{"nudge:chen"}},
		{At: at(29, 20, 0), Want: []string{"reminder:chen"}},
		{At: at(30, 3, 0), Want: []string{"reminder:alice"}},
	})
}
