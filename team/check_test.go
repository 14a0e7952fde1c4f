package team_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/platform"
	"github.com/fieldloop/fieldloop/team"
)

// checkOrg is a small valid organisation: ada administers, max manages
// east, alice and bob sell there, north has nobody yet.
func checkOrg() ([]bot.Region, []bot.Person) {
	regions := []bot.Region{{ID: "east", Name: "East"}, {ID: "north", Name: "North"}}
	people := []bot.Person{
		{ID: "ada", Name: "Ada", Roles: []bot.Role{bot.RoleAdmin}},
		{ID: "max", Name: "Max", Roles: []bot.Role{bot.RoleManager}, Region: "east"},
		{ID: "alice", Name: "Alice", Roles: []bot.Role{bot.RoleRep}, Region: "east", Manager: "max", Accounts: bot.Accounts{"slack": "U0ALICE"}},
		{ID: "bob", Name: "Bob", Roles: []bot.Role{bot.RoleRep}, Region: "east", Manager: "max", Accounts: bot.Accounts{"slack": "U0BOB"}},
	}
	return regions, people
}

// checkPlatforms has Slack, its ids unchecked. Without its adapter the
// catalogue lacks the platform's name: messages show "slack".
var checkPlatforms = []platform.IDs{{Platform: "slack"}}

func person(people []bot.Person, id string) *bot.Person {
	i := slices.IndexFunc(people, func(p bot.Person) bool { return p.ID == id })
	return &people[i]
}

