// Package value reads and writes the values people type into fieldloop:
// whole numbers, amounts of money (without a float, with 万 and currency
// marks), percentages, yes and no, dates and reporting periods, ages such
// as 7d, and the recurrences of report schedules ("daily 18:00" or a cron
// line). It knows nothing of fields, messages or languages: its callers
// turn a refusal into the message that names what was wrong.
package value

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Limits on what a field accepts.
const (
	MaxTextLen     = 200
	MaxLongTextLen = 2000
	MaxInt         = 1_000_000_000
	MaxMoneyMinor  = 1_000_000_000_000_00 // one trillion
)

// The years dates and periods may fall in: a typo such as 0202 is refused
// rather than stored.
const (
	minYear = 2000
	maxYear = 2100
)

// Result says how reading a number went: a number that is well formed
// but too large deserves a different message from one that is not a
// number at all.
type Result int

// How reading a number went.
const (
	OK       Result = iota // a number within the limits
	Bad                    // not a number of the kind asked for
	TooBig                 // a number, beyond the limits
	Negative               // a number of the kind, but below zero
	Foreign                // an amount in another currency than the one asked for
)

// negative reports whether s is a number that parse would take but for
// its minus sign: such a number is refused as negative, not as no number.
func negative(s string, parse func(string) (int64, Result)) bool {
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), "-")
	if !ok {
		rest, ok = strings.CutPrefix(strings.TrimSpace(s), "−") // the minus sign
	}
	if !ok {
		return false
	}
	_, res := parse(rest)
	return res == OK || res == TooBig
}

