package orgfile

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/adapters/discord"
	"github.com/fieldloop/fieldloop/adapters/slack"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/platform"
)

// platforms are the chat platforms whose ids these org files give.
var platforms = []platform.IDs{slack.IDs, discord.IDs}

func TestDemo(t *testing.T) {
	org := Demo(platforms...)

	var ids []string
	for _, p := range org.People {
		ids = append(ids, p.ID)
	}
	if want := []string{"alice", "bob", "chen", "mia", "max", "ada"}; !slices.Equal(ids, want) {
		t.Fatalf("people = %v, want %v", ids, want)
	}
	if !org.People[0].Has(bot.RoleRep) {
		t.Errorf("first person %s is not a rep; the console acts as them", org.People[0].ID)
	}
	if org.Location.String() != "Asia/Shanghai" || org.Language != bot.English {
		t.Errorf("location, language = %v, %v", org.Location, org.Language)
	}
	for id, name := range map[string]string{"east": "East China", "north": "North China"} {
		if r := org.Region(id); r == nil || r.Name != name || r.Channels.On(slack.Platform) == "" || r.Channels.On(discord.Platform) == "" {
			t.Errorf("region %s = %+v, want named %q with both channels", id, r, name)
		}
	}
	for _, name := range []string{bot.ChannelMarketing, bot.ChannelManagers} {
		if c := org.Channels[name]; c.On(slack.Platform) == "" || c.On(discord.Platform) == "" {
			t.Errorf("channel %s = %+v, want both ids", name, c)
		}
	}
	for _, p := range org.People {
		if p.Accounts.On(slack.Platform) == "" || p.Accounts.On(discord.Platform) == "" {
			t.Errorf("%s lacks a chat account: %+v", p.ID, p.Accounts)
		}
		if p.Has(bot.RoleRep) && (p.Region == "" || p.Manager != "max") {
			t.Errorf("rep %s: region %q, manager %q", p.ID, p.Region, p.Manager)
		}
	}
	roles := map[string]bot.Role{"alice": bot.RoleRep, "bob": bot.RoleRep, "chen": bot.RoleRep,
		"mia": bot.RoleMarketing, "max": bot.RoleManager, "ada": bot.RoleAdmin}
	for id, role := range roles {
		if !org.Person(id).Has(role) {
			t.Errorf("%s lacks role %s", id, role)
		}
	}
	if got := org.Person("chen").Lang; got != bot.Chinese {
		t.Errorf("chen's language = %q, want zh", got)
	}
	if got := org.ManagedRegions(org.Person("max")); !slices.Equal(got, []string{"east", "north"}) {
		t.Errorf("max manages %v, want [east north]", got)
	}
}

func TestDemoCommentsEveryKey(t *testing.T) {
	// demo.yaml is the documented example: each key must be explained in it.
	text := string(DemoYAML)
	for _, key := range slices.Concat(topKeys, channelKeys, (&parser{platforms: platforms}).accountKeys(), regionKeys, personKeys) {
		if !strings.Contains(text, key) {
			t.Errorf("demo.yaml never mentions %q", key)
		}
	}
}

// example is the org file of the design brief, with max and an admin added.
const example = `timezone: Asia/Shanghai
language: en            # en or zh; a person's own setting or /lang wins
channels:
  marketing: {slack: C0MKT, discord: "900000000000000001"}
  managers:  {slack: C0MGR, discord: "900000000000000002"}
regions:
  - {id: east, name: East China, channels: {slack: C0EAST, discord: "900000000000000003"}}
people:
  - {id: alice, name: Alice Wang, roles: [rep], region: east, manager: max, slack: U0ALICE, discord: "800000000000000001"}
  - {id: max, name: Max Sun, roles: [manager, admin], region: east, language: zh, timezone: Europe/Berlin}
`

