package storage

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/storage/storetest"
	bolt "go.etcd.io/bbolt"
)

// fixedNow is the clock of the test databases.
var fixedNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// openTemp opens a new database in a temporary directory, closed when t
// ends.
func openTemp(t testing.TB) *DB {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "fieldloop.db"))
}

// openAt opens the database at path, closed when t ends.
func openAt(t testing.TB, path string) *DB {
	t.Helper()
	db := New(path)
	db.Now = func() time.Time { return fixedNow }
	if err := db.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

func TestStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) bot.Store { return openTemp(t) })
}

func TestCreateStampsMissingTime(t *testing.T) {
	db := openTemp(t)
	r := &bot.Report{Kind: "sales", Person: "alice"}
	m := &bot.Message{Text: "feed"}
	if err := db.CreateReport(t.Context(), r, func(*bot.Report) []*bot.Message { return []*bot.Message{m} }); err != nil {
		t.Fatalf("CreateReport: %v", err)
	}
	if !r.CreatedAt.Equal(fixedNow) || !m.CreatedAt.Equal(fixedNow) || r.Version != 1 {
		t.Errorf("report at %v version %d, message at %v; want both at %v, version 1", r.CreatedAt, r.Version, m.CreatedAt, fixedNow)
	}
}

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fieldloop.db")
	db := openAt(t, path)
	r := &bot.Report{Kind: "sales", Person: "alice", CreatedAt: fixedNow, RequestID: "req-1", Platform: "chat-a"}
	if err := db.CreateReport(t.Context(), r, nil); err != nil {
		t.Fatalf("CreateReport: %v", err)
	}
	if err := db.SaveSettings(t.Context(), "alice", bot.Settings{Lang: bot.Chinese}); err != nil {
		t.Fatalf("SaveSettings: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	db = openAt(t, path)
	got, err := db.Report(t.Context(), r.ID)
	if err != nil || got.Person != "alice" {
		t.Fatalf("after reopening, Report: %+v, %v", got, err)
	}
	if s, err := db.Settings(t.Context(), "alice"); err != nil || s.Lang != bot.Chinese {
		t.Errorf("after reopening, Settings: %+v, %v", s, err)
	}
	// The retry key survives the restart, and IDs go on from where they were.
	retry := &bot.Report{Kind: "sales", Person: "alice", RequestID: "req-1", Platform: "chat-a"}
	next := &bot.Report{Kind: "sales", Person: "alice"}
	for _, x := range []*bot.Report{retry, next} {
		if err := db.CreateReport(t.Context(), x, nil); err != nil {
			t.Fatalf("CreateReport: %v", err)
		}
	}
	if retry.ID != r.ID || next.ID <= r.ID {
		t.Errorf("after reopening: retry got ID %d (want %d), next %d (want more)", retry.ID, r.ID, next.ID)
	}
}

func TestOpenLockedFile(t *testing.T) {
	first := openTemp(t)
	second := New(first.Path)
	second.Timeout = 100 * time.Millisecond
	start := time.Now()
	err := second.Open()
	elapsed := time.Since(start)
	if !errors.Is(err, ErrLocked) {
		_ = second.Close()
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
	if !strings.Contains(err.Error(), first.Path) || !strings.Contains(err.Error(), "another running fieldloop") {
		t.Errorf("error %q should name the file and say another fieldloop holds it", err)
	}
	// bbolt polls the lock every 50 ms; a generous bound still catches a
	// timeout that was not applied (it would wait for ever).
	if elapsed > 2*time.Second {
		t.Errorf("second Open took %v with a 100ms timeout", elapsed)
	}
}

func TestReadOnlyOpenOfMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.db")
	db := New(path)
	db.ReadOnly = true
	err := db.Open()
	if err == nil {
		_ = db.Close()
		t.Fatal("read-only Open of a missing file succeeded")
	}
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("error %q should say the file does not exist", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("read-only Open created the file (stat: %v)", err)
	}
}

func TestReadOnlyOpenReads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fieldloop.db")
	db := openAt(t, path)
	r := &bot.Report{Kind: "sales", Person: "alice"}
	if err := db.CreateReport(t.Context(), r, nil); err != nil {
		t.Fatalf("CreateReport: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	ro := New(path)
	ro.ReadOnly = true
	if err := ro.Open(); err != nil {
		t.Fatalf("read-only Open: %v", err)
	}
	defer ro.Close()
	if _, err := ro.Report(t.Context(), r.ID); err != nil {
		t.Errorf("read-only Report: %v", err)
	}
	if err := ro.SaveSettings(t.Context(), "alice", bot.Settings{}); err == nil {
		t.Error("a read-only database accepted a write")
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fieldloop.db")
	db := openAt(t, path)
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	setSchemaVersion(t, path, schemaVersion()+1)

	for _, readOnly := range []bool{false, true} {
		db := New(path)
		db.ReadOnly = readOnly
		err := db.Open()
		if !errors.Is(err, errNewerSchema) || !strings.Contains(err.Error(), path) {
			_ = db.Close()
			t.Errorf("Open (read-only %v) of a newer file: %v; want a refusal naming the file", readOnly, err)
		}
	}
}

// setSchemaVersion overwrites the schema version of the file at path.
func setSchemaVersion(t *testing.T, path string, v uint64) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, boltOptions(0, false))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchemaVersion, itob(v))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOpenRecordsSchemaVersion(t *testing.T) {
	db := openTemp(t)
	err := db.bolt.View(func(tx *bolt.Tx) error {
		v, err := storedVersion(tx)
		if err == nil && v != schemaVersion() {
			t.Errorf("schema version %d, want %d", v, schemaVersion())
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBackup(t *testing.T) {
	db := openTemp(t)
	r := &bot.Report{Kind: "sales", Person: "alice", Fields: map[string]bot.Value{"amount": {Num: 420050}}}
	if err := db.CreateReport(t.Context(), r, nil); err != nil {
		t.Fatalf("CreateReport: %v", err)
	}
	var buf bytes.Buffer
	n, err := db.Backup(&buf)
	if err != nil || n != int64(buf.Len()) || n == 0 {
		t.Fatalf("Backup: %d bytes, %v (buffer holds %d)", n, err, buf.Len())
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	copied := openAt(t, path)
	got, err := copied.Report(t.Context(), r.ID)
	if err != nil || got.Fields["amount"].Num != 420050 {
		t.Errorf("Report from the backup: %+v, %v", got, err)
	}
}

// TestPendingIndex checks that the pending index holds exactly the
// pending messages, so that PendingMessages never reads the others, and
// that an update of a message never enqueued is refused.
func TestPendingIndex(t *testing.T) {
	db := openTemp(t)
	msgs := []*bot.Message{{Text: "a"}, {Text: "b"}, {Text: "c"}}
	if err := db.EnqueueMessages(t.Context(), msgs); err != nil {
		t.Fatalf("EnqueueMessages: %v", err)
	}
	msgs[0].Status, msgs[1].Status = bot.StatusSent, bot.StatusFailed
	if err := db.UpdateMessages(t.Context(), msgs); err != nil {
		t.Fatalf("UpdateMessages: %v", err)
	}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if n := tx.Bucket(bucketOutboxPending).Stats().KeyN; n != 1 {
			t.Errorf("the pending index holds %d keys, want 1", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.UpdateMessages(t.Context(), []*bot.Message{{ID: 42, Status: bot.StatusSent}})
	if err == nil {
		t.Error("UpdateMessages accepted a message that was never enqueued")
	}
}

// TestCreateReportRerun makes the group commit run CreateReport's
// transaction function twice, as it does when a function of a shared
// commit fails, and checks that the first, rolled-back run leaves no trace
// in the result.
func TestCreateReportRerun(t *testing.T) {
	db := openTemp(t)
	calls := 0
	msg := &bot.Message{Text: "feed"}
	out := func(*bot.Report) []*bot.Message {
		// A panic rolls the commit back; the function runs again, solo.
		if calls++; calls == 1 {
			panic("first run fails")
		}
		return []*bot.Message{msg}
	}
	r := &bot.Report{Kind: "sales", Person: "alice", Platform: "chat-a", RequestID: "req-1"}
	if err := db.CreateReport(t.Context(), r, out); err != nil {
		t.Fatalf("CreateReport: %v", err)
	}
	if calls != 2 {
		t.Fatalf("out was called %d times, want 2", calls)
	}
	stored, err := db.Report(t.Context(), r.ID)
	if err != nil || stored.RequestID != "req-1" || r.Version != 1 {
		t.Errorf("Report(%d): %+v, %v", r.ID, stored, err)
	}
	pending, err := db.PendingMessages(t.Context())
	if err != nil || len(pending) != 1 || pending[0].ID != msg.ID {
		t.Errorf("PendingMessages: %+v, %v; want the one message, ID %d", pending, err, msg.ID)
	}
}

func TestTimeKeyOrder(t *testing.T) {
	times := []time.Time{
		time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Unix(-1, 0),
		time.Unix(0, 0),
		time.Unix(0, 1),
		fixedNow,
	}
	for i := 1; i < len(times); i++ {
		if bytes.Compare(timeKey(times[i-1]), timeKey(times[i])) >= 0 {
			t.Errorf("timeKey(%v) does not sort before timeKey(%v)", times[i-1], times[i])
		}
	}
}

// TestUpdateMovesChangedIndexKeys checks the defence against an edit that
// changes an indexed attribute: the report must be found by its new value
// only.
func TestUpdateMovesChangedIndexKeys(t *testing.T) {
	db := openTemp(t)
	r := &bot.Report{Kind: "sales", Person: "alice", Region: "east", CreatedAt: fixedNow}
	if err := db.CreateReport(t.Context(), r, nil); err != nil {
		t.Fatalf("CreateReport: %v", err)
	}
	moved := *r
	moved.Version, moved.Person, moved.Region = 2, "bob", "west"
	moved.CreatedAt = fixedNow.Add(time.Hour)
	if err := db.UpdateReport(t.Context(), &moved, nil); err != nil {
		t.Fatalf("UpdateReport: %v", err)
	}
	for _, c := range []struct {
		f    bot.ReportFilter
		want int
	}{
		{bot.ReportFilter{Person: "alice"}, 0},
		{bot.ReportFilter{Person: "bob"}, 1},
		{bot.ReportFilter{Regions: []string{"east"}}, 0},
		{bot.ReportFilter{Regions: []string{"west"}}, 1},
		{bot.ReportFilter{Until: fixedNow.Add(time.Hour)}, 0},
		{bot.ReportFilter{Since: fixedNow.Add(time.Hour)}, 1},
	} {
		found, err := db.FindReports(t.Context(), c.f)
		if err != nil || len(found) != c.want {
			t.Errorf("FindReports(%+v): %d reports, %v; want %d", c.f, len(found), err, c.want)
		}
	}
}

func TestZeroByteInIndexedAttributeRefused(t *testing.T) {
	db := openTemp(t)
	r := &bot.Report{Kind: "sales", Person: "al\x00ice"}
	if err := db.CreateReport(t.Context(), r, nil); err == nil {
		t.Error("CreateReport accepted a person id with a zero byte")
	}
}

// TestFindUsesIndex checks that FindReports walks only the keys of the
// index it picked: a person's few reports among many others, and a Limit
// that stops the walk early.
func TestFindUsesIndex(t *testing.T) {
	db := openTemp(t)
	const others = 2000
	// One transaction for the fixture: through CreateReport each insert
	// would wait for its own commit.
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		for i := range others + 10 {
			r := &bot.Report{Kind: "sales", Person: "rep", Region: "east", CreatedAt: fixedNow.Add(time.Duration(i) * time.Minute)}
			if i%(others/10) == 0 {
				r.Person, r.Region = "alice", "west"
			}
			if _, err := createReport(tx, r, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		f           bot.ReportFilter
		found, seen int
	}{
		{bot.ReportFilter{Person: "alice"}, 11, 11},
		{bot.ReportFilter{Regions: []string{"west"}}, 11, 11},
		{bot.ReportFilter{Limit: 5}, 5, 5},
		{bot.ReportFilter{Since: fixedNow.Add(time.Duration(others) * time.Minute)}, 10, 10},
		{bot.ReportFilter{Person: "alice", Kind: "sales", Limit: 3}, 3, 3},
	} {
		db.visited.Store(0)
		found, err := db.FindReports(t.Context(), c.f)
		if err != nil {
			t.Fatalf("FindReports(%+v): %v", c.f, err)
		}
		if len(found) != c.found || db.visited.Load() != int64(c.seen) {
			t.Errorf("FindReports(%+v): %d reports after visiting %d keys; want %d after %d", c.f, len(found), db.visited.Load(), c.found, c.seen)
		}
		for _, r := range found {
			if (c.f.Person != "" && r.Person != c.f.Person) || (c.f.Regions != nil && r.Region != c.f.Regions[0]) {
				t.Errorf("FindReports(%+v) returned %+v", c.f, r)
			}
		}
	}
}

func TestOnEnqueueCalledAfterCommit(t *testing.T) {
	db := New(filepath.Join(t.TempDir(), "n.db"))
	calls := 0
	db.OnEnqueue = func() { calls++ }
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	msg := func() []*bot.Message {
		return []*bot.Message{{To: bot.Destination{Platform: "chat-a", Channel: true, ID: "C1"}, Text: "x"}}
	}
	if err := db.EnqueueMessages(ctx, msg()); err != nil {
		t.Fatal(err)
	}
	r := &bot.Report{Kind: "sales", Person: "p", Region: "east", Platform: "chat-a", RequestID: "r1"}
	if err := db.CreateReport(ctx, r, func(*bot.Report) []*bot.Message { return msg() }); err != nil {
		t.Fatal(err)
	}
	again := &bot.Report{Kind: "sales", Person: "p", Region: "east", Platform: "chat-a", RequestID: "r1"}
	if err := db.CreateReport(ctx, again, func(*bot.Report) []*bot.Message { return msg() }); err != nil {
		t.Fatal(err)
	}
	if calls != 2 {
		t.Errorf("OnEnqueue called %d times, want 2 (a retried request enqueues nothing)", calls)
	}
}
