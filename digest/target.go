package digest

import (
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/value"
)

// targetUnits are the periods a target may be set for, finest first: a
// span is measured against the finest that has a target for all of it.
var targetUnits = []string{value.UnitMonth, value.UnitQuarter, value.UnitYear}

// Target returns region's sales target over [from, to) in loc's calendar:
// the target of period when one is set for it; otherwise the targets of
// the months the span touches (or of its quarters, or its years, the
// finest that all have one), each counted for the share of it the span
// covers. prorated says the latter; ok is false when no unit has a target
// for every period the span touches. A daily digest is thus measured
// against a day's share of the month, and the early warnings' month to
// date against the month's share so far.
func Target(ts []*bot.Target, region, period string, from, to time.Time, loc *time.Location) (amount int64, prorated, ok bool) {
	if period != "" {
		if amount, ok := bot.TargetFor(ts, region, period); ok {
			return amount, false, true
		}
	}
	if !from.Before(to) {
		return 0, false, false
	}
	for _, unit := range targetUnits {
		if amount, whole, ok := spread(ts, region, unit, from, to, loc); ok {
			return amount, !whole, true
		}
	}
	return 0, false, false
}

// spread sums the targets of the periods of unit that [from, to) touches,
// each in proportion to the part covered; whole says every one was covered
// entirely. ok is false if one has no target.
func spread(ts []*bot.Target, region, unit string, from, to time.Time, loc *time.Location) (amount int64, whole, ok bool) {
	whole = true
	for t := from; t.Before(to); {
		p := value.PeriodOf(t.In(loc), unit)
		start, end, err := value.PeriodRange(p, loc)
		if err != nil {
			return 0, false, false
		}
		target, found := bot.TargetFor(ts, region, p)
		if !found {
			return 0, false, false
		}
		covered := earlier(to, end).Sub(later(from, start))
		amount += share(target, covered, end.Sub(start))
		whole = whole && covered == end.Sub(start)
		t = end
	}
	return amount, whole, true
}

// share returns amount × part / all, rounded half up to the cent, in
// minutes: a year has about half a million, so amount is split into its
// quotient and remainder by all first, which keeps a trillion-yuan target
// from overflowing.
func share(amount int64, part, all time.Duration) int64 {
	p, a := int64(part/time.Minute), int64(all/time.Minute)
	if a <= 0 {
		return 0
	}
	return amount/a*p + (amount%a*p*2+a)/(2*a)
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