func TestExample(t *testing.T) {
	org, err := Parse([]byte(example), "org.yaml", platforms...)
	if err != nil {
		t.Fatal(err)
	}
	alice := org.PersonOn(slack.Platform, "U0ALICE")
	if alice == nil || alice.ID != "alice" {
		t.Fatalf("PersonOn(slack, U0ALICE) = %+v, want alice", alice)
	}
	if got := org.PersonOn(discord.Platform, "800000000000000001"); got != alice {
		t.Errorf("PersonOn(discord, …001) = %+v, want alice", got)
	}
	want := bot.Person{ID: "alice", Name: "Alice Wang", Roles: []bot.Role{bot.RoleRep}, Region: "east", Manager: "max",
		Accounts: bot.Accounts{slack.Platform: "U0ALICE", discord.Platform: "800000000000000001"}}
	if !samePerson(*alice, want) {
		t.Errorf("alice = %+v, want %+v", *alice, want)
	}
	max := org.Person("max")
	if max.Lang != bot.Chinese || max.Timezone != "Europe/Berlin" || len(max.Accounts) != 0 {
		t.Errorf("max = %+v", *max)
	}
	if org.Channels[bot.ChannelManagers].On(discord.Platform) != "900000000000000002" || org.Region("east").Channels.On(slack.Platform) != "C0EAST" {
		t.Errorf("channels = %+v, east = %+v", org.Channels, org.Region("east"))
	}
}

func samePerson(a, b bot.Person) bool {
	return a.ID == b.ID && a.Name == b.Name && slices.Equal(a.Roles, b.Roles) && a.Region == b.Region &&
		a.Manager == b.Manager && a.Lang == b.Lang && a.Timezone == b.Timezone && maps.Equal(a.Accounts, b.Accounts)
}

func TestDefaults(t *testing.T) {
	org, err := Parse([]byte("people:\n  - {id: ada, name: Ada, roles: [admin]}\n"), "org.yaml", platforms...)
	if err != nil {
		t.Fatal(err)
	}
	if org.Location.String() != "UTC" || org.Language != bot.English || len(org.Channels) != 0 || len(org.Regions) != 0 {
		t.Errorf("org = %+v, want UTC, en, no channels, no regions", org)
	}
	if p := org.Person("ada"); p.Lang != "" || p.Timezone != "" {
		t.Errorf("ada = %+v, want no language or time zone of her own", *p)
	}
}

