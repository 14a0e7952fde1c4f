package team

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// Plan is a change worked out and not yet saved: the organisation after
// it, what changed, and the records to write.
type Plan struct {
	Next    *bot.Org
	Changes []*bot.OrgChange

	people   map[int]bot.Person
	regions  map[int]bot.Region
	settings *bot.OrgSettings
}

// write is what saves the plan.
func (p *Plan) write() bot.OrgWrite {
	return bot.OrgWrite{People: p.people, Regions: p.regions, Settings: p.settings, Changes: p.Changes}
}

// Merge works out what applying the declared organisation to cur does: what
// declared names wins (a leaver it names stays a leaver, from when they
// left: a file cannot bring someone back, /team restore does; someone it
// says left, with left:, leaves), its settings replace cur's, and what it
// does not name is left alone, unless prune, which marks the people it
// does not name as left at now.
func Merge(cur, declared *bot.Org, prune bool, now time.Time) *Plan {
	regions, people := copies(cur)
	for _, r := range declared.Regions {
		if i := slices.IndexFunc(regions, func(x bot.Region) bool { return x.ID == r.ID }); i >= 0 {
			updated := regions[i].UpdatedAt // plan stamps it again if r changes it
			regions[i] = r.Clone()
			regions[i].UpdatedAt = updated
		} else {
			regions = append(regions, r.Clone())
		}
	}
	for _, p := range declared.People {
		i := slices.IndexFunc(people, func(x bot.Person) bool { return x.ID == p.ID })
		if i < 0 {
			people = append(people, p.Clone())
			continue
		}
		left, updated := people[i].LeftAt, people[i].UpdatedAt
		people[i] = p.Clone()
		people[i].UpdatedAt = updated
		if !left.IsZero() {
			people[i].LeftAt = left
		}
	}
	if prune {
		for i := range people {
			if !people[i].Left() && declared.Person(people[i].ID) == nil {
				people[i].LeftAt = now
			}
		}
	}
	settings := declared.Settings()
	return plan(cur, regions, people, nil, &settings, now)
}

// plan compares cur with regions, people and settings (nil: unchanged),
// stamps what changed as updated at now and builds the next organisation.
//
// fresh, when known, names the people who may have changed: the others
// are not compared again.
func plan(cur *bot.Org, regions []bot.Region, people []bot.Person, fresh map[string]bool, settings *bot.OrgSettings, now time.Time) *Plan {
	p := &Plan{people: map[int]bot.Person{}, regions: map[int]bot.Region{}}
	for i := range regions {
		r := &regions[i]
		var before []bot.FieldChange
		action := bot.ChangeAdd
		if old := cur.Region(r.ID); old != nil {
			action, before = bot.ChangeEdit, changed(regionFields(old), regionFields(r))
			if len(before) == 0 {
				continue
			}
		} else {
			before = changed(nil, regionFields(r))
		}
		r.UpdatedAt = now
		p.regions[i] = *r
		p.Changes = append(p.Changes, &bot.OrgChange{Subject: bot.SubjectRegion, ID: r.ID, Action: action, Fields: before})
	}
	for i := range people {
		q := &people[i]
		if fresh != nil && !fresh[q.ID] {
			continue
		}
		old := cur.Person(q.ID)
		if old != nil && samePerson(old, q) {
			continue // most of a change's people: no need to list their fields
		}
		var fields []bot.FieldChange
		action := bot.ChangeAdd
		switch {
		case old == nil:
			fields = changed(nil, personFields(q))
		case !old.Left() && q.Left():
			action = bot.ChangeRemove
		case old.Left() && !q.Left():
			action, fields = bot.ChangeRestore, changed(personFields(old), personFields(q))
		default:
			action, fields = bot.ChangeEdit, changed(personFields(old), personFields(q))
			if len(fields) == 0 {
				continue
			}
		}
		q.UpdatedAt = now
		p.people[i] = *q
		p.Changes = append(p.Changes, &bot.OrgChange{Subject: bot.SubjectPerson, ID: q.ID, Action: action, Fields: fields})
	}
	next := cur.With(regions, people)
	if settings != nil {
		if fields := changed(settingsFields(cur.Settings()), settingsFields(*settings)); len(fields) > 0 {
			p.settings = settings
			p.Changes = append(p.Changes, &bot.OrgChange{Subject: bot.SubjectSettings, Action: bot.ChangeEdit, Fields: fields})
			next = next.WithSettings(*settings)
		}
	}
	p.Next = next
	return p
}

// samePerson reports whether a and b say the same of a person (when they
// were updated aside).
func samePerson(a, b *bot.Person) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Region == b.Region && a.Manager == b.Manager &&
		a.Lang == b.Lang && a.Timezone == b.Timezone && a.LeftAt.Equal(b.LeftAt) &&
		slices.Equal(a.Roles, b.Roles) && maps.Equal(a.Accounts, b.Accounts)
}

// field is one field of a record as the org file writes it.
type field struct{ name, value string }

// changed returns the fields whose value differs between before and
// after, in after's order (then before's, for fields after lacks).
func changed(before, after []field) []bot.FieldChange {
	old := map[string]string{}
	for _, f := range before {
		old[f.name] = f.value
	}
	var out []bot.FieldChange
	for _, f := range after {
		if old[f.name] != f.value {
			out = append(out, bot.FieldChange{Field: f.name, From: old[f.name], To: f.value})
		}
		delete(old, f.name)
	}
	for _, f := range before {
		if v, ok := old[f.name]; ok && v != "" {
			out = append(out, bot.FieldChange{Field: f.name, From: v})
		}
	}
	return out
}

func personFields(p *bot.Person) []field {
	roles := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		roles[i] = string(r)
	}
	fs := []field{{"name", p.Name}, {"roles", strings.Join(roles, ",")}, {"region", p.Region},
		{"manager", p.Manager}, {"language", string(p.Lang)}, {"timezone", p.Timezone}}
	return append(fs, accountFields(p.Accounts, "")...)
}

func regionFields(r *bot.Region) []field {
	days := make([]string, len(r.Holidays))
	for i, d := range r.Holidays {
		days[i] = d.String()
	}
	fs := []field{{"name", r.Name}, {"managers", strings.Join(r.Managers, ",")}, {"holidays", strings.Join(days, ",")}}
	if r.CalendarToken != "" {
		fs = append(fs, field{"calendar_token", "(set)"})
	}
	return append(fs, accountFields(r.Channels, "")...)
}

func settingsFields(s bot.OrgSettings) []field {
	js := func(v any) string {
		b, _ := json.Marshal(v)
		return string(b)
	}
	fs := []field{{"timezone", s.Timezone}, {"language", string(s.Language)}, {"currency", s.Currency},
		{"warnings", js(s.Warnings)}, {"holidays", js(s.Holidays)}}
	for _, name := range slices.Sorted(maps.Keys(s.Channels)) {
		fs = append(fs, accountFields(s.Channels[name], "channels."+name+".")...)
	}
	return fs
}

// accountFields are the ids of accounts, one field per platform, in
// platform order.
func accountFields(a bot.Accounts, prefix string) []field {
	var fs []field
	for _, p := range slices.Sorted(maps.Keys(a)) {
		if a[p] != "" {
			fs = append(fs, field{prefix + string(p), a[p]})
		}
	}
	return fs
}
