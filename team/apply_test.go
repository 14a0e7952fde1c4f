package team

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/orgfile"
	"github.com/fieldloop/fieldloop/storage"
)

var now = time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)

// org parses an org file's text.
func org(t *testing.T, yaml string) *bot.Org {
	t.Helper()
	o, err := orgfile.Parse([]byte(yaml), "org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return o
}

const base = `regions: [{id: east, name: East}]
people:
  - {id: ada, name: Ada, roles: [admin, manager]}
  - {id: al, name: Al, roles: [rep], region: east, manager: ada}
  - {id: bo, name: Bo, roles: [rep], region: east, manager: ada, left: 2026-11-01}
`

func TestMerge(t *testing.T) {
	tests := []struct {
		name     string
		declared string
		prune    bool
		want     map[string]string // person id → action
		left     map[string]time.Time
	}{
		{"the same file changes nothing", base, false, map[string]string{}, nil},
		{"a field", `regions: [{id: east, name: East}]
people:
  - {id: ada, name: Ada, roles: [admin, manager]}
  - {id: al, name: Al Wang, roles: [rep], region: east, manager: ada}
`, false, map[string]string{"al": bot.ChangeEdit}, nil},
		{"a leaver named without left: stays left, from when they left", `regions: [{id: east, name: East}]
people:
  - {id: ada, name: Ada, roles: [admin, manager]}
  - {id: bo, name: Bo, roles: [rep], region: east, manager: ada}
`, false, map[string]string{}, map[string]time.Time{"bo": time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}},
		{"left: makes a leaver", `regions: [{id: east, name: East}]
people:
  - {id: ada, name: Ada, roles: [admin, manager]}
  - {id: al, name: Al, roles: [rep], region: east, manager: ada, left: 2026-12-01}
`, false, map[string]string{"al": bot.ChangeRemove}, map[string]time.Time{"al": time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}},
		{"prune marks the unnamed as left now", `people:
  - {id: ada, name: Ada, roles: [admin, manager]}
  - {id: cy, name: Cy, roles: [marketing]}
`, true, map[string]string{"al": bot.ChangeRemove, "cy": bot.ChangeAdd}, map[string]time.Time{"al": now}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := Merge(org(t, base), org(t, tt.declared), tt.prune, now)
			got := map[string]string{}
			for _, c := range plan.Changes {
				if c.Subject == bot.SubjectPerson {
					got[c.ID] = c.Action
				}
			}
			if len(got) != len(tt.want) {
				t.Errorf("changes = %v, want %v", got, tt.want)
			}
			for id, action := range tt.want {
				if got[id] != action {
					t.Errorf("%s: %q, want %q", id, got[id], action)
				}
			}
			for id, at := range tt.left {
				if p := plan.Next.Person(id); !p.LeftAt.Equal(at) {
					t.Errorf("%s left at %v, want %v", id, p.LeftAt, at)
				}
			}
		})
	}
}

