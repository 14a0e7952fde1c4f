package storage_test

import (
	"path/filepath"
	"testing"

	"github.com/fieldloop/fieldloop/storage"
)

// A direct channel is kept by platform and user, and outlives the open.
func TestDirectChannels(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.db")
	db := storage.New(path)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if ch, err := db.DirectChannel(ctx, "chat-a", "u1"); err != nil || ch != "" {
		t.Fatalf("before any: %q, %v", ch, err)
	}
	if err := db.SaveDirectChannel(ctx, "chat-a", "u1", "D1"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = storage.New(path)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if ch, _ := db.DirectChannel(ctx, "chat-a", "u1"); ch != "D1" {
		t.Errorf("after reopening: %q", ch)
	}
	if ch, _ := db.DirectChannel(ctx, "chat-b", "u1"); ch != "" {
		t.Errorf("another platform's: %q", ch)
	}
}
