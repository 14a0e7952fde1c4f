package storage

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// EachReport calls fn with each report f selects, oldest first, decoding
// one at a time in one read transaction, so that memory does not grow
// with the number of reports (an export of millions). It ignores f.Limit.
// fn's error stops the scan and is returned.
func (db *DB) EachReport(ctx context.Context, f bot.ReportFilter, fn func(*bot.Report) error) error {
	err := db.view(ctx, func(tx *bolt.Tx) error {
		reports := tx.Bucket(bucketReports)
		s := forwardScan(f)
		return scanForward(tx.Bucket(s.bucket), s.prefix, f.Since, f.Until, func(id uint64) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			data := reports.Get(itob(id))
			if skip(data, f) {
				return nil
			}
			r, err := indexedReport(reports, id)
			if err != nil {
				return err
			}
			if !matches(r, f) {
				return nil
			}
			return fn(r)
		})
	})
	if err != nil {
		return fmt.Errorf("read reports: %w", err)
	}
	return nil
}

// ReportKinds returns the kinds of the reports f selects, reading only
// the records' headers: what the columns of an export need.
func (db *DB) ReportKinds(ctx context.Context, f bot.ReportFilter) (map[string]bool, error) {
	kinds := map[string]bool{}
	err := db.view(ctx, func(tx *bolt.Tx) error {
		reports := tx.Bucket(bucketReports)
		s := forwardScan(f)
		return scanForward(tx.Bucket(s.bucket), s.prefix, f.Since, f.Until, func(id uint64) error {
			data := reports.Get(itob(id))
			if skip(data, f) {
				return nil
			}
			if kind, _, _, ok := reportHeader(data); ok && f.IncludeDeleted {
				kinds[string(kind)] = true
				return nil
			}
			r, err := indexedReport(reports, id) // a legacy or deleted-filtered record
			if err == nil && matches(r, f) {
				kinds[r.Kind] = true
			}
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read report kinds: %w", err)
	}
	return kinds, nil
}

// forwardScan picks the one index an oldest-first scan of f walks: a
// person's, a kind's, one region's, or the time index (filtering the rest
// as it goes).
func forwardScan(f bot.ReportFilter) indexScan {
	if len(f.Regions) > 1 {
		return indexScan{bucketReportsByTime, nil}
	}
	return indexScans(f)[0]
}

// scanForward calls fn with the id of each entry of b under prefix whose
// time is in [since, until), oldest first.
func scanForward(b *bolt.Bucket, prefix []byte, since, until time.Time, fn func(id uint64) error) error {
	c := b.Cursor()
	start := prefix
	if !since.IsZero() {
		start = append(bytes.Clone(prefix), timeKey(since)...)
	}
	var upper []byte
	if !until.IsZero() {
		upper = append(bytes.Clone(prefix), timeKey(until)...)
	}
	var k []byte
	if len(start) == 0 {
		k, _ = c.First()
	} else {
		k, _ = c.Seek(start)
	}
	for ; k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if upper != nil && bytes.Compare(k, upper) >= 0 {
			return nil
		}
		if err := fn(indexID(k)); err != nil {
			return err
		}
	}
	return nil
}
