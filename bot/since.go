package bot

import (
	"strconv"
	"strings"
	"time"
)

// ParseSince reads the start of a time range: an age ("7d", "24h", "2w",
// "90m"), a date ("2026-11-01", midnight in now's zone) or a word ("today",
// "yesterday"). It returns an EINVALID error naming option otherwise.
func ParseSince(option, s string, now time.Time) (time.Time, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	switch s {
	case "today", "今天":
		return midnight, nil
	case "yesterday", "昨天":
		return midnight.AddDate(0, 0, -1), nil
	}
	if len(s) >= 2 {
		if n, err := strconv.Atoi(s[:len(s)-1]); err == nil && n >= 0 && n <= 100_000 {
			switch s[len(s)-1] {
			case 'm':
				return now.Add(-time.Duration(n) * time.Minute), nil
			case 'h':
				return now.Add(-time.Duration(n) * time.Hour), nil
			case 'd':
				return now.AddDate(0, 0, -n), nil
			case 'w':
				return now.AddDate(0, 0, -7*n), nil
			}
		}
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, now.Location()); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, strings.ToUpper(s)); err == nil {
		return t, nil
	}
	return time.Time{}, FieldError(option, "error.value.since", option)
}
