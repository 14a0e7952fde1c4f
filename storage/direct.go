package storage

import (
	"context"
	"fmt"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// bucketDirectChannels holds the direct-message channels platforms gave:
// platform 0 user id → channel id.
var bucketDirectChannels = []byte("direct_channels")

func createBucketsV7(tx *bolt.Tx) error {
	_, err := tx.CreateBucketIfNotExists(bucketDirectChannels)
	return err
}

var _ bot.DirectChannels = (*DB)(nil)

// DirectChannel returns the direct-message channel kept for user on p, ""
// if none is.
func (db *DB) DirectChannel(ctx context.Context, p bot.Platform, user string) (string, error) {
	var ch string
	err := db.view(ctx, func(tx *bolt.Tx) error {
		ch = string(tx.Bucket(bucketDirectChannels).Get(append(attrPrefix(string(p)), user...)))
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("read direct channel: %w", err)
	}
	return ch, nil
}

// SaveDirectChannel keeps channel as user's direct-message channel on p.
func (db *DB) SaveDirectChannel(ctx context.Context, p bot.Platform, user, channel string) error {
	err := db.groupCommit(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDirectChannels).Put(append(attrPrefix(string(p)), user...), []byte(channel))
	})
	if err != nil {
		return fmt.Errorf("save direct channel: %w", err)
	}
	return nil
}
