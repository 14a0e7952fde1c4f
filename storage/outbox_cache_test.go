package storage

import (
	"context"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// Pending messages kept decoded between reads are never stale: a change
// is read back at once, a message sent is gone, and what a caller does to
// the messages it got does not leak into the next read.
func TestPendingMessagesAreNeverStale(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	to := bot.Destination{Platform: "chat-a", Channel: true, ID: "C0MKT", Name: "marketing"}
	msgs := []*bot.Message{
		{To: to, Text: "one", Buttons: []bot.Button{{Label: "Ack", Command: "/ack 1"}}},
		{To: to, Text: "two"},
	}
	if err := db.EnqueueMessages(ctx, msgs); err != nil {
		t.Fatal(err)
	}
	read := func() []*bot.Message {
		t.Helper()
		got, err := db.PendingMessages(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	first := read()
	first[0].Text, first[0].Buttons[0].Label = "scribbled", "scribbled"
	if again := read(); again[0].Text != "one" || again[0].Buttons[0].Label != "Ack" {
		t.Errorf("a caller's change leaked into the next read: %+v", again[0])
	}
	retry := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	m := read()[1]
	m.Attempts, m.NextAttempt = 1, retry
	if err := db.UpdateMessages(ctx, []*bot.Message{m}); err != nil {
		t.Fatal(err)
	}
	if got := read(); len(got) != 2 || got[1].Attempts != 1 || !got[1].NextAttempt.Equal(retry) {
		t.Errorf("after an update: %+v", got[1])
	}
	m.Status = bot.StatusSent
	if err := db.UpdateMessages(ctx, []*bot.Message{m}); err != nil {
		t.Fatal(err)
	}
	if got := read(); len(got) != 1 || got[0].Text != "one" {
		t.Errorf("after one was sent, pending = %+v", got)
	}
	if n := len(db.pending.byID); n != 1 {
		t.Errorf("the cache holds %d messages, want the 1 pending", n)
	}
}
