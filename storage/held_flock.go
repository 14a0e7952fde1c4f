//go:build linux || darwin || freebsd

package storage

import (
	"errors"
	"os"
	"syscall"
)

// heldByAnother reports whether another open of the file holds the lock
// that bbolt would take: exclusive for a writer, shared for a reader.
func heldByAnother(path string, exclusive bool) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close() // releases the lock, if it was taken
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	return errors.Is(syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB), syscall.EWOULDBLOCK)
}