// Every rule of Check, one problem at a time: each is found with its
// field, and read in English and in Chinese.
func TestCheck(t *testing.T) {
	left := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		change func(regions []bot.Region, people []bot.Person) ([]bot.Region, []bot.Person)
		field  string // "" for no problem
		key    string
		en     string   // in the English message
		ids    []string // ids and examples the Chinese message may show in Latin letters
	}{
		{"valid", nil, "", "", "", nil},
		{"bad id", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			return r, append(p, bot.Person{ID: "Li Lei", Name: "Li Lei", Roles: []bot.Role{bot.RoleMarketing}})
		}, "id", "team.error.id", "“Li Lei” cannot be an id", []string{"Li", "Lei", "li_lei"}},
		{"id too long", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			return r, append(p, bot.Person{ID: strings.Repeat("a", 33), Name: "A", Roles: []bot.Role{bot.RoleMarketing}})
		}, "id", "team.error.id", "cannot be an id", []string{strings.Repeat("a", 33), "li_lei"}},
		{"bad region id", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			return append(r, bot.Region{ID: "West", Name: "West"}), p
		}, "id", "team.error.id", "“West” cannot be an id", []string{"West", "li_lei"}},
		{"empty name", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "alice").Name = "  "
			return r, p
		}, "name", "team.error.name_missing", "alice needs a name", []string{"alice", "name"}},
		{"empty region name", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			r[1].Name = ""
			return r, p
		}, "name", "team.error.name_missing", "north needs a name", []string{"north", "name"}},
		{"name of 100 characters", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "alice").Name = strings.Repeat("李", team.MaxName)
			return r, p
		}, "", "", "", nil},
		{"name of 101 characters", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "alice").Name = strings.Repeat("李", team.MaxName+1)
			return r, p
		}, "name", "team.error.name_long", "The name of alice is too long: at most 100 characters", []string{"alice"}},
		{"control character", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "alice").Name = "Ali\x07ce"
			return r, p
		}, "name", "team.error.name_control", "The name of alice has control characters", []string{"alice"}},
		{"spaces around a name pass", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "alice").Name = " Alice Wang "
			return r, p
		}, "", "", "", nil},
		{"line break", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "bob").Name = "Bob\nZhao"
			return r, p
		}, "name", "team.error.name_control", "The name of bob has control characters", []string{"bob"}},
		{"unknown role", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "alice").Roles = []bot.Role{"boss"}
			return r, p
		}, "roles", "team.error.role", "There is no role “boss”; the roles are rep, marketing, manager, admin", []string{"boss", "rep", "marketing", "manager", "admin"}},
		{"no role", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "alice").Roles = nil
			return r, p
		}, "roles", "team.error.no_role", "alice needs a role", []string{"alice", "rep", "marketing", "manager", "admin"}},
		{"rep without region", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "alice").Region = ""
			return r, p
		}, "region", "team.error.rep_region", "alice is a rep and needs a region (regions: east, north)", []string{"alice", "east", "north", "region"}},
		{"unknown region", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "alice").Region = "west"
			return r, p
		}, "region", "error.region.unknown", "There is no region “west”. Regions: east, north.", []string{"west", "east", "north"}},
		{"unknown manager", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "alice").Manager = "zed"
			return r, p
		}, "manager", "error.person.unknown", "There is no person “zed”", []string{"zed"}},
		{"own manager", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "max").Manager = "max"
			return r, p
		}, "manager", "team.error.own_manager", "max cannot be their own manager", []string{"max"}},
		{"manager without the role", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "alice").Manager = "bob"
			return r, p
		}, "manager", "team.error.not_manager", "bob does not have the manager role", []string{"bob", "team", "edit", "roles", "manager"}},
		{"loop of managers", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "max").Manager = "kim"
			return r, append(p, bot.Person{ID: "kim", Name: "Kim", Roles: []bot.Role{bot.RoleManager}, Region: "north", Manager: "max"})
		}, "manager", "team.error.loop", "The manager chain would loop: max → kim → max.", []string{"max", "kim"}},
		{"account used twice", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "bob").Accounts["slack"] = "U0ALICE"
			return r, p
		}, "slack", "team.error.account_twice", "The slack id U0ALICE is already alice's.", []string{"slack", "U0ALICE", "alice"}},
		{"no admin left", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "ada").Roles = []bot.Role{bot.RoleMarketing}
			return r, p
		}, "roles", "team.error.no_admin", "Nobody would be left with the admin role", []string{"team"}},
		{"the only admin leaves", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "ada").LeftAt = left
			return r, p
		}, "roles", "team.error.no_admin", "Nobody would be left with the admin role", []string{"team"}},
		{"unknown region manager", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			r[1].Managers = []string{"zed"}
			return r, p
		}, "managers", "team.error.region_manager", "Region north names zed as a manager", []string{"north", "zed"}},
		{"region manager who left", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			r[1].Managers = []string{"bob"}
			person(p, "bob").LeftAt = left
			return r, p
		}, "managers", "team.error.region_manager", "Region north names bob as a manager", []string{"north", "bob"}},
		{"bad time zone", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "alice").Timezone = "Mars/Olympus"
			return r, p
		}, "timezone", "team.error.timezone", "“Mars/Olympus” is not a time zone", []string{"Mars", "Olympus", "timezone", "Europe", "Berlin", "IANA"}},
		{"a zone abbreviation", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "alice").Timezone = "EST"
			return r, p
		}, "timezone", "team.error.timezone", "“EST” is not a time zone", []string{"EST", "timezone", "Europe", "Berlin", "IANA"}},
		{"a real time zone", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			person(p, "alice").Timezone = "Europe/Berlin"
			person(p, "bob").Timezone = "UTC"
			return r, p
		}, "", "", "", nil},
		{"person id twice", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			return r, append(p, bot.Person{ID: "bob", Name: "Bob Two", Roles: []bot.Role{bot.RoleMarketing}})
		}, "id", "team.error.person_twice", "The person id “bob” is used twice", []string{"bob"}},
		{"region id twice", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			return append(r, bot.Region{ID: "east", Name: "East Two"}), p
		}, "id", "team.error.region_twice", "The region id “east” is used twice", []string{"east"}},
		// A leaver keeps what they had, unchecked: their account and their
		// manager may be someone else's now.
		{"a leaver is not checked", func(r []bot.Region, p []bot.Person) ([]bot.Region, []bot.Person) {
			return r, append(p, bot.Person{ID: "old", Name: "Old", Roles: []bot.Role{bot.RoleRep}, Region: "gone", Manager: "nobody",
				Accounts: bot.Accounts{"slack": "U0ALICE"}, LeftAt: left})
		}, "", "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			regions, people := checkOrg()
			if tt.change != nil {
				regions, people = tt.change(regions, people)
			}
			errs := team.Check(regions, people, checkPlatforms)
			if tt.key == "" {
				if len(errs) > 0 {
					t.Fatalf("problems in a valid organisation: %v", errs)
				}
				return
			}
			if len(errs) != 1 {
				t.Fatalf("want one problem (%s), got %d: %v", tt.key, len(errs), errs)
			}
			if e := errs[0]; e.Field != tt.field || e.Text.Key != tt.key || e.Code != bot.EINVALID {
				t.Errorf("problem %s %q (%s), want %s %q", e.Code, e.Field, e.Text.Key, tt.field, tt.key)
			}
			en, zh := bot.ErrorMessage(errs, bot.English), bot.ErrorMessage(errs, bot.Chinese)
			if !strings.Contains(en, tt.en) {
				t.Errorf("English %q lacks %q", en, tt.en)
			}
			if bot.ErrorCode(errs) != bot.EINVALID {
				t.Errorf("code %s", bot.ErrorCode(errs))
			}
			checkChinese(t, zh, tt.ids)
		})
	}
}

