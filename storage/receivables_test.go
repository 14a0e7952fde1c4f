package storage

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// The open receivables follow their reports: in when saved open, out when
// collected or deleted, moved when the due date changes; read by due date.
func TestOpenReceivables(t *testing.T) {
	db := openTemp(t)
	ctx := t.Context()
	pay := func(due, collected int64, date string) *bot.Report {
		return &bot.Report{Kind: "payment", Person: "alice", Region: "east", Platform: "chat", CreatedAt: time.Now(),
			Fields: map[string]bot.Value{"due": {Num: due}, "collected": {Num: collected}, "due_date": {Text: date}}}
	}
	open1, paid, open2, undated := pay(500, 0, "2026-11-10"), pay(500, 500, "2026-11-11"), pay(500, 100, "2026-11-20"), pay(500, 0, "")
	sale := &bot.Report{Kind: "sales", Person: "alice", Region: "east", Platform: "chat", CreatedAt: time.Now(),
		Fields: map[string]bot.Value{"due_date": {Text: "2026-11-12"}}}
	for _, r := range []*bot.Report{open1, paid, open2, undated, sale} {
		if err := db.CreateReport(ctx, r, nil); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(from, before string) []uint64 {
		t.Helper()
		rs, err := db.OpenReceivables(ctx, from, before)
		if err != nil {
			t.Fatal(err)
		}
		var out []uint64
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	check := func(what string, got []uint64, want ...uint64) {
		t.Helper()
		if len(got) != len(want) || (len(want) > 0 && got[0] != want[0]) || (len(want) > 1 && got[1] != want[1]) {
			t.Errorf("%s: %v, want %v", what, got, want)
		}
	}
	check("all", ids("", "9999"), open1.ID, open2.ID)
	check("before the 20th", ids("2026-11-01", "2026-11-20"), open1.ID)
	check("from the 11th", ids("2026-11-11", "2026-12-01"), open2.ID)

	open1.Fields["collected"], open1.Version = bot.Value{Num: 500}, open1.Version+1
	if err := db.UpdateReport(ctx, open1, nil); err != nil {
		t.Fatal(err)
	}
	check("after collecting #1", ids("", "9999"), open2.ID)
	open2.Fields["due_date"], open2.Version = bot.Value{Text: "2026-11-05"}, open2.Version+1
	if err := db.UpdateReport(ctx, open2, nil); err != nil {
		t.Fatal(err)
	}
	check("after moving #3", ids("2026-11-01", "2026-11-06"), open2.ID)
	check("nothing left at its old date", ids("2026-11-19", "2026-11-21"))
	open2.Deleted, open2.Version = true, open2.Version+1
	if err := db.UpdateReport(ctx, open2, nil); err != nil {
		t.Fatal(err)
	}
	check("after deleting #3", ids("", "9999"))
}

// A database from before the index gets it at its first open, with the
// payment reports it already holds; and the notification records their
// time index.
func TestMigrationIndexesReceivablesAndNotifications(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db := New(path)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	r := &bot.Report{Kind: "payment", Person: "alice", Region: "east", Platform: "chat", CreatedAt: time.Now(),
		Fields: map[string]bot.Value{"due": {Num: 500}, "due_date": {Text: "2026-11-10"}}}
	if err := db.CreateReport(ctx, r, nil); err != nil {
		t.Fatal(err)
	}
	n := &bot.Notification{Type: bot.NotifyReminder, To: "alice", Schedule: 1, Due: time.Now()}
	if err := db.SaveTick(ctx, &bot.Tick{Now: time.Now(), Sent: []*bot.Notification{n}}); err != nil {
		t.Fatal(err)
	}
	// Back to version 7, as the file was before both indexes.
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketOpenReceivables, bucketNotificationsByTime} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchemaVersion, itob(7))
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = openAt(t, path)
	if rs, err := db.OpenReceivables(ctx, "", "9999"); err != nil || len(rs) != 1 || rs[0].ID != r.ID {
		t.Errorf("after the migration: %v, %v", rs, err)
	}
	if p, err := db.Prune(ctx, time.Now().Add(time.Hour), true); err != nil || p.Notifications != 1 {
		t.Errorf("the notification is not indexed: %+v, %v", p, err)
	}
}
