package storage

import (
	"fmt"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// Prune drops finished messages and notification records older than the
// cut, in batches, and nothing else: pending messages and young records
// stay, and a dry run counts what a prune removes.
func TestPrune(t *testing.T) {
	db := openTemp(t)
	ctx := t.Context()
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	old, young := now.AddDate(-2, 0, 0), now.AddDate(0, 0, -1)
	to := bot.Destination{Platform: "chat", ID: "D1", Name: "alice"}

	// pruneBatch+1 old sent messages, one old pending, one young sent.
	var msgs []*bot.Message
	for i := range pruneBatch + 1 {
		msgs = append(msgs, &bot.Message{To: to, Text: fmt.Sprint(i), CreatedAt: old})
	}
	oldPending := &bot.Message{To: to, Text: "still pending", CreatedAt: old}
	youngSent := &bot.Message{To: to, Text: "yesterday", CreatedAt: young}
	msgs = append(msgs, oldPending, youngSent)
	if err := db.EnqueueMessages(ctx, msgs); err != nil {
		t.Fatal(err)
	}
	var done []*bot.Message
	for _, m := range msgs {
		if m != oldPending {
			m.Status, m.SentAt = bot.StatusSent, m.CreatedAt
			done = append(done, m)
		}
	}
	if err := db.UpdateMessages(ctx, done); err != nil {
		t.Fatal(err)
	}
	oldNote := &bot.Notification{Type: bot.NotifyReminder, To: "alice", Schedule: 1, Due: old}
	youngNote := &bot.Notification{Type: bot.NotifyReminder, To: "alice", Schedule: 1, Due: young}
	if err := db.SaveTick(ctx, &bot.Tick{Now: old, Sent: []*bot.Notification{oldNote}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveTick(ctx, &bot.Tick{Now: young, Sent: []*bot.Notification{youngNote}}); err != nil {
		t.Fatal(err)
	}

	cut := now.AddDate(0, 0, -400)
	counted, err := db.Prune(ctx, cut, true)
	if err != nil {
		t.Fatal(err)
	}
	if counted.Messages != pruneBatch+1 || counted.Notifications != 1 || counted.Bytes == 0 {
		t.Errorf("dry run: %+v", counted)
	}
	if n := len(all(t, db)); n != pruneBatch+3 {
		t.Fatalf("a dry run deleted: %d messages left", n)
	}
	pruned, err := db.Prune(ctx, cut, false)
	if err != nil {
		t.Fatal(err)
	}
	if pruned != counted {
		t.Errorf("pruned %+v, the dry run counted %+v", pruned, counted)
	}
	left := all(t, db)
	if len(left) != 2 || left[0].ID != oldPending.ID || left[1].ID != youngSent.ID {
		t.Errorf("left %d messages: %v", len(left), left)
	}
	seen, err := db.Notified(ctx, []string{oldNote.Key(), youngNote.Key()})
	if err != nil || seen[oldNote.Key()] || !seen[youngNote.Key()] {
		t.Errorf("notified after the prune: %v, %v", seen, err)
	}
	if again, err := db.Prune(ctx, cut, false); err != nil || again != (Pruned{}) {
		t.Errorf("a second prune: %+v, %v", again, err)
	}
}

func all(t *testing.T, db *DB) []*bot.Message {
	t.Helper()
	msgs, err := db.FindMessages(t.Context(), bot.MessageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}
