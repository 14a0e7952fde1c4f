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
// whose manager has left.
func Gaps(org *bot.Org) []Gap {
	var gaps []Gap
	for _, r := range org.Regions {
		if len(RegionManagers(org, r.ID)) > 0 {
			continue
		}
		managed := false
		for i := range org.People {
			p := &org.People[i]
			if p.Region == r.ID && !p.Left() && p.Manager != "" {
				if m := org.Person(p.Manager); m != nil && !m.Left() {
					managed = true
				}
			}
		}
		if !managed && hasReps(org, r.ID) {
			gaps = append(gaps, Gap{bot.SubjectRegion, r.ID, bot.T("team.gap.region", org.RegionName(r.ID), r.ID)})
		}
	}
	for i := range org.People {
		p := &org.People[i]
		if p.Left() || p.Manager == "" {
			continue
		}
		if m := org.Person(p.Manager); m != nil && m.Left() {
			gaps = append(gaps, Gap{bot.SubjectPerson, p.ID, bot.T("team.gap.manager", p.Name, p.ID, m.Name)})
		}
	}
	return gaps
}

func hasReps(org *bot.Org, region string) bool {
	for i := range org.People {
		if p := &org.People[i]; p.Region == region && p.Has(bot.RoleRep) && !p.Left() {
			return true
		}
	}
	return false
}
