package storage

import (
	"context"
	"encoding/json"
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

// AllSettings returns everyone's stored settings, by person id.
func (db *DB) AllSettings(ctx context.Context) (map[string]bot.Settings, error) {
	all := map[string]bot.Settings{}
	err := db.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSettings).ForEach(func(k, v []byte) error {
			var s bot.Settings
			if err := json.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("settings of %s: %w", k, err)
			}
			all[string(k)] = s
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	return all, nil
}
