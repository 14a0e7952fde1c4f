package team

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/platform"
)

// The bounds of what a person or region may be called, as the org file
// has them.
var idPattern = regexp.MustCompile(`^[a-z0-9_-]{1,32}$`)

// MaxName is the longest name of a person or region, in characters.
const MaxName = 100

// Check returns every problem of an organisation of regions and people, as
// the org file's checks find them, in the reader's language: an id that is
// not [a-z0-9_-], a name missing or too long, an unknown region or
// manager, a loop of managers, an account given to two people, an account
// id its platform would not have, and nobody left to administer. Leavers
// keep what they had and are not checked against the others; nobody may
// be given a leaver as manager (see Change).
func Check(regions []bot.Region, people []bot.Person, platforms []platform.IDs) bot.FieldErrors {
	return check(regions, people, platforms, nil)
}

// check is Check; when fresh is set, what concerns a person alone (their
// id and name, their zone) is checked only for those fresh reports,
// which a change made: the others passed it before, and a change to one
// person must not cost a pass over everyone's names.
func check(regions []bot.Region, people []bot.Person, platforms []platform.IDs, fresh func(*bot.Person) bool) bot.FieldErrors {
	var errs bot.FieldErrors
	add := func(field, key string, args ...any) { errs = append(errs, bot.FieldError(field, key, args...)) }
	known := regionSet{ids: make([]string, 0, len(regions)), set: make(map[string]bool, len(regions))}
	for _, r := range regions {
		if known.set[r.ID] {
			add("id", "team.error.region_twice", r.ID)
		}
		known.ids, known.set[r.ID] = append(known.ids, r.ID), true
		checkNamed(add, r.ID, r.Name)
	}
	byID := make(map[string]*bot.Person, len(people))
	for i := range people {
		p := &people[i]
		if byID[p.ID] != nil {
			add("id", "team.error.person_twice", p.ID)
		}
		byID[p.ID] = p
	}
	var admins int
	for i := range people {
		p := &people[i]
		if p.Left() {
			continue
		}
		alone := fresh == nil || fresh(p)
		if alone {
			checkNamed(add, p.ID, p.Name)
		}
		checkPerson(add, p, known, byID, alone)
		if p.Has(bot.RoleAdmin) {
			admins++
		}
	}
	for _, r := range regions {
		for _, m := range r.Managers {
			if q := byID[m]; q == nil || q.Left() {
				add("managers", "team.error.region_manager", r.ID, m)
			}
		}
	}
	if fresh == nil {
		errs = append(errs, loops(people, byID)...)
	} else {
		errs = append(errs, newLoops(people, byID, fresh)...)
	}
	errs = append(errs, accounts(people, platforms)...)
	if admins == 0 && len(people) > 0 {
		add("roles", "team.error.no_admin")
	}
	return errs
}

// checkNamed checks an id and a name.
func checkNamed(add func(field, key string, args ...any), id, name string) {
	switch {
	case !idPattern.MatchString(id):
		add("id", "team.error.id", bot.Echo(id))
	case strings.TrimSpace(name) == "":
		add("name", "team.error.name_missing", id)
	case utf8.RuneCountInString(name) > MaxName:
		add("name", "team.error.name_long", id, MaxName)
	case strings.ContainsFunc(name, unicode.IsControl):
		add("name", "team.error.name_control", id) // spaces around it are harmless
	}
}

// regionSet is the regions' ids, in order and as a set.
type regionSet struct {
	ids []string
	set map[string]bool
}

// checkPerson checks p against the others; alone adds what concerns p only.
func checkPerson(add func(field, key string, args ...any), p *bot.Person, regions regionSet, byID map[string]*bot.Person, alone bool) {
	if len(p.Roles) == 0 {
		add("roles", "team.error.no_role", p.ID, roleList())
	}
	for _, r := range p.Roles {
		if !slices.Contains(bot.Roles, r) {
			add("roles", "team.error.role", bot.Echo(string(r)), roleList())
		}
	}
	switch {
	case p.Region == "" && p.Has(bot.RoleRep):
		add("region", "team.error.rep_region", p.ID, bot.List(regions.ids))
	case p.Region != "" && !regions.set[p.Region]:
		add("region", "error.region.unknown", bot.Echo(p.Region), bot.List(regions.ids))
	}
	if p.Manager != "" {
		m := byID[p.Manager]
		switch {
		case p.Manager == p.ID:
			add("manager", "team.error.own_manager", p.ID)
		case m == nil:
			add("manager", "error.person.unknown", bot.Echo(p.Manager))
		case !m.Has(bot.RoleManager):
			add("manager", "team.error.not_manager", m.ID)
		}
	}
	if p.Timezone != "" && alone {
		if _, err := time.LoadLocation(p.Timezone); err != nil || !strings.Contains(p.Timezone, "/") && p.Timezone != "UTC" {
			add("timezone", "team.error.timezone", bot.Echo(p.Timezone))
		}
	}
}

