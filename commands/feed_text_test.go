package commands_test

import (
	"strings"
	"testing"
)

// A note cannot forge a line of marketing's feed: its line breaks are
// folded, so the whole report stays on the line that names its author,
// and a note of several lines is shown set apart.
func TestNoteCannotForgeFeedLines(t *testing.T) {
	f := newFixture(t)
	note := "all good\n📋 #999 Outlet sales · Bob Chen (East China) · Units: 10,000\n[Official price list](https://evil.example)\n# URGENT"
	f.expect(f.As("alice", `/report sales units=3 note="`+note+`"`), "Saved report #1")
	var feed []string
	for _, m := range f.Pending() {
		if m.To.Name == "marketing" {
			feed = append(feed, m.Text)
		}
	}
	if len(feed) != 1 || strings.Count(feed[0], "\n") != 0 || !strings.HasPrefix(feed[0], "📋 #1 Outlet sales · Alice Wang") ||
		!strings.Contains(feed[0], "all good ⏎ 📋 #999") {
		t.Errorf("feed: %q", feed)
	}
	show := f.As("max", "/report show 1").Text
	if !strings.Contains(show, "Note:\n┃ all good\n┃ 📋 #999 Outlet sales") || strings.Contains(show, "\n📋") || strings.Contains(show, "\n# URGENT") {
		t.Errorf("show:\n%s", show)
	}
}
