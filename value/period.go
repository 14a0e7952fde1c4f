package value

import (
	"fmt"
	"strconv"
	"time"
)

// PeriodRange returns the days a canonical period (see ParsePeriod)
// covers, as [start, end) in loc: "2026" the year, "2026-Q4" the quarter,
// "2026-11" the month, "2026-W48" the ISO week (Monday to Sunday).
func PeriodRange(p string, loc *time.Location) (start, end time.Time, err error) {
	p, ok := ParsePeriod(p)
	if !ok {
		return time.Time{}, time.Time{}, fmt.Errorf("%q is not a period", p)
	}
	year, _ := strconv.Atoi(p[:4])
	switch {
	case len(p) == 4:
		start = time.Date(year, 1, 1, 0, 0, 0, 0, loc)
		return start, start.AddDate(1, 0, 0), nil
	case p[5] == 'Q':
		q := int(p[6] - '0')
		start = time.Date(year, time.Month(3*q-2), 1, 0, 0, 0, 0, loc)
		return start, start.AddDate(0, 3, 0), nil
	case p[5] == 'W':
		w, _ := strconv.Atoi(p[6:])
		// The ISO week holding 4 January is week 1.
		jan4 := time.Date(year, 1, 4, 0, 0, 0, 0, loc)
		monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
		start = monday.AddDate(0, 0, 7*(w-1))
		return start, start.AddDate(0, 0, 7), nil
	}
	m, _ := strconv.Atoi(p[5:])
	start = time.Date(year, time.Month(m), 1, 0, 0, 0, 0, loc)
	return start, start.AddDate(0, 1, 0), nil
}

// PreviousPeriod returns the period before p, of the same length:
// 2026-11 → 2026-10, 2026-Q1 → 2025-Q4, 2026-W01 → 2025-W53 or W52.
func PreviousPeriod(p string) string {
	p, _ = ParsePeriod(p)
	start, _, err := PeriodRange(p, time.UTC)
	if err != nil {
		return ""
	}
	day := start.AddDate(0, 0, -1)
	return PeriodOf(day, periodUnit(p))
}

// Period units, by the shape of a canonical period.
const (
	UnitYear    = "year"
	UnitQuarter = "quarter"
	UnitMonth   = "month"
	UnitWeek    = "week"
)

func periodUnit(p string) string {
	switch {
	case len(p) == 4:
		return UnitYear
	case p[5] == 'Q':
		return UnitQuarter
	case p[5] == 'W':
		return UnitWeek
	}
	return UnitMonth
}

// PeriodOf returns the period of the given unit that holds day t.
func PeriodOf(t time.Time, unit string) string {
	switch unit {
	case UnitYear:
		return t.Format("2006")
	case UnitQuarter:
		return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())+2)/3)
	case UnitWeek:
		y, w := t.ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w)
	}
	return t.Format("2006-01")
}

// SubPeriods splits a canonical period into its parts of unit: a year
// into its quarters or months, a quarter into its months. It returns nil
// for a split that does not fit (a month into quarters).
func SubPeriods(period string, unit string) []string {
	var out []string
	year := period[:min(4, len(period))]
	switch {
	case len(period) == 4 && unit == UnitQuarter:
		for q := 1; q <= 4; q++ {
			out = append(out, fmt.Sprintf("%s-Q%d", year, q))
		}
	case len(period) == 4 && unit == UnitMonth:
		for m := 1; m <= 12; m++ {
			out = append(out, fmt.Sprintf("%s-%02d", year, m))
		}
	case len(period) == 7 && period[5] == 'Q' && unit == UnitMonth:
		q := int(period[6] - '0')
		for m := 3*q - 2; m <= 3*q; m++ {
			out = append(out, fmt.Sprintf("%s-%02d", year, m))
		}
	}
	return out
}
