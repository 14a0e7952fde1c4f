package discord_test

import (
	"strings"
	"testing"

	discordadapter "github.com/fieldloop/fieldloop/adapters/discord"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/app"
	"github.com/fieldloop/fieldloop/internal/apptest"
	"github.com/fieldloop/fieldloop/internal/platform"
)

// A stranger's access request, by the Request access button, reaches the
// admin; the admin's click on Approve lets them in and they report, all by
// signed interactions with the same running fieldloop.
func TestAccessRequestOverDiscord(t *testing.T) {
	const ada, stranger = "800000000000000006", "800000000000000077"
	e := buildEnv(t, apptest.Options{Commands: append([]string{"team", "join"}, envCommands...), Config: func(c *app.Config) {
		c.Platforms = []platform.Adapter{discordadapter.NewPlugin()}
	}}, false, nil)
	a := e.send(e.slash(stranger, "en-US", "report", subcommand("sales", opt("units", 4, 3))))
	if !strings.Contains(a.raw, "Request access") || !strings.Contains(a.raw, `"custom_id":"fl:/join"`) {
		t.Fatalf("a stranger's answer: %s", a.raw)
	}
	if text := private(t, e.send(e.click(stranger, "fl:/join"))); !strings.Contains(text, "Your request #1 is with the admins") {
		t.Fatalf("/join: %q", text)
	}
	var notice *bot.Message
	for _, m := range e.app.Pending() {
		if m.To.ID == ada {
			notice = m
		}
	}
	if notice == nil || !strings.Contains(notice.Text, "someone ("+stranger+") on Discord asks to join") || len(notice.Buttons) != 2 {
		t.Fatalf("the admin's notice: %+v", notice)
	}
	if text := private(t, e.send(e.click(ada, "fl:/team approve 1 region=east"))); !strings.Contains(text, "Added someone (someone)") {
		t.Fatalf("approve: %q", text)
	}
	if text := private(t, e.send(e.slash(stranger, "en-US", "report", subcommand("sales", opt("units", 4, 3))))); !strings.Contains(text, "Saved report #1") {
		t.Fatalf("the newcomer's report: %q", text)
	}
}
