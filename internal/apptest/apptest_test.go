package apptest_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/apptest"
)

// A person's command runs on the neutral platform by their fieldloop id,
// at the clock's time; the feed post it queues goes to marketing's
// channel by name, and a restart finds it still pending.
func TestAsAndRestart(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	if reply := a.As("alice", "/report sales units=3"); !strings.Contains(reply.Text, "Saved report #1") {
		t.Fatalf("reply %q", reply.Text)
	}
	a.Clock.Add(2 * time.Hour)
	if reply := a.As("alice", "/report list since=1h"); !strings.Contains(reply.Text, "No reports") {
		t.Errorf("two hours later, the report is still within the hour: %q", reply.Text)
	}
	b := a.Restart(nil)
	msgs := b.Pending()
	if len(msgs) != 1 || msgs[0].To.String() != "test:#marketing" || !msgs[0].CreatedAt.Equal(time.Date(2026, 11, 28, 4, 0, 0, 0, time.UTC)) {
		t.Errorf("after a restart, pending %+v", msgs)
	}
	if reply := b.As("stranger", "/whoami"); !reply.Failed {
		t.Errorf("a stranger was answered %q", reply.Text)
	}
}

// Commands keeps the commands named, in the app's order, and /help lists
// only them; a name the app lacks ends the test.
func TestCommands(t *testing.T) {
	a := apptest.New(t, apptest.Options{Commands: []string{"help", "report", "whoami"}})
	var names []string
	for _, c := range a.Router.Commands() {
		names = append(names, c.Name)
	}
	if strings.Join(names, " ") != "report whoami help" {
		t.Errorf("commands %v", names)
	}
	if help := a.As("alice", "/help").Text; strings.Contains(help, "/lang") || !strings.Contains(help, "/whoami") || !strings.Contains(help, "/report") {
		t.Errorf("/help lists %q", help)
	}
}

// The Recorder keeps what it delivers, and counts what Fail refused.
func TestRecorder(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	r := &apptest.Recorder{Fail: func(n int, _ *bot.Message) error {
		if n == 1 {
			return errors.New("down")
		}
		return nil
	}}
	a.As("alice", "/report sales units=3")
	s := a.Sender(r)
	for {
		wait, err := s.DeliverDue(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if wait == 0 {
			break
		}
		a.Clock.Add(wait) // the retry waits for the feed's next merged post
	}
	if got := r.Delivered(); r.Calls() != 2 || len(got) != 1 || !strings.Contains(got[0].Text, "#1 Outlet sales") {
		t.Errorf("%d calls, delivered %+v", r.Calls(), got)
	}
}
