package storage

import (
	"bytes"
	"encoding/binary"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// Buckets of the replay guard (see bot.RequestKey):
//
//	requests          platform 0 request id → handling, then ts
//	requests_by_time  ts platform 0 request id → empty
var (
	bucketRequests       = []byte("requests")
	bucketRequestsByTime = []byte("requests_by_time")
)

// requestTTL is how long a request's mark is kept: far longer than a
// signed request stays fresh (five minutes), after which a replay is
// refused by its signature anyway.
const requestTTL = time.Hour

// pruneEvery is how often at most the marks older than requestTTL are
// dropped, inside a write that is being made anyway.
const pruneEvery = 10 * time.Minute

func createBucketsV6(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketRequests, bucketRequestsByTime} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

// guarded wraps a write transaction's fn with the replay guard of the
// request in ctx, if any: the request is marked as handled by this
// handling in the same transaction as its change, and a mark of another
// handling refuses the change with bot.ErrReplayed.
func (db *DB) guarded(key bot.RequestKey, fn func(*bolt.Tx) error) func(*bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		if err := db.markRequest(tx, key); err != nil {
			return err
		}
		return fn(tx)
	}
}

func (db *DB) markRequest(tx *bolt.Tx, key bot.RequestKey) error {
	marks, byTime := tx.Bucket(bucketRequests), tx.Bucket(bucketRequestsByTime)
	k := append(attrPrefix(string(key.Platform)), key.ID...)
	if v := marks.Get(k); len(v) > 8 {
		if string(v[:len(v)-8]) != key.Handling {
			return bot.ErrReplayed
		}
		return nil // an earlier write of this same handling
	}
	now := db.now()
	v := binary.BigEndian.AppendUint64([]byte(key.Handling), timeBits(now))
	if err := marks.Put(k, v); err != nil {
		return err
	}
	if err := byTime.Put(append(timeKey(now), k...), nil); err != nil {
		return err
	}
	return db.pruneRequests(tx, now)
}

// pruneRequests drops the marks older than requestTTL, at most every
// pruneEvery.
func (db *DB) pruneRequests(tx *bolt.Tx, now time.Time) error {
	if now.Sub(db.prunedRequests) < pruneEvery && !db.prunedRequests.IsZero() {
		return nil
	}
	db.prunedRequests = now
	marks, byTime := tx.Bucket(bucketRequests), tx.Bucket(bucketRequestsByTime)
	limit := timeKey(now.Add(-requestTTL))
	c := byTime.Cursor()
	var old [][]byte
	for k, _ := c.First(); k != nil && bytes.Compare(k[:8], limit) < 0; k, _ = c.Next() {
		old = append(old, bytes.Clone(k))
	}
	for _, k := range old {
		if err := byTime.Delete(k); err != nil {
			return err
		}
		if err := marks.Delete(k[8:]); err != nil {
			return err
		}
	}
	return nil
}
