package slack

import (
	"strings"
	"testing"

	"github.com/fieldloop/fieldloop/bot"
)

// fieldloopCommands are the names of fieldloop's commands, whose help and
// usage the catalogue has.
var fieldloopCommands = []string{"report", "campaign", "training", "ack", "calendar", "target", "digest", "schedule", "away", "lang", "help", "whoami"}

// Every command is in the manifest within Slack's limits, and a name
// that Slack keeps for itself is registered with the fl- prefix.
func TestManifestCommands(t *testing.T) {
	var cmds []bot.Command
	for _, name := range fieldloopCommands {
		cmds = append(cmds, bot.Command{Name: name})
	}
	mf := buildManifest("fieldloop", "https://h.example", cmds)
	got := map[string]manifestCommand{}
	for _, c := range mf.Features.SlashCommands {
		got[c.Command] = c
		if len(c.Command) > 32 || len(c.UsageHint) > maxUsageHint || c.Description == "" || c.URL != "https://h.example/slack/commands" || c.ShouldEscape {
			t.Errorf("command %+v", c)
		}
	}
	for _, c := range cmds {
		_, plain := got["/"+c.Name]
		_, prefixed := got["/fl-"+c.Name]
		if !plain && !prefixed {
			t.Errorf("/%s is not in the manifest", c.Name)
		}
	}
	if _, ok := got["/fl-away"]; !ok {
		t.Errorf("away is not registered as /fl-away: %v", mf.Features.SlashCommands)
	}
	if _, ok := got["/away"]; ok {
		t.Error("the manifest takes Slack's own /away")
	}
	if _, ok := got[umbrellaCommand]; !ok {
		t.Errorf("%s is not in the manifest", umbrellaCommand)
	}
	if h := got["/lang"].UsageHint; h != "[en | zh]" {
		t.Errorf("/lang usage hint %q", h)
	}
}

// Whatever name the manifest gives a command, the adapter reads it back
// as that command.
func TestManifestNamesReadBack(t *testing.T) {
	for _, name := range append(fieldloopCommands, slackBuiltins...) {
		if got, _ := commandName(slackCommand(name), ""); got != name {
			t.Errorf("%s registered as %s reads back as %q", name, slackCommand(name), got)
		}
	}
	if got, rest := commandName(umbrellaCommand, "report sales"); got != "report" || rest != "sales" {
		t.Errorf("%s report sales: %q %q", umbrellaCommand, got, rest)
	}
}

// Only an https address with no query serves for Slack's requests, and a
// name must fit Slack's limit.
func TestManifestChecks(t *testing.T) {
	if root, err := PublicURL("https://h.example/base/"); err != nil || root != "https://h.example/base" {
		t.Errorf("PublicURL: %q, %v", root, err)
	}
	for _, bad := range []string{"http://h.example", "h.example", "https://", "https://h.example/?a=b", "https://h.example/#x"} {
		if _, err := PublicURL(bad); err == nil || !strings.Contains(err.Error(), "https://") {
			t.Errorf("PublicURL(%q): %v", bad, err)
		}
	}
	for name, ok := range map[string]bool{"fieldloop": true, " ": false, strings.Repeat("名", MaxAppName): true, strings.Repeat("a", MaxAppName+1): false} {
		if err := CheckAppName(name); (err == nil) != ok {
			t.Errorf("CheckAppName(%q): %v", name, err)
		}
	}
}
