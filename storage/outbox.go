package storage

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// EnqueueMessages stores msgs as pending, in one transaction, and sets
// their IDs; a zero CreatedAt becomes now.
func (db *DB) EnqueueMessages(ctx context.Context, msgs []*bot.Message) error {
	now := db.now()
	err := db.update(ctx, func(tx *bolt.Tx) error { return enqueue(tx, msgs, now) })
	if err != nil {
		return fmt.Errorf("enqueue messages: %w", err)
	}
	db.enqueued(len(msgs))
	return nil
}

// enqueue writes msgs to the outbox as pending, assigning their IDs, and
// stamps those without a CreatedAt with at. It sets every field it touches
// on each run, so it is safe inside a Batch function that runs again.
func enqueue(tx *bolt.Tx, msgs []*bot.Message, at time.Time) error {
	outbox := tx.Bucket(bucketOutbox)
	fillAppended(tx, bucketOutbox, bucketOutboxPending)
	for _, m := range msgs {
		id, err := outbox.NextSequence()
		if err != nil {
			return err
		}
		m.ID, m.Status = id, bot.StatusPending
		if m.CreatedAt.IsZero() {
			m.CreatedAt = at
		}
		if err := putMessage(tx, m); err != nil {
			return err
		}
	}
	return nil
}

// PendingMessages returns every pending message, oldest first. It reads
// the pending index only, never the messages already sent.
func (db *DB) PendingMessages(ctx context.Context) ([]*bot.Message, error) {
	return db.FindMessages(ctx, bot.MessageFilter{Status: bot.StatusPending})
}

// UpdateMessages stores the delivery state of msgs, in one transaction.
func (db *DB) UpdateMessages(ctx context.Context, msgs []*bot.Message) error {
	// Shared commits: the sender records many destinations' posts at once.
	err := db.groupCommit(ctx, func(tx *bolt.Tx) error {
		for _, m := range msgs {
			if err := updateMessage(tx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("update messages: %w", err)
	}
	return nil
}

func updateMessage(tx *bolt.Tx, m *bot.Message) error {
	if tx.Bucket(bucketOutbox).Get(itob(m.ID)) == nil {
		return fmt.Errorf("message %d is not in the outbox", m.ID)
	}
	return putMessage(tx, m)
}

// putMessage writes m and keeps the pending index in step with its status.
func putMessage(tx *bolt.Tx, m *bot.Message) error {
	key := itob(m.ID)
	if err := putJSON(tx.Bucket(bucketOutbox), key, m); err != nil {
		return err
	}
	pending := tx.Bucket(bucketOutboxPending)
	if m.Status == bot.StatusPending {
		return pending.Put(key, nil)
	}
	return pending.Delete(key)
}

// FindMessages returns the messages f selects, oldest first. Pending ones
// come from the pending index. The others need a walk of the whole outbox:
// only exports ask for them, and a time index would cost every report
// another write.
func (db *DB) FindMessages(ctx context.Context, f bot.MessageFilter) ([]*bot.Message, error) {
	var found []*bot.Message
	keep := func(m *bot.Message) {
		if messageMatches(m, f) {
			found = append(found, m)
		}
	}
	err := db.view(ctx, func(tx *bolt.Tx) error {
		outbox := tx.Bucket(bucketOutbox)
		if f.Status == bot.StatusPending {
			return db.pending.read(tx, keep)
		}
		return outbox.ForEach(func(k, v []byte) error {
			var m bot.Message
			if err := json.Unmarshal(v, &m); err != nil {
				return fmt.Errorf("decode message %d: %w", btoi(k), err)
			}
			keep(&m)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("find messages: %w", err)
	}
	slices.SortFunc(found, func(a, b *bot.Message) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	return found, nil
}

func messageMatches(m *bot.Message, f bot.MessageFilter) bool {
	return (f.Status == "" || m.Status == f.Status) &&
		(f.Since.IsZero() || !m.CreatedAt.Before(f.Since)) &&
		(f.Until.IsZero() || m.CreatedAt.Before(f.Until))
}

// pendingCache keeps each pending message decoded, with the stored bytes
// it was decoded from. The Sender reads every pending message at each
// pass, and during a burst of reports thousands of feed messages wait for
// the next merged post unchanged: decoding them all again took 85 ms a
// pass at 10,000 (BenchmarkPendingMessages10k). A message is decoded again
// only when its bytes changed, so the cache can never be stale.
type pendingCache struct {
	mu   sync.Mutex
	byID map[uint64]*cachedMessage
	gen  uint64 // counts reads; an entry not seen by the last one is dropped
}

type cachedMessage struct {
	raw []byte
	msg bot.Message
	gen uint64
}

// read calls keep with a copy of each pending message in tx, and forgets
// those no longer pending.
func (c *pendingCache) read(tx *bolt.Tx, keep func(*bot.Message)) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byID == nil {
		c.byID = map[uint64]*cachedMessage{}
	}
	c.gen++
	outbox := tx.Bucket(bucketOutbox)
	err := tx.Bucket(bucketOutboxPending).ForEach(func(k, _ []byte) error {
		id := btoi(k)
		v := outbox.Get(k)
		if v == nil {
			return fmt.Errorf("an index names message %d, which does not exist", id)
		}
		cached := c.byID[id]
		if cached == nil || !bytes.Equal(cached.raw, v) {
			cached = &cachedMessage{raw: bytes.Clone(v)} // v lives only as long as tx
			if err := json.Unmarshal(v, &cached.msg); err != nil {
				return fmt.Errorf("decode message %d: %w", id, err)
			}
			c.byID[id] = cached
		}
		cached.gen = c.gen
		m := cached.msg
		m.Buttons = slices.Clone(m.Buttons)
		keep(&m)
		return nil
	})
	maps.DeleteFunc(c.byID, func(_ uint64, m *cachedMessage) bool { return m.gen != c.gen })
	return err
}

// PendingStats says how many messages are pending and when the oldest
// was made, from the pending index alone: metrics read it at every scrape,
// and a backlog of thousands must not be decoded for it.
func (db *DB) PendingStats(ctx context.Context) (pending int, oldest time.Time, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		index := tx.Bucket(bucketOutboxPending)
		pending = index.Stats().KeyN
		// Ids grow with time: the first pending is the oldest.
		k, _ := index.Cursor().First()
		if k == nil {
			return nil
		}
		var m bot.Message
		if err := json.Unmarshal(tx.Bucket(bucketOutbox).Get(k), &m); err != nil {
			return fmt.Errorf("decode message %d: %w", btoi(k), err)
		}
		oldest = m.CreatedAt
		return nil
	})
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("pending stats: %w", err)
	}
	return pending, oldest, nil
}

// PendingSince returns the pending messages with ids above after, oldest
// first: the Sender reads a backlog once, then only what is new.
func (db *DB) PendingSince(ctx context.Context, after uint64) ([]*bot.Message, error) {
	var found []*bot.Message
	err := db.view(ctx, func(tx *bolt.Tx) error {
		outbox := tx.Bucket(bucketOutbox)
		c := tx.Bucket(bucketOutboxPending).Cursor()
		for k, _ := c.Seek(itob(after + 1)); k != nil; k, _ = c.Next() {
			var m bot.Message
			if err := json.Unmarshal(outbox.Get(k), &m); err != nil {
				return fmt.Errorf("decode message %d: %w", btoi(k), err)
			}
			found = append(found, &m)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pending messages: %w", err)
	}
	return found, nil
}
