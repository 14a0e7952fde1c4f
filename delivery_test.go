package main

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/apptest"
)

// After a crash in the middle of delivering the outbox, a restart delivers
// what was pending and nothing twice.
func TestOutboxCrashAndRestart(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	var msgs []*bot.Message
	for i := range 6 {
		ch := fmt.Sprintf("C%d", i%2)
		msgs = append(msgs, &bot.Message{To: bot.Destination{Platform: a.Platform, Channel: true, ID: ch, Name: ch}, Text: fmt.Sprintf("m%d", i)})
	}
	if err := a.DB.EnqueueMessages(context.Background(), msgs); err != nil {
		t.Fatal(err)
	}

	// The process "crashes" (its context ends) instead of taking the
	// fourth post.
	ctx, crash := context.WithCancel(context.Background())
	first := &apptest.Recorder{Fail: func(n int, _ *bot.Message) error {
		if n == 4 {
			crash()
			return errors.New("process killed")
		}
		return nil
	}}
	s1 := a.Sender(first)
	s1.Spacing = 0
	if _, err := s1.DeliverDue(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("first run ended with %v, want the crash", err)
	}

	a = a.Restart(nil)
	second := &apptest.Recorder{}
	s2 := a.Sender(second)
	s2.Spacing = 0
	if _, err := s2.DeliverDue(context.Background()); err != nil {
		t.Fatal(err)
	}

	received := map[string]int{}
	for _, m := range append(first.Delivered(), second.Delivered()...) {
		received[m.Text]++
	}
	for _, m := range msgs {
		if n := received[m.Text]; n != 1 {
			t.Errorf("%s delivered %d times, want once", m.Text, n)
		}
	}
	stored, err := a.DB.FindMessages(context.Background(), bot.MessageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range stored {
		if m.Status != bot.StatusSent {
			t.Errorf("message %d is %s", m.ID, m.Status)
		}
	}
	// Posts go concurrently, so how many were under way when the crash
	// came varies; every message is posted once, and the one cut off by
	// the crash once more.
	if first.Calls()+second.Calls() != len(msgs)+1 {
		t.Errorf("calls before and after the crash: %d and %d, want %d in all", first.Calls(), second.Calls(), len(msgs)+1)
	}
}
