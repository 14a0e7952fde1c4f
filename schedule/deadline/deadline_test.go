package deadline

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

func at(day, hour int) time.Time { return time.Date(2026, 11, day, hour, 0, 0, 0, shanghai) }

// A daily 18:00 deadline with 2 h grace, judged for reports at the times
// given and at the moment given.
func TestJudge(t *testing.T) {
	d := Deadline{Prev: at(23, 18), Due: at(24, 18), Next: at(25, 18)}
	for _, c := range []struct {
		name  string
		filed []time.Time
		now   time.Time
		want  Outcome
	}{
		{"none yet, grace running", nil, at(24, 19), Open},
		{"none, grace over", nil, at(24, 20), Missed},
		{"at the previous deadline: that one's", []time.Time{at(23, 18)}, at(26, 0), Missed},
		{"just after the previous deadline", []time.Time{at(23, 18).Add(time.Second)}, at(26, 0), OnTime},
		{"at the end of the grace", []time.Time{at(24, 20)}, at(26, 0), OnTime},
		{"after the grace", []time.Time{at(24, 21)}, at(26, 0), Late},
		{"at the next deadline", []time.Time{at(25, 18)}, at(26, 0), Missed},
		{"the first after Prev counts", []time.Time{at(22, 9), at(24, 21), at(24, 22)}, at(26, 0), Late},
		{"not yet filed at now", []time.Time{at(24, 19)}, at(24, 18), Open},
	} {
		f := Filed{"bob": c.filed}
		if got := f.Judge("bob", d, 2*time.Hour, c.now); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// Deadlines skip holidays and those before the schedule was created; each
// knows the one before and after, across a holiday.
func TestBetween(t *testing.T) {
	sc := &bot.Schedule{Spec: "daily 18:00", Zone: "Asia/Shanghai", CreatedAt: at(23, 12)}
	holiday := func(d time.Time) bool { return d.Format(time.DateOnly) == "2026-11-25" }
	g := Group{Zone: shanghai, IsHoliday: holiday}
	got, err := g.Between(sc, at(20, 0), at(26, 18), 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []Deadline{
		{Prev: at(22, 18), Due: at(23, 18), Next: at(24, 18)},
		{Prev: at(23, 18), Due: at(24, 18), Next: at(26, 18)},
		{Prev: at(24, 18), Due: at(26, 18), Next: at(27, 18)},
	}
	if len(got) != len(want) {
		t.Fatalf("%d deadlines: %+v", len(got), got)
	}
	for i := range want {
		if !got[i].Prev.Equal(want[i].Prev) || !got[i].Due.Equal(want[i].Due) || !got[i].Next.Equal(want[i].Next) {
			t.Errorf("deadline %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if got, _ := g.Between(sc, at(20, 0), at(30, 0), 2); len(got) != 2 {
		t.Errorf("limit 2: %d deadlines", len(got))
	}
}

// Owing leaves out people not yet seen at the deadline and people away on
// its day in the schedule's zone.
func TestOwing(t *testing.T) {
	rep := []bot.Role{bot.RoleRep}
	org := bot.NewOrg(shanghai, bot.English, nil, []bot.Region{{ID: "east"}}, []bot.Person{
		{ID: "alice", Roles: rep, Region: "east"}, {ID: "bob", Roles: rep, Region: "east"},
		{ID: "carl", Roles: rep, Region: "east"}, {ID: "dan", Roles: rep, Region: "east"},
	})
	p := People{
		Seen:     map[string]time.Time{"alice": at(1, 0), "bob": at(1, 0), "carl": at(24, 18)},
		Settings: map[string]bot.Settings{"bob": {Away: &bot.DateRange{From: "2026-11-24", To: "2026-11-24"}}},
	}
	sc := &bot.Schedule{Audience: bot.Audience{Regions: []string{"east"}}, Zone: "Asia/Shanghai"}
	groups := Groups(org, sc)
	if len(groups) != 1 {
		t.Fatalf("groups: %+v", groups)
	}
	var ids []string
	for _, m := range p.Owing(groups[0], at(24, 18)) {
		ids = append(ids, m.ID)
	}
	if len(ids) != 1 || ids[0] != "alice" {
		t.Errorf("owing: %v, want alice (bob away, carl seen at the deadline, dan never)", ids)
	}
}

// ids returns the ids of people.
func ids(people []*bot.Person) string {
	var out []string
	for _, p := range people {
		out = append(out, p.ID)
	}
	return strings.Join(out, ",")
}

// Groups splits an audience by when its deadlines fall: one group per
// zone the deadlines are in (the schedule's, or with Local each person's
// own) and per region with holidays of its own; regions without any share
// the org's calendar.
func TestGroups(t *testing.T) {
	rep := []bot.Role{bot.RoleRep}
	regions := []bot.Region{{ID: "east"}, {ID: "north", Holidays: []bot.DateRange{{From: "2026-11-24", To: "2026-11-24"}}}, {ID: "west"}}
	org := bot.NewOrg(shanghai, bot.English, nil, regions, []bot.Person{
		{ID: "alice", Roles: rep, Region: "east"}, {ID: "bob", Roles: rep, Region: "east", Timezone: "Europe/Berlin"},
		{ID: "chen", Roles: rep, Region: "north"}, {ID: "dan", Roles: rep, Region: "west"},
		{ID: "eve", Roles: rep, Region: "west", Timezone: "Asia/Shanghai"},
	})
	for _, c := range []struct {
		name  string
		local bool
		want  []string // "zone region: members"
	}{
		{"the schedule's zone", false, []string{"Asia/Shanghai : alice,bob,dan,eve", "Asia/Shanghai north: chen"}},
		{"each person's zone", true, []string{"Asia/Shanghai : alice,dan,eve", "Europe/Berlin : bob", "Asia/Shanghai north: chen"}},
	} {
		sc := &bot.Schedule{Audience: bot.Audience{All: true}, Zone: "Asia/Shanghai", Local: c.local}
		var got []string
		for _, g := range Groups(org, sc) {
			got = append(got, g.Zone.String()+" "+g.Region+": "+ids(g.Members))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// A group's deadlines are at the schedule's wall-clock time in the group's
// zone, and skip its region's holidays as well as the org's.
func TestGroupBetween(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	regions := []bot.Region{{ID: "north", Holidays: []bot.DateRange{{From: "2026-11-24", To: "2026-11-24"}}}}
	org := bot.NewOrg(shanghai, bot.English, nil, regions, []bot.Person{
		{ID: "chen", Roles: []bot.Role{bot.RoleRep}, Region: "north", Timezone: "Europe/Berlin"},
	})
	org.Holidays = []bot.DateRange{{From: "2026-11-26", To: "2026-11-26"}}
	sc := &bot.Schedule{Audience: bot.Audience{All: true}, Spec: "daily 18:00", Zone: "Asia/Shanghai", Local: true, CreatedAt: at(20, 0)}
	g := Groups(org, sc)[0]
	got, err := g.Between(sc, at(23, 12), at(29, 0), 10)
	if err != nil {
		t.Fatal(err)
	}
	var dues []string
	for _, d := range got {
		dues = append(dues, d.Due.Format(time.RFC3339))
	}
	want := []string{"2026-11-23T18:00:00+01:00", "2026-11-25T18:00:00+01:00", "2026-11-27T18:00:00+01:00"}
	if !slices.Equal(dues, want) {
		t.Errorf("deadlines %q, want %q", dues, want)
	}
	if prev := got[1].Prev; !prev.Equal(time.Date(2026, 11, 23, 18, 0, 0, 0, berlin)) {
		t.Errorf("the 25th's previous deadline: %s, want the 23rd's (the 24th is north's holiday)", prev)
	}
}
