package team

import (
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// Equal reports whether a and b are the same organisation as an org file
// says it: the same settings, regions and people, whenever each was last
// changed, and whatever zone a leaving time is written in and whatever
// fraction of a second it has (a file writes whole seconds).
func Equal(a, b *bot.Org) bool { return Digest(plainOrg(a)) == Digest(plainOrg(b)) }

// plainOrg is org without what a file does not say, and with no value
// that only an empty one could stand for.
func plainOrg(org *bot.Org) *bot.Org {
	regions, people := copies(org)
	for i := range regions {
		r := &regions[i]
		r.UpdatedAt = time.Time{}
		r.Channels = nilMap(r.Channels)
		r.Managers, r.Holidays = nilSlice(r.Managers), nilSlice(r.Holidays)
	}
	for i := range people {
		p := &people[i]
		p.UpdatedAt, p.LeftAt = time.Time{}, p.LeftAt.UTC().Truncate(time.Second)
		p.Roles, p.Accounts = nilSlice(p.Roles), nilMap(p.Accounts)
	}
	n := org.With(regions, people)
	s := org.Settings()
	s.Holidays, s.Channels = nilSlice(s.Holidays), nilMap(s.Channels)
	return n.WithSettings(s)
}

// nilSlice returns nil for an empty slice, which JSON would otherwise tell
// from nil.
func nilSlice[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return s
}

// nilMap returns nil for an empty map.
func nilMap[M ~map[K]V, K comparable, V any](m M) M {
	if len(m) == 0 {
		return nil
	}
	return m
}

// ChatEdits returns, from the history of the organisation (newest first),
// the changes made in chat since the last change from an org file: what
// applying a file again would overwrite. Look a field up with Edit.
func ChatEdits(history []*bot.OrgChange) *Edits {
	e := &Edits{byField: map[[3]string]*bot.OrgChange{}}
	for _, c := range history {
		if c.Source != SourceChat {
			break
		}
		for _, f := range c.Fields {
			key := [3]string{c.Subject, c.ID, f.Field}
			if e.byField[key] == nil {
				e.byField[key] = c
			}
		}
	}
	return e
}

// Edits are the fields last changed in chat (see ChatEdits).
type Edits struct{ byField map[[3]string]*bot.OrgChange }

// Edit returns the newest chat change to field of the person, region or
// settings (subject) id, or nil.
func (e *Edits) Edit(subject, id, field string) *bot.OrgChange {
	return e.byField[[3]string{subject, id, field}]
}
