package value

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxDurationDays bounds a duration in days before it is multiplied,
// which could otherwise wrap around.
const maxDurationDays = 10_000

// Duration reads a length of time: "2h", "90m", "1h30m", "1.5h", "1d", or
// with Chinese units, "2天", "90分钟", "1小时30分钟". ok is false for
// anything else, a negative length included.
func Duration(s string) (time.Duration, bool) {
	s = unitLetters.Replace(strings.ToLower(Fold(s)))
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > maxDurationDays {
			return 0, false
		}
		return time.Duration(n) * 24 * time.Hour, true
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, false
	}
	return d, true
}

// DateTime reads a day and a time of day as a wall-clock time in loc:
// "2026-12-02 14:00", "2026年12月2日 14:00" (or without the space),
// "明天 14:00". The day is read as Date reads it, relative to now.
func DateTime(s string, now time.Time, loc *time.Location) (time.Time, bool) {
	s = Fold(s)
	i := strings.LastIndexFunc(s, func(r rune) bool { return r == ' ' || r == '日' || r == '号' })
	if i < 0 {
		return time.Time{}, false
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	day, ok := Date(strings.TrimSpace(s[:i+size]), now)
	h, m, err := parseClock(strings.TrimSpace(s[i+size:]))
	if !ok || err != nil {
		return time.Time{}, false
	}
	d, _ := time.Parse(time.DateOnly, day)
	return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, loc), true
}
