package team_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/platform"
	"github.com/fieldloop/fieldloop/orgfile"
	"github.com/fieldloop/fieldloop/storage"
	"github.com/fieldloop/fieldloop/team"
)

var started = time.Date(2026, 11, 28, 4, 0, 0, 0, time.UTC)

// fixture is a store in a temporary directory and the time of the test.
type fixture struct {
	t   *testing.T
	db  *storage.DB
	now time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, now: started}
	f.db = storage.New(filepath.Join(t.TempDir(), "fieldloop.db"))
	f.db.Now = func() time.Time { return f.now }
	if err := f.db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.db.Close() })
	return f
}

// team returns a new Team on the fixture's store, as a start of
// fieldloop makes one: nothing current until Start.
func (f *fixture) team() *team.Team {
	return &team.Team{Live: bot.NewLiveOrg(nil), Store: f.db, Now: func() time.Time { return f.now },
		Platforms: []platform.IDs{{Platform: "slack"}, {Platform: "discord"}}}
}

// start starts a new Team with declared and fails the test on an error.
func (f *fixture) start(declared *bot.Org, source string, apply bool) (*team.Team, []*bot.OrgChange) {
	f.t.Helper()
	tm := f.team()
	changes, err := tm.Start(context.Background(), declared, source, apply)
	if err != nil {
		f.t.Fatalf("start: %v", err)
	}
	return tm, changes
}

func (f *fixture) history(tm *team.Team, id string) []*bot.OrgChange {
	f.t.Helper()
	h, err := tm.History(context.Background(), id, 100)
	if err != nil {
		f.t.Fatal(err)
	}
	return h
}

// changes sums up changes as "subject:id:action" strings.
func changes(cs []*bot.OrgChange) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Subject+":"+c.ID+":"+c.Action)
	}
	return out
}

// An empty store is seeded with the declared organisation, whole, and
// the next start reads it back from the store.
func TestStartSeeds(t *testing.T) {
	f := newFixture(t)
	tm, cs := f.start(orgfile.Demo(), "", false)
	if len(cs) != 0 {
		t.Errorf("seeding reported changes %v", changes(cs))
	}
	st, err := f.db.LoadOrg(context.Background())
	if err != nil || st == nil {
		t.Fatalf("stored: %v %v", st, err)
	}
	var ids []string
	for _, p := range st.People {
		ids = append(ids, p.ID)
		if !p.UpdatedAt.Equal(started) {
			t.Errorf("%s updated at %s", p.ID, p.UpdatedAt)
		}
	}
	if want := []string{"alice", "bob", "chen", "mia", "max", "ada"}; !slices.Equal(ids, want) {
		t.Errorf("stored people %v, want %v", ids, want)
	}
	if len(st.Regions) != 2 || st.Settings.Timezone != "Asia/Shanghai" || st.Settings.Currency != "CNY" || st.Declared != team.Digest(orgfile.Demo()) {
		t.Errorf("stored regions %+v, settings %+v, declared %q", st.Regions, st.Settings, st.Declared)
	}
	if p := tm.Live.Load().Person("chen"); p == nil || p.Lang != bot.Chinese || p.Accounts.On("slack") != "U0CHEN" {
		t.Errorf("current chen: %+v", p)
	}
	if h := f.history(tm, ""); len(h) != 0 {
		t.Errorf("seeding wrote history %v", changes(h))
	}

	// Another start, with an organisation declared that is not the one
	// stored and not applied: the store's is current.
	other := bot.NewOrg(time.UTC, bot.English, nil, nil, []bot.Person{{ID: "solo", Name: "Solo", Roles: []bot.Role{bot.RoleAdmin}}})
	again, _ := f.start(other, "", false)
	if again.Live.Load().Person("solo") != nil || again.Live.Load().Person("alice") == nil || again.Live.Load().Location.String() != "Asia/Shanghai" {
		t.Errorf("a restart took the declared organisation over the store's")
	}
}

