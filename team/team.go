// Package team keeps the live organisation: the people, regions and
// settings that the database holds and every part of a running fieldloop
// reads through one bot.LiveOrg. At start it loads the organisation from
// the store, applying the org file (or the built-in organisation) when it
// changed since it was last applied; afterwards each change (/team, an
// access request approved, org apply) is checked as the org file is,
// written whole or not at all with its history, and only then made
// current, so that the next command, reminder and digest see it.
package team

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/platform"
)

// Store keeps the organisation; *storage.DB is one.
type Store interface {
	LoadOrg(ctx context.Context) (*bot.OrgState, error)
	WriteOrg(ctx context.Context, w bot.OrgWrite) error
	OrgHistory(ctx context.Context, id string, limit int) ([]*bot.OrgChange, error)
}

// Team changes the live organisation.
type Team struct {
	Live      *bot.LiveOrg
	Store     Store
	Platforms []platform.IDs // the rules of account ids, by platform
	Now       func() time.Time
	// Adjust applies to every organisation loaded from the store what the
	// run sets rather than the organisation: the platforms that address
	// people by id, a time zone or language given by flag.
	Adjust func(*bot.Org)
	// ReadOnly is set when the store is open for reading only: an empty
	// one then gives the declared organisation, unsaved.
	ReadOnly bool
	// Schedules, when set, lists the report schedules, so that a change
	// that leaves one with nobody to ask is told (see Gaps).
	Schedules func(ctx context.Context) ([]*bot.Schedule, error)
	// Notify, when set, returns the messages that tell of what a change by
	// person by left lacking (gaps, new since before): they are queued with
	// the change, in its transaction.
	Notify func(ctx context.Context, by string, gaps []Gap) []*bot.Message

	mu sync.Mutex // one change at a time, each on the one before
}

// SourceChat is the source of the changes made in chat.
const SourceChat = "chat"

// Start loads the organisation from the store and makes it current. The
// declared organisation (an org file's, or the built-in one) is stored
// when the store has none yet; when it has one, declared is applied if
// apply is set and it changed since it was last applied (what it names
// wins, what it does not name stays), and the changes are returned.
// source names the file in the history.
func (t *Team) Start(ctx context.Context, declared *bot.Org, source string, apply bool) ([]*bot.OrgChange, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	st, err := t.Store.LoadOrg(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case st == nil && (t.ReadOnly || declared == nil):
		t.current(declared)
		return nil, nil
	case st == nil:
		return nil, t.seed(ctx, declared, Digest(declared))
	case !apply || declared == nil || st.Declared == Digest(declared):
		t.current(fromState(st))
		return nil, nil
	}
	plan, err := t.apply(ctx, st, declared, source, false, false)
	if err != nil {
		return nil, err
	}
	return plan.Changes, nil
}

// Apply applies declared, an org file's organisation, to the stored one
// (see Merge; prune marks the people it does not name as left) and
// returns what it does. The result is checked as the org file is; unless
// dryRun, it is saved with its history, from source, and made current.
// On an empty store, declared is the whole organisation.
func (t *Team) Apply(ctx context.Context, declared *bot.Org, source string, prune, dryRun bool) (*Plan, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	st, err := t.Store.LoadOrg(ctx)
	if err != nil {
		return nil, err
	}
	return t.apply(ctx, st, declared, source, prune, dryRun)
}

// apply is Apply on the stored organisation st (nil when none).
func (t *Team) apply(ctx context.Context, st *bot.OrgState, declared *bot.Org, source string, prune, dryRun bool) (*Plan, error) {
	now := t.now()
	cur := bot.NewOrg(nil, "", nil, nil, nil)
	if st != nil {
		cur = fromState(st)
	}
	plan := Merge(cur, declared, prune, now)
	if errs := Check(plan.Next.Regions, plan.Next.People, t.Platforms); len(errs) > 0 {
		return nil, errs
	}
	if dryRun {
		return plan, nil
	}
	stamp(plan.Changes, "", source, now)
	w := plan.write()
	// The digest lets a start tell that this file was applied already.
	digest := Digest(declared)
	w.Declared = &digest
	if st == nil {
		// Without settings the store holds no organisation at all.
		settings := plan.Next.Settings()
		w.Settings = &settings
	}
	if err := t.Store.WriteOrg(ctx, w); err != nil {
		return nil, err
	}
	t.current(plan.Next)
	return plan, nil
}

// seed stores the declared organisation as the first.
func (t *Team) seed(ctx context.Context, declared *bot.Org, digest string) error {
	now := t.now()
	org := declared.With(stampAll(declared.Regions, declared.People, now))
	w := bot.OrgWrite{People: map[int]bot.Person{}, Regions: map[int]bot.Region{}, Declared: &digest}
	settings := org.Settings()
	w.Settings = &settings
	for i, p := range org.People {
		w.People[i] = p
	}
	for i, r := range org.Regions {
		w.Regions[i] = r
	}
	if err := t.Store.WriteOrg(ctx, w); err != nil {
		return err
	}
	t.current(fromState(&bot.OrgState{Settings: settings, Regions: org.Regions, People: org.People}))
	return nil
}

