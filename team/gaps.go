package team

import (
	"slices"

	"github.com/fieldloop/fieldloop/bot"
)

// Gap is what the organisation lacks after a change: a region with nobody
// to manage it, a rep whose manager left. Admins are told of each at once,
// and `fieldloop check` lists them.
type Gap struct {
	Subject string // bot.SubjectRegion or bot.SubjectPerson
	ID      string
	Text    bot.Text
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
