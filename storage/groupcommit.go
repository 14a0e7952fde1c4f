package storage

import (
	"fmt"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// committer groups concurrent writes into shared commits, as a database
// log does: a writer that finds no commit under way commits at once, alone;
// writers that arrive while a commit is under way queue, and the next
// commit takes them all. Each commit costs two fsyncs however much it
// holds, so a busy moment needs few of them, and a quiet one waits for no
// timer (bbolt's Batch waits up to 10 ms for company).
type committer struct {
	mu      sync.Mutex
	queue   []*write
	running bool
}

// write is one writer's transaction function and where its outcome goes.
type write struct {
	fn   func(*bolt.Tx) error
	done chan error
}

// do runs fn in a write transaction, possibly shared with others, and
// returns its outcome. fn may run more than once (see commit): it must be
// idempotent.
func (c *committer) do(db *bolt.DB, fn func(*bolt.Tx) error) error {
	w := &write{fn: fn, done: make(chan error, 1)}
	c.mu.Lock()
	c.queue = append(c.queue, w)
	lead := !c.running
	c.running = true
	c.mu.Unlock()
	if lead {
		c.lead(db)
	}
	return <-w.done
}

// lead commits the queue, and hands over to a new leader, a goroutine of
// its own, when more writers queued meanwhile; so no writer waits for
// commits that are not its own.
func (c *committer) lead(db *bolt.DB) {
	c.mu.Lock()
	batch := c.queue
	c.queue = nil
	c.mu.Unlock()
	commit(db, batch)
	c.mu.Lock()
	more := len(c.queue) > 0
	c.running = more
	c.mu.Unlock()
	if more {
		go c.lead(db)
	}
}

// commit runs batch in one transaction. If any function fails, the
// transaction is rolled back and each function runs again in a
// transaction of its own, so one bad write cannot fail the others.
func commit(db *bolt.DB, batch []*write) {
	err := db.Update(func(tx *bolt.Tx) error {
		for _, w := range batch {
			if err := safely(w.fn, tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil || len(batch) == 1 && !isRetryable(err) {
		for _, w := range batch {
			w.done <- err
		}
		return
	}
	for _, w := range batch {
		w.done <- db.Update(func(tx *bolt.Tx) error { return safely(w.fn, tx) })
	}
}

// isRetryable says whether a failed shared commit is worth running again
// solo: a function's own failure is, a database that cannot commit at all
// is not.
func isRetryable(err error) bool {
	_, ok := err.(fnError)
	return ok
}

// fnError marks a failure of a transaction function (its error or its
// panic), as opposed to a failure to commit.
type fnError struct{ err error }

func (e fnError) Error() string { return e.err.Error() }
func (e fnError) Unwrap() error { return e.err }

// safely calls fn, turning a panic into an error so that a bug in one
// write cannot take the process down with everyone's commit.
func safely(fn func(*bolt.Tx) error, tx *bolt.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fnError{fmt.Errorf("panic in transaction: %v", p)}
		}
	}()
	if err := fn(tx); err != nil {
		return fnError{err}
	}
	return nil
}