func TestAccepted(t *testing.T) {
	tests := []struct {
		name, yaml string
		check      func(*bot.Org) bool
	}{
		{"unquoted Discord ids are numbers in YAML", `channels: {marketing: {discord: 900000000000000001}}
people:
  - {id: ada, name: Ada, roles: [admin], discord: 800000000000000001}
  - {id: bo, name: Bo, roles: [admin], discord: 18446744073709551615}
`, func(o *bot.Org) bool {
			return o.PersonOn(discord.Platform, "800000000000000001").ID == "ada" &&
				o.PersonOn(discord.Platform, "18446744073709551615").ID == "bo" &&
				o.Channels[bot.ChannelMarketing].On(discord.Platform) == "900000000000000001"
		}},
		{"warnings", `warnings: {sales_below_target: 80%, after_day: 5, negative_customers: 2}
people: [{id: ada, name: Ada, roles: [admin]}]
`, func(o *bot.Org) bool {
			return o.Warnings == bot.Warnings{SalesBelow: 8000, AfterDay: 5, NegativeCustomers: 2, NegativeDays: 7}
		}},
		{"unknown names", `unknown_names: {outlets: refuse, products: accept}
people: [{id: ada, name: Ada, roles: [admin]}]
`, func(o *bot.Org) bool {
			return o.NamePolicies.For(bot.RecordOutlet, false) == bot.NameRefuse && o.NamePolicies.For(bot.RecordProduct, false) == bot.NameAccept &&
				o.NamePolicies.For(bot.RecordCustomer, false) == bot.NamePropose && o.NamePolicies.For(bot.RecordOutlet, true) == bot.NameAccept
		}},
		{"reserved top-level keys", `holidays: [{date: 2026-10-01, name: National Day}]
warnings: {sales_below_target: 0.8}
people: [{id: ada, name: Ada, roles: [admin]}]
`, func(o *bot.Org) bool { return o.Person("ada") != nil }},
		{"holidays", `holidays: ["2026-10-01..2026-10-07", 2027-01-01, {from: 2027-02-16, to: 2027-02-18, name: Spring Festival}]
people: [{id: ada, name: Ada, roles: [admin]}]
`, func(o *bot.Org) bool {
			day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
			return len(o.Holidays) == 3 && o.IsHoliday(day("2026-10-03")) && o.IsHoliday(day("2027-01-01")) &&
				o.IsHoliday(day("2027-02-17")) && !o.IsHoliday(day("2026-10-08"))
		}},
		{"a region's holidays", `holidays: [2026-10-01]
regions: [{id: east, name: East, holidays: ["2026-10-08", {from: 2026-10-12, to: 2026-10-13}]}, {id: north, name: North}]
people: [{id: ada, name: Ada, roles: [admin]}]
`, func(o *bot.Org) bool {
			day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
			return o.IsRegionHoliday("east", day("2026-10-01")) && o.IsRegionHoliday("east", day("2026-10-08")) &&
				o.IsRegionHoliday("east", day("2026-10-13")) && !o.IsRegionHoliday("north", day("2026-10-08")) &&
				!o.IsHoliday(day("2026-10-08"))
		}},
		{"null values count as absent", `timezone:
channels:
people:
  - {id: ada, name: Ada, roles: [admin], region: ~, slack: }
`, func(o *bot.Org) bool { return o.Location.String() == "UTC" && o.Person("ada").Region == "" }},
		{"currency", `currency: USD
people: [{id: ada, name: Ada, roles: [admin]}]
`, func(o *bot.Org) bool { return o.Currency == "USD" }},
		{"currency in lower case", `currency: eur
people: [{id: ada, name: Ada, roles: [admin]}]
`, func(o *bot.Org) bool { return o.Currency == "EUR" }},
		{"no currency is CNY", `people: [{id: ada, name: Ada, roles: [admin]}]
`, func(o *bot.Org) bool { return o.Currency == "CNY" }},
		{"language names", `language: 中文
people:
  - {id: ada, name: Ada, roles: [admin], language: zh-CN}
`, func(o *bot.Org) bool { return o.Language == bot.Chinese && o.Person("ada").Lang == bot.Chinese }},
		{"aliases", `regions:
  - {id: east, name: East, channels: &shared {slack: C0SALES}}
  - {id: west, name: West, channels: *shared}
people: [{id: ada, name: Ada, roles: [admin]}]
`, func(o *bot.Org) bool { return o.Region("west").Channels.On(slack.Platform) == "C0SALES" }},
		{"region managers and holidays", `regions:
  - id: east
    name: East
    managers: [ada]
    holidays: [2026-11-11, {from: 2026-12-24, to: 2026-12-26}]
people: [{id: ada, name: Ada, roles: [admin]}]
`, func(o *bot.Org) bool {
			r := o.Region("east")
			return slices.Equal(r.Managers, []string{"ada"}) &&
				slices.Equal(r.Holidays, []bot.DateRange{{From: "2026-11-11", To: "2026-11-11"}, {From: "2026-12-24", To: "2026-12-26"}}) &&
				slices.Equal(o.ManagedRegions(o.Person("ada")), []string{"east"})
		}},
		{"a leaver by day, in the org's zone", `timezone: Asia/Shanghai
people:
  - {id: ada, name: Ada, roles: [admin]}
  - {id: al, name: Al, roles: [rep], region: gone, manager: bo, slack: U0AL, left: 2026-12-01}
  - {id: al2, name: Al 2, roles: [marketing], slack: U0AL}
`, func(o *bot.Org) bool {
			want := time.Date(2026, 12, 1, 0, 0, 0, 0, o.Location)
			return o.Person("al").Left() && o.Person("al").LeftAt.Equal(want) && !o.Person("ada").Left()
		}},
		{"a leaver by time", `people:
  - {id: ada, name: Ada, roles: [admin]}
  - {id: al, name: Al, roles: [marketing], left: "2026-12-01T18:30:05.5+08:00"}
`, func(o *bot.Org) bool {
			return o.Person("al").LeftAt.Equal(time.Date(2026, 12, 1, 10, 30, 5, 5e8, time.UTC))
		}},
		{"a region without a rep and a manager chain", `regions: [{id: east_1, name: East}, {id: far-west, name: Far West}]
people:
  - {id: ada, name: Ada, roles: [admin, manager]}
  - {id: max, name: Max, roles: [manager], manager: ada, region: far-west}
  - {id: al, name: Al, roles: [rep], manager: max, region: east_1}
`, func(o *bot.Org) bool {
			return slices.Equal(o.ManagedRegions(o.Person("max")), []string{"far-west", "east_1"})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			org, err := Parse([]byte(tt.yaml), "org.yaml", platforms...)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(org) {
				t.Errorf("unexpected org: %+v", org)
			}
		})
	}
}

