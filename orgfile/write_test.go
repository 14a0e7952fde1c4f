package orgfile

import (
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/adapters/discord"
	"github.com/fieldloop/fieldloop/adapters/slack"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/team"
)

var names = []bot.Platform{slack.Platform, discord.Platform}

// full is an org file with every key, a leaver by day and one by time.
const full = `# the company
timezone: Asia/Shanghai
language: zh
currency: usd
holidays: [2026-10-01..2026-10-07, {date: 2027-01-01, name: New Year}]
warnings: {sales_below_target: 0.755, after_day: 5}
unknown_names: {outlets: refuse, products: accept}
channels:
  marketing: {slack: C0MKT, discord: 900000000000000001} # marketing's
regions:
  - id: east # east
    name: East China
    channels: {slack: C0EAST}
    calendar_token: 9bY3kQ-Wc_2xTq7LmN4vR8sZ
    managers: [ada]
    holidays: [2026-11-11, {from: 2026-12-24, to: 2026-12-26}]
  - {id: north, name: North China}
people:
  # the first admin
  - {id: ada, name: "Ada: Lin", roles: [admin, manager], slack: U0ADA, timezone: Asia/Hong_Kong}
  - id: al
    name: "123"
    roles: [rep]
    region: east
    manager: ada
    discord: "800000000000000001"
    language: en
  - {id: bo, name: Bo, roles: [rep], region: north, slack: U0BO, left: 2026-12-01}
  - {id: cy, name: Cy, roles: [marketing], left: "2026-12-02T18:30:05+08:00"}
`

func parse(t *testing.T, data []byte) *bot.Org {
	t.Helper()
	org, err := Parse(data, "org.yaml", platforms...)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	return org
}

func TestMarshalReadsBack(t *testing.T) {
	for name, org := range map[string]*bot.Org{"demo": Demo(platforms...), "full": parse(t, []byte(full))} {
		t.Run(name, func(t *testing.T) {
			data, err := Marshal(org, names)
			if err != nil {
				t.Fatal(err)
			}
			if back := parse(t, data); !team.Equal(org, back) {
				t.Errorf("read back differently:\n%s", data)
			}
		})
	}
}

func TestMarshalLeftAt(t *testing.T) {
	org := parse(t, []byte(full))
	data, _ := Marshal(org, names)
	for _, want := range []string{"left: 2026-12-01\n", "left: 2026-12-02T18:30:05+08:00\n"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("no %q in\n%s", want, data)
		}
	}
}

func TestUpdateKeepsComments(t *testing.T) {
	org := parse(t, []byte(full))
	regions, people := org.Regions, org.People
	people[1].Name = "Al Wang"            // a value changes
	people[1].Manager = ""                // a key goes
	people[0].Roles = []bot.Role{"admin"} // a list changes
	people[3].LeftAt = time.Time{}        // cy comes back
	people = append(people, bot.Person{ID: "di", Name: "Di", Roles: []bot.Role{bot.RoleMarketing}})
	regions[0].Holidays = regions[0].Holidays[1:]
	changed := org.With(regions, people).WithSettings(func() bot.OrgSettings {
		s := org.Settings()
		s.Warnings = bot.DefaultWarnings
		return s
	}())

	data, err := Update([]byte(full), changed, names)
	if err != nil {
		t.Fatal(err)
	}
	if back := parse(t, data); !team.Equal(changed, back) {
		t.Fatalf("read back differently:\n%s", data)
	}
	text := string(data)
	for _, want := range []string{"# the company", "# marketing's", "id: east # east", "# the first admin",
		"name: Al Wang", "  - id: di\n", "New Year", "{from: 2026-12-24, to: 2026-12-26}", "sales_below_target: 70%"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
	for _, gone := range []string{"2026-11-11", "manager: ada", "2026-12-02T18"} {
		if strings.Contains(text, gone) {
			t.Errorf("%q is still in\n%s", gone, text)
		}
	}
	if strings.Index(text, "id: ada") > strings.Index(text, "id: al") || strings.Index(text, "id: cy") > strings.Index(text, "id: di") {
		t.Errorf("the order changed:\n%s", text)
	}
}

func TestUpdateUnchanged(t *testing.T) {
	data, err := Update(DemoYAML, Demo(platforms...), names)
	if err != nil {
		t.Fatal(err)
	}
	if !team.Equal(parse(t, data), Demo(platforms...)) {
		t.Errorf("the demo changed:\n%s", data)
	}
	// Every comment line of the demo survives.
	for _, line := range strings.Split(string(DemoYAML), "\n") {
		if c := strings.TrimSpace(line); strings.HasPrefix(c, "#") && !strings.Contains(string(data), c) {
			t.Errorf("comment lost: %s", c)
		}
	}
}
