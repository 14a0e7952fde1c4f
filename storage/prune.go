package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Pruned counts what Prune removed, or what it would remove.
type Pruned struct {
	Messages      int   // sent and failed outbox messages
	Notifications int   // the scheduler's records of what it sent
	Bytes         int64 // their keys and values
}

// pruneBatch bounds the records one transaction deletes, so that a
// prune holds the writer only for moments at a time and commands go on
// between its transactions.
const pruneBatch = 5_000

// Prune deletes what is older than before and will never be read again:
// outbox messages that were sent or failed (a pending one stays, however
// old) and the scheduler's records of notifications whose deadline came
// before it. It works in short transactions from the oldest record and
// stops at the first one that is young enough, so it reads what it
// deletes, not the whole store. With dryRun it only counts.
func (db *DB) Prune(ctx context.Context, before time.Time, dryRun bool) (Pruned, error) {
	var total Pruned
	for _, step := range []func(*bolt.Tx, time.Time, bool, *Pruned) (bool, error){pruneMessages, pruneNotifications} {
		for {
			if err := ctx.Err(); err != nil {
				return total, err
			}
			var more bool
			run := db.update
			if dryRun {
				run = db.view
			}
			var batch Pruned
			err := run(ctx, func(tx *bolt.Tx) error {
				batch = Pruned{}
				var err error
				more, err = step(tx, before, dryRun, &batch)
				return err
			})
			if err != nil {
				return total, fmt.Errorf("prune: %w", err)
			}
			total.Messages += batch.Messages
			total.Notifications += batch.Notifications
			total.Bytes += batch.Bytes
			if !more {
				break
			}
		}
	}
	return total, nil
}

// pruneMessages deletes up to pruneBatch of the oldest finished messages
// created before before (outbox ids grow with time), or all of them when
// counting. more says there may be more to delete.
func pruneMessages(tx *bolt.Tx, before time.Time, dryRun bool, p *Pruned) (more bool, err error) {
	c := tx.Bucket(bucketOutbox).Cursor()
	pending := tx.Bucket(bucketOutboxPending)
	var doomed [][]byte
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var m struct{ CreatedAt time.Time }
		if err := json.Unmarshal(v, &m); err != nil {
			return false, fmt.Errorf("message %x: %w", k, err)
		}
		if !m.CreatedAt.Before(before) {
			break
		}
		if pending.Get(k) != nil {
			continue
		}
		p.Messages++
		p.Bytes += int64(len(k) + len(v))
		if !dryRun {
			doomed = append(doomed, slices.Clone(k))
			if len(doomed) == pruneBatch {
				more = true
				break
			}
		}
	}
	for _, k := range doomed {
		if err := tx.Bucket(bucketOutbox).Delete(k); err != nil {
			return false, err
		}
	}
	return more, nil
}

// bucketNotificationsByTime indexes the scheduler's records by when they
// were made: ts key → empty, where key is the record's key in
// notifications. Pruning walks it from the oldest.
var bucketNotificationsByTime = []byte("notifications_by_time")

// createBucketsV8 indexes the notifications already recorded as made at
// the migration: their time was not kept, so they are pruned a retention
// period after it.
func createBucketsV8(tx *bolt.Tx) error {
	byTime, err := tx.CreateBucketIfNotExists(bucketNotificationsByTime)
	if err != nil {
		return err
	}
	ts := timeKey(time.Now())
	return tx.Bucket(bucketNotifications).ForEach(func(k, _ []byte) error {
		return byTime.Put(append(slices.Clone(ts), k...), nil)
	})
}

// recordNotification records key as done (value "sent" or "missed") at
// at, indexed by that time.
func recordNotification(tx *bolt.Tx, key, value string, at time.Time) error {
	if err := tx.Bucket(bucketNotifications).Put([]byte(key), []byte(value)); err != nil {
		return err
	}
	return tx.Bucket(bucketNotificationsByTime).Put(append(timeKey(at), key...), nil)
}

// pruneNotifications deletes up to pruneBatch of the records made before
// before, with their index entries, or counts all of them.
func pruneNotifications(tx *bolt.Tx, before time.Time, dryRun bool, p *Pruned) (more bool, err error) {
	notes, byTime := tx.Bucket(bucketNotifications), tx.Bucket(bucketNotificationsByTime)
	limit := timeKey(before)
	c := byTime.Cursor()
	var doomed [][]byte
	for k, _ := c.First(); k != nil && bytes.Compare(k[:8], limit) < 0; k, _ = c.Next() {
		p.Notifications++
		v := notes.Get(k[8:])
		p.Bytes += int64(len(k) + len(k[8:]) + len(v)) // the index entry, the key, the value
		if !dryRun {
			doomed = append(doomed, slices.Clone(k))
			if len(doomed) == pruneBatch {
				more = true
				break
			}
		}
	}
	for _, k := range doomed {
		if err := notes.Delete(k[8:]); err != nil {
			return false, err
		}
		if err := byTime.Delete(k); err != nil {
			return false, err
		}
	}
	return more, nil
}