// The same declared organisation applied again changes nothing, even
// after a chat change.
func TestStartSameDeclaredTwice(t *testing.T) {
	f := newFixture(t)
	tm, _ := f.start(orgfile.Demo(), "org.yaml", true)
	f.now = f.now.Add(time.Hour)
	if _, err := tm.Change(context.Background(), "ada", rename("bob", "Bob Z")); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(time.Hour)
	again, cs := f.start(orgfile.Demo(), "org.yaml", true)
	if len(cs) != 0 {
		t.Errorf("the same organisation again: %v", changes(cs))
	}
	if p := again.Live.Load().Person("bob"); p.Name != "Bob Z" || !p.UpdatedAt.Equal(started.Add(time.Hour)) {
		t.Errorf("bob after the start: %+v", p)
	}
	if h := f.history(again, ""); len(h) != 1 {
		t.Errorf("history %v", changes(h))
	}
}

// rename is an edit that renames person id.
func rename(id, name string) team.Edit {
	return func(regions []bot.Region, people []bot.Person) ([]bot.Region, []bot.Person, error) {
		person(people, id).Name = name
		return regions, people, nil
	}
}

// add is an edit that adds p.
func add(p bot.Person) team.Edit {
	return func(regions []bot.Region, people []bot.Person) ([]bot.Region, []bot.Person, error) {
		return regions, append(people, p), nil
	}
}

// A changed org file, applied at start, changes what it names and only
// that: what was added in chat stays, and so do the leavers it names.
func TestStartAppliesAChangedDeclaration(t *testing.T) {
	f := newFixture(t)
	tm, _ := f.start(orgfile.Demo(), "org.yaml", true)
	ctx := context.Background()
	f.now = f.now.Add(time.Hour)
	dan := bot.Person{ID: "dan", Name: "Dan", Roles: []bot.Role{bot.RoleRep}, Region: "north", Manager: "max"}
	if _, err := tm.Change(ctx, "ada", add(dan)); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.Change(ctx, "ada", func(regions []bot.Region, people []bot.Person) ([]bot.Region, []bot.Person, error) {
		person(people, "mia").LeftAt = f.now
		return regions, people, nil
	}); err != nil {
		t.Fatal(err)
	}

	f.now = f.now.Add(time.Hour)
	declared := orgfile.Demo()
	regions := append(slices.Clone(declared.Regions), bot.Region{ID: "west", Name: "West China"})
	people := slices.Clone(declared.People)
	people[1] = people[1].Clone()
	people[1].Name = "Bob Zhao Jr"
	people = append(people, bot.Person{ID: "eve", Name: "Eve", Roles: []bot.Role{bot.RoleRep}, Region: "west", Manager: "max"})
	changed := declared.With(regions, people)

	next, cs := f.start(changed, "org.yaml", true)
	if got, want := changes(cs), []string{"region:west:add", "person:bob:edit", "person:eve:add"}; !slices.Equal(got, want) {
		t.Errorf("changes %v, want %v", got, want)
	}
	org := next.Live.Load()
	if p := org.Person("dan"); p == nil || p.Left() {
		t.Errorf("dan, added in chat: %+v", p)
	}
	if p := org.Person("mia"); p == nil || !p.Left() {
		t.Errorf("mia, who left in chat and whom the file names: %+v", p)
	}
	if p := org.Person("alice"); !p.UpdatedAt.Equal(started) {
		t.Errorf("alice, unchanged, updated at %s", p.UpdatedAt)
	}
	if r := org.Region("east"); !r.UpdatedAt.Equal(started) {
		t.Errorf("east, unchanged, updated at %s", r.UpdatedAt)
	}
	if p := org.Person("bob"); p.Name != "Bob Zhao Jr" || !p.UpdatedAt.Equal(f.now) {
		t.Errorf("bob: %+v", p)
	}
	h := f.history(next, "bob")
	if len(h) != 1 || h[0].By != "" || h[0].Source != "org.yaml" || !h[0].At.Equal(f.now) ||
		!slices.Equal(h[0].Fields, []bot.FieldChange{{Field: "name", From: "Bob Zhao", To: "Bob Zhao Jr"}}) {
		t.Errorf("bob's history %+v", h)
	}

	// A third start of the same file changes nothing more.
	if _, cs := f.start(changed, "org.yaml", true); len(cs) != 0 {
		t.Errorf("the file again: %v", changes(cs))
	}
}

