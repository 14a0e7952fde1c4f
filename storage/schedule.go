package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// Buckets of schema version 2, for the scheduler:
//
//	schedules      id → JSON bot.Schedule
//	notifications  bot.Notification.Key() → "sent" or "missed"
//	people_seen    person id → when first seen in the org file (RFC 3339)
var (
	bucketSchedules     = []byte("schedules")
	bucketNotifications = []byte("notifications")
	bucketPeopleSeen    = []byte("people_seen")
)

func createBucketsV2(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketSchedules, bucketNotifications, bucketPeopleSeen} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// CreateSchedule stores s and sets its ID.
func (db *DB) CreateSchedule(ctx context.Context, s *bot.Schedule) error {
	err := db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSchedules)
		// In the transaction: two adds at once cannot both pass.
		err := b.ForEach(func(k, v []byte) error {
			var old bot.Schedule
			if err := json.Unmarshal(v, &old); err != nil {
				return fmt.Errorf("schedule %d: %w", btoi(k), err)
			}
			if old.Same(s) {
				return bot.Errorf(bot.ECONFLICT, "error.schedule.duplicate", bot.FormatID(old.ID))
			}
			return nil
		})
		if err != nil {
			return err
		}
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		s.ID = id
		return putJSON(b, itob(id), s)
	})
	if err != nil {
		return fmt.Errorf("create schedule: %w", err)
	}
	return nil
}

// RemoveSchedule deletes schedule id. What it sent stays recorded.
func (db *DB) RemoveSchedule(ctx context.Context, id uint64) error {
	return db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSchedules)
		if b.Get(itob(id)) == nil {
			return bot.Errorf(bot.ENOTFOUND, "error.schedule.not_found", bot.FormatID(id))
		}
		return b.Delete(itob(id))
	})
}

// Schedules returns every schedule, oldest first.
func (db *DB) Schedules(ctx context.Context) ([]*bot.Schedule, error) {
	var out []*bot.Schedule
	err := db.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSchedules).ForEach(func(_, v []byte) error {
			var s bot.Schedule
			if err := json.Unmarshal(v, &s); err != nil {
				return err
			}
			out = append(out, &s)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read schedules: %w", err)
	}
	return out, nil
}

// ReportTimes returns when each person filed reports of kind, not
// deleted, with CreatedAt in (after, through], oldest first. It walks the
// kind index over that range only, and reads of each report only who
// filed it, when, and whether it was deleted.
func (db *DB) ReportTimes(ctx context.Context, kind string, after, through time.Time) (map[string][]time.Time, error) {
	filed := map[string][]time.Time{}
	err := db.view(ctx, func(tx *bolt.Tx) error {
		reports := tx.Bucket(bucketReports)
		// The index ranges are [since, until): shift both ends by a
		// nanosecond to get (after, through].
		return scanTimeRange(tx.Bucket(bucketReportsByKind), attrPrefix(kind), after.Add(time.Nanosecond), through.Add(time.Nanosecond),
			func(id uint64) (bool, error) {
				data := reports.Get(itob(id))
				if data == nil {
					return false, fmt.Errorf("an index names report %d, which does not exist", id)
				}
				person, at, deleted, err := reportFiled(data)
				if err != nil {
					return false, fmt.Errorf("report %d: %w", id, err)
				}
				if !deleted {
					filed[person] = append(filed[person], at)
				}
				return true, nil
			})
	})
	if err != nil {
		return nil, fmt.Errorf("find report times: %w", err)
	}
	// The scan runs newest first.
	for _, times := range filed {
		slices.Reverse(times)
	}
	return filed, nil
}

// Notified returns which of keys are recorded as sent or missed.
func (db *DB) Notified(ctx context.Context, keys []string) (map[string]bool, error) {
	done := map[string]bool{}
	err := db.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketNotifications)
		for _, k := range keys {
			if b.Get([]byte(k)) != nil {
				done[k] = true
			}
		}
		return nil
	})
	return done, err
}

// PeopleSeen returns when each person was first seen.
func (db *DB) PeopleSeen(ctx context.Context) (map[string]time.Time, error) {
	seen := map[string]time.Time{}
	err := db.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPeopleSeen).ForEach(func(k, v []byte) error {
			t, err := time.Parse(time.RFC3339Nano, string(v))
			if err != nil {
				return fmt.Errorf("first seen of %s: %w", k, err)
			}
			seen[string(k)] = t
			return nil
		})
	})
	return seen, err
}

// SaveTick records a scheduler pass in one transaction: the notifications
// (and each of their items) and their outbox messages, the missed ones,
// the schedules' marks and the new people. If a notification to send, or
// an item of one, is already recorded (a pass that ran meanwhile got there
// first), nothing is saved and the pass fails: a message must never go
// out twice.
func (db *DB) SaveTick(ctx context.Context, t *bot.Tick) error {
	queued := 0
	err := db.update(ctx, func(tx *bolt.Tx) error {
		notes := tx.Bucket(bucketNotifications)
		for _, n := range t.Sent {
			for _, k := range append([]string{n.Key()}, n.ItemKeys()...) {
				if notes.Get([]byte(k)) != nil {
					return fmt.Errorf("notification %s recorded by another pass", k)
				}
				if err := recordNotification(tx, k, "sent", t.Now); err != nil {
					return err
				}
			}
		}
		for _, n := range t.Missed {
			if err := recordNotification(tx, n.Key(), "missed", t.Now); err != nil {
				return err
			}
		}
		if err := markSchedules(tx, t.Checked); err != nil {
			return err
		}
		seen := tx.Bucket(bucketPeopleSeen)
		for _, id := range t.NewPeople {
			if seen.Get([]byte(id)) == nil {
				if err := seen.Put([]byte(id), []byte(t.Now.UTC().Format(time.RFC3339Nano))); err != nil {
					return err
				}
			}
		}
		queued = len(t.Out)
		return enqueue(tx, t.Out, t.Now)
	})
	if err != nil {
		return err
	}
	db.enqueued(queued)
	return nil
}

// markSchedules sets each schedule's CheckedThrough.
func markSchedules(tx *bolt.Tx, checked map[uint64]time.Time) error {
	b := tx.Bucket(bucketSchedules)
	for id, at := range checked {
		var s bot.Schedule
		found, err := getJSON(b, itob(id), &s)
		if err != nil {
			return err
		}
		if !found {
			continue // removed meanwhile
		}
		s.CheckedThrough = at
		if err := putJSON(b, itob(id), &s); err != nil {
			return err
		}
	}
	return nil
}
