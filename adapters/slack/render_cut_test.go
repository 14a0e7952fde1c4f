package slack

import (
	"strings"
	"testing"

	"github.com/fieldloop/fieldloop/bot"
	slackapi "github.com/slack-go/slack"
)

// A long message with buttons is cut into sections of at most 3,000
// characters without breaking an entity or a character: its sections are
// plain text, which Slack shows as it is, so nothing there is escaped.
func TestLongMessageCutCleanly(t *testing.T) {
	text := strings.Repeat("x", maxSection-2) + "&<>" + strings.Repeat("销", 10)
	_, blocks := renderText(text, []bot.Button{{Label: "Ack", Command: "/ack 1"}})
	var joined strings.Builder
	for _, b := range blocks {
		s, ok := b.(*slackapi.SectionBlock)
		if !ok {
			continue
		}
		if n := len([]rune(s.Text.Text)); n > maxSection || s.Text.Type != slackapi.PlainTextType {
			t.Errorf("section of %d characters, type %s", n, s.Text.Type)
		}
		joined.WriteString(s.Text.Text)
	}
	if joined.String() != text {
		t.Errorf("sections do not add up to the text")
	}
}
