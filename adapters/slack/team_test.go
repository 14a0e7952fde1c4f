package slack_test

import (
	"strings"
	"testing"

	slackadapter "github.com/fieldloop/fieldloop/adapters/slack"
	"github.com/fieldloop/fieldloop/internal/app"
	"github.com/fieldloop/fieldloop/internal/apptest"
	"github.com/fieldloop/fieldloop/internal/platform"
)

// An admin adds someone with their Slack account by a signed slash
// command, and the newcomer's own /report from that account is saved by
// the same running fieldloop.
func TestTeamAddThenReportOverSlack(t *testing.T) {
	e := newEnvWith(t, apptest.Options{Config: func(c *app.Config) {
		c.Platforms = []platform.Adapter{slackadapter.NewPlugin()}
	}})
	_, body := e.command("U0NEW", "/report", "sales units=3")
	if text := responseText(t, body); !strings.Contains(text, "your Slack id is U0NEW") {
		t.Fatalf("before: %q", text)
	}
	_, body = e.command("U0ADA", "/team", `add id=dan name="Dan Wu" region=east manager=max slack=U0NEW`)
	if text := responseText(t, body); !strings.Contains(text, "Added Dan Wu (dan)") || !strings.Contains(text, "slack: U0NEW") {
		t.Fatalf("/team add: %q", text)
	}
	status, body := e.command("U0NEW", "/report", "sales units=3")
	if text := responseText(t, body); status != 200 || !strings.Contains(text, "Saved report #1") {
		t.Fatalf("dan's report: %d %q", status, text)
	}
	if rs := e.reports(); len(rs) != 1 || rs[0].Person != "dan" || rs[0].Region != "east" || rs[0].Platform != slackadapter.Platform {
		t.Errorf("stored %+v", rs)
	}
	// Someone else's account is refused, naming its holder.
	_, body = e.command("U0ADA", "/team", "edit bob slack=U0NEW")
	if text := responseText(t, body); !strings.Contains(text, "The Slack id U0NEW is already dan's") {
		t.Errorf("a taken account: %q", text)
	}
}
