package digest

import (
	"testing"
	"time"
)

// A share of a target is rounded to the nearest cent, half up.
func TestShareRounds(t *testing.T) {
	day := 24 * time.Hour
	for _, c := range []struct {
		amount    int64
		part, all time.Duration
		want      int64
	}{
		{10_000_000, day, 31 * day, 322_581}, // 3,225.806… → 3,225.81
		{10_000_000, 2 * day, 30 * day, 666_667},
		{100, day, 4 * day, 25},
		{1, day, 2 * day, 1}, // half a cent rounds up
		{1 << 60, 365 * day, 365 * day, 1 << 60},
		{5, day, 0, 0},
	} {
		if got := share(c.amount, c.part, c.all); got != c.want {
			t.Errorf("share(%d, %v, %v) = %d, want %d", c.amount, c.part, c.all, got, c.want)
		}
	}
}