// A changed file that would break the organisation is refused whole at
// start: nothing of it is saved.
func TestStartRefusesABrokenDeclaration(t *testing.T) {
	f := newFixture(t)
	f.start(orgfile.Demo(), "org.yaml", true)
	declared := orgfile.Demo()
	people := slices.Clone(declared.People)
	people = append(people, bot.Person{ID: "eve", Name: "Eve", Roles: []bot.Role{bot.RoleRep}, Region: "east", Accounts: bot.Accounts{"slack": "U0ALICE"}})
	_, err := f.team().Start(context.Background(), declared.With(declared.Regions, people), "org.yaml", true)
	if bot.ErrorCode(err) != bot.EINVALID {
		t.Fatalf("a file giving alice's account to eve: %v", err)
	}
	tm, _ := f.start(orgfile.Demo(), "org.yaml", false)
	if tm.Live.Load().Person("eve") != nil || len(f.history(tm, "")) != 0 {
		t.Errorf("the refused file was saved in part")
	}
}

// failingStore fails every write.
type failingStore struct{ *storage.DB }

func (failingStore) WriteOrg(context.Context, bot.OrgWrite) error { return errors.New("disk full") }

// A change is all or nothing: refused by the checks, by the edit or by
// the store, it saves nothing and leaves the current organisation as it
// was; a new Team on the same store finds nothing of it.
func TestChangeAllOrNothing(t *testing.T) {
	f := newFixture(t)
	tm, _ := f.start(orgfile.Demo(), "", false)
	ctx := context.Background()
	before := tm.Live.Load()

	// Two people at once, one of them wrong: neither is saved.
	both := func(regions []bot.Region, people []bot.Person) ([]bot.Region, []bot.Person, error) {
		person(people, "alice").Name = "Alice Renamed"
		return regions, append(people, bot.Person{ID: "eve", Name: "Eve", Roles: []bot.Role{bot.RoleRep}, Region: "mars"}), nil
	}
	cs, err := tm.Change(ctx, "ada", both)
	var errs bot.FieldErrors
	if !errors.As(err, &errs) || len(errs) != 1 || errs[0].Text.Key != "error.region.unknown" || cs != nil {
		t.Errorf("refused change: %v %v", changes(cs), err)
	}
	refused := errors.New("no")
	if _, err := tm.Change(ctx, "ada", func(regions []bot.Region, people []bot.Person) ([]bot.Region, []bot.Person, error) {
		person(people, "alice").Name = "Alice Renamed"
		return nil, nil, refused
	}); !errors.Is(err, refused) {
		t.Errorf("the edit's error: %v", err)
	}
	broken := &team.Team{Live: tm.Live, Store: failingStore{f.db}, Now: tm.Now}
	if _, err := broken.Change(ctx, "ada", rename("alice", "Alice Renamed")); err == nil {
		t.Errorf("a failed write succeeded")
	}
	if tm.Live.Load() != before {
		t.Errorf("a refused change became current")
	}
	if _, err := tm.Change(ctx, "ada", rename("alice", "Alice Wang")); err != nil {
		t.Fatal(err)
	}
	if tm.Live.Load() != before {
		t.Errorf("a change that changed nothing made a new version")
	}

	fresh, _ := f.start(orgfile.Demo(), "", false)
	org := fresh.Live.Load()
	if org.Person("eve") != nil || org.Person("alice").Name != "Alice Wang" || len(f.history(fresh, "")) != 0 {
		t.Errorf("something of the refused changes was saved: eve %v, alice %q, history %v",
			org.Person("eve"), org.Person("alice").Name, changes(f.history(fresh, "")))
	}

	// A change that passes is saved whole, and current at once.
	f.now = f.now.Add(time.Minute)
	cs, err = tm.Change(ctx, "ada", func(regions []bot.Region, people []bot.Person) ([]bot.Region, []bot.Person, error) {
		person(people, "alice").Name = "Alice Renamed"
		return regions, append(people, bot.Person{ID: "eve", Name: "Eve", Roles: []bot.Role{bot.RoleRep}, Region: "north"}), nil
	})
	if err != nil || !slices.Equal(changes(cs), []string{"person:alice:edit", "person:eve:add"}) {
		t.Fatalf("change: %v %v", changes(cs), err)
	}
	if tm.Live.Load().Person("eve") == nil {
		t.Errorf("the change is not current")
	}
	fresh, _ = f.start(orgfile.Demo(), "", false)
	if p := fresh.Live.Load().Person("eve"); p == nil || p.Region != "north" || !p.UpdatedAt.Equal(f.now) {
		t.Errorf("eve after a restart: %+v", p)
	}
	if fresh.Live.Load().PersonOn("slack", "U0ALICE").Name != "Alice Renamed" {
		t.Errorf("alice's account no longer finds her")
	}
}

