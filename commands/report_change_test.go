package commands_test

import (
	"strings"
	"testing"
)

// A report edited or deleted after it reached marketing's feed is
// corrected there; when someone else (an admin) changed it, its author is
// told; /report show says who deleted it and counts only the edits.
func TestReportChangesReachTheFeedAndTheAuthor(t *testing.T) {
	f := newFixture(t)
	f.expect(f.As("alice", "/report sales units=3"), "Saved report #1")
	f.expect(f.As("alice", "/report edit 1 units=4"), "Updated report #1")
	f.expect(f.As("ada", "/report delete 1"), "Deleted report #1")
	var feed, toAlice []string
	for _, m := range f.Pending() {
		switch m.To.Name {
		case "marketing":
			feed = append(feed, m.Text)
		case "alice":
			toAlice = append(toAlice, m.Text)
		}
	}
	if len(feed) != 3 || !strings.Contains(feed[1], "✏️ #1 Outlet sales · edited by Alice Wang · Units: 4") ||
		!strings.Contains(feed[2], "🗑 #1 Outlet sales · deleted by Ada Lin") {
		t.Errorf("feed: %q", feed)
	}
	if len(toAlice) != 1 || !strings.Contains(toAlice[0], "Ada Lin deleted your report #1 (Outlet sales)") {
		t.Errorf("to the author: %q", toAlice)
	}
	show := f.As("max", "/report show 1").Text
	if !strings.Contains(show, "Edited ") || !strings.Contains(show, "(1 earlier version") || !strings.Contains(show, "Deleted 2026-11-28") ||
		!strings.Contains(show, "by Ada Lin") {
		t.Errorf("show:\n%s", show)
	}
}

// A report deleted without an edit shows no edit.
func TestDeletedReportIsNotShownAsEdited(t *testing.T) {
	f := newFixture(t)
	f.As("alice", "/report sales units=3")
	f.As("alice", "/report delete 1")
	if show := f.As("alice", "/report show 1").Text; strings.Contains(show, "Edited") || !strings.Contains(show, "by Alice Wang") {
		t.Errorf("show:\n%s", show)
	}
}
