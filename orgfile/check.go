package orgfile

import (
	"fmt"
	"strings"

	"github.com/fieldloop/fieldloop/bot"
	"go.yaml.in/yaml/v3"
)

// check validates how regions and people refer to each other. complete is
// false when some people could not be decoded, which holds back the checks
// that need everyone.
func (p *parser) check(regions []*regionEntry, people []*personEntry, complete bool) {
	regionByID, regionIDs := index(p, "region", regions)
	byID, _ := index(p, "person", people)
	var managers []string
	for _, e := range people {
		if e.Has(bot.RoleManager) && byID[e.ID] == e {
			managers = append(managers, e.ID)
		}
	}
	// Leavers keep what they had, as in the live organisation: what
	// changed around them since does not make the file wrong.
	for _, e := range people {
		if !e.Left() {
			p.checkRegion(e, regionByID, regionIDs)
			p.checkManager(e, byID, managers)
		}
	}
	for _, r := range regions {
		p.checkRegionManagers(r, byID)
	}
	p.checkChains(people, byID)
	p.checkAccounts(people)
	if complete && len(people) > 0 {
		p.checkAdmin(people)
	}
}

// entry is a decoded region or person.
type entry interface {
	source() (id string, m mapping)
}

// index maps ids to their first entry, in file order, reporting every id
// used twice.
func index[E entry](p *parser, what string, entries []E) (byID map[string]E, ids []string) {
	byID = make(map[string]E, len(entries))
	for _, e := range entries {
		id, m := e.source()
		if id == "" {
			continue
		}
		if first, dup := byID[id]; dup {
			_, fm := first.source()
			n, _ := fm.at("id")
			p.fieldf(m, "id", "%s id %q is used twice (first at line %d)", what, id, n.Line)
			continue
		}
		byID[id] = e
		ids = append(ids, id)
	}
	return byID, ids
}

func (p *parser) checkRegion(e *personEntry, regions map[string]*regionEntry, regionIDs []string) {
	switch {
	case e.m.values["region"] == nil:
		if e.Has(bot.RoleRep) {
			p.fieldf(e.m, "region", "a rep needs a region (known: %s)", known(regionIDs))
		}
	case e.Region != "" && regions[e.Region] == nil:
		p.fieldf(e.m, "region", "unknown region %q (known: %s)", e.Region, known(regionIDs))
	}
}

func (p *parser) checkManager(e *personEntry, byID map[string]*personEntry, managers []string) {
	if e.Manager == "" {
		return
	}
	m := byID[e.Manager]
	switch {
	case e.Manager == e.ID:
		p.fieldf(e.m, "manager", "a person cannot be their own manager")
	case m == nil:
		p.fieldf(e.m, "manager", "unknown person %q (managers: %s)", e.Manager, known(managers))
	case !m.Has(bot.RoleManager):
		p.fieldf(e.m, "manager", "%s does not have the manager role; add it to their roles or name another manager (managers: %s)",
			m.ID, known(managers))
	}
}

// checkRegionManagers reports a region's manager who is not in the file,
// or has left.
func (p *parser) checkRegionManagers(r *regionEntry, byID map[string]*personEntry) {
	seen := map[string]bool{}
	for i, at := range listItems(r.m.values["managers"]) {
		id := strings.TrimSpace(at.Value)
		if at.Kind != yaml.ScalarNode || seen[id] {
			continue // reported as it was read
		}
		seen[id] = true
		path := fmt.Sprintf("%s[%d]", join(r.m.path, "managers"), i)
		switch m := byID[id]; {
		case m == nil:
			p.errorf(at, path, "unknown person %q", id)
		case m.Left():
			p.errorf(at, path, "%s has left the company; name someone still in it", id)
		}
	}
}

// checkChains reports each loop in the manager chains once, at the first of
// its members in file order: a loop would leave its members' reports with
// no manager above them all.
func (p *parser) checkChains(people []*personEntry, byID map[string]*personEntry) {
	reported := map[string]bool{}
	for _, e := range people {
		if reported[e.ID] || byID[e.ID] != e {
			continue
		}
		loop := managerLoop(e, byID)
		if loop == nil {
			continue
		}
		for _, id := range loop {
			reported[id] = true
		}
		p.fieldf(e.m, "manager", "the manager chain loops: %s", strings.Join(loop, " → "))
	}
}

// managerLoop follows e's managers and returns the chain from e back to e,
// or nil when the chain ends (or loops without passing through e). A
// person who is their own manager is reported elsewhere and ends the chain.
func managerLoop(e *personEntry, byID map[string]*personEntry) []string {
	chain := []string{e.ID}
	seen := map[string]bool{e.ID: true}
	for cur := e; ; {
		next := byID[cur.Manager]
		if next == nil || next == cur {
			return nil
		}
		chain = append(chain, next.ID)
		if next == e {
			return chain
		}
		if seen[next.ID] {
			return nil
		}
		seen[next.ID] = true
		cur = next
	}
}

// checkAccounts reports a chat account given to two people, because an
// incoming message could then not tell who sent it.
func (p *parser) checkAccounts(people []*personEntry) {
	for _, platform := range p.platforms {
		key := string(platform.Platform)
		owner := map[string]*personEntry{}
		for _, e := range people {
			id := e.Accounts.On(platform.Platform)
			if id == "" || e.Left() {
				continue
			}
			if first, dup := owner[id]; dup {
				n, _ := first.m.at(key)
				p.fieldf(e.m, key, "%s id %s is already %s's (line %d)", key, id, first.ID, n.Line)
				continue
			}
			owner[id] = e
		}
	}
}

// checkAdmin requires an admin still in the company, without whom nobody
// could run /team.
func (p *parser) checkAdmin(people []*personEntry) {
	for _, e := range people {
		if e.Has(bot.RoleAdmin) && !e.Left() {
			return
		}
	}
	p.errorf(nil, "people", "nobody has the admin role; give it to at least one person, like roles: [admin], so that someone can run /team")
}
