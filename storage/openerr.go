package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"syscall"
)

// openError says in plain words why the database file could not be
// opened or prepared, and what to do about it, for an admin who reads it
// in a service's log. The cause stays wrapped, for errors.Is.
func openError(path string, err error) error {
	var hint string
	switch {
	case errors.Is(err, syscall.ENOSPC):
		hint = "the disk is full: free some space, then start fieldloop again"
	case errors.Is(err, syscall.EROFS):
		hint = "the file system is read-only: mount it read-write, or point FIELDLOOP_DB at a file on a writable disk"
	case errors.Is(err, fs.ErrPermission):
		hint = "fieldloop may not write the file: the user it runs as must be able to write the file and its directory"
	case errors.Is(err, syscall.EISDIR):
		hint = "that is a directory: FIELDLOOP_DB names the database file itself, such as /var/lib/fieldloop/fieldloop.db"
	case errors.Is(err, fs.ErrNotExist):
		hint = fmt.Sprintf("the directory %s does not exist: create it, or point FIELDLOOP_DB at a file in a directory that does", filepath.Dir(path))
	default:
		return fmt.Errorf("open %s: %w", path, err)
	}
	return fmt.Errorf("open %s: %s (%w)", path, hint, err)
}
