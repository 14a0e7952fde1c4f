package storage

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// Buckets of schema version 5:
//
//	calendar_tokens  region id → the secret of its calendar feed (text)
var bucketCalendarTokens = []byte("calendar_tokens")

func createBucketsV5(tx *bolt.Tx) error {
	_, err := tx.CreateBucketIfNotExists(bucketCalendarTokens)
	return err
}

var _ bot.CalendarTokenStore = (*DB)(nil)

// CalendarToken returns region's calendar feed token; with create, a
// region without one gets 32 random URL-safe characters (192 bits from
// crypto/rand), stored in the same transaction that looked for one, so
// that it is made once and then never changes.
func (db *DB) CalendarToken(ctx context.Context, region string, create bool) (string, error) {
	if region == "" {
		return "", nil
	}
	var token string
	read := func(tx *bolt.Tx) error {
		token = string(tx.Bucket(bucketCalendarTokens).Get([]byte(region)))
		return nil
	}
	if err := db.view(ctx, read); err != nil {
		return "", fmt.Errorf("read calendar token: %w", err)
	}
	if token != "" || !create {
		return token, nil
	}
	err := db.update(ctx, func(tx *bolt.Tx) error {
		if err := read(tx); err != nil || token != "" {
			return err // another request made it first
		}
		token = newCalendarToken()
		return tx.Bucket(bucketCalendarTokens).Put([]byte(region), []byte(token))
	})
	if err != nil {
		return "", fmt.Errorf("create calendar token: %w", err)
	}
	return token, nil
}

// newCalendarToken returns 32 characters of base64url: 24 random bytes.
// crypto/rand.Read never fails (it crashes the program instead).
func newCalendarToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
