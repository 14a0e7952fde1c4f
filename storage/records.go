package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// Records (schema v11):
//
//	records       kind 0 id → JSON bot.Record
//	records_seq   kind → the last number given to an id of the kind (8 bytes)
var (
	bucketRecords   = []byte("records")
	bucketRecordSeq = []byte("records_seq")
)

var _ bot.RecordStore = (*DB)(nil)

func createBucketsV11(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketRecords, bucketRecordSeq} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// idPrefixes start the ids given to new records of each kind.
var idPrefixes = map[bot.RecordKind]string{bot.RecordOutlet: "O-", bot.RecordCustomer: "C-", bot.RecordProduct: "P-"}

// recordKey is where record id of kind is kept.
func recordKey(kind bot.RecordKind, id string) []byte {
	return append(attrPrefix(string(kind)), id...)
}

// Records implements bot.RecordStore.
func (db *DB) Records(ctx context.Context, kind bot.RecordKind) ([]*bot.Record, error) {
	var out []*bot.Record
	prefix := attrPrefix(string(kind))
	err := db.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketRecords).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			var r bot.Record
			if _, err := getJSON(tx.Bucket(bucketRecords), k, &r); err != nil {
				return err
			}
			out = append(out, &r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the %ss: %w", kind, err)
	}
	bot.SortRecords(out)
	return out, nil
}

// Record implements bot.RecordStore.
func (db *DB) Record(ctx context.Context, kind bot.RecordKind, id string) (*bot.Record, error) {
	var r bot.Record
	var found bool
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		found, err = getJSON(tx.Bucket(bucketRecords), recordKey(kind, id), &r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", kind, id, err)
	}
	if !found {
		return nil, bot.Errorf(bot.ENOTFOUND, "error.record.not_found", string(kind), id)
	}
	return &r, nil
}

// PutRecords implements bot.RecordStore. A record stamped with no time
// is stamped with now.
func (db *DB) PutRecords(ctx context.Context, recs []*bot.Record) error {
	for _, r := range recs {
		if idPrefixes[r.Kind] == "" {
			return fmt.Errorf("put record %q: unknown kind %q", r.ID, r.Kind)
		}
		if strings.ContainsRune(r.ID, 0) {
			return fmt.Errorf("put %s %q: a zero byte in the id", r.Kind, r.ID)
		}
	}
	now := db.now()
	err := db.update(ctx, func(tx *bolt.Tx) error {
		seq := &recordSeq{b: tx.Bucket(bucketRecordSeq)}
		for _, r := range recs {
			if err := putRecord(tx, seq, r, now); err != nil {
				return err
			}
		}
		return seq.save()
	})
	if err != nil {
		return fmt.Errorf("save records: %w", err)
	}
	return nil
}

// putRecord saves r, giving it an id first when it has none. The caller's
// record gets its id and time only once the transaction is under way; a
// failed transaction leaves ids on records that were not saved, which is
// harmless since the sequence was not saved either.
func putRecord(tx *bolt.Tx, seq *recordSeq, r *bot.Record, now time.Time) error {
	if r.ID == "" {
		id, err := seq.next(r.Kind)
		if err != nil {
			return err
		}
		r.ID = id
	} else if err := seq.see(r.Kind, r.ID); err != nil {
		return err
	}
	if r.UpdatedAt.IsZero() {
		r.UpdatedAt = now
	}
	return putJSON(tx.Bucket(bucketRecords), recordKey(r.Kind, r.ID), r)
}

// recordSeq is the per-kind sequence of new ids, read once and saved once
// per transaction. It only grows, so an id is never given twice, even
// after the record that had it was removed.
type recordSeq struct {
	b    *bolt.Bucket
	last map[bot.RecordKind]uint64
}

func (s *recordSeq) get(kind bot.RecordKind) uint64 {
	if s.last == nil {
		s.last = map[bot.RecordKind]uint64{}
	}
	n, ok := s.last[kind]
	if !ok {
		if v := s.b.Get([]byte(kind)); len(v) == 8 {
			n = btoi(v)
		}
		s.last[kind] = n
	}
	return n
}

// next returns the next free id of kind.
func (s *recordSeq) next(kind bot.RecordKind) (string, error) {
	records := s.b.Tx().Bucket(bucketRecords)
	for n := s.get(kind) + 1; ; n++ {
		id := fmt.Sprintf("%s%04d", idPrefixes[kind], n)
		if records.Get(recordKey(kind, id)) == nil {
			s.last[kind] = n
			return id, nil
		}
	}
}

// see moves the sequence past an id given from outside (an import) that
// has the form of the generated ones, so that no new record is later
// given it.
func (s *recordSeq) see(kind bot.RecordKind, id string) error {
	digits, ok := strings.CutPrefix(id, idPrefixes[kind])
	if !ok {
		return nil
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	if err != nil || n > 1e15 {
		return nil // not of the generated form
	}
	if n > s.get(kind) {
		s.last[kind] = n
	}
	return nil
}

func (s *recordSeq) save() error {
	for kind, n := range s.last {
		if err := s.b.Put([]byte(kind), itob(n)); err != nil {
			return errors.Join(fmt.Errorf("save the %s sequence", kind), err)
		}
	}
	return nil
}
