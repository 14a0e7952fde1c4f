package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/fieldloop/fieldloop/adapters/slack"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/outbox"
	"github.com/fieldloop/fieldloop/storage"
)

// fakePlatform is a fake chat platform: it records what it received and can
// make the process "crash" (cancel its context) instead of accepting the
// n-th post.
type fakePlatform struct {
	got     map[string]int // text → times received
	crashAt int            // crash on this call (1-based); 0 never
	calls   int
	crash   context.CancelFunc
}

func (p *fakePlatform) Deliver(_ context.Context, m *bot.Message) error {
	p.calls++
	if p.calls == p.crashAt {
		p.crash()
		return errors.New("process killed")
	}
	p.got[m.Text]++
	return nil
}

// After a crash in the middle of delivering the outbox, a restart delivers
// what was pending and nothing twice.
func TestOutboxCrashAndRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fieldloop.db")
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	received := map[string]int{}

	db := storage.New(path)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	var msgs []*bot.Message
	for i := range 6 {
		ch := fmt.Sprintf("C%d", i%2)
		msgs = append(msgs, &bot.Message{To: bot.Destination{Platform: slack.Platform, Channel: true, ID: ch, Name: ch}, Text: fmt.Sprintf("m%d", i)})
	}
	if err := db.EnqueueMessages(context.Background(), msgs); err != nil {
		t.Fatal(err)
	}

	ctx, crash := context.WithCancel(context.Background())
	first := &fakePlatform{got: received, crashAt: 4, crash: crash}
	s1 := outbox.NewSender(db, map[bot.Platform]bot.Deliverer{slack.Platform: first}, logger)
	s1.Spacing = 0
	if _, err := s1.DeliverDue(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("first run ended with %v, want the crash", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = storage.New(path)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	second := &fakePlatform{got: received}
	s2 := outbox.NewSender(db, map[bot.Platform]bot.Deliverer{slack.Platform: second}, logger)
	s2.Spacing = 0
	if _, err := s2.DeliverDue(context.Background()); err != nil {
		t.Fatal(err)
	}

	for _, m := range msgs {
		if n := received[m.Text]; n != 1 {
			t.Errorf("%s delivered %d times, want once", m.Text, n)
		}
	}
	stored, err := db.FindMessages(context.Background(), bot.MessageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range stored {
		if m.Status != bot.StatusSent {
			t.Errorf("message %d is %s", m.ID, m.Status)
		}
	}
	if first.calls != 4 || second.calls != 3 {
		t.Errorf("calls before and after the crash: %d and %d, want 4 and 3", first.calls, second.calls)
	}
}
