package value

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Recurrence is when a report falls due: a set of wall-clock times in a
// zone. It is parsed and computed here, not by a cron library, so that a
// malformed spec is refused with a clear message instead of a panic, and so
// that daylight-saving changes are handled one way: every matching day has
// exactly one deadline, at the wall-clock time, or, when a spring-forward
// gap swallows that time, at the same offset after the gap.
type Recurrence struct {
	Spec     string // "daily 18:00" (in English, lower case) or a cron line, folded to ASCII
	minutes  []int  // minutes past the hour that match, sorted
	hours    []int
	days     [32]bool // days of the month
	months   [13]bool
	weekdays [7]bool // Sunday is 0
	// anyDay and anyWeekday say the day fields were "*": cron matches a
	// day when either restricted field matches.
	anyDay, anyWeekday bool
	// workdays skips weekends (holidays are skipped for every recurrence).
	workdays bool
	// lastDay matches each month's last day, whatever its date.
	lastDay bool
}

var weekdayNames = map[string]int{"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}
var monthNames = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

// ParseEvery reads the friendly forms: "daily 18:00", "workdays 18:00",
// "weekly fri 18:00", "monthly 1 09:00" and "monthly last 18:00", and their
// Chinese ones (每天 18:00, 工作日 18:00, 每周五 18:00, 每月1日 09:00,
// 每月最后一天 18:00). The Recurrence's Spec is the English form. The error
// says what is wrong; callers wrap it in a message naming the option.
func ParseEvery(spec string) (*Recurrence, error) {
	spec = everyInEnglish(strings.ToLower(Fold(spec)))
	f := strings.Fields(spec)
	if len(f) < 2 {
		return nil, problem("every.form", "expected a frequency and a time")
	}
	h, m, err := parseClock(f[len(f)-1])
	if err != nil {
		return nil, err
	}
	r := &Recurrence{Spec: spec, minutes: []int{m}, hours: []int{h}, anyDay: true, anyWeekday: true}
	fillAll(r.days[1:])
	fillAll(r.months[1:])
	fillAll(r.weekdays[:])
	switch {
	case f[0] == "daily" && len(f) == 2:
	case f[0] == "workdays" && len(f) == 2:
		r.workdays = true
	case f[0] == "weekly" && len(f) == 3:
		d, ok := weekdayNames[f[1][:min(3, len(f[1]))]]
		if !ok {
			return nil, problem("every.weekday", "%q is not a day of the week", Short(f[1]))
		}
		r.weekdays, r.anyWeekday = [7]bool{}, false
		r.weekdays[d] = true
		r.anyDay = false // only the weekday decides
		r.days = [32]bool{}
	case f[0] == "monthly" && len(f) == 3:
		r.days, r.anyDay = [32]bool{}, false
		r.weekdays, r.anyWeekday = [7]bool{}, false
		if f[1] == "last" {
			r.lastDay = true // the 28th to the 31st, by month
			break
		}
		d, err := strconv.Atoi(f[1])
		if err != nil || d < 1 || d > 28 {
			return nil, problem("every.monthday", "%q is not a day of the month from 1 to 28, or last", Short(f[1]))
		}
		r.days[d] = true
	default:
		return nil, problem("every.frequency", "%q is not daily, workdays, weekly DAY or monthly N", Short(strings.Join(f[:len(f)-1], " ")))
	}
	return r, nil
}

func fillAll(b []bool) {
	for i := range b {
		b[i] = true
	}
}

// parseClock reads "18:00" or "9:30".
func parseClock(s string) (hour, minute int, err error) {
	hs, ms, ok := strings.Cut(s, ":")
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if !ok || err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 || len(ms) != 2 {
		return 0, 0, problem("clock", "%q is not a time of day like 18:00", Short(s))
	}
	return h, m, nil
}

// ParseCron reads a standard five-field cron line: minute, hour, day of
// month, month, day of week, each "*", a number, a name (mon, jan), a
// range "1-5", a list "1,15" or a step "*/15". As in Vixie cron, when both
// day fields are restricted a day matches either.
func ParseCron(spec string) (*Recurrence, error) {
	spec = Fold(spec)
	f := strings.Fields(strings.ToLower(spec))
	if len(f) != 5 {
		return nil, problem("cron.fields", "a cron line has 5 fields (minute hour day month weekday), not %d", len(f))
	}
	r := &Recurrence{Spec: spec}
	var minutes, hours [60]bool
	fields := []struct {
		name     string
		set      []bool
		lo, hi   int
		names    map[string]int
		wildcard *bool
	}{
		{CronFields[0], minutes[:], 0, 59, nil, nil},
		{CronFields[1], hours[:24], 0, 23, nil, nil},
		{CronFields[2], r.days[:], 1, 31, nil, &r.anyDay},
		{CronFields[3], r.months[:], 1, 12, monthNames, nil},
		{CronFields[4], nil, 0, 7, weekdayNames, &r.anyWeekday},
	}
	var weekdays [8]bool
	fields[4].set = weekdays[:]
	for i, fd := range fields {
		if p := parseCronField(f[i], fd.set, fd.lo, fd.hi, fd.names); p != nil {
			p.Field = fd.name
			return nil, p
		}
		if fd.wildcard != nil {
			*fd.wildcard = strings.HasPrefix(f[i], "*") // as Vixie cron reads it
		}
	}
	for d := range 7 {
		r.weekdays[d] = weekdays[d] || (d == 0 && weekdays[7])
	}
	for m, ok := range minutes {
		if ok {
			r.minutes = append(r.minutes, m)
		}
	}
	for h, ok := range hours[:24] {
		if ok {
			r.hours = append(r.hours, h)
		}
	}
	if len(r.hours)*len(r.minutes) > 24 {
		return nil, problem("cron.often", "more than 24 deadlines a day; a report schedule needs at most a few")
	}
	return r, nil
}

// parseCronField marks in set the values a field lists.
func parseCronField(field string, set []bool, lo, hi int, names map[string]int) *Problem {
	for part := range strings.SplitSeq(field, ",") {
		rng, stepText, hasStep := strings.Cut(part, "/")
		step := 1
		if hasStep {
			s, err := strconv.Atoi(stepText)
			if err != nil || s < 1 || s > hi {
				return problem("cron.step", "%q is not a step", Short(stepText))
			}
			step = s
		}
		from, to := lo, hi
		if rng != "*" {
			a, b, isRange := strings.Cut(rng, "-")
			var err *Problem
			if from, err = cronValue(a, lo, hi, names); err != nil {
				return err
			}
			to = from
			if isRange {
				if to, err = cronValue(b, lo, hi, names); err != nil {
					return err
				}
			} else if hasStep {
				to = hi
			}
			if to < from {
				return problem("cron.backwards", "%q runs backwards", Short(rng))
			}
		}
		for v := from; v <= to; v += step {
			set[v] = true // every set is indexed by value
		}
	}
	return nil
}

func cronValue(s string, lo, hi int, names map[string]int) (int, *Problem) {
	if v, ok := names[s]; ok {
		return v, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		return 0, problem("cron.range", "%q is not a value from %d to %d", Short(s), lo, hi)
	}
	return v, nil
}

// dayMatches reports whether date (a day in the schedule's zone) may hold
// deadlines, holidays and weekends aside.
func (r *Recurrence) dayMatches(date time.Time) bool {
	if !r.months[date.Month()] {
		return false
	}
	day, wd := r.days[date.Day()], r.weekdays[date.Weekday()]
	if r.lastDay {
		day = date.AddDate(0, 0, 1).Day() == 1
	}
	switch {
	case r.anyDay && r.anyWeekday:
		return true
	case r.anyDay:
		return wd
	case r.anyWeekday:
		return day
	}
	return day || wd
}

// Holidays reports whether a date (year, month, day) is a holiday.
type Holidays func(date time.Time) bool

// Next returns the first deadline strictly after t, in loc, skipping
// holidays (and weekends for workdays). ok is false if there is none in
// the next five years (a spec such as "30 2 31 2 *" never matches).
func (r *Recurrence) Next(t time.Time, loc *time.Location, holiday Holidays) (time.Time, bool) {
	lt := t.In(loc)
	day := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, loc)
	for i := 0; i < 5*366; i++ {
		d := day.AddDate(0, 0, i)
		if !r.open(d, holiday) {
			continue
		}
		for _, h := range r.hours {
			for _, m := range r.minutes {
				if at := wallTime(d, h, m, loc); at.After(t) {
					return at, true
				}
			}
		}
	}
	return time.Time{}, false
}

