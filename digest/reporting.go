package digest

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/schedule/deadline"
)

// maxDeadlines bounds the deadlines one schedule contributes to a digest:
// a year of an hourly cron line fits.
const maxDeadlines = 10_000

// Counts are the reports owed at deadlines and how they came: on time,
// late (after the grace, before the next deadline) or missed.
type Counts struct {
	Owed   int `json:"owed"`
	OnTime int `json:"on_time"`
	Late   int `json:"late"`
	Missed int `json:"missed"`
}

// add counts one owed report with outcome o. A deadline still open is
// not judged, so it does not reach here.
func (c *Counts) add(o deadline.Outcome) {
	c.Owed++
	switch o {
	case deadline.OnTime:
		c.OnTime++
	case deadline.Late:
		c.Late++
	default:
		c.Missed++
	}
}

// Rate is how the region (or the rep) met one schedule's deadlines in
// the span: the deadlines due in it whose grace had ended by the query's
// Now, and the reports owed at them, in total and per person, judged as
// the scheduler judged them for its reminders (package deadline).
type Rate struct {
	Schedule  uint64 `json:"schedule"`
	Kind      string `json:"kind"`
	Deadlines int    `json:"deadlines"`
	Counts
	OnTimeRate string `json:"on_time_rate"` // "56%"; "—" when nothing was owed
	// People are those who owed any, most missed first.
	People []PersonRate `json:"people"`
	// Reported and Missing are the ids of People who missed no deadline
	// and of those who missed any: the fields the digest's JSON had
	// before the figures above, kept for the scripts that read them.
	Reported []string `json:"reported"`
	Missing  []string `json:"missing"`
}

// PersonRate is one person's part of a Rate.
type PersonRate struct {
	Person string `json:"person"`
	Counts
}

// reporting gives a Rate for each schedule that asks anyone the digest is
// about.
func (d *Digest) reporting(ctx context.Context, src Source, q Query) error {
	if src.Schedules == nil {
		return nil
	}
	all, err := src.Schedules.Schedules(ctx)
	if err != nil || len(all) == 0 {
		return err
	}
	people, err := asked(ctx, src)
	if err != nil {
		return err
	}
	org := src.Org.Load()
	for _, sc := range all {
		r, ok, err := rate(ctx, src.Schedules, org, people, sc, q)
		if err != nil {
			return fmt.Errorf("schedule %d: %w", sc.ID, err)
		}
		if ok {
			d.Reporting = append(d.Reporting, r)
		}
	}
	return nil
}

// asked is who the schedules may ask, as the scheduler knows them.
func asked(ctx context.Context, src Source) (deadline.People, error) {
	var people deadline.People
	var err error
	if people.Seen, err = src.Schedules.PeopleSeen(ctx); err != nil {
		return people, err
	}
	if src.Settings != nil {
		people.Settings, err = src.Settings.AllSettings(ctx)
	}
	return people, err
}

// rate judges sc's deadlines in q's span for the people q is about; ok is
// false when sc asks none of them.
func rate(ctx context.Context, store bot.ScheduleStore, org *bot.Org, people deadline.People, sc *bot.Schedule, q Query) (Rate, bool, error) {
	about := func(p *bot.Person) bool { return p.Region == q.Region && (q.Person == "" || p.ID == q.Person) }
	if !slices.ContainsFunc(sc.Audience.Members(org), about) {
		return Rate{}, false, nil
	}
	gs, err := byGroup(org, sc, q, about)
	if err != nil {
		return Rate{}, false, nil // unreadable: the scheduler logs it
	}
	r := Rate{Schedule: sc.ID, Kind: sc.Kind, Deadlines: gs.count()}
	if after, through, ok := gs.span(q.Now); ok {
		times, err := store.ReportTimes(ctx, sc.Kind, after, through)
		if err != nil {
			return r, false, err
		}
		r.People = judge(people, sc, gs, deadline.Filed(times), about, q.Now)
	}
	for _, p := range r.People {
		r.Owed, r.OnTime, r.Late, r.Missed = r.Owed+p.Owed, r.OnTime+p.OnTime, r.Late+p.Late, r.Missed+p.Missed
		if p.Missed > 0 {
			r.Missing = append(r.Missing, p.Person)
		} else {
			r.Reported = append(r.Reported, p.Person)
		}
	}
	r.OnTimeRate = percent(r.OnTime, r.Owed)
	return r, true, nil
}

