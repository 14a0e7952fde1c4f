package team

import (
	"slices"

	"github.com/fieldloop/fieldloop/bot"
)

// Gap is what the organisation lacks after a change: a region with nobody
// to manage it, a rep whose manager left, a schedule with nobody left to
// ask. Admins are told of each at once, and `fieldloop check` lists them.
type Gap struct {
	Subject string // bot.SubjectRegion, bot.SubjectPerson or SubjectSchedule
	ID      string
	Text    bot.Text
}

// SubjectSchedule is the subject of a schedule's Gap.
const SubjectSchedule = "schedule"

// Key identifies the gap, so that a change tells only of new ones.
func (g Gap) Key() string { return g.Subject + ":" + g.ID }

// ScheduleGaps returns the schedules whose audience has nobody in org.
func ScheduleGaps(org *bot.Org, schedules []*bot.Schedule) []Gap {
	var gaps []Gap
	for _, s := range schedules {
		if len(s.Audience.Members(org)) == 0 {
			id := bot.FormatID(s.ID)
			gaps = append(gaps, Gap{SubjectSchedule, id, bot.T("team.gap.schedule", id, bot.T("kind."+s.Kind), s.Audience.Text(org))})
		}
	}
	return gaps
}

// New returns the gaps of after that before did not have.
func New(before, after []Gap) []Gap {
	var out []Gap
	for _, g := range after {
		if !slices.ContainsFunc(before, func(b Gap) bool { return b.Key() == g.Key() }) {
			out = append(out, g)
		}
	}
	return out
}

// RegionManagers returns the people, still in the company, who manage
// region: those it names, and those with the manager role in it.
func RegionManagers(org *bot.Org, region string) []string {
	var out []string
	if r := org.Region(region); r != nil {
		for _, m := range r.Managers {
			if p := org.Person(m); p != nil && !p.Left() {
				out = append(out, m)
			}
		}
	}
	for i := range org.People {
		p := &org.People[i]
		if p.Region == region && p.Has(bot.RoleManager) && !p.Left() && !slices.Contains(out, p.ID) {
			out = append(out, p.ID)
		}
	}
	return out
}

// Gaps returns what org lacks: regions with reps and no manager, and reps
// whose manager has left. One pass over the people, so that a change to a
// large organisation can afford to ask before and after.
func Gaps(org *bot.Org) []Gap {
	type regionState struct{ reps, managed bool }
	state := make(map[string]*regionState, len(org.Regions))
	for _, r := range org.Regions {
		st := &regionState{}
		for _, m := range r.Managers {
			if p := org.Person(m); p != nil && !p.Left() {
				st.managed = true
			}
		}
		state[r.ID] = st
	}
	var gaps []Gap
	for i := range org.People {
		p := &org.People[i]
		st := state[p.Region]
		if p.Left() || st == nil {
			continue
		}
		st.reps = st.reps || p.Has(bot.RoleRep)
		st.managed = st.managed || p.Has(bot.RoleManager)
		if m := org.Person(p.Manager); m != nil {
			if m.Left() {
				gaps = append(gaps, Gap{bot.SubjectPerson, p.ID, bot.T("team.gap.manager", p.Name, p.ID, m.Name)})
			} else {
				st.managed = true
			}
		}
	}
	var regions []Gap
	for _, r := range org.Regions {
		if st := state[r.ID]; st.reps && !st.managed {
			regions = append(regions, Gap{bot.SubjectRegion, r.ID, bot.T("team.gap.region", org.RegionName(r.ID), r.ID)})
		}
	}
	return append(regions, gaps...)
}
