package storage

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// Join requests (schema v10):
//
//	join_requests         id → JSON bot.JoinRequest
//	join_requests_open    platform 0 user id → id of the account's pending request
var (
	bucketJoinRequests = []byte("join_requests")
	bucketJoinOpen     = []byte("join_requests_open")
)

func joinKey(p bot.Platform, user string) []byte { return append(attrPrefix(string(p)), user...) }

// RequestJoin implements bot.JoinStore.
func (db *DB) RequestJoin(ctx context.Context, r *bot.JoinRequest, msgs func(*bot.JoinRequest) []*bot.Message) (*bot.JoinRequest, bool, error) {
	var out *bot.JoinRequest
	var created bool
	var queued int
	now := db.now()
	err := db.update(ctx, func(tx *bolt.Tx) error {
		reqs, open := tx.Bucket(bucketJoinRequests), tx.Bucket(bucketJoinOpen)
		key := joinKey(r.Platform, r.UserID)
		if id := open.Get(key); id != nil {
			cur, err := loadJoin(tx, btoi(id))
			if err != nil {
				return err
			}
			if r.Region != "" {
				cur.Region = r.Region
			}
			if r.Note != "" {
				cur.Note = r.Note
			}
			cur.UpdatedAt = now
			out, created = cur, false
			return putJSON(reqs, itob(cur.ID), cur)
		}
		id, err := reqs.NextSequence()
		if err != nil {
			return err
		}
		n := *r
		n.ID, n.Status, n.CreatedAt, n.UpdatedAt = id, bot.JoinPending, now, now
		if err := putJSON(reqs, itob(id), &n); err != nil {
			return err
		}
		if err := open.Put(key, itob(id)); err != nil {
			return err
		}
		m := msgs(&n)
		queued = len(m)
		out, created = &n, true
		return enqueue(tx, m, now)
	})
	if err != nil {
		return nil, false, fmt.Errorf("request to join: %w", err)
	}
	db.enqueued(queued)
	return out, created, nil
}

func loadJoin(tx *bolt.Tx, id uint64) (*bot.JoinRequest, error) {
	var r bot.JoinRequest
	found, err := getJSON(tx.Bucket(bucketJoinRequests), itob(id), &r)
	if err != nil {
		return nil, fmt.Errorf("read join request %d: %w", id, err)
	}
	if !found {
		return nil, bot.Errorf(bot.ENOTFOUND, "error.join.not_found", bot.FormatID(id))
	}
	return &r, nil
}

// JoinRequest implements bot.JoinStore.
func (db *DB) JoinRequest(ctx context.Context, id uint64) (*bot.JoinRequest, error) {
	var r *bot.JoinRequest
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		r, err = loadJoin(tx, id)
		return err
	})
	return r, err
}

// DecideJoin implements bot.JoinStore.
func (db *DB) DecideJoin(ctx context.Context, id uint64, status bot.JoinStatus, by, person string, msgs []*bot.Message) (*bot.JoinRequest, error) {
	var r *bot.JoinRequest
	now := db.now()
	err := db.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if r, err = loadJoin(tx, id); err != nil {
			return err
		}
		if r.Status != bot.JoinPending {
			return bot.Errorf(bot.ECONFLICT, "error.join."+string(r.Status), bot.FormatID(id), r.DecidedBy)
		}
		r.Status, r.DecidedBy, r.DecidedAt, r.Person, r.UpdatedAt = status, by, now, person, now
		if err := putJSON(tx.Bucket(bucketJoinRequests), itob(id), r); err != nil {
			return err
		}
		if err := tx.Bucket(bucketJoinOpen).Delete(joinKey(r.Platform, r.UserID)); err != nil {
			return err
		}
		return enqueue(tx, msgs, now)
	})
	if err != nil {
		return nil, err
	}
	db.enqueued(len(msgs))
	return r, nil
}

// JoinRequests implements bot.JoinStore.
func (db *DB) JoinRequests(ctx context.Context) ([]*bot.JoinRequest, error) {
	var out []*bot.JoinRequest
	err := db.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketJoinOpen).ForEach(func(_, v []byte) error {
			r, err := loadJoin(tx, btoi(v))
			if err == nil {
				out = append(out, r)
			}
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read join requests: %w", err)
	}
	slices.SortFunc(out, func(a, b *bot.JoinRequest) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}