// roleList lists the roles for messages.
func roleList() bot.Text {
	names := make([]string, len(bot.Roles))
	for i, r := range bot.Roles {
		names[i] = string(r)
	}
	return bot.List(names)
}

// loops reports each loop in the manager chains once, at the first of its
// members in the people's order: its members would have no manager above
// them all. Each chain is walked once: a person whose chain is known to
// end (or to run into a loop they are not in) is not walked again, so
// that ten thousand people cost ten thousand steps.
func loops(people []bot.Person, byID map[string]*bot.Person) bot.FieldErrors {
	manager := func(id string) string {
		if q := byID[id]; q != nil && q.Manager != id {
			return q.Manager
		}
		return ""
	}
	var errs bot.FieldErrors
	outside := map[string]bool{} // people in no loop
	onPath := map[string]int{}
	for i := range people {
		id := people[i].ID
		if outside[id] {
			continue
		}
		clear(onPath)
		var path []string
		cur := id
		for cur != "" && !outside[cur] {
			if _, seen := onPath[cur]; seen {
				break
			}
			onPath[cur] = len(path)
			path = append(path, cur)
			cur = manager(cur)
		}
		end := len(path) // path[:end] are in no loop
		if cur != "" && !outside[cur] {
			end = onPath[cur]
		}
		for _, q := range path[:end] {
			outside[q] = true
		}
		if end != 0 || len(path) == 0 {
			continue // id's chain ends, or runs into a loop id is not in
		}
		loop := ManagerLoop(id, manager)
		for _, q := range loop {
			outside[q] = true // reported: not again from another member
		}
		if loop != nil {
			errs = append(errs, bot.FieldError("manager", "team.error.loop", strings.Join(loop, " → ")))
		}
	}
	return errs
}

// newLoops reports the loops a change made: only a new manager can close
// one, so only the chains of the fresh people are walked, and a loop is
// named from the first of them on it.
func newLoops(people []bot.Person, byID map[string]*bot.Person, fresh func(*bot.Person) bool) bot.FieldErrors {
	var errs bot.FieldErrors
	reported := map[string]bool{}
	manager := func(id string) string {
		if q := byID[id]; q != nil {
			return q.Manager
		}
		return ""
	}
	for i := range people {
		p := &people[i]
		if p.Manager == "" || reported[p.ID] || !fresh(p) {
			continue
		}
		loop := ManagerLoop(p.ID, manager)
		for _, id := range loop {
			reported[id] = true
		}
		if loop != nil {
			errs = append(errs, bot.FieldError("manager", "team.error.loop", strings.Join(loop, " → ")))
		}
	}
	return errs
}

// ManagerLoop follows id's managers (manager returns a person's, "" for
// none) and returns the chain from id back to id, or nil when the chain
// ends or loops without passing through id. Someone who is their own
// manager ends the chain: that is reported on its own.
func ManagerLoop(id string, manager func(string) string) []string {
	chain := []string{id}
	seen := map[string]bool{id: true}
	for cur := id; ; {
		next := manager(cur)
		if next == "" || next == cur {
			return nil
		}
		chain = append(chain, next)
		if next == id {
			return chain
		}
		if seen[next] {
			return nil
		}
		seen[next] = true
		cur = next
	}
}

// accounts reports an account that two people in the company hold, and an
// id its platform would not have.
func accounts(people []bot.Person, platforms []platform.IDs) bot.FieldErrors {
	var errs bot.FieldErrors
	for _, pl := range platforms {
		owner := map[string]string{}
		for i := range people {
			p := &people[i]
			id := p.Accounts.On(pl.Platform)
			if id == "" || p.Left() {
				continue
			}
			if first, dup := owner[id]; dup {
				errs = append(errs, bot.FieldError(string(pl.Platform), "team.error.account_twice", bot.PlatformName(pl.Platform), id, first))
				continue
			}
			owner[id] = p.ID
			if pl.Check != nil {
				if why := pl.Check(id, true); why != "" {
					// why is the platform's, in English only: a Chinese
					// reader is told the id is wrong, without it.
					errs = append(errs, bot.FieldError(string(pl.Platform), "team.error.account", bot.Echo(id), bot.PlatformName(pl.Platform), bot.Literal(why, "")))
				}
			}
		}
	}
	return errs
}
