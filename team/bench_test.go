package team_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/orgfile"
	"github.com/fieldloop/fieldloop/storage"
	"github.com/fieldloop/fieldloop/team"
)

// bigOrg is an organisation of 10,000 people in 200 regions: an admin, a
// manager per region, and reps, each with a Slack account.
func bigOrg() *bot.Org {
	var regions []bot.Region
	var people []bot.Person
	people = append(people, bot.Person{ID: "admin", Name: "Admin", Roles: []bot.Role{bot.RoleAdmin}, Accounts: bot.Accounts{"slack": "U0ADMIN"}})
	for r := range 200 {
		id := fmt.Sprintf("r%03d", r)
		regions = append(regions, bot.Region{ID: id, Name: "Region " + id, Channels: bot.Accounts{"slack": fmt.Sprintf("C0R%03d", r)}})
		m := "m" + id
		people = append(people, bot.Person{ID: m, Name: "Manager " + id, Roles: []bot.Role{bot.RoleManager}, Region: id,
			Accounts: bot.Accounts{"slack": "U0M" + id[1:]}})
		for p := range 49 {
			if len(people) == 10_000 {
				break
			}
			pid := fmt.Sprintf("p%s_%02d", id, p)
			people = append(people, bot.Person{ID: pid, Name: "Rep " + pid, Roles: []bot.Role{bot.RoleRep}, Region: id, Manager: m,
				Accounts: bot.Accounts{"slack": fmt.Sprintf("U0P%03d%02d", r, p)}})
		}
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	return bot.NewOrg(loc, bot.English, nil, regions, people)
}

// startBig starts a Team on a new store holding bigOrg.
func startBig(b *testing.B) (*team.Team, *bot.Org) {
	b.Helper()
	db := storage.New(filepath.Join(b.TempDir(), "fieldloop.db"))
	if err := db.Open(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	org := bigOrg()
	// As the app runs it: what a change leaves lacking is worked out before
	// and after each change.
	t := &team.Team{Live: bot.NewLiveOrg(nil), Store: db,
		Notify: func(context.Context, string, []team.Gap) []*bot.Message { return nil }}
	if _, err := t.Start(context.Background(), org, "org.yaml", true); err != nil {
		b.Fatal(err)
	}
	return t, org
}

// BenchmarkChange is one /team change in a 10,000-person organisation,
// from the edit to the organisation the next command reads: a rep moves
// to another region, and back.
func BenchmarkChange(b *testing.B) {
	t, _ := startBig(b)
	ctx := context.Background()
	regions := []string{"r001", "r000"}
	i := 0
	for b.Loop() {
		to := regions[i%2]
		i++
		_, err := t.Change(ctx, "admin", func(rs []bot.Region, ps []bot.Person) ([]bot.Region, []bot.Person, error) {
			ps[2].Region, ps[2].Manager = to, "m"+to
			return rs, ps, nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if t.Live.Load().Person(ps2ID).Region != to {
			b.Fatal("the change is not visible")
		}
	}
}

const ps2ID = "pr000_00"

// BenchmarkApplyOrgFile reads a 10,000-person org file and applies it,
// with one person's name changed, to the stored organisation.
func BenchmarkApplyOrgFile(b *testing.B) {
	t, org := startBig(b)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		b.StopTimer() // writing the file is not applying it
		i++
		people := append([]bot.Person(nil), org.People...)
		people[5].Name = fmt.Sprintf("Renamed %d", i)
		data, err := orgfile.Marshal(org.With(org.Regions, people), []bot.Platform{"slack"})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		declared, err := orgfile.Parse(data, "org.yaml", checkPlatforms...)
		if err != nil {
			b.Fatal(err)
		}
		plan, err := t.Apply(ctx, declared, "org.yaml", false, false)
		if err != nil || len(plan.Changes) != 1 {
			b.Fatalf("%v, %d changes", err, len(plan.Changes))
		}
	}
}

// BenchmarkPersonLookup is what each command pays to find who is asking:
// the org as it was, read-only and held directly, against the live one.
func BenchmarkPersonLookup(b *testing.B) {
	org := bigOrg()
	live := bot.NewLiveOrg(org)
	b.Run("direct", func(b *testing.B) {
		for b.Loop() {
			if org.PersonOn("slack", "U0P10048") == nil {
				b.Fatal("not found")
			}
		}
	})
	b.Run("live", func(b *testing.B) {
		for b.Loop() {
			if live.Load().PersonOn("slack", "U0P10048") == nil {
				b.Fatal("not found")
			}
		}
	})
}
