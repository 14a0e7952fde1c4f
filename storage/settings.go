package storage

import (
	"context"
	"fmt"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// Settings returns person id's settings; zero Settings if none are stored.
func (db *DB) Settings(ctx context.Context, id string) (bot.Settings, error) {
	var s bot.Settings
	err := db.view(ctx, func(tx *bolt.Tx) error {
		_, err := getJSON(tx.Bucket(bucketSettings), []byte(id), &s)
		return err
	})
	if err != nil {
		return bot.Settings{}, fmt.Errorf("read settings of %s: %w", id, err)
	}
	return s, nil
}

// SaveSettings stores person id's settings, replacing any earlier ones.
func (db *DB) SaveSettings(ctx context.Context, id string, s bot.Settings) error {
	if id == "" {
		return fmt.Errorf("save settings: no person id")
	}
	err := db.update(ctx, func(tx *bolt.Tx) error {
		return putJSON(tx.Bucket(bucketSettings), []byte(id), s)
	})
	if err != nil {
		return fmt.Errorf("save settings of %s: %w", id, err)
	}
	return nil
}
