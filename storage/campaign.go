package storage

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// Buckets of schema version 3:
//
//	campaigns  id → JSON bot.Campaign (campaigns and trainings share ids)
var bucketCampaigns = []byte("campaigns")

func createBucketsV3(tx *bolt.Tx) error {
	_, err := tx.CreateBucketIfNotExists(bucketCampaigns)
	return err
}

// CreateCampaign stores c and sets its ID.
func (db *DB) CreateCampaign(ctx context.Context, c *bot.Campaign) error {
	err := db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCampaigns)
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		c.ID = id
		return putJSON(b, itob(id), c)
	})
	if err != nil {
		return fmt.Errorf("create campaign: %w", err)
	}
	return nil
}

// Campaign returns campaign id.
func (db *DB) Campaign(ctx context.Context, id uint64) (*bot.Campaign, error) {
	var c *bot.Campaign
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		c, err = loadCampaign(tx, id)
		return err
	})
	return c, err
}

func loadCampaign(tx *bolt.Tx, id uint64) (*bot.Campaign, error) {
	var c bot.Campaign
	found, err := getJSON(tx.Bucket(bucketCampaigns), itob(id), &c)
	if err != nil {
		return nil, fmt.Errorf("read campaign %d: %w", id, err)
	}
	if !found {
		return nil, bot.Errorf(bot.ENOTFOUND, "error.campaign.not_found", bot.FormatID(id))
	}
	return &c, nil
}

// Campaigns returns every campaign and training, oldest first.
func (db *DB) Campaigns(ctx context.Context) ([]*bot.Campaign, error) {
	var out []*bot.Campaign
	err := db.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketCampaigns).ForEach(func(_, v []byte) error {
			var c bot.Campaign
			if err := json.Unmarshal(v, &c); err != nil {
				return err
			}
			out = append(out, &c)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read campaigns: %w", err)
	}
	return out, nil
}

// UpdateCampaign changes campaign id and queues the messages the change
// sends, in one transaction.
func (db *DB) UpdateCampaign(ctx context.Context, id uint64, change func(*bot.Campaign) ([]*bot.Message, error)) (*bot.Campaign, error) {
	var c *bot.Campaign
	queued := 0
	err := db.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if c, err = loadCampaign(tx, id); err != nil {
			return err
		}
		out, err := change(c)
		if err != nil {
			return err
		}
		if err := enqueue(tx, out, db.now()); err != nil {
			return err
		}
		for _, m := range out {
			c.Messages = append(c.Messages, m.ID)
		}
		queued = len(out)
		return putJSON(tx.Bucket(bucketCampaigns), itob(id), c)
	})
	if err != nil {
		return nil, err
	}
	db.enqueued(queued)
	return c, nil
}

// MessagesByID returns the outbox messages with these ids, skipping any
// that do not exist.
func (db *DB) MessagesByID(ctx context.Context, ids []uint64) ([]*bot.Message, error) {
	var out []*bot.Message
	err := db.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		for _, id := range ids {
			var m bot.Message
			found, err := getJSON(b, itob(id), &m)
			if err != nil {
				return err
			}
			if found {
				out = append(out, &m)
			}
		}
		return nil
	})
	return out, err
}
