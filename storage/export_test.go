package storage

import (
	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// LoadReports stores rs in one transaction, without the group commit and
// without messages: the benchmarks of package storage_test load a
// million reports this way, a day at a time.
func (db *DB) LoadReports(rs []*bot.Report) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		for _, r := range rs {
			if _, err := createReport(tx, r, nil); err != nil {
				return err
			}
		}
		return nil
	})
}
