package storage

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// The live organisation (schema v10):
//
//	org          "settings" → JSON bot.OrgSettings; "declared" → the digest
//	             of the org file last applied (see OrgState.Declared)
//	org_people   person id → JSON orgRecord of a bot.Person
//	org_regions  region id → JSON orgRecord of a bot.Region
//	org_history  seq → JSON bot.OrgChange
var (
	bucketOrg        = []byte("org")
	bucketOrgPeople  = []byte("org_people")
	bucketOrgRegions = []byte("org_regions")
	bucketOrgHistory = []byte("org_history")

	keyOrgSettings = []byte("settings")
	keyOrgDeclared = []byte("declared")
)

func createBucketsV10(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketOrg, bucketOrgPeople, bucketOrgRegions, bucketOrgHistory, bucketJoinRequests, bucketJoinOpen} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// orgRecord is a person or region with its place in the order.
type orgRecord[T any] struct {
	Pos    int `json:"pos"`
	Record T   `json:"record"`
}

// LoadOrg returns the stored organisation, or nil when none is stored yet.
func (db *DB) LoadOrg(ctx context.Context) (*bot.OrgState, error) {
	var st *bot.OrgState
	err := db.view(ctx, func(tx *bolt.Tx) error {
		org := tx.Bucket(bucketOrg)
		s := &bot.OrgState{Declared: string(org.Get(keyOrgDeclared))}
		found, err := getJSON(org, keyOrgSettings, &s.Settings)
		if err != nil || !found {
			return err
		}
		if s.Regions, err = loadOrgRecords[bot.Region](tx.Bucket(bucketOrgRegions)); err != nil {
			return err
		}
		if s.People, err = loadOrgRecords[bot.Person](tx.Bucket(bucketOrgPeople)); err != nil {
			return err
		}
		st = s
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the organisation: %w", err)
	}
	return st, nil
}

func loadOrgRecords[T any](b *bolt.Bucket) ([]T, error) {
	var recs []orgRecord[T]
	err := b.ForEach(func(k, v []byte) error {
		var r orgRecord[T]
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("record %s: %w", k, err)
		}
		recs = append(recs, r)
		return nil
	})
	slices.SortStableFunc(recs, func(a, b orgRecord[T]) int { return cmp.Compare(a.Pos, b.Pos) })
	out := make([]T, len(recs))
	for i, r := range recs {
		out[i] = r.Record
	}
	return out, err
}

// WriteOrg applies w in one transaction, and numbers w's changes.
func (db *DB) WriteOrg(ctx context.Context, w bot.OrgWrite) error {
	now := db.now()
	err := db.update(ctx, func(tx *bolt.Tx) error {
		org := tx.Bucket(bucketOrg)
		if w.Settings != nil {
			if err := putJSON(org, keyOrgSettings, w.Settings); err != nil {
				return err
			}
		}
		if w.Declared != nil {
			if err := org.Put(keyOrgDeclared, []byte(*w.Declared)); err != nil {
				return err
			}
		}
		for pos, p := range w.People {
			if err := putJSON(tx.Bucket(bucketOrgPeople), []byte(p.ID), orgRecord[bot.Person]{pos, p}); err != nil {
				return err
			}
		}
		for pos, r := range w.Regions {
			if err := putJSON(tx.Bucket(bucketOrgRegions), []byte(r.ID), orgRecord[bot.Region]{pos, r}); err != nil {
				return err
			}
		}
		history := tx.Bucket(bucketOrgHistory)
		for _, c := range w.Changes {
			seq, err := history.NextSequence()
			if err != nil {
				return err
			}
			c.Seq = seq
			if err := putJSON(history, itob(seq), c); err != nil {
				return err
			}
		}
		return enqueue(tx, w.Messages, now)
	})
	if err != nil {
		return fmt.Errorf("save the organisation: %w", err)
	}
	db.enqueued(len(w.Messages))
	return nil
}

// OrgHistory returns the changes to the organisation, newest first, of
// the person or region id ("" for all), at most limit of them.
func (db *DB) OrgHistory(ctx context.Context, id string, limit int) ([]*bot.OrgChange, error) {
	var out []*bot.OrgChange
	err := db.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketOrgHistory).Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			var ch bot.OrgChange
			if err := json.Unmarshal(v, &ch); err != nil {
				return fmt.Errorf("org change %d: %w", btoi(k), err)
			}
			if id == "" || ch.ID == id {
				out = append(out, &ch)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the organisation's history: %w", err)
	}
	return out, nil
}

// ChatChanges returns the changes made in chat since the last change from
// anywhere else (an org file), newest first: what applying a file would
// overwrite. It reads no further back than that.
func (db *DB) ChatChanges(ctx context.Context) ([]*bot.OrgChange, error) {
	var out []*bot.OrgChange
	err := db.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketOrgHistory).Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			var ch bot.OrgChange
			if err := json.Unmarshal(v, &ch); err != nil {
				return fmt.Errorf("org change %d: %w", btoi(k), err)
			}
			if ch.Source != "chat" {
				return nil
			}
			out = append(out, &ch)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the organisation's history: %w", err)
	}
	return out, nil
}
