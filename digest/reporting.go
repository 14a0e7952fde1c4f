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
	for _, sc := range all {
		r, ok, err := rate(ctx, src, people, sc, q)
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
	people := deadline.People{Org: src.Org.Load()}
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
func rate(ctx context.Context, src Source, people deadline.People, sc *bot.Schedule, q Query) (Rate, bool, error) {
	about := func(p *bot.Person) bool { return p.Region == q.Region && (q.Person == "" || p.ID == q.Person) }
	if !slices.ContainsFunc(sc.Audience.Members(src.Org.Load()), about) {
		return Rate{}, false, nil
	}
	// Due in [From, To), and by Now − grace: judged, not still open.
	through := earlier(q.To.Add(-time.Nanosecond), q.Now.Add(-sc.Grace))
	dls, err := deadline.Between(sc, src.Org.Load().IsHoliday, q.From.Add(-time.Nanosecond), through, maxDeadlines)
	if err != nil {
		return Rate{}, false, nil // unreadable: the scheduler logs it
	}
	r := Rate{Schedule: sc.ID, Kind: sc.Kind, Deadlines: len(dls)}
	if len(dls) > 0 {
		// Reports after the last deadline's Next count for no deadline
		// of the span.
		times, err := src.Schedules.ReportTimes(ctx, sc.Kind, dls[0].Prev, earlier(dls[len(dls)-1].Next, q.Now))
		if err != nil {
			return r, false, err
		}
		r.People = judge(people, sc, dls, deadline.Filed(times), about, q.Now)
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

// judge counts, per person about whom the digest is, how they met each
// deadline they owed, most missed first, then most late, then in the
// org's order.
func judge(people deadline.People, sc *bot.Schedule, dls []deadline.Deadline, filed deadline.Filed, about func(*bot.Person) bool, now time.Time) []PersonRate {
	var order []string
	counts := map[string]*Counts{}
	for _, dl := range dls {
		for _, p := range people.Owing(sc, dl.Due) {
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
