package bot

import (
	"context"
	"time"

	"github.com/fieldloop/fieldloop/value"
)

// Target is a sales target for a region and a period (YYYY, YYYY-Qn or
// YYYY-MM), in minor units.
type Target struct {
	Region string
	Period string
	Amount int64
	SetBy  string    `json:",omitzero"`
	SetAt  time.Time `json:",omitzero"`
}

// TargetStore keeps sales targets.
type TargetStore interface {
	// SetTargets stores targets, replacing those for the same region and
	// period, in one transaction.
	SetTargets(ctx context.Context, ts []*Target) error
	// Targets returns the targets of region ("" for every region).
	Targets(ctx context.Context, region string) ([]*Target, error)
}

// TargetFor returns the amount of region's target for period, if set.
func TargetFor(ts []*Target, region, period string) (int64, bool) {
	for _, t := range ts {
		if t.Region == region && t.Period == period {
			return t.Amount, true
		}
	}
	return 0, false
}

// SalesTotal sums the amounts and units of sales reports, deleted ones
// excluded.
func SalesTotal(reports []*Report) (amount, units int64) {
	for _, r := range reports {
		if r.Kind != "sales" || r.Deleted {
			continue
		}
		amount += r.Fields["amount"].Num
		units += r.Fields["units"].Num
	}
	return amount, units
}

// Attainment renders actual against target as a percentage with one
// decimal ("87.5%"), without floats.
func Attainment(actual, target int64) string {
	if target <= 0 {
		return "—"
	}
	tenths := actual * 1000 / target
	return value.FormatPercent(tenths * 10)
}
