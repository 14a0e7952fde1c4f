package storage

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// CreateReport stores r and the messages out returns for it in one
// transaction. A zero r.CreatedAt becomes now, a zero r.Version 1, and a
// message's zero CreatedAt r.CreatedAt. Concurrent calls share commits
// (see groupCommit), which is what makes many writers fast: each commit
// costs two fsyncs, however much it holds.
func (db *DB) CreateReport(ctx context.Context, r *bot.Report, out func(*bot.Report) []*bot.Message) error {
	draft := *r
	if draft.CreatedAt.IsZero() {
		draft.CreatedAt = db.now()
	}
	if draft.Version == 0 {
		draft.Version = 1
	}
	if err := checkReportAttrs(&draft); err != nil {
		return fmt.Errorf("create report: %w", err)
	}
	var created bot.Report
	var retried *bot.Report
	// A report recognises a repeat of its request itself (report_requests)
	// and answers it with the report filed, not with bot.ErrReplayed.
	err := db.groupCommit(bot.WithoutRequestKey(ctx), func(tx *bolt.Tx) error {
		// Batch runs this again when another call in the same commit
		// fails, so each run starts from the draft, not from what the
		// rolled-back run assigned.
		created = draft
		var err error
		retried, err = createReport(tx, &created, out)
		return err
	})
	if err != nil {
		return fmt.Errorf("create report: %w", err)
	}
	if retried != nil {
		*r = *retried
		return nil
	}
	*r = created
	db.enqueued(1) // cheap when nothing was: the sender finds no new message
	return nil
}

// createReport writes r, assigning its ID, with its index entries, its
// request key and its messages. If the request was already stored, it
// writes nothing and returns the stored report instead.
func createReport(tx *bolt.Tx, r *bot.Report, out func(*bot.Report) []*bot.Message) (retried *bot.Report, err error) {
	fillAppended(tx, bucketReports, bucketReportsByTime)
	requests := tx.Bucket(bucketReportRequests)
	var requestKey []byte
	if r.RequestID != "" {
		requestKey = append(attrPrefix(string(r.Platform)), r.RequestID...)
		if id := requests.Get(requestKey); id != nil {
			return loadReport(tx, btoi(id))
		}
	}
	if r.ID, err = tx.Bucket(bucketReports).NextSequence(); err != nil {
		return nil, err
	}
	if err := putReport(tx, r); err != nil {
		return nil, err
	}
	for _, e := range reportIndexes(r) {
		if err := tx.Bucket(e.bucket).Put(e.key, nil); err != nil {
			return nil, err
		}
	}
	if err := moveReceivable(tx, nil, r); err != nil {
		return nil, err
	}
	if requestKey != nil {
		if err := requests.Put(requestKey, itob(r.ID)); err != nil {
			return nil, err
		}
	}
	if out == nil {
		return nil, nil
	}
	return nil, enqueue(tx, out(r), r.CreatedAt)
}

// Report returns the report with id id, deleted or not.
func (db *DB) Report(ctx context.Context, id uint64) (*bot.Report, error) {
	var r *bot.Report
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		r, err = loadReport(tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read report %d: %w", id, err)
	}
	return r, nil
}

// UpdateReport stores r as the next version of its report and keeps the
// current one in the history.
func (db *DB) UpdateReport(ctx context.Context, r *bot.Report, out []*bot.Message) error {
	if err := checkReportAttrs(r); err != nil {
		return fmt.Errorf("update report %d: %w", r.ID, err)
	}
	now := db.now()
	err := db.update(ctx, func(tx *bolt.Tx) error {
		if err := updateReport(tx, r); err != nil {
			return err
		}
		return enqueue(tx, out, now)
	})
	if err != nil {
		return fmt.Errorf("update report %d: %w", r.ID, err)
	}
	db.enqueued(len(out))
	return nil
}

