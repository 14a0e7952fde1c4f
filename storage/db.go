// Package storage keeps fieldloop's data in one bbolt file: it implements
// the store interfaces that package bot declares (reports with their
// history and indexes, the outbox, people's settings) and owns the file's
// layout — buckets, keys, indexes — its schema version and migrations, and
// hot backups.
package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync/atomic"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// ErrLocked is returned (wrapped) by Open when another process holds the
// database file.
var ErrLocked = errors.New("the database is in use by another running fieldloop")

// DefaultTimeout is how long Open waits for another process to release
// the file.
const DefaultTimeout = time.Second

var _ bot.Store = (*DB)(nil)

// DB is the bbolt store. Set its fields, then call Open.
type DB struct {
	// Path is the database file, created by Open unless ReadOnly.
	Path string
	// Now returns the current time; it stamps records that arrive without
	// one.
	Now func() time.Time
	// ReadOnly opens the file for reading only (shared with other readers);
	// the file must exist and be at the current schema version.
	ReadOnly bool
	// Timeout bounds the wait for the file lock; DefaultTimeout when zero,
	// because bbolt would otherwise wait for ever.
	Timeout time.Duration
	// OnEnqueue, when set, is called after a commit that put messages in
	// the outbox, so that a running sender wakes at once.
	OnEnqueue func()
	// MinFree is the least free disk space, in bytes, at which Ping still
	// calls the database writable; DefaultMinFree when zero.
	MinFree uint64

	bolt *bolt.DB
	// group shares commits between concurrent writers.
	group committer
	// prunedRequests is when the replay guard last dropped old marks;
	// only write transactions, one at a time, read and set it.
	prunedRequests time.Time
	// visited counts the index keys FindReports has looked at, so that
	// tests can tell an index scan from a full one.
	visited atomic.Int64
	// pending keeps pending messages decoded between reads of the outbox.
	pending pendingCache
}

// New returns a DB for the file at path, with the real clock and the
// default timeout.
func New(path string) *DB {
	return &DB{Path: path, Now: time.Now, Timeout: DefaultTimeout}
}

// initialMmapSize maps the first 256 MiB of the file from the start. It
// costs address space only, and spares the growing database the remaps
// that bbolt otherwise makes at each doubling, each of which waits for
// every reader to finish and stalls requests meanwhile.
const initialMmapSize = 256 << 20

// boltOptions are the options every open uses; the benchmarks use them too
// so that their baseline is measured under the same conditions.
func boltOptions(timeout time.Duration, readOnly bool) *bolt.Options {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	// PreLoadFreelist reads the free list in Open, where a fault on a
	// damaged one is caught (see guard), rather than in tx.Check's own
	// goroutine; a read-write open loads it there anyway.
	return &bolt.Options{Timeout: timeout, ReadOnly: readOnly, InitialMmapSize: initialMmapSize, PreLoadFreelist: true}
}

// Open opens the file, creating it and its buckets if needed (unless
// ReadOnly), and brings its schema up to date. A damaged file is refused,
// unchanged, with a *CorruptError (errors.Is ErrCorrupt) that says what is
// wrong and what to do, rather than crashing the process.
func (db *DB) Open() error {
	if err := db.canOpen(); err != nil {
		return err
	}
	if err := checkFile(db.Path, db.ReadOnly); err != nil {
		// Answer as bbolt would, which locks before it reads: whatever is
		// wrong, the fieldloop holding the file must be stopped first.
		if heldByAnother(db.Path, !db.ReadOnly) {
			return lockedError(db.Path)
		}
		return err
	}
	var b *bolt.DB
	err := guard(db.Path, func() (err error) {
		b, err = bolt.Open(db.Path, 0o600, boltOptions(db.Timeout, db.ReadOnly))
		return err
	})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return lockedError(db.Path)
	case errors.Is(err, ErrCorrupt):
		return err
	case err != nil:
		return openError(db.Path, err)
	}
	if err := db.prepare(b); err != nil {
		return err
	}
	db.bolt = b
	return nil
}

// canOpen refuses what Open cannot do whatever the file holds.
func (db *DB) canOpen() error {
	if db.Path == "" {
		return errors.New("open database: no path given")
	}
	if db.bolt != nil {
		return fmt.Errorf("open %s: already open", db.Path)
	}
	if db.ReadOnly {
		// bbolt would fail too, but with a bare "no such file"; say why
		// we will not create it.
		if _, err := os.Stat(db.Path); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("open %s read-only: the database file does not exist (a read-only open never creates it): %w", db.Path, err)
		}
	}
	return nil
}

// lockedError says that another process holds the file.
func lockedError(path string) error {
	return fmt.Errorf("open %s: %w (stop it, or point FIELDLOOP_DB at another file)", path, ErrLocked)
}