// stampAll copies regions and people, marking them updated at now.
func stampAll(regions []bot.Region, people []bot.Person, now time.Time) ([]bot.Region, []bot.Person) {
	rs := make([]bot.Region, len(regions))
	for i, r := range regions {
		rs[i] = r.Clone()
		rs[i].UpdatedAt = now
	}
	ps := make([]bot.Person, len(people))
	for i, p := range people {
		ps[i] = p.Clone()
		ps[i].UpdatedAt = now
	}
	return rs, ps
}

// FromState builds the organisation the store holds, as it holds it:
// nothing of a run's adjustments.
func FromState(st *bot.OrgState) *bot.Org { return fromState(st) }

func fromState(st *bot.OrgState) *bot.Org {
	return bot.NewOrg(nil, "", nil, st.Regions, st.People).WithSettings(st.Settings)
}

// current makes org, adjusted for the run, the current organisation.
func (t *Team) current(org *bot.Org) {
	if t.Adjust != nil && org != nil {
		t.Adjust(org)
	}
	t.Live.Store(org)
}

func (t *Team) now() time.Time {
	if t.Now == nil {
		return time.Now()
	}
	return t.Now()
}

// Edit is what a change does to the organisation: given copies of the
// current regions and people, it edits them (or appends to them; nobody
// is ever deleted, a leaver is marked) and returns them.
type Edit func(regions []bot.Region, people []bot.Person) ([]bot.Region, []bot.Person, error)

// Change makes one change by person by, in chat: it runs edit on the
// current organisation, checks the result as the org file is checked,
// saves it with its history and makes it current. It returns what
// changed, nothing when edit changed nothing; on any error nothing is
// saved.
func (t *Team) Change(ctx context.Context, by string, edit Edit) ([]*bot.OrgChange, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	cur := t.Live.Load()
	regions, people := copies(cur)
	regions, people, err := edit(regions, people)
	if err != nil {
		return nil, err
	}
	changed := make(map[string]bool)
	for i := range people {
		if old := cur.Person(people[i].ID); old == nil || !samePerson(old, &people[i]) {
			changed[people[i].ID] = true
		}
	}
	fresh := func(p *bot.Person) bool { return changed[p.ID] }
	if errs := check(regions, people, t.Platforms, fresh); len(errs) > 0 {
		return nil, errs
	}
	next := plan(cur, regions, people, changed, nil, t.now())
	if len(next.Changes) == 0 {
		return nil, nil
	}
	stamp(next.Changes, by, SourceChat, t.now())
	w := next.write()
	if t.Notify != nil {
		if gaps := New(t.Gaps(ctx, cur), t.Gaps(ctx, next.Next)); len(gaps) > 0 {
			w.Messages = t.Notify(ctx, by, gaps)
		}
	}
	if err := t.Store.WriteOrg(ctx, w); err != nil {
		return nil, err
	}
	t.Live.Store(next.Next)
	return next.Changes, nil
}

// Gaps returns what org lacks: managers, and people to ask for a
// schedule's reports (when Schedules is set and can be read).
func (t *Team) Gaps(ctx context.Context, org *bot.Org) []Gap {
	gaps := Gaps(org)
	if t.Schedules != nil {
		if ss, err := t.Schedules(ctx); err == nil {
			gaps = append(gaps, ScheduleGaps(org, ss)...)
		}
	}
	return gaps
}

// Problems returns what Check finds in the organisation edit would make,
// saving nothing: for a command that has problems of its own to report
// and would report all of them at once.
func (t *Team) Problems(edit Edit) bot.FieldErrors {
	regions, people := copies(t.Live.Load())
	regions, people, err := edit(regions, people)
	if err != nil {
		return nil
	}
	return Check(regions, people, t.Platforms)
}

// History returns the changes to person or region id ("" for all), newest
// first, at most limit.
func (t *Team) History(ctx context.Context, id string, limit int) ([]*bot.OrgChange, error) {
	return t.Store.OrgHistory(ctx, id, limit)
}

// copies returns deep copies of org's regions and people.
func copies(org *bot.Org) ([]bot.Region, []bot.Person) {
	regions := make([]bot.Region, len(org.Regions))
	for i, r := range org.Regions {
		regions[i] = r.Clone()
	}
	people := make([]bot.Person, len(org.People))
	for i, p := range org.People {
		people[i] = p.Clone()
	}
	return regions, people
}

func stamp(changes []*bot.OrgChange, by, source string, at time.Time) {
	for _, c := range changes {
		c.By, c.Source, c.At = by, source, at
	}
}

// Digest identifies a declared organisation's content: two org files that
// declare the same organisation have the same digest, whatever their
// comments and layout.
func Digest(org *bot.Org) string {
	b, err := json.Marshal(struct {
		Settings bot.OrgSettings
		Regions  []bot.Region
		People   []bot.Person
	}{org.Settings(), org.Regions, org.People})
	if err != nil {
		panic(fmt.Sprintf("team: digest: %v", err)) // plain data: cannot fail
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