// Check reports every problem at once, not just the first.
func TestCheckAll(t *testing.T) {
	regions, people := checkOrg()
	person(people, "alice").Region = "west"
	person(people, "bob").Timezone = "Nowhere"
	person(people, "ada").Roles = []bot.Role{"boss"}
	errs := team.Check(regions, people, checkPlatforms)
	var keys []string
	for _, e := range errs {
		keys = append(keys, e.Text.Key)
	}
	want := []string{"team.error.role", "error.region.unknown", "team.error.timezone", "team.error.no_admin"}
	if !slices.Equal(keys, want) {
		t.Errorf("problems %v, want %v", keys, want)
	}
	if zh := bot.ErrorMessage(errs, bot.Chinese); strings.Count(zh, "\n• ") != 4 {
		t.Errorf("Chinese list of four: %q", zh)
	}
}

// An account id its platform would not have is refused, with why.
func TestCheckAccountID(t *testing.T) {
	regions, people := checkOrg()
	pl := []platform.IDs{{Platform: "slack", Check: func(id string, user bool) string {
		if !user || !strings.HasPrefix(id, "U") {
			return "is not a Slack user id"
		}
		return ""
	}}}
	if errs := team.Check(regions, people, pl); len(errs) > 0 {
		t.Fatalf("valid ids refused: %v", errs)
	}
	person(people, "bob").Accounts["slack"] = "C0BOB"
	errs := team.Check(regions, people, pl)
	if len(errs) != 1 || errs[0].Field != "slack" || !strings.Contains(bot.ErrorMessage(errs, bot.English), "“C0BOB” is not a Slack user id") {
		t.Errorf("a channel id as bob's: %v", errs)
	}
	checkChinese(t, bot.ErrorMessage(errs, bot.Chinese), []string{"C0BOB", "slack"})
}

// examples are what the catalogue's Chinese messages show as typed:
// field=value and /commands.
var examples = regexp.MustCompile(`[a-z_]+=\S*|/[a-z]+( [a-z]+)?`)

// checkChinese fails unless msg reads as Chinese: it has Chinese in it,
// and no Latin word but the ids and examples allowed.
func checkChinese(t *testing.T, msg string, allowed []string) {
	t.Helper()
	if !strings.ContainsFunc(msg, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		t.Errorf("no Chinese in %q", msg)
	}
	rest := examples.ReplaceAllString(msg, " ")
	for _, id := range allowed {
		rest = strings.ReplaceAll(rest, id, " ")
	}
	words := strings.FieldsFunc(rest, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) })
	for _, w := range words {
		if w != "ID" && len(w) > 1 {
			t.Errorf("English %q left in the Chinese %q", w, msg)
		}
	}
}