// The history says who changed what, from where, when, field by field,
// newest first; removing and restoring are their own actions.
func TestHistory(t *testing.T) {
	f := newFixture(t)
	tm, _ := f.start(orgfile.Demo(), "", false)
	ctx := context.Background()
	edit := func(by string, e team.Edit) {
		t.Helper()
		f.now = f.now.Add(time.Hour)
		if _, err := tm.Change(ctx, by, e); err != nil {
			t.Fatal(err)
		}
	}
	edit("ada", func(regions []bot.Region, people []bot.Person) ([]bot.Region, []bot.Person, error) {
		p := person(people, "alice")
		p.Region, p.Manager, p.Timezone = "north", "", "Europe/Berlin"
		p.Accounts["slack"] = "U0ALICE2"
		return regions, people, nil
	})
	edit("max", func(regions []bot.Region, people []bot.Person) ([]bot.Region, []bot.Person, error) {
		person(people, "bob").LeftAt = f.now
		return regions, people, nil
	})
	edit("ada", func(regions []bot.Region, people []bot.Person) ([]bot.Region, []bot.Person, error) {
		person(people, "bob").LeftAt = time.Time{}
		regions[1].Managers = []string{"max"}
		return regions, people, nil
	})

	h := f.history(tm, "")
	type row struct {
		by, subject, id, action string
		at                      time.Time
	}
	var got []row
	for _, c := range h {
		if c.Source != team.SourceChat || c.Seq == 0 {
			t.Errorf("change %+v", c)
		}
		got = append(got, row{c.By, c.Subject, c.ID, c.Action, c.At})
	}
	hour := func(n int) time.Time { return started.Add(time.Duration(n) * time.Hour) }
	want := []row{
		{"ada", "person", "bob", "restore", hour(3)},
		{"ada", "region", "north", "edit", hour(3)},
		{"max", "person", "bob", "remove", hour(2)},
		{"ada", "person", "alice", "edit", hour(1)},
	}
	if len(got) != len(want) {
		t.Fatalf("history %+v, want %+v", got, want)
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("history lacks %+v: %+v", w, got)
		}
	}
	if !h[0].At.Equal(hour(3)) || !h[len(h)-1].At.Equal(hour(1)) {
		t.Errorf("not newest first: %+v", got)
	}
	alice := f.history(tm, "alice")
	wantFields := []bot.FieldChange{
		{Field: "region", From: "east", To: "north"},
		{Field: "manager", From: "max", To: ""},
		{Field: "timezone", From: "", To: "Europe/Berlin"},
		{Field: "slack", From: "U0ALICE", To: "U0ALICE2"},
	}
	if len(alice) != 1 || !slices.Equal(alice[0].Fields, wantFields) {
		t.Errorf("alice's history %+v, want fields %+v", alice, wantFields)
	}
	north := f.history(tm, "north")
	if len(north) != 1 || !slices.Equal(north[0].Fields, []bot.FieldChange{{Field: "managers", To: "max"}}) {
		t.Errorf("north's history %+v", north)
	}
	if h, _ := tm.History(ctx, "", 2); len(h) != 2 {
		t.Errorf("a limit of 2 gave %d", len(h))
	}
}
