package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// Buckets of schema version 4:
//
//	targets  region 0 period → JSON bot.Target
var bucketTargets = []byte("targets")

func createBucketsV4(tx *bolt.Tx) error {
	_, err := tx.CreateBucketIfNotExists(bucketTargets)
	return err
}

// SetTargets stores targets, replacing those for the same region and
// period, in one transaction.
func (db *DB) SetTargets(ctx context.Context, ts []*bot.Target) error {
	err := db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTargets)
		for _, t := range ts {
			if err := checkAttr("region", t.Region); err != nil {
				return err
			}
			if err := putJSON(b, append(attrPrefix(t.Region), t.Period...), t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set targets: %w", err)
	}
	return nil
}

// Targets returns the targets of region, or of every region for "", by
// region and period.
func (db *DB) Targets(ctx context.Context, region string) ([]*bot.Target, error) {
	var out []*bot.Target
	err := db.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketTargets).Cursor()
		prefix := []byte{}
		if region != "" {
			prefix = attrPrefix(region)
		}
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var t bot.Target
			if err := json.Unmarshal(v, &t); err != nil {
				return err
			}
			out = append(out, &t)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read targets: %w", err)
	}
	return out, nil
}
