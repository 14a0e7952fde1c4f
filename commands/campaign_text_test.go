package commands_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/apptest"
	"github.com/fieldloop/fieldloop/orgfile"
)

// Control characters in a campaign's or a training's free text are
// dropped, as in report fields: an escape sequence must not reach an
// export or a terminal. Text too long for its field is refused, naming
// the field.
func TestCampaignTextIsCleaned(t *testing.T) {
	f := newFixture(t)
	f.expect(f.As("mia", "/campaign add kind=promotion title=\"Double\x1b[31m 12\" start=2026-12-01 end=2026-12-12 regions=all "+
		"description=\"ring\x07 the bell\" materials=\"NUL\x00 here\""), "Added")
	f.expect(f.As("mia", `/training add title="Selling points" at="2026-12-09 10:00" audience=all where="hall`+"\x1b"+` 2"`), "Added")
	for _, id := range []string{"1", "2"} {
		show := f.As("mia", "/campaign show "+id).Text
		if strings.ContainsAny(show, "\x1b\x07\x00") {
			t.Errorf("control characters kept: %q", show)
		}
	}
	f.expect(f.As("mia", "/campaign show 1"), "Double[31m 12", "ring the bell", "NUL here")
	f.expect(f.As("mia", "/training show 2"), "hall 2")
	long := strings.Repeat("x", 201)
	f.expect(f.As("mia", "/campaign edit 1 materials="+long), "materials is too long: at most 200 characters")
}

// /campaign on a training's id (and /training on a campaign's) points to
// the right command instead of saying there is no such thing.
func TestCampaignIDOfATraining(t *testing.T) {
	f := newFixture(t)
	f.expect(f.As("mia", `/training add title="Selling points" at="2026-12-09 10:00" audience=all`), "Added")
	f.expect(f.As("alice", "/campaign show 1"), "#1 is a training: /training show 1")
	f.expect(f.As("mia", `/campaign add kind=promotion title="Double 12" start=2026-12-01 end=2026-12-12 regions=all`), "Added")
	f.expect(f.As("alice", "/training show 2"), "#2 is a campaign: /campaign show 2")
	f.expect(f.As("alice", "/campaign show 9"), "There is no campaign or training #9 for you.")
}

// A missing date is "required", not "“” is not a date"; a negative number
// is "below zero", not "not a number".
func TestMissingAndNegativeValues(t *testing.T) {
	f := newFixture(t)
	f.expect(f.As("mia", `/campaign add kind=promotion title="Double 12" end=2026-12-12 regions=all`), "start is required. Example: start=2026-12-01")
	f.expect(f.As("mia", `/training add title=t audience=all`), `at is required. Example: at="2026-12-02 14:00"`)
	f.expect(f.As("alice", "/report sales units=3 amount=-200"), "Amount (amount) cannot be below zero.")
	f.expect(f.As("alice", "/report stock outlet=Metro on_shelf=-3"), "On shelf (on_shelf) cannot be below zero.")
	f.expect(f.As("alice", "/report sales units=abc"), "must be a whole number")
}

// A broadcast names every region it could not reach, and why; so does
// /campaign show.
func TestBroadcastNamesUnreachedRegions(t *testing.T) {
	demo := orgfile.Demo()
	chat := func(id string) bot.Accounts { return bot.Accounts{"chat": id} }
	people := slices.Clone(demo.People)
	for i := range people {
		people[i].Accounts = chat(people[i].ID)
	}
	regions := slices.Clone(demo.Regions)
	for i := range regions {
		regions[i].Channels = chat("C-" + regions[i].ID)
	}
	regions[1].Channels = nil // north: no channel on any platform
	org := bot.NewOrg(demo.Location, demo.Language, map[string]bot.Accounts{bot.ChannelMarketing: chat("C-mkt")}, regions, people)
	f := &fixture{apptest.New(t, apptest.Options{Org: org, Platform: "chat"})}
	f.expect(f.As("mia", `/campaign add kind=promotion title="Double 12" start=2026-12-01 end=2026-12-12 regions=all`), "Added")
	f.expect(f.As("mia", "/campaign broadcast 1"), "to 1 channel.", "Not reached: North China (no chat channel in the org file).")
	f.expect(f.As("mia", "/campaign show 1"), "Not reached: North China (no chat channel in the org file).")
	f.expect(f.As("mia", `/campaign add kind=promotion title="North only" start=2026-12-01 end=2026-12-12 regions=north`), "Added")
	f.expect(f.As("mia", "/campaign broadcast 2"), "None of its regions has a channel on a connected platform: North China (no chat channel in the org file).")
}

// A training's time is shown in the reader's zone too, with the zone it
// was given in named: a rep in Berlin sees both; channels and readers in
// the org's zone see the training's own time. The zone given with tz=
// stays on the record.
func TestTrainingTimeInTheReadersZone(t *testing.T) {
	demo := orgfile.Demo()
	people := slices.Clone(demo.People)
	for i := range people {
		if people[i].ID == "bob" || people[i].ID == "chen" {
			people[i].Timezone = "Europe/Berlin"
		}
	}
	org := bot.NewOrg(demo.Location, demo.Language, demo.Channels, demo.Regions, people)
	org.AddressByID(apptest.Platform)
	f := &fixture{apptest.New(t, apptest.Options{Org: org})}
	f.expect(f.As("mia", `/training add title="Selling points" at="2026-12-09 10:00" audience=all`), "2026-12-09 10:00 ·")
	f.expect(f.As("bob", "/training show 1"), "2026-12-09 10:00 Asia/Shanghai · 03:00 your time")
	f.expect(f.As("alice", "/training show 1"), "🎓 Training #1 Selling points · 2026-12-09 10:00 · all regions")
	f.expect(f.As("mia", `/training add title="Berlin briefing" at="2026-12-10 09:00" tz=Europe/Berlin audience=all`), "2026-12-10 09:00 Europe/Berlin ·")
	f.expect(f.As("alice", "/training show 2"), "2026-12-10 09:00 Europe/Berlin · 16:00 your time")
	f.expect(f.As("bob", "/training show 2"), "2026-12-10 09:00 Europe/Berlin · all regions")
	f.expect(f.As("mia", `/training edit 2 at="2026-12-10 10:00"`), "2026-12-10 10:00 Europe/Berlin")
	c, _ := f.DB.Campaign(t.Context(), 2)
	if c.Zone != "Europe/Berlin" {
		t.Errorf("zone on the record: %q", c.Zone)
	}
	// A channel reads the time in its readers' zone when they share one
	// (north: chen, moved to Berlin here), and with the zone named when
	// they do not (east: alice in Shanghai, bob in Berlin).
	f.expect(f.As("mia", "/training broadcast 1"), "Sent")
	for _, m := range f.Pending() {
		want := map[string]string{"north": "2026-12-09 10:00 Asia/Shanghai · 03:00 Europe/Berlin", "east": "2026-12-09 10:00 Asia/Shanghai ·"}[m.To.ID]
		if m.To.Channel && want != "" && !strings.Contains(m.Text, want) {
			t.Errorf("broadcast to %s: %q lacks %q", m.To.ID, m.Text, want)
		}
	}
	f.expect(f.As("mia", "/training broadcast 2"), "Sent")
	for _, m := range f.Pending() {
		if m.To.Channel && strings.Contains(m.Text, "#2") && !strings.Contains(m.Text, "2026-12-10 10:00 Europe/Berlin (") && !strings.Contains(m.Text, "2026-12-10 10:00 Europe/Berlin ·") {
			t.Errorf("broadcast: %q", m.Text)
		}
	}
}
