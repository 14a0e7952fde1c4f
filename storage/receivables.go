package storage

import (
	"bytes"
	"context"
	"fmt"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// bucketOpenReceivables indexes the open receivables (bot.Report.OpenDue)
// by due date: date(YYYY-MM-DD) id → empty. A report enters it when saved
// open and leaves it when an edit collects it, changes its date or
// deletes it.
var bucketOpenReceivables = []byte("open_receivables")

// createBucketsV9 indexes the payment reports already stored.
func createBucketsV9(tx *bolt.Tx) error {
	open, err := tx.CreateBucketIfNotExists(bucketOpenReceivables)
	if err != nil {
		return err
	}
	reports := tx.Bucket(bucketReports)
	prefix := attrPrefix("payment")
	c := tx.Bucket(bucketReportsByKind).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		r, err := indexedReport(reports, btoi(k[len(k)-8:]))
		if err != nil {
			return err
		}
		if key, ok := receivableKey(r); ok {
			if err := open.Put(key, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// receivableKey is r's key in the index, if r is an open receivable.
func receivableKey(r *bot.Report) ([]byte, bool) {
	date, open := r.OpenDue()
	if !open {
		return nil, false
	}
	return append([]byte(date), itob(r.ID)...), true
}

// moveReceivable keeps the index in step when old becomes r (old is nil
// for a new report).
func moveReceivable(tx *bolt.Tx, old, r *bot.Report) error {
	b := tx.Bucket(bucketOpenReceivables)
	var was []byte
	if old != nil {
		was, _ = receivableKey(old)
	}
	now, _ := receivableKey(r)
	if bytes.Equal(was, now) {
		return nil
	}
	if was != nil {
		if err := b.Delete(was); err != nil {
			return err
		}
	}
	if now != nil {
		return b.Put(now, nil)
	}
	return nil
}

// OpenReceivables returns the open receivables due on a day in [from,
// before), earliest due first, reading the index over that range only.
func (db *DB) OpenReceivables(ctx context.Context, from, before string) ([]*bot.Report, error) {
	var out []*bot.Report
	err := db.view(ctx, func(tx *bolt.Tx) error {
		reports := tx.Bucket(bucketReports)
		c := tx.Bucket(bucketOpenReceivables).Cursor()
		for k, _ := c.Seek([]byte(from)); k != nil && string(k[:len(k)-8]) < before; k, _ = c.Next() {
			r, err := indexedReport(reports, btoi(k[len(k)-8:]))
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read open receivables: %w", err)
	}
	return out, nil
}