// admin is a valid last person, so that each case below has the one
// problem it is about.
const admin = "  - {id: ada, name: Ada, roles: [admin, manager]}\n"

func TestProblems(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		// The file as a whole.
		{"syntax", "people:\n  - {id: ada\n", `org.yaml:2: YAML syntax: did not find expected ',' or '}'`},
		{"syntax, counted by the parser", "people:\n" + admin + "- al\n", `org.yaml:3: YAML syntax: did not find expected key`},
		{"syntax, counted by the scanner", "language: en\ntimezone: a: b\n", `org.yaml:2: YAML syntax: mapping values are not allowed in this context`},
		{"syntax, no line", "people: *x\n", `org.yaml: YAML syntax: unknown anchor 'x' referenced`},
		{"tab indentation", "people:\n\t- {id: ada}\n", `org.yaml:2: YAML syntax: found character that cannot start any token`},
		{"not a mapping", "- ada\n", `org.yaml:1: expected a mapping with keys such as timezone, regions and people, found a list`},
		{"two documents", "---\npeople:\n" + admin + "---\npeople: []\n", `org.yaml:4: a second YAML document starts here; an org file is a single document`},
		{"empty file", "", `org.yaml:1: people: at least one person is required`},
		{"empty people", "people: []\n", `org.yaml:1: people: at least one person is required`},
		{"people not a list", "people: {ada: admin}\n", `org.yaml:1: people: expected a list, like - {id: alice, name: Alice Wang, roles: [rep]}, found a mapping`},
		{"no admin", "people:\n  - {id: al, name: Al, roles: [marketing]}\n", `org.yaml:1: people: nobody has the admin role; give it to at least one person, like roles: [admin], so that someone can run /team`},

		// Keys.
		{"backwards holiday", "holidays:\n  - 2026-10-01..2026-09-30\npeople:\n" + admin, `org.yaml:2: holidays[0]: the range ends (2026-09-30) before it starts (2026-10-01)`},
		{"bad region holiday", "regions:\n  - id: east\n    name: East\n    holidays: [2026-10-09..2026-10-08]\npeople:\n" + admin,
			`org.yaml:4: regions[0].holidays[0]: the range ends (2026-10-08) before it starts (2026-10-09)`},
		{"bad name policy", "unknown_names: {outlets: ask}\npeople:\n" + admin, `org.yaml:1: unknown_names.outlets: "ask" is not accept, propose or refuse`},
		{"bad warning", "warnings:\n  after_day: 40\npeople:\n" + admin, `org.yaml:2: warnings.after_day: "40" is not a whole number from 1 to 28`},
		{"bad holiday", "holidays: [soon]\npeople:\n" + admin, `org.yaml:1: holidays[0]: "soon" is not a date or a range of dates like 2026-10-01..2026-10-07`},
		{"unknown top-level key", "regoin: east\npeople:\n" + admin, `org.yaml:1: regoin: unknown key "regoin" (did you mean "regions"?)`},
		{"unknown person key", "people:\n" + admin + "  - id: al\n    name: Al\n    roles: [marketing]\n    regoin: east\n",
			`org.yaml:6: people[1].regoin: unknown key "regoin" (did you mean "region"?)`},
		{"unknown key far from all", "people:\n  - {id: ada, name: Ada, roles: [admin], colour: red}\n",
			`org.yaml:2: people[0].colour: unknown key "colour" (known: id, name, roles, region, manager, slack, discord, language, timezone, left)`},
		{"key set twice", "people:\n  - id: ada\n    name: Ada\n    roles: [admin]\n    name: Ada Lin\n", `org.yaml:5: people[0].name: set twice (first at line 3)`},
		{"merge key", "people:\n  - &ada {id: ada, name: Ada, roles: [admin]}\n  - {<<: *ada, id: al, name: Al, roles: [marketing]}\n", `org.yaml:3: people[1].<<: merge keys (<<) are not supported; write the keys out`},
		{"key not a name", "people:\n" + admin + "? [a, b]\n: c\n", `org.yaml:3: a key must be a plain name, found a list`},

		// Org settings.
		{"timezone", "timezone: Asia/Shangai\npeople:\n" + admin, `org.yaml:1: timezone: unknown time zone "Asia/Shangai"; use an IANA name such as Asia/Shanghai or UTC`},
		{"currency", "currency: XYZ\npeople:\n" + admin, `org.yaml:1: currency: unknown currency "XYZ"; use an ISO 4217 code: CNY, USD, EUR, GBP, JPY, HKD, TWD, SGD, AUD, CAD, KRW or CHF`},
		{"currency by its mark", "currency: RMB\npeople:\n" + admin, `org.yaml:1: currency: unknown currency "RMB"; use an ISO 4217 code: CNY for RMB`},
		{"currency by its Chinese name", "currency: 人民币\npeople:\n" + admin, `org.yaml:1: currency: unknown currency "人民币"; use an ISO 4217 code: CNY for 人民币`},
		{"timezone Local", "timezone: Local\npeople:\n" + admin, `org.yaml:1: timezone: unknown time zone "Local"; use an IANA name such as Asia/Shanghai or UTC`},
		{"language", "language: fr\npeople:\n" + admin, `org.yaml:1: language: unknown language "fr"; use en or zh`},
		{"language not a value", "language: [en]\npeople:\n" + admin, `org.yaml:1: language: expected a single value, found a list`},
		{"channel name", "channels:\n  sales: {slack: C0SALES}\npeople:\n" + admin, `org.yaml:2: channels.sales: unknown key "sales" (known: marketing, managers)`},
		{"channel not a mapping", "channels:\n  marketing: C0MKT\npeople:\n" + admin,
			`org.yaml:2: channels.marketing: expected a mapping like {slack: C0123ABCD, discord: "900000000000000001"}, found "C0MKT"`},
		{"slack channel id", "channels:\n  managers: {slack: U0MGR}\npeople:\n" + admin,
			`org.yaml:2: channels.managers.slack: "U0MGR" is not a Slack channel id: C or G, then capital letters and digits, like C0123ABCD`},

		// Regions.
		{"region id missing", "regions:\n  - {name: East}\npeople:\n" + admin, `org.yaml:2: regions[0].id: required`},
		{"region id format", "regions:\n  - {id: East, name: East}\npeople:\n" + admin,
			`org.yaml:2: regions[0].id: "East" is not a valid id: use at most 32 lowercase letters, digits, "-" or "_"`},
		{"region id too long", "regions:\n  - {id: " + strings.Repeat("e", 33) + ", name: East}\npeople:\n" + admin,
			`org.yaml:2: regions[0].id: "` + strings.Repeat("e", 33) + `" is not a valid id: use at most 32 lowercase letters, digits, "-" or "_"`},
		{"region id of an org channel", "regions:\n  - {id: marketing, name: Marketing}\npeople:\n" + admin,
			`org.yaml:2: regions[0].id: "marketing" is the name of an org channel; choose another region id`},
		{"region name missing", "regions:\n  - id: east\n    name: \"\"\npeople:\n" + admin, `org.yaml:3: regions[0].name: required`},
		{"region id twice", "regions:\n  - {id: east, name: East}\n  - {id: east, name: East 2}\npeople:\n" + admin,
			`org.yaml:3: regions[1].id: region id "east" is used twice (first at line 2)`},
		{"region not a mapping", "regions: [east]\npeople:\n" + admin, `org.yaml:1: regions[0]: expected a region such as {id: east, name: East China}, found "east"`},
		{"region discord channel", "regions:\n  - id: east\n    name: East\n    channels: {discord: \"9x\"}\npeople:\n" + admin,
			`org.yaml:4: regions[0].channels.discord: "9x" is not a Discord id (17 to 20 digits); write it in quotes, like discord: "800000000000000001"`},

		// People.
		{"person id missing", "people:\n" + admin + "  - {name: Al, roles: [marketing]}\n", `org.yaml:3: people[1].id: required`},
		{"person id twice", "people:\n" + admin + "  - {id: ada, name: Ada 2, roles: [marketing]}\n", `org.yaml:3: people[1].id: person id "ada" is used twice (first at line 2)`},
		{"person name missing", "people:\n" + admin + "  - {id: al, roles: [marketing]}\n", `org.yaml:3: people[1].name: required`},
		{"person not a mapping", "people:\n" + admin + "  - al\n", `org.yaml:3: people[1]: expected a person such as {id: alice, name: Alice Wang, roles: [rep]}, found "al"`},
		{"roles missing", "people:\n" + admin + "  - {id: al, name: Al}\n", `org.yaml:3: people[1].roles: at least one role is required (rep, marketing, manager, admin)`},
		{"roles empty", "people:\n" + admin + "  - {id: al, name: Al, roles: []}\n", `org.yaml:3: people[1].roles: at least one role is required (rep, marketing, manager, admin)`},
		{"roles not a list", "people:\n" + admin + "  - {id: al, name: Al, roles: marketing}\n", `org.yaml:3: people[1].roles: expected a list, like roles: [rep], found "marketing"`},
		{"unknown role", "people:\n" + admin + "  - id: al\n    name: Al\n    roles:\n      - marketing\n      - reps\n",
			`org.yaml:7: people[1].roles[1]: unknown role "reps" (did you mean "rep"?)`},
		{"role twice", "people:\n" + admin + "  - {id: al, name: Al, roles: [marketing, marketing]}\n", `org.yaml:3: people[1].roles[1]: role "marketing" is listed twice`},
		{"person timezone", "people:\n" + admin + "  - {id: al, name: Al, roles: [marketing], timezone: Berlin}\n",
			`org.yaml:3: people[1].timezone: unknown time zone "Berlin"; use an IANA name such as Asia/Shanghai or UTC`},
		{"person language", "people:\n" + admin + "  - {id: al, name: Al, roles: [marketing], language: de}\n", `org.yaml:3: people[1].language: unknown language "de"; use en or zh`},
		{"rep without region", "regions: [{id: east, name: East}, {id: north, name: North}]\npeople:\n" + admin + "  - {id: al, name: Al, roles: [rep]}\n",
			`org.yaml:4: people[1].region: a rep needs a region (known: east, north)`},
		{"unknown region", "regions:\n  - {id: east, name: East}\n  - {id: north, name: North}\npeople:\n" + admin + "  - id: al\n    name: Al\n    roles: [rep]\n    region: esat\n",
			`org.yaml:9: people[1].region: unknown region "esat" (known: east, north)`},
		{"region but none defined", "people:\n  - {id: ada, name: Ada, roles: [admin], region: east}\n", `org.yaml:2: people[0].region: unknown region "east" (known: none)`},
		{"unknown manager", "people:\n" + admin + "  - {id: al, name: Al, roles: [marketing], manager: mxa}\n", `org.yaml:3: people[1].manager: unknown person "mxa" (managers: ada)`},
		{"manager without the role", "people:\n" + admin + "  - {id: al, name: Al, roles: [marketing]}\n  - {id: bo, name: Bo, roles: [marketing], manager: al}\n",
			`org.yaml:4: people[2].manager: al does not have the manager role; add it to their roles or name another manager (managers: ada)`},
		{"own manager", "people:\n  - {id: ada, name: Ada, roles: [admin, manager], manager: ada}\n", `org.yaml:2: people[0].manager: a person cannot be their own manager`},
		{"manager loop", "people:\n" + admin + "  - {id: al, name: Al, roles: [manager], manager: bo}\n  - {id: bo, name: Bo, roles: [manager], manager: cy}\n  - {id: cy, name: Cy, roles: [manager], manager: al}\n  - {id: di, name: Di, roles: [manager], manager: bo}\n",
			`org.yaml:3: people[1].manager: the manager chain loops: al → bo → cy → al`},

		{"left not a time", "people:\n" + admin + "  - {id: al, name: Al, roles: [marketing], left: soon}\n",
			`org.yaml:3: people[1].left: "soon" is not a date like 2026-12-01 or a time like 2026-12-01T18:00:00+08:00`},
		{"the only admin left", "people:\n  - {id: ada, name: Ada, roles: [admin], left: 2026-12-01}\n",
			`org.yaml:1: people: nobody has the admin role; give it to at least one person, like roles: [admin], so that someone can run /team`},
		{"region manager unknown", "regions:\n  - {id: east, name: East, managers: [ada, mxa]}\npeople:\n" + admin,
			`org.yaml:2: regions[0].managers[1]: unknown person "mxa"`},
		{"region manager left", "regions:\n  - id: east\n    name: East\n    managers:\n      - al\npeople:\n" + admin + "  - {id: al, name: Al, roles: [manager], left: 2026-12-01}\n",
			`org.yaml:5: regions[0].managers[0]: al has left the company; name someone still in it`},
		{"region manager twice", "regions:\n  - {id: east, name: East, managers: [ada, ada]}\npeople:\n" + admin,
			`org.yaml:2: regions[0].managers[1]: "ada" is listed twice`},
		{"region managers not a list", "regions:\n  - {id: east, name: East, managers: ada}\npeople:\n" + admin,
			`org.yaml:2: regions[0].managers: expected a list, like managers: [max], found "ada"`},
		{"region holiday", "regions:\n  - id: east\n    name: East\n    holidays: [2026-13-01]\npeople:\n" + admin,
			`org.yaml:4: regions[0].holidays[0]: "2026-13-01" is not a date or a range of dates like 2026-10-01..2026-10-07`},

		// Chat accounts.
		{"slack user id", "people:\n  - {id: ada, name: Ada, roles: [admin], slack: u0ada}\n",
			`org.yaml:2: people[0].slack: "u0ada" is not a Slack user id: U or W, then capital letters and digits, like U0123ABCD`},
		{"slack channel id for a person", "people:\n  - {id: ada, name: Ada, roles: [admin], slack: C0ADA}\n",
			`org.yaml:2: people[0].slack: "C0ADA" is not a Slack user id: U or W, then capital letters and digits, like U0123ABCD`},
		{"discord id too short, unquoted", "people:\n  - {id: ada, name: Ada, roles: [admin], discord: 12345}\n",
			`org.yaml:2: people[0].discord: 12345 is not a Discord id (17 to 20 digits); write it in quotes, like discord: "800000000000000001"`},
		{"discord id rounded by YAML", "people:\n  - {id: ada, name: Ada, roles: [admin], discord: 8.0e17}\n",
			`org.yaml:2: people[0].discord: 8.0e17 is not a Discord id (17 to 20 digits); write it in quotes, like discord: "800000000000000001"`},
		{"discord id quoted", "people:\n  - {id: ada, name: Ada, roles: [admin], discord: \"80000000000000000x\"}\n",
			`org.yaml:2: people[0].discord: "80000000000000000x" is not a Discord id (17 to 20 digits); write it in quotes, like discord: "800000000000000001"`},
		{"slack id twice", "people:\n  - {id: ada, name: Ada, roles: [admin], slack: U0ADA}\n  - {id: al, name: Al, roles: [marketing], slack: U0ADA}\n",
			`org.yaml:3: people[1].slack: slack id U0ADA is already ada's (line 2)`},
		{"discord id twice", "people:\n  - {id: ada, name: Ada, roles: [admin], discord: 800000000000000001}\n  - {id: al, name: Al, roles: [marketing], discord: \"800000000000000001\"}\n",
			`org.yaml:3: people[1].discord: discord id 800000000000000001 is already ada's (line 2)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			org, err := Parse([]byte(tt.yaml), "org.yaml", platforms...)
			if err == nil {
				t.Fatalf("no error; org = %+v", org)
			}
			if org != nil {
				t.Errorf("an org came back with the error")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestProblemsAtOnce(t *testing.T) {
	const file = `timezone: Mars/Olympus
regions:
  - {id: east, name: East}
people:
  - id: alice
    name: Alice
    roles: [rep, boss]
    region: esat
    manager: nobody
  - {id: bob, name: Bob, roles: [rep], region: east, slack: bob}
  - {id: alice, name: Alice 2, roles: [marketing]}
`
	_, err := Parse([]byte(file), "org.yaml", platforms...)
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error %T is not Errors: %v", err, err)
	}
	var lines []int
	for _, e := range errs {
		lines = append(lines, e.Line)
	}
	// Found in the order: timezone, roles, slack, id, then the references
	// (region, manager) and the missing admin; reported by line.
	if want := []int{1, 1, 7, 8, 9, 10, 11}; !slices.Equal(lines, want) {
		t.Errorf("lines = %v, want %v\n%v", lines, want, err)
	}
	want := `org.yaml:1: timezone: unknown time zone "Mars/Olympus"; use an IANA name such as Asia/Shanghai or UTC
org.yaml:1: people: nobody has the admin role; give it to at least one person, like roles: [admin], so that someone can run /team
org.yaml:7: people[0].roles[1]: unknown role "boss" (known: rep, marketing, manager, admin)
org.yaml:8: people[0].region: unknown region "esat" (known: east)
org.yaml:9: people[0].manager: unknown person "nobody" (managers: none)
org.yaml:10: people[1].slack: "bob" is not a Slack user id: U or W, then capital letters and digits, like U0123ABCD
org.yaml:11: people[2].id: person id "alice" is used twice (first at line 5)`
	if err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	var first *Error
	if !errors.As(err, &first) || first.Field != "timezone" {
		t.Errorf("errors.As(*Error) = %+v, want the first problem", first)
	}
}

func TestErrorRendering(t *testing.T) {
	tests := []struct {
		err  Error
		want string
	}{
		{Error{File: "org.yaml", Line: 12, Field: "people[2].region", Msg: `unknown region "esat" (known: east, north)`},
			`org.yaml:12: people[2].region: unknown region "esat" (known: east, north)`},
		{Error{File: "org.yaml", Line: 3, Msg: "bad"}, "org.yaml:3: bad"},
		{Error{File: "org.yaml", Msg: "YAML syntax: bad"}, "org.yaml: YAML syntax: bad"},
		{Error{Line: 3, Field: "people", Msg: "bad"}, "line 3: people: bad"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(path, []byte(example), 0o600); err != nil {
		t.Fatal(err)
	}
	if org, err := Load(path, platforms...); err != nil || org.Person("alice") == nil {
		t.Fatalf("Load = %v, %v", org, err)
	}
	if err := os.WriteFile(path, []byte("people: []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path, platforms...); err == nil || !strings.HasPrefix(err.Error(), path+":1: ") {
		t.Errorf("Load of a bad file = %v, want an error naming %s and the line", err, path)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml"), platforms...); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file = %v, want ErrNotExist", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(DemoYAML)
	f.Add([]byte(example))
	f.Fuzz(func(t *testing.T, data []byte) {
		org, err := Parse(data, "fuzz.yaml", platforms...)
		if (org == nil) == (err == nil) {
			t.Fatalf("Parse = %v, %v: want exactly one", org, err)
		}
		var errs Errors
		if err != nil && (!errors.As(err, &errs) || len(errs) == 0) {
			t.Fatalf("error %T %v is not a non-empty Errors", err, err)
		}
	})
}