// Int reads a non-negative whole number, allowing thousands
// separators: "1,200" or "1 200".
func Int(s string) (int64, Result) {
	s = Fold(s)
	digits, ok := wholeDigits(s)
	if !ok {
		if negative(s, Int) {
			return 0, Negative
		}
		return 0, Bad
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n > MaxInt {
		return 0, TooBig
	}
	return n, OK
}

// wholeDigits checks the whole-number part of a number and returns its
// digits: commas (or spaces, as in "3 200") are allowed only as thousands
// separators ("1,200" but not "1,2" or "12,00"), so that a decimal comma is
// refused rather than misread; a number uses one separator or the other.
func wholeDigits(s string) (string, bool) {
	sep := ","
	switch {
	case strings.Contains(s, ",") && strings.Contains(s, " "):
		return "", false
	case strings.Contains(s, " "):
		sep = " "
	case !strings.Contains(s, ","):
		return s, isDigits(s)
	}
	groups := strings.Split(s, sep)
	for i, g := range groups {
		if !isDigits(g) || len(g) > 3 || (i > 0 && len(g) != 3) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

// Decimal reads a non-negative decimal number into an integer scaled
// by 10^places, refusing more fraction digits than places. It never goes
// through a float, so 0.1 + 0.2 stays exact.
func Decimal(s string, places int, limit int64) (int64, Result) {
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" {
		return 0, Bad
	}
	if whole == "" {
		whole = "0"
	}
	whole, ok := wholeDigits(whole)
	if !ok || len(frac) > places || (frac != "" && !isDigits(frac)) {
		return 0, Bad
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 15 {
		return 0, TooBig
	}
	frac += strings.Repeat("0", places-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil || n > limit {
		return 0, TooBig
	}
	return n, OK
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// FormatMoney renders minor units as "4,200.50".
func FormatMoney(minor int64) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	return fmt.Sprintf("%s%s.%02d", sign, GroupThousands(minor/100), minor%100)
}

// DecimalString renders minor units as a plain decimal "4200.50", the form
// exports use.
func DecimalString(n int64, places int) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	scale := int64(1)
	for range places {
		scale *= 10
	}
	return fmt.Sprintf("%s%d.%0*d", sign, n/scale, places, n%scale)
}

// GroupThousands renders a whole number with commas between its
// thousands: 1200000 → "1,200,000".
func GroupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FormatPercent renders hundredths of a percent: 4550 → "45.5%".
func FormatPercent(h int64) string {
	return TrimZeros(DecimalString(h, 2)) + "%"
}

var yesWords = []string{"yes", "y", "true", "是", "是的", "对"}
var noWords = []string{"no", "n", "false", "否", "不是", "不"}

// YesNo reads yes or no in either language (yes, y, true, 是; no, n,
// false, 否), 1 for yes and 0 for no.
func YesNo(s string) (int64, bool) {
	s = strings.ToLower(Fold(s))
	for _, w := range yesWords {
		if s == w {
			return 1, true
		}
	}
	for _, w := range noWords {
		if s == w {
			return 0, true
		}
	}
	return 0, false
}

// Date reads YYYY-MM-DD (or with slashes or dots), the Chinese
// 2026年12月10日 (or 12月10日, in now's year), or today / yesterday /
// tomorrow in either language, relative to now in now's zone.
func Date(s string, now time.Time) (string, bool) {
	s = strings.ToLower(Fold(s))
	switch s {
	case "today", "今天":
		return now.Format(time.DateOnly), true
	case "yesterday", "昨天":
		return now.AddDate(0, 0, -1).Format(time.DateOnly), true
	case "tomorrow", "明天":
		return now.AddDate(0, 0, 1).Format(time.DateOnly), true
	}
	s = strings.NewReplacer("/", "-", ".", "-").Replace(chineseDate(s, now))
	t, err := time.Parse("2006-1-2", s) // also takes 2026-01-05
	if err != nil || t.Year() < minYear || t.Year() > maxYear {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// ParseDay reads a date as report fields take it (YYYY-MM-DD, today,
// tomorrow…) and returns it as YYYY-MM-DD.
func ParseDay(s string, now time.Time) (string, bool) { return Date(strings.TrimSpace(s), now) }

// ParsePeriod reads a reporting period and returns its canonical form:
// "2026", "2026-Q3", "2026-07" or "2026-W05". The Chinese forms (2026年,
// 2026年第4季度, 2026年Q4, 2026年12月, 2026年第48周) and 2026Q4 are read too.
func ParsePeriod(s string) (string, bool) {
	s = chinesePeriod(strings.ToUpper(Fold(s)))
	if len(s) < 4 || !isDigits(s[:4]) {
		return "", false
	}
	year, _ := strconv.Atoi(s[:4])
	if year < minYear || year > maxYear {
		return "", false
	}
	rest := s[4:]
	switch {
	case rest == "":
		return s, true
	case len(rest) == 3 && rest[:2] == "-Q" && rest[2] >= '1' && rest[2] <= '4':
		return s, true
	case len(rest) == 3 && rest[0] == '-' && isDigits(rest[1:]):
		if m, _ := strconv.Atoi(rest[1:]); m >= 1 && m <= 12 {
			return s, true
		}
	case len(rest) == 4 && rest[:2] == "-W" && isDigits(rest[2:]):
		w, _ := strconv.Atoi(rest[2:])
		// The last ISO week of a year is the one holding 28 December.
		_, last := time.Date(year, 12, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
		if w >= 1 && w <= last {
			return s, true
		}
	}
	return "", false
}

// CleanText drops control characters, folds line breaks and tabs into
// spaces where the text must print on one line, and trims the result, in
// that order so that cleaning what it returns changes nothing (a report's
// stored text reads back as it was saved).
func CleanText(s string, long bool) string {
	if !long {
		s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == '\t' }), " ")
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// Percent reads a percentage from 0 to 100, with or without its sign
// ("45", "45%", "37.5％"), in hundredths of a percent. Over 100 is Bad,
// not TooBig: "from 0 to 100" is what a refusal says.
func Percent(s string) (int64, Result) {
	s = Fold(s)
	if negative(s, Percent) {
		return 0, Negative
	}
	s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	n, res := Decimal(s, 2, 100_00)
	if res == TooBig {
		res = Bad
	}
	return n, res
}

// TrimZeros drops trailing fraction zeros from a decimal: "45.50" → "45.5",
// "40.00" → "40".
func TrimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}

// Since reads the start of a time range: an age ("7d", "24h", "2w",
// "90m", or with Chinese units, 7天), a date ("2026-11-01" or 2026年11月1日,
// midnight in now's zone) or a word ("today", "yesterday"). ok is false for
// anything else.
func Since(s string, now time.Time) (t time.Time, ok bool) {
	s = strings.ToLower(Fold(s))
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	switch s {
	case "today", "今天":
		return midnight, true
	case "yesterday", "昨天":
		return midnight.AddDate(0, 0, -1), true
	}
	if t, ok := ago(unitLetters.Replace(s), now); ok {
		return t, true
	}
	if d, ok := Date(s, now); ok {
		t, err := time.ParseInLocation(time.DateOnly, d, now.Location())
		return t, err == nil
	}
	if t, err := time.Parse(time.RFC3339, strings.ToUpper(s)); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// ago reads an age of one unit, "7d", "24h", "2w" or "90m", as the time
// that long before now; weeks and days are calendar days.
func ago(s string, now time.Time) (time.Time, bool) {
	if len(s) < 2 {
		return time.Time{}, false
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 0 || n > 100_000 {
		return time.Time{}, false
	}
	switch s[len(s)-1] {
	case 'm':
		return now.Add(-time.Duration(n) * time.Minute), true
	case 'h':
		return now.Add(-time.Duration(n) * time.Hour), true
	case 'd':
		return now.AddDate(0, 0, -n), true
	case 'w':
		return now.AddDate(0, 0, -7*n), true
	}
	return time.Time{}, false
}
