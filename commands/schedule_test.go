package commands_test

import (
	"context"
	"testing"
)

func TestScheduleCommand(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		who, line string
		want      []string
	}{
		{"alice", `/schedule add kind=sales audience=east every="daily 18:00"`, []string{"Only admins and managers"}},
		{"max", `/schedule add kind=sales audience=all every="daily 18:00"`, []string{"regions you manage: east, north"}},
		{"max", `/schedule add kind=sales audience=east,chen every="workdays 18:00" grace=2h nudge=30m`, []string{"Added: #1 Outlet sales from East China, 陈静, workdays 18:00 (Asia/Shanghai)", "grace 2h", "nudge 30m before", "next deadline 2026-11-30 18:00"}},
		{"ada", `/schedule add kind=visits audience=mars every=hourly grace=soon tz=Local colour=red`, []string{
			"kind: “visits” is not a report kind", "audience: “mars” is neither a region nor a person",
			"every: “hourly” is not a schedule", "grace: “soon” is not a duration", "tz: “Local” is not a time zone", "no option “colour”"}},
		{"ada", `/schedule add kind=sales audience=all every="daily 18:00" grace=106751991168d`, []string{"grace: “106751991168d” is not a duration"}},
		{"ada", `/schedule add kind=sales audience=all`, []string{"When are reports due?"}},
		{"ada", `/schedule add kind=sales audience=chen,east every="工作日 18:00" grace=1h`, []string{"Schedule #1 already asks them for these reports at these times."}},
		{"ada", `/schedule add kind=sales audience=all every="daily 18:00" cron="0 18 * * *"`, []string{"either every= or cron="}},
		{"ada", `/schedule add kind=sales audience=all cron="0 18 * *"`, []string{"cron: “0 18 * *” is not a cron line (a cron line has 5 fields"}},
		{"ada", `/schedule add kind=竞品 audience=north cron="0 9 * * mon" escalate=1d tz=Europe/Berlin`, []string{"Added: #2 Competitor intel from North China, 0 9 * * mon (Europe/Berlin)", "escalates after 24h", "next deadline 2026-11-30 09:00"}},
		{"alice", "/schedule", []string{"#1 Outlet sales"}},
		{"bob", "/schedule list", []string{"#1"}},
		{"mia", "/schedule list", []string{"#1", "#2"}},
		{"bob", "/schedule remove 1", []string{"Only admins and managers"}},
		{"max", "/schedule remove 9", []string{"no schedule #9"}},
		{"max", "/schedule remove 1", []string{"Removed schedule #1."}},
		{"ada", "/schedule frobnicate", []string{"add, list or remove"}},
	}
	for _, tt := range tests {
		f.expect(f.As(tt.who, tt.line), tt.want...)
	}
	list := f.As("alice", "/schedule")
	f.expect(list, "No report schedules") // #2 asks north only
	all, _ := f.DB.Schedules(context.Background())
	if len(all) != 1 || all[0].ID != 2 || all[0].Zone != "Europe/Berlin" || !all[0].Cron {
		t.Errorf("stored schedules: %+v", all)
	}
}

// local=yes puts each person's deadlines at the schedule's times in their
// own zone: stored, listed in either language, accepted as 是, and
// refused with tz=, which it replaces, or with a value not yes or no.
func TestScheduleLocal(t *testing.T) {
	f := newFixture(t)
	for _, tt := range []struct {
		who, line string
		want      []string
	}{
		{"ada", `/schedule add kind=sales audience=east every="daily 18:00" local=yes`, []string{"Added: #1 Outlet sales from East China, daily 18:00 (each person's own time)", "next deadline 2026-11-28 18:00"}},
		{"ada", `/schedule add kind=sales audience=east every="daily 18:00"`, []string{"Schedule #1 already asks them"}},
		{"ada", `/schedule add kind=stock audience=north every="daily 09:00" local=maybe`, []string{"local: “maybe” must be yes or no"}},
		{"ada", `/schedule add kind=stock audience=north every="daily 09:00" local=yes tz=Europe/Berlin`, []string{"local=yes puts each deadline in the person's own zone: leave out tz="}},
		{"ada", `/schedule add kind=stock audience=north every="daily 09:00" local=no`, []string{"Added: #2 Merchandising / stock from North China, daily 09:00 (Asia/Shanghai)"}},
		{"ada", "/lang zh", nil},
		{"ada", `/schedule add kind=pop audience=north every="每天 17:00" 当地时间=是`, []string{"各人当地时间"}},
		{"ada", `/schedule add kind=pop audience=north every="每天 17:00" local=也许`, []string{"local：“也许”只能填 是 或 否"}},
	} {
		f.expect(f.As(tt.who, tt.line), tt.want...)
	}
	all, _ := f.DB.Schedules(context.Background())
	if len(all) != 3 || !all[0].Local || all[1].Local || !all[2].Local {
		t.Errorf("stored schedules: %+v", all)
	}
}

func TestAwayCommand(t *testing.T) {
	f := newFixture(t)
	f.expect(f.As("bob", "/away"), "not marked away")
	f.expect(f.As("bob", "/away 2026-12-01..2026-12-05"), "Away from 2026-12-01 to 2026-12-05")
	f.expect(f.As("bob", "/away"), "away from 2026-12-01 to 2026-12-05")
	f.expect(f.As("bob", "/away tomorrow"), "Away on 2026-11-29: you get no reminders then.")
	f.expect(f.As("bob", "/away 2026-12-05..2026-12-01"), "ends (2026-12-01) before it starts (2026-12-05)")
	f.expect(f.As("bob", "/away next week"), "not a day or a range of days")
	f.expect(f.As("bob", "/away off"), "Welcome back")
	s, _ := f.DB.Settings(context.Background(), "bob")
	if s.Away != nil {
		t.Errorf("away after /away off: %+v", s.Away)
	}
	f.expect(f.As("chen", "/away 明天"), "2026-11-29") // chen reads Chinese
}
