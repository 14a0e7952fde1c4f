package value

import (
	"testing"
	"time"
)

func TestPeriodRange(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	tests := []struct{ p, start, end, prev string }{
		{"2026", "2026-01-01", "2027-01-01", "2025"},
		{"2026-Q1", "2026-01-01", "2026-04-01", "2025-Q4"},
		{"2026-q4", "2026-10-01", "2027-01-01", "2026-Q3"},
		{"2026-11", "2026-11-01", "2026-12-01", "2026-10"},
		{"2026-01", "2026-01-01", "2026-02-01", "2025-12"},
		{"2026-W01", "2025-12-29", "2026-01-05", "2025-W52"},
		{"2026-W48", "2026-11-23", "2026-11-30", "2026-W47"},
		{"2027-W01", "2027-01-04", "2027-01-11", "2026-W53"},
	}
	for _, tt := range tests {
		s, e, err := PeriodRange(tt.p, sh)
		if err != nil || s.Format(time.DateOnly) != tt.start || e.Format(time.DateOnly) != tt.end || s.Location() != sh {
			t.Errorf("PeriodRange(%s) = %s, %s, %v; want %s, %s", tt.p, s, e, err, tt.start, tt.end)
		}
		if got := PreviousPeriod(tt.p); got != tt.prev {
			t.Errorf("PreviousPeriod(%s) = %s, want %s", tt.p, got, tt.prev)
		}
	}
	if _, _, err := PeriodRange("soon", sh); err == nil {
		t.Error("PeriodRange accepted soon")
	}
	if got := SubPeriods("2026", UnitQuarter); len(got) != 4 || got[3] != "2026-Q4" {
		t.Errorf("quarters: %v", got)
	}
}