// openCheckLimit is the most pages in use, in bytes, that Open checks one
// by one: about 100 ms for 60 MiB (70,000 reports with their indexes and
// outbox) in the page cache, a price worth paying at start to refuse a
// damaged file rather than crash on it later. Larger files get the whole
// check from Check (fieldloop check, restore).
const openCheckLimit = 64 << 20

// prepare checks the freshly opened b (every page, when that is cheap)
// and its schema, and migrates it unless ReadOnly. It closes b on failure.
func (db *DB) prepare(b *bolt.DB) error {
	err := guard(db.Path, func() error {
		if err := b.View(db.checkSmall); err != nil {
			return err
		}
		if db.ReadOnly {
			return b.View(checkSchema)
		}
		return b.Update(migrate)
	})
	if err == nil {
		return nil
	}
	var damaged *CorruptError
	if !errors.As(err, &damaged) {
		_ = b.Close()
		return openError(db.Path, err)
	}
	// After a panic, closing would wait for ever on what it left locked.
	if !damaged.panicked {
		_ = b.Close()
	}
	return err
}

// checkSmall runs bbolt's consistency check in tx if the file is small
// enough for it to be cheap (see openCheckLimit).
func (db *DB) checkSmall(tx *bolt.Tx) error {
	if tx.Size() > openCheckLimit {
		return nil
	}
	return consistent(db.Path, tx)
}

// Check runs bbolt's consistency check over every page of the open
// database, whatever its size, and returns a *CorruptError (errors.Is
// ErrCorrupt) naming the first problem. It reads the whole file.
func (db *DB) Check(ctx context.Context) error {
	return db.view(ctx, func(tx *bolt.Tx) error { return consistent(db.Path, tx) })
}

// Close closes the file. It is safe to call on a DB that is not open.
func (db *DB) Close() error {
	if db.bolt == nil {
		return nil
	}
	err := db.bolt.Close()
	db.bolt = nil
	if err != nil {
		return fmt.Errorf("close %s: %w", db.Path, err)
	}
	return nil
}

// Backup writes a consistent copy of the whole database to w while the
// database stays in use, and returns the number of bytes written. The copy
// is itself a database file that Open accepts.
func (db *DB) Backup(w io.Writer) (int64, error) {
	var n int64
	err := db.view(context.Background(), func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("back up %s: %w", db.Path, err)
	}
	return n, nil
}

// errNotOpen is returned by every method of a DB that is not open.
var errNotOpen = errors.New("the database is not open")

// now is the time that stamps records arriving without one.
func (db *DB) now() time.Time {
	if db.Now == nil {
		return time.Now()
	}
	return db.Now()
}

// groupCommit runs fn in a write transaction shared with the other
// writers that overlap it (see committer), unless ctx is already done.
func (db *DB) groupCommit(ctx context.Context, fn func(*bolt.Tx) error) error {
	if err := db.ready(ctx); err != nil {
		return err
	}
	if key, ok := bot.RequestKeyFrom(ctx); ok {
		fn = db.guarded(key, fn)
	}
	err := db.group.do(db.bolt, fn)
	var fe fnError
	if errors.As(err, &fe) {
		return fe.err // the function's own error, as the caller made it
	}
	return err
}

// view runs fn in a read transaction, unless ctx is already done.
func (db *DB) view(ctx context.Context, fn func(*bolt.Tx) error) error {
	if err := db.ready(ctx); err != nil {
		return err
	}
	return db.bolt.View(fn)
}

// update runs fn in a write transaction of its own, unless ctx is already
// done.
func (db *DB) update(ctx context.Context, fn func(*bolt.Tx) error) error {
	if err := db.ready(ctx); err != nil {
		return err
	}
	if key, ok := bot.RequestKeyFrom(ctx); ok {
		fn = db.guarded(key, fn)
	}
	return db.bolt.Update(fn)
}

// ready says why a transaction must not start, if it must not.
func (db *DB) ready(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if db.bolt == nil {
		return errNotOpen
	}
	return nil
}

// enqueued tells OnEnqueue that n messages were committed to the outbox.
func (db *DB) enqueued(n int) {
	if n > 0 && db.OnEnqueue != nil {
		db.OnEnqueue()
	}
}

// keyHealth is where Ping writes.
var keyHealth = []byte("health")

// Ping proves the database can be written: it commits the time into the
// meta bucket, and then checks that the disk has room for the file to
// grow. Health checks use it; a read would succeed on a full disk or a
// file turned read-only, and a small commit on a full disk.
func (db *DB) Ping(ctx context.Context) error {
	err := db.update(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyHealth, []byte(db.now().UTC().Format(time.RFC3339Nano)))
	})
	if err != nil {
		return err
	}
	return db.checkDiskFree()
}