func newTeam(t *testing.T) (*Team, *storage.DB) {
	t.Helper()
	db := storage.New(filepath.Join(t.TempDir(), "fieldloop.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &Team{Live: bot.NewLiveOrg(nil), Store: db, Now: func() time.Time { return now }}, db
}

func TestApply(t *testing.T) {
	ctx := context.Background()
	tm, db := newTeam(t)

	// A dry run on an empty store plans everything and writes nothing.
	plan, err := tm.Apply(ctx, org(t, base), "org.yaml", false, true)
	if err != nil || len(plan.Changes) != 4 { // a region, three people; the settings are the defaults
		t.Fatalf("dry run: %v, %d changes", err, len(plan.Changes))
	}
	if st, _ := db.LoadOrg(ctx); st != nil {
		t.Fatalf("a dry run stored %+v", st)
	}

	plan, err = tm.Apply(ctx, org(t, base), "org.yaml", false, false)
	if err != nil || len(plan.Changes) != 4 {
		t.Fatalf("apply: %v, %+v", err, plan)
	}
	st, err := db.LoadOrg(ctx)
	if err != nil || st == nil || !Equal(FromState(st), org(t, base)) || st.Declared != Digest(org(t, base)) {
		t.Fatalf("stored %+v, %v", st, err)
	}
	if !Equal(tm.Live.Load(), org(t, base)) {
		t.Errorf("the applied organisation is not current")
	}
	if history, _ := db.OrgHistory(ctx, "", 10); len(history) != 4 || history[0].Source != "org.yaml" || !history[0].At.Equal(now) {
		t.Errorf("history = %+v", history)
	}

	// A start with the same file changes nothing; with another, it
	// applies it through the same path.
	if changes, err := tm.Start(ctx, org(t, base), "org.yaml", true); err != nil || changes != nil {
		t.Errorf("start with the same file: %v, %v", changes, err)
	}
	changed := org(t, base+"  - {id: cy, name: Cy, roles: [marketing]}\n")
	changes, err := tm.Start(ctx, changed, "org.yaml", true)
	if err != nil || len(changes) != 1 || changes[0].ID != "cy" || changes[0].Source != "org.yaml" {
		t.Errorf("start with a changed file: %+v, %v", changes, err)
	}
	if tm.Live.Load().Person("cy") == nil {
		t.Errorf("cy is not current")
	}
}

func TestApplyChecked(t *testing.T) {
	tm, _ := newTeam(t)
	if _, err := tm.Apply(context.Background(), org(t, base), "org.yaml", false, false); err != nil {
		t.Fatal(err)
	}
	// The file is right on its own, but al, whom it does not name, keeps
	// ada as manager, who would no longer be one.
	_, err := tm.Apply(context.Background(), org(t, `people: [{id: ada, name: Ada, roles: [admin]}]
`), "org.yaml", false, false)
	if err == nil {
		t.Fatal("no error")
	}
	if !Equal(tm.Live.Load(), org(t, base)) {
		t.Errorf("a refused file changed the organisation")
	}
}

func TestEqual(t *testing.T) {
	a := org(t, base)
	regions, people := copies(a)
	for i := range people {
		people[i].UpdatedAt = now
		people[i].LeftAt = people[i].LeftAt.In(time.FixedZone("+08", 8*3600))
		if people[i].Accounts == nil {
			people[i].Accounts = bot.Accounts{}
		}
	}
	if b := a.With(regions, people); !Equal(a, b) {
		t.Errorf("not equal when only stamps and zones differ")
	}
	people[1].Name = "Al Wang"
	if b := a.With(regions, people); Equal(a, b) {
		t.Errorf("equal with another name")
	}
}

func TestChatEdits(t *testing.T) {
	history := []*bot.OrgChange{ // newest first
		{Source: SourceChat, By: "ada", Subject: bot.SubjectPerson, ID: "al", Fields: []bot.FieldChange{{Field: "region", To: "north"}}},
		{Source: SourceChat, By: "max", Subject: bot.SubjectPerson, ID: "al", Fields: []bot.FieldChange{{Field: "region", To: "west"}, {Field: "name"}}},
		{Source: "org.yaml", Subject: bot.SubjectPerson, ID: "al", Fields: []bot.FieldChange{{Field: "manager"}}},
		{Source: SourceChat, By: "ada", Subject: bot.SubjectPerson, ID: "al", Fields: []bot.FieldChange{{Field: "manager"}}},
	}
	e := ChatEdits(history)
	for _, tt := range []struct{ field, by string }{{"region", "ada"}, {"name", "max"}, {"manager", ""}, {"roles", ""}} {
		c := e.Edit(bot.SubjectPerson, "al", tt.field)
		if by := ""; c != nil {
			by = c.By
			if by != tt.by {
				t.Errorf("%s: by %q, want %q", tt.field, by, tt.by)
			}
		} else if tt.by != "" {
			t.Errorf("%s: no chat edit, want %s's", tt.field, tt.by)
		}
	}
	if slices.ContainsFunc([]string{"al"}, func(id string) bool { return e.Edit(bot.SubjectRegion, id, "region") != nil }) {
		t.Errorf("a person's edit found as a region's")
	}
}
