package digest

import (
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/value"
)

// Query says which digest: a region over [From, To), as it stands at Now.
// Period, when set, is the period From and To cover; Person, when set,
// narrows it to one rep's own reports. Every way of asking (chat, a
// subscription, `fieldloop digest`) makes it with ForPeriod or Span, so
// that the same span gives the same digest.
type Query struct {
	Region   string
	Person   string
	Period   string
	From, To time.Time
	// Now is when the digest is asked for, whatever span it covers: a
	// payment is overdue when its due date is before Now's day (Today),
	// and a deadline counts once its grace has ended by Now.
	Now time.Time
}

// ForPeriod is the query of region's digest over period (2026, 2026-Q4,
// 2026-11 or 2026-W48, in the org's calendar), asked at now.
func ForPeriod(org *bot.Org, region, period string, now time.Time) (Query, error) {
	start, end, err := value.PeriodRange(period, org.Location)
	if err != nil {
		return Query{}, err
	}
	return Query{Region: region, Period: period, From: start, To: end, Now: now}, nil
}

// Span is the query of region's digest over [from, to), asked at now.
func Span(region string, from, to, now time.Time) Query {
	return Query{Region: region, From: from, To: to, Now: now}
}

// Command returns the chat command that shows q's digest in full, to the
// same end: "/digest east 2026-11 full", or, for a span,
// "/digest east since=2026-11-27T08:30:00+08:00 until=… full", so that
// asked later it still covers the same time.
func (q Query) Command() string {
	cmd := "/digest " + q.Region
	if q.Period != "" {
		return cmd + " " + q.Period + " full"
	}
	return cmd + " since=" + q.From.Format(time.RFC3339) + " until=" + q.To.Format(time.RFC3339) + " full"
}
