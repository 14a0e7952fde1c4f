package slack_test

import (
	"strings"
	"testing"

	slackadapter "github.com/fieldloop/fieldloop/adapters/slack"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/app"
	"github.com/fieldloop/fieldloop/internal/apptest"
	"github.com/fieldloop/fieldloop/internal/platform"
)

// A stranger is offered the way in; their access request reaches the
// admin with an Approve button; one click lets them in and they report,
// all by signed requests to the same running fieldloop. A second click
// approves nothing twice.
func TestAccessRequestOverSlack(t *testing.T) {
	e := newEnvWith(t, apptest.Options{Config: func(c *app.Config) {
		c.Platforms = []platform.Adapter{slackadapter.NewPlugin()}
	}})
	_, body := e.command("U0WEI", "/report", "sales units=3")
	if !strings.Contains(body, "Request access") || !strings.Contains(body, `"value":"/join"`) {
		t.Fatalf("a stranger's answer: %s", body)
	}
	click := func(user, name, value, respond string) string {
		t.Helper()
		payload := map[string]any{
			"type": "block_actions", "user": map[string]any{"id": user, "name": name}, "trigger_id": "t-" + respond,
			"channel": map[string]any{"id": "D0" + user}, "response_url": e.slack.ResponseURL(respond),
			"actions": []map[string]any{{"type": "button", "action_id": "fieldloop_button_0", "block_id": "fieldloop_buttons", "value": value}},
		}
		if status, _ := e.interact(payload); status != 200 {
			t.Fatalf("click %s: status %d", value, status)
		}
		e.adapter.Wait()
		got := e.slack.Calls("/respond/" + respond)
		if len(got) != 1 {
			t.Fatalf("click %s: %d answers", value, len(got))
		}
		return got[0].JSON["text"].(string)
	}
	if text := click("U0WEI", "wei.zhang", "/join", "join"); !strings.Contains(text, "Your request #1 is with the admins") {
		t.Fatalf("/join: %q", text)
	}
	var notice *bot.Message
	for _, m := range e.app.Pending() {
		if m.To.ID == "U0ADA" {
			notice = m
		}
	}
	if notice == nil || !strings.Contains(notice.Text, "wei.zhang (U0WEI)") || len(notice.Buttons) != 2 || notice.Buttons[0].Command != "/team approve 1" {
		t.Fatalf("the admin's notice: %+v", notice)
	}
	if text := click("U0ADA", "ada", "/team approve 1 region=east", "approve"); !strings.Contains(text, "Added wei.zhang (wei_zhang)") {
		t.Fatalf("approve: %q", text)
	}
	if _, body := e.command("U0WEI", "/report", "sales units=3"); !strings.Contains(responseText(t, body), "Saved report #1") {
		t.Fatalf("the newcomer's report: %s", body)
	}
	if text := click("U0ADA", "ada", "/team approve 1 region=east", "again"); !strings.Contains(text, "already been approved, by Ada Lin") {
		t.Errorf("a second approval: %q", text)
	}
	welcomed := false
	for _, m := range e.app.Pending() {
		welcomed = welcomed || m.To.ID == "U0WEI" && strings.Contains(m.Text, "Welcome to fieldloop")
	}
	if !welcomed {
		t.Errorf("the newcomer was not told")
	}
}