func updateReport(tx *bolt.Tx, r *bot.Report) error {
	reports := tx.Bucket(bucketReports)
	data := reports.Get(itob(r.ID))
	if data == nil {
		return reportNotFound(r.ID)
	}
	old, err := decodeReport(data)
	if err != nil {
		return fmt.Errorf("report %d: %w", r.ID, err)
	}
	if r.Version != old.Version+1 {
		return bot.Errorf(bot.ECONFLICT, "error.report.conflict")
	}
	// Cloned: data is bbolt's memory, valid only until this transaction
	// changes the page it lives on.
	if err := tx.Bucket(bucketReportHistory).Put(historyKey(r.ID, old.Version), bytes.Clone(data)); err != nil {
		return err
	}
	if err := moveIndexes(tx, old, r); err != nil {
		return err
	}
	if err := moveReceivable(tx, old, r); err != nil {
		return err
	}
	return putReport(tx, r)
}

// moveIndexes replaces old's index entries with r's where they differ.
// The indexed attributes are not meant to change, but an index that
// disagrees with its report would silently hide it from searches.
func moveIndexes(tx *bolt.Tx, old, r *bot.Report) error {
	next := reportIndexes(r)
	for i, e := range reportIndexes(old) {
		if bytes.Equal(e.key, next[i].key) {
			continue
		}
		b := tx.Bucket(e.bucket)
		if err := b.Delete(e.key); err != nil {
			return err
		}
		if err := b.Put(next[i].key, nil); err != nil {
			return err
		}
	}
	return nil
}

// ReportHistory returns the earlier versions of report id, oldest first.
func (db *DB) ReportHistory(ctx context.Context, id uint64) ([]*bot.Report, error) {
	var versions []*bot.Report
	err := db.view(ctx, func(tx *bolt.Tx) error {
		if tx.Bucket(bucketReports).Get(itob(id)) == nil {
			return reportNotFound(id)
		}
		prefix := itob(id)
		c := tx.Bucket(bucketReportHistory).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			r, err := decodeReport(v)
			if err != nil {
				return fmt.Errorf("version %d: %w", binary.BigEndian.Uint32(k[8:]), err)
			}
			versions = append(versions, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read history of report %d: %w", id, err)
	}
	return versions, nil
}

// historyKey orders a report's versions oldest first.
func historyKey(id uint64, version int) []byte {
	return binary.BigEndian.AppendUint32(itob(id), uint32(version))
}

// indexEntry is one key of one index bucket.
type indexEntry struct{ bucket, key []byte }

// reportIndexes returns the index keys of r.
func reportIndexes(r *bot.Report) [4]indexEntry {
	return [4]indexEntry{
		{bucketReportsByTime, indexKey(nil, r.CreatedAt, r.ID)},
		{bucketReportsByKind, indexKey(attrPrefix(r.Kind), r.CreatedAt, r.ID)},
		{bucketReportsByRegion, indexKey(attrPrefix(r.Region), r.CreatedAt, r.ID)},
		{bucketReportsByPerson, indexKey(attrPrefix(r.Person), r.CreatedAt, r.ID)},
	}
}

// checkReportAttrs refuses the values that would corrupt the index and
// request keys.
func checkReportAttrs(r *bot.Report) error {
	for _, a := range [][2]string{{"kind", r.Kind}, {"region", r.Region}, {"person", r.Person}, {"platform", string(r.Platform)}} {
		if err := checkAttr(a[0], a[1]); err != nil {
			return err
		}
	}
	return nil
}

func putReport(tx *bolt.Tx, r *bot.Report) error {
	return tx.Bucket(bucketReports).Put(itob(r.ID), encodeReport(r))
}

// loadReport reads report id, or returns an ENOTFOUND error.
func loadReport(tx *bolt.Tx, id uint64) (*bot.Report, error) {
	data := tx.Bucket(bucketReports).Get(itob(id))
	if data == nil {
		return nil, reportNotFound(id)
	}
	r, err := decodeReport(data)
	if err != nil {
		return nil, fmt.Errorf("report %d: %w", id, err)
	}
	return r, nil
}

// indexedReport reads the report an index names; its absence is a broken
// index, an internal error.
func indexedReport(reports *bolt.Bucket, id uint64) (*bot.Report, error) {
	data := reports.Get(itob(id))
	if data == nil {
		return nil, fmt.Errorf("an index names report %d, which does not exist", id)
	}
	return decodeReport(data)
}

func reportNotFound(id uint64) error {
	return bot.Errorf(bot.ENOTFOUND, "error.report.not_found", bot.FormatID(id))
}
