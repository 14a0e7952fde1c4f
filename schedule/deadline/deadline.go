// Package deadline says what a report schedule's deadlines asked of whom
// and how each was met: which deadlines fall in a span, who owed a report
// at each, and whether it came on time, late or not at all. The scheduler
// decides its nudges, reminders and escalations with it and the digest
// counts with it, so that the figures a manager reads are the ones the
// reminders followed. The rules are the README's ("Report schedules").
package deadline

import (
	"sort"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// Deadline is one deadline of a schedule, Due, with the one before it and
// the one after: a report filed after Prev and by Due + grace meets it.
type Deadline struct {
	Prev, Due, Next time.Time
}

// Group is the members of a schedule's audience whose deadlines fall at
// the same moments: at the schedule's wall-clock times in Zone, on the
// days that are not holidays by IsHoliday (the org's, and Region's own
// when it has any).
type Group struct {
	Zone      *time.Location
	Region    string // "" when the members' regions have no holidays of their own
	IsHoliday func(time.Time) bool
	Members   []*bot.Person
}

// Groups splits sc's audience in org by when their deadlines fall: in
// sc's zone or, for a Local schedule, each member's own (Org.Zone); on
// the org's working days or, for members of a region with holidays of its
// own, the region's. Groups and their members are in the org's order.
func Groups(org *bot.Org, sc *bot.Schedule) []Group {
	var out []Group
	index := map[string]int{}
	zone := sc.Location() // loaded once: loading reads the zone database
	for _, m := range sc.Audience.Members(org) {
		g := Group{Zone: zone}
		if sc.Local {
			g.Zone = org.Zone(m)
		}
		if r := org.Region(m.Region); r != nil && len(r.Holidays) > 0 {
			g.Region = r.ID
		}
		key := g.Zone.String() + "|" + g.Region
		i, ok := index[key]
		if !ok {
			g.IsHoliday = func(d time.Time) bool { return org.IsRegionHoliday(g.Region, d) }
			i, index[key] = len(out), len(out)
			out = append(out, g)
		}
		out[i].Members = append(out[i].Members, m)
	}
	return out
}

// Between returns g's deadlines of sc due in (after, through] and after
// sc was created, holidays skipped, in order: at most limit of them, so
// that a long downtime or a clock far off cannot make a pass run for
// ever. A deadline with none before it has Prev a year earlier, and one
// with none after it Next a year later.
func (g Group) Between(sc *bot.Schedule, after, through time.Time, limit int) ([]Deadline, error) {
	rec, err := sc.Recurrence()
	if err != nil {
		return nil, err
	}
	var out []Deadline
	d, ok := rec.Next(after, g.Zone, g.IsHoliday)
	for ok && !d.After(through) && len(out) < limit {
		next, hasNext := rec.Next(d, g.Zone, g.IsHoliday)
		if d.After(sc.CreatedAt) {
			prev, found := rec.Prev(d, g.Zone, g.IsHoliday)
			if !found {
				prev = d.AddDate(-1, 0, 0)
			}
			dl := Deadline{Prev: prev, Due: d, Next: next}
			if !hasNext {
				dl.Next = d.AddDate(1, 0, 0)
			}
			out = append(out, dl)
		}
		d, ok = next, hasNext
	}
	return out, nil
}

// People is what the scheduler knows of who a schedule may ask: when each
// person was first seen in the org (people not in Seen have not been),
// and each person's settings, for their days away.
type People struct {
	Seen     map[string]time.Time
	Settings map[string]bot.Settings
}

// Owing returns the members of g who owe a report at deadline due: those
// first seen before it and not away on its day in g's zone.
func (p People) Owing(g Group, due time.Time) []*bot.Person {
	day := due.In(g.Zone)
	var out []*bot.Person
	for _, m := range g.Members {
		seen, ok := p.Seen[m.ID]
		if !ok || !seen.Before(due) || p.Settings[m.ID].AwayOn(day) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// Outcome is how a person met one deadline.
type Outcome int

// The outcomes. Open is a deadline whose grace has not ended and that has
// no report yet; a Missed one may still turn Late, until the next
// deadline.
const (
	Open Outcome = iota
	OnTime
	Late
	Missed
)

// Filed is when each person filed reports of a schedule's kind, oldest
// first, as the store's ReportTimes gives it.
type Filed map[string][]time.Time

// Since reports whether person filed after t and by now: the scheduler's
// test of who still owes a deadline's report (t is its Prev).
func (f Filed) Since(person string, t, now time.Time) bool {
	_, ok := f.first(person, t, now)
	return ok
}

// Judge says how person met d with grace, as it stands at now.
func (f Filed) Judge(person string, d Deadline, grace time.Duration, now time.Time) Outcome {
	first, ok := f.first(person, d.Prev, now)
	switch {
	case ok && !first.After(d.Due.Add(grace)):
		return OnTime
	case ok && first.Before(d.Next):
		return Late
	case now.Before(d.Due.Add(grace)):
		return Open
	}
	return Missed
}

// first returns person's first report after t and by now.
func (f Filed) first(person string, t, now time.Time) (time.Time, bool) {
	times := f[person]
	i := sort.Search(len(times), func(i int) bool { return times[i].After(t) })
	if i == len(times) || times[i].After(now) {
		return time.Time{}, false
	}
	return times[i], true
}
