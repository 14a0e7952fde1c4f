package app

import (
	"errors"
	"time"

	"github.com/fieldloop/fieldloop/internal/config"
	"github.com/fieldloop/fieldloop/storage"
)

// UsageError is a mistake in the command line or the settings: the
// command exits 2 and says what was expected.
type UsageError = config.UsageError

// ErrDamaged matches, with errors.Is, the error of a database file that
// is damaged: restoring a backup mends it, starting again does not.
var ErrDamaged = storage.ErrCorrupt

// ErrInUse matches, with errors.Is, the error of a database file held by a
// running fieldloop.
var ErrInUse = errors.New("database in use")

// inUseError says the database file is held by a running fieldloop.
type inUseError struct{ path string }

func (e inUseError) Error() string {
	return e.path + " is in use by a running fieldloop; stop it first"
}

func (e inUseError) Is(target error) bool { return target == ErrInUse }

// OpenDB opens the database and explains the one failure people meet: a
// running fieldloop holding it. A damaged file's error (errors.Is
// storage.ErrCorrupt) passes through as it is: it says what to do.
func OpenDB(path string, readOnly bool, now func() time.Time) (*storage.DB, error) {
	db := storage.New(path)
	db.ReadOnly, db.Now = readOnly, now
	if readOnly {
		db.Timeout = 500 * time.Millisecond
	}
	if err := db.Open(); err != nil {
		if errors.Is(err, storage.ErrLocked) {
			return nil, inUseError{path}
		}
		return nil, err
	}
	return db, nil
}
