package discord_test

import (
	"strings"
	"testing"

	discordadapter "github.com/fieldloop/fieldloop/adapters/discord"
	"github.com/fieldloop/fieldloop/internal/app"
	"github.com/fieldloop/fieldloop/internal/apptest"
	"github.com/fieldloop/fieldloop/internal/platform"
)

// An admin adds someone with their Discord account by a signed
// interaction, and the newcomer's own /report from that account is saved
// by the same running fieldloop.
func TestTeamAddThenReportOverDiscord(t *testing.T) {
	const ada, newcomer = "800000000000000006", "800000000000000099"
	e := buildEnv(t, apptest.Options{Commands: append([]string{"team"}, envCommands...), Config: func(c *app.Config) {
		c.Platforms = []platform.Adapter{discordadapter.NewPlugin()}
	}}, false, nil)
	if text := private(t, e.send(e.slash(newcomer, "en-US", "whoami"))); !strings.Contains(text, "your Discord id is "+newcomer) {
		t.Fatalf("before: %q", text)
	}
	add := `add id=dan name="Dan Wu" region=east manager=max discord=` + newcomer
	if text := private(t, e.send(e.slash(ada, "en-US", "team", opt("text", 3, add)))); !strings.Contains(text, "Added Dan Wu (dan)") || !strings.Contains(text, "discord: "+newcomer) {
		t.Fatalf("/team add: %q", text)
	}
	report := e.slash(newcomer, "en-US", "report", subcommand("sales", opt("units", 4, 3)))
	if text := private(t, e.send(report)); !strings.Contains(text, "Saved report #1") {
		t.Fatalf("dan's report: %q", text)
	}
	if rs := e.reports(); len(rs) != 1 || rs[0].Person != "dan" || rs[0].Region != "east" || rs[0].Platform != discordadapter.Platform {
		t.Errorf("stored %+v", rs)
	}
	// Removed, the newcomer is refused, over Discord too.
	if text := private(t, e.send(e.slash(ada, "en-US", "team", opt("text", 3, "remove dan")))); !strings.Contains(text, "Dan Wu (dan) has left") {
		t.Fatalf("/team remove: %q", text)
	}
	if text := private(t, e.send(e.slash(newcomer, "en-US", "report", subcommand("sales", opt("units", 4, 4))))); !strings.Contains(text, "You have left the organisation") {
		t.Errorf("the leaver's report: %q", text)
	}
	if n := len(e.reports()); n != 1 {
		t.Errorf("%d reports stored", n)
	}
}