// Prev returns the last deadline strictly before t.
func (r *Recurrence) Prev(t time.Time, loc *time.Location, holiday Holidays) (time.Time, bool) {
	lt := t.In(loc)
	day := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, loc)
	hours, minutes := slices.Clone(r.hours), slices.Clone(r.minutes)
	slices.Reverse(hours)
	slices.Reverse(minutes)
	for i := 0; i < 5*366; i++ {
		d := day.AddDate(0, 0, -i)
		if !r.open(d, holiday) {
			continue
		}
		for _, h := range hours {
			for _, m := range minutes {
				if at := wallTime(d, h, m, loc); at.Before(t) {
					return at, true
				}
			}
		}
	}
	return time.Time{}, false
}

// wallTime is h:m on day d in loc. A time that a spring-forward gap
// swallows (02:30 on the night clocks jump from 02:00 to 03:00) becomes
// the same time after the gap (03:30), never earlier than written; Go's
// time.Date alone would give 01:30.
func wallTime(d time.Time, h, m int, loc *time.Location) time.Time {
	at := time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, loc)
	if got, want := at.Hour()*60+at.Minute(), h*60+m; got != want {
		at = at.Add(time.Duration((want-got+24*60)%(24*60)) * time.Minute)
	}
	return at
}

func (r *Recurrence) open(d time.Time, holiday Holidays) bool {
	if !r.dayMatches(d) || (holiday != nil && holiday(d)) {
		return false
	}
	return !r.workdays || (d.Weekday() != time.Saturday && d.Weekday() != time.Sunday)
}
