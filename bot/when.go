package bot

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/value"
)

// EveryText renders a recurrence as its reader would write it: "weekly
// fri 17:00" in English, "每周五 17:00" in Chinese. spec is what
// value.ParseEvery reads, in either language; anything else (a cron line)
// is shown as it is.
func EveryText(spec string) Text {
	rec, err := value.ParseEvery(spec)
	if err != nil {
		return T("every.cron", spec)
	}
	f := strings.Fields(rec.Spec)
	clock := f[len(f)-1]
	switch {
	case f[0] == "workdays":
		return T("every.workdays", clock)
	case f[0] == "weekly":
		return T("every.weekly", T("weekday."+f[1][:3]), clock)
	case f[0] == "monthly" && f[1] == "last":
		return T("every.monthly_last", clock)
	case f[0] == "monthly":
		day, _ := strconv.Atoi(f[1])
		return T("every.monthly", day, clock)
	}
	return T("every.daily", clock)
}

// When renders when schedule s falls due, in the reader's words.
func (s *Schedule) When() Text {
	if s.Cron {
		return T("every.cron", s.Spec)
	}
	return EveryText(s.Spec)
}

// DurationText renders d in hours and minutes: "1h30m" in English,
// "1 小时 30 分钟" in Chinese.
func DurationText(d time.Duration) Text {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return T("duration.m", m)
	case m == 0:
		return T("duration.h", h)
	}
	return T("duration.hm", h, m)
}

// Text renders the audience by name: "all reps", or its regions' and
// people's names as org has them, in a list of the reader's language.
func (a Audience) Text(org *Org) Text {
	if a.All {
		return T("audience.all")
	}
	var names []string
	for _, id := range a.Regions {
		if r := org.Region(id); r != nil {
			id = r.Name
		}
		names = append(names, id)
	}
	for _, id := range a.People {
		if p := org.Person(id); p != nil {
			id = p.Name
		}
		names = append(names, id)
	}
	return List(names)
}

// List is a list of names joined as the reader's language joins one.
func List(items []string) Text {
	return T("list", func(lang Lang) string { return JoinList(lang, items) })
}

// ValueProblem says why value refused something, in the reader's
// language: value.Problem's key in the catalogue, or err as it is when it
// is not a Problem.
func ValueProblem(err error) Text {
	var p *value.Problem
	if !errors.As(err, &p) {
		return Literal(err.Error(), err.Error())
	}
	t := T("value."+p.Key, p.Args...)
	if p.Field != "" {
		t = T("value.cron.field", T("value.cron.field."+p.Field), t)
	}
	return t
}
