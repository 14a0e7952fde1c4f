package storage

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// The benchmarks compare the report path with the least a bbolt write can
// cost on the same disk, with the same options: one 200-byte value per
// commit (PutMinimal), and the same through Batch at 32 writers
// (PutMinimalParallel32) and through our own group commit
// (PutMinimalGroupCommit32), the baselines for CreateReportParallel32.

// writers is the concurrency of the parallel benchmarks: a busy morning,
// with many reps filing at once.
const writers = 32

var benchStart = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// benchReport is a typical sales report: four fields, filed from Slack
// with a request id.
func benchReport(i int) *bot.Report {
	return &bot.Report{
		Kind:   "sales",
		Person: fmt.Sprintf("rep%02d", i%40),
		Region: []string{"east", "west", "north", "south"}[i%4],
		Fields: map[string]bot.Value{
			"outlet": {Text: "Hualian Supermarket, Nanjing Rd"},
			"sku":    {Text: "GT-500ML"},
			"units":  {Num: 48},
			"amount": {Num: 420050},
		},
		CreatedAt: benchStart.Add(time.Duration(i) * time.Second),
		Platform:  "chat-a",
		RequestID: fmt.Sprintf("1712345678.%06d", i),
	}
}

// benchFeed is the one outbox message a report causes: its post to the
// marketing feed.
func benchFeed(r *bot.Report) []*bot.Message {
	return []*bot.Message{{
		To:       bot.Destination{Platform: "chat-a", Channel: true, ID: "C0MARKETING", Name: "marketing"},
		Text:     fmt.Sprintf("#%d sales · %s · Hualian Supermarket, Nanjing Rd · GT-500ML · 48 units · ¥4,200.50", r.ID, r.Person),
		Coalesce: "feed",
	}}
}

func BenchmarkCreateReportSerial(b *testing.B) {
	db := openTemp(b)
	b.ResetTimer()
	for i := range b.N {
		if err := db.CreateReport(b.Context(), benchReport(i), benchFeed); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b)
}

func BenchmarkCreateReportParallel32(b *testing.B) {
	db := openTemp(b)
	runWriters(b, func(i int) error {
		return db.CreateReport(b.Context(), benchReport(i), benchFeed)
	})
	reportRate(b)
}

func BenchmarkPutMinimal(b *testing.B) {
	db := openMinimal(b)
	b.ResetTimer()
	for range b.N {
		if err := db.Update(putMinimal); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b)
}

func BenchmarkPutMinimalParallel32(b *testing.B) {
	db := openMinimal(b)
	runWriters(b, func(int) error { return db.Batch(putMinimal) })
	reportRate(b)
}

// BenchmarkPutMinimalGroupCommit32 is the minimal put through the same
// group commit as the report path: the like-for-like baseline.
func BenchmarkPutMinimalGroupCommit32(b *testing.B) {
	db := openMinimal(b)
	var c committer
	runWriters(b, func(int) error { return c.do(db, putMinimal) })
	reportRate(b)
}

var (
	minimalBucket = []byte("records")
	minimalValue  = bytes.Repeat([]byte("x"), 200)
)

// openMinimal opens a bare bbolt file with the options DB uses.
func openMinimal(b *testing.B) *bolt.DB {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "minimal.db"), 0o600, boltOptions(0, false))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = db.Close() })
	err = db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucket(minimalBucket)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return db
}

// putMinimal stores one 200-byte record under the next id.
func putMinimal(tx *bolt.Tx) error {
	bucket := tx.Bucket(minimalBucket)
	id, err := bucket.NextSequence()
	if err != nil {
		return err
	}
	return bucket.Put(itob(id), minimalValue)
}

// runWriters makes b.N calls of op, spread over the writers goroutines,
// each call with its own number.
func runWriters(b *testing.B, op func(i int) error) {
	var next atomic.Int64
	var failed atomic.Pointer[error]
	var wg sync.WaitGroup
	b.ResetTimer()
	for range writers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < b.N; i = int(next.Add(1) - 1) {
				if err := op(i); err != nil {
					failed.CompareAndSwap(nil, &err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := failed.Load(); err != nil {
		b.Fatal(*err)
	}
}

// reportRate adds the throughput, the number BENCHMARKS.md compares.
func reportRate(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}

// BenchmarkPendingMessages10k reads an outbox holding 10,000 pending feed
// messages, what the Sender reads at each pass during a burst of reports.
func BenchmarkPendingMessages10k(b *testing.B) {
	db := New(filepath.Join(b.TempDir(), "bench.db"))
	if err := db.Open(); err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	to := bot.Destination{Platform: "chat-a", Channel: true, ID: "C0MKT", Name: "marketing"}
	for range 10 {
		msgs := make([]*bot.Message, 1000)
		for i := range msgs {
			msgs[i] = &bot.Message{To: to, Coalesce: "feed", Text: "📊 Sales · Alice (east) · Carrefour Pudong · 12 units · ¥3,200.50 · #123456"}
		}
		if err := db.EnqueueMessages(ctx, msgs); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if m, err := db.PendingMessages(ctx); err != nil || len(m) != 10000 {
			b.Fatal(len(m), err)
		}
	}
}
