package app

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/orgfile"
	"github.com/fieldloop/fieldloop/storage"
)

// A changed org file applied at start changes what it names, keeps what
// was added in chat, and warns of each chat change it overwrites.
func TestStartWarnsOfChatChangesOverwritten(t *testing.T) {
	path := tempDB(t)
	var logs bytes.Buffer
	start := func(declared *bot.Org) *App {
		db := storage.New(path)
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		a, err := Build(NewConfig(), declared, db, Options{Source: "org.yaml", Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a := start(orgfile.Demo())
	ctx := context.Background()
	_, err := a.Team.Change(ctx, "ada", func(rs []bot.Region, ps []bot.Person) ([]bot.Region, []bot.Person, error) {
		for i := range ps {
			if ps[i].ID == "alice" {
				ps[i].Name = "Alice Chat"
			}
		}
		return rs, append(ps, bot.Person{ID: "newbie", Name: "New", Roles: []bot.Role{bot.RoleRep}, Region: "east"}), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	a.Close()

	edited := orgfile.Demo()
	for i := range edited.People {
		if edited.People[i].ID == "bob" {
			edited.People[i].Name = "Bob File"
		}
	}
	a = start(edited.With(edited.Regions, edited.People))
	defer a.Close()
	org := a.Org()
	if org.Person("bob").Name != "Bob File" || org.Person("newbie") == nil || org.Person("alice").Name != "Alice Wang" {
		t.Errorf("after the start: bob %q, newbie %v, alice %q", org.Person("bob").Name, org.Person("newbie"), org.Person("alice").Name)
	}
	out := logs.String()
	if !strings.Contains(out, `"msg":"the org file overwrote a change made in chat"`) || !strings.Contains(out, `"chat_value":"Alice Chat"`) ||
		strings.Count(out, "overwrote a change made in chat") != 1 {
		t.Errorf("logs:\n%s", out)
	}
}
