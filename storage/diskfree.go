package storage

import (
	"errors"
	"fmt"
	"path/filepath"
)

// DefaultMinFree is the least free space on the database's disk that Ping
// accepts: bbolt grows its file in steps of up to 16 MiB. A commit alone
// does not show a disk filling up, because bbolt rewrites the pages it
// freed before and a small write keeps succeeding on a full disk until
// the first write that needs a new page fails.
const DefaultMinFree = 16 << 20

// ErrDiskLow is returned (wrapped) by Ping when the disk that holds the
// database has less than MinFree left.
var ErrDiskLow = errors.New("the disk holding the database is almost full")

// DiskFree returns the bytes free, for fieldloop's user, on the file
// system that holds the database; ok is false where that cannot be told
// (an operating system without statfs, or a failed call).
func (db *DB) DiskFree() (free uint64, ok bool) {
	return diskFree(filepath.Dir(db.Path))
}

// checkDiskFree fails with ErrDiskLow when less than the minimum is free.
func (db *DB) checkDiskFree() error {
	need := db.MinFree
	if need == 0 {
		need = DefaultMinFree
	}
	free, ok := db.DiskFree()
	if !ok || free >= need {
		return nil
	}
	return fmt.Errorf("%w: %s free, at least %s needed: free some space", ErrDiskLow, mebibytes(free), mebibytes(need))
}

func mebibytes(n uint64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