// groupDeadlines is one group of a schedule's audience (deadline.Groups)
// with its deadlines.
type groupDeadlines struct {
	deadline.Group
	deadlines []deadline.Deadline
}

// grouped is the deadlines of each group of a schedule's audience, as the
// scheduler follows them.
type grouped []groupDeadlines

// byGroup returns, for each group of sc's audience with anyone the
// digest is about, its deadlines due in [From, To) and by Now − grace:
// judged, not still open.
func byGroup(org *bot.Org, sc *bot.Schedule, q Query, about func(*bot.Person) bool) (grouped, error) {
	through := earlier(q.To.Add(-time.Nanosecond), q.Now.Add(-sc.Grace))
	var out grouped
	for _, g := range deadline.Groups(org, sc) {
		if !slices.ContainsFunc(g.Members, about) {
			continue
		}
		dls, err := g.Between(sc, q.From.Add(-time.Nanosecond), through, maxDeadlines)
		if err != nil {
			return nil, err
		}
		out = append(out, groupDeadlines{g, dls})
	}
	return out, nil
}

// count is how many deadlines the groups have, one a day and time however
// many groups have it: at each person's own time, 18:00 in Berlin and in
// Shanghai is one deadline.
func (gs grouped) count() int {
	seen := map[string]bool{}
	for _, g := range gs {
		for _, d := range g.deadlines {
			seen[d.Due.In(g.Zone).Format(bot.LocalDueLayout)] = true
		}
	}
	return len(seen)
}

// span is where the reports that may meet the groups' deadlines were
// filed: after the first Prev and by the last Next (reports after it count
// for no deadline of the span) or now; ok is false with no deadline.
func (gs grouped) span(now time.Time) (after, through time.Time, ok bool) {
	for _, g := range gs {
		for _, d := range g.deadlines {
			if !ok || d.Prev.Before(after) {
				after = d.Prev
			}
			if !ok || d.Next.After(through) {
				through = d.Next
			}
			ok = true
		}
	}
	return after, earlier(through, now), ok
}

// judge counts, per person about whom the digest is, how they met each
// deadline they owed, most missed first, then most late, then in the
// order they were first owed.
func judge(people deadline.People, sc *bot.Schedule, gs grouped, filed deadline.Filed, about func(*bot.Person) bool, now time.Time) []PersonRate {
	var order []string
	counts := map[string]*Counts{}
	for _, g := range gs {
		for _, dl := range g.deadlines {
			for _, p := range people.Owing(g.Group, dl.Due) {
				if !about(p) {
					continue
				}
				if counts[p.ID] == nil {
					counts[p.ID] = &Counts{}
					order = append(order, p.ID)
				}
				counts[p.ID].add(filed.Judge(p.ID, dl, sc.Grace, now))
			}
		}
	}
	out := make([]PersonRate, len(order))
	for i, id := range order {
		out[i] = PersonRate{Person: id, Counts: *counts[id]}
	}
	slices.SortStableFunc(out, func(a, b PersonRate) int {
		return cmp.Or(cmp.Compare(b.Missed, a.Missed), cmp.Compare(b.Late, a.Late))
	})
	return out
}

// percent renders n of all as a whole percentage, rounded half up ("56%"),
// or "—" when all is zero.
func percent(n, all int) string {
	if all == 0 {
		return "—"
	}
	return strconv.Itoa((n*200+all)/(2*all)) + "%"
}
