package storage

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A database that cannot be opened for writing is refused with the
// reason in plain words and what to do, never a panic; nothing is created.
func TestOpenSaysWhyItCannotWrite(t *testing.T) {
	dir := t.TempDir()
	readOnly := filepath.Join(dir, "ro.db")
	if err := os.WriteFile(readOnly, nil, 0o400); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		is         error
		want       string
		skip       string // why the case cannot be made here, if it cannot
	}{
		{"missing directory", filepath.Join(dir, "nope", "f.db"), fs.ErrNotExist, "the directory " + filepath.Join(dir, "nope") + " does not exist", ""},
		{"a directory", dir, syscall.EISDIR, "that is a directory", ""},
		{"disk full", "/dev/full", syscall.ENOSPC, "the disk is full", noDevFull()},
		{"read-only file", readOnly, fs.ErrPermission, "fieldloop may not write the file", cannotDenyWrite(t, readOnly)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.skip != "" {
				t.Skip(tt.skip)
			}
			db := New(tt.path)
			err := db.Open()
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("Open: %v; want %v, %q and the path", err, tt.is, tt.want)
			}
		})
	}
}

func TestOpenErrorHints(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{syscall.EROFS, "the file system is read-only"},
		{syscall.EPERM, "may not write"},
		{syscall.EACCES, "may not write"},
		{syscall.ENOSPC, "the disk is full"},
		{errors.New("something else"), "open /x/f.db: something else"},
	} {
		err := openError("/x/f.db", &fs.PathError{Op: "open", Path: "/x/f.db", Err: tt.err})
		if !strings.Contains(err.Error(), tt.want) || !errors.Is(err, tt.err) {
			t.Errorf("%v: %v, want %q", tt.err, err, tt.want)
		}
	}
}

func noDevFull() string {
	if _, err := os.Stat("/dev/full"); err != nil {
		return "no /dev/full on this system"
	}
	return ""
}

// cannotDenyWrite makes path unwritable to this process: its mode does
// that for a normal user; root ignores modes, so it is made immutable
// (chattr +i) where that is allowed. It says why when neither works.
func cannotDenyWrite(t *testing.T, path string) string {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return "" // the mode is enough
	}
	f.Close()
	if err := exec.Command("chattr", "+i", path).Run(); err != nil {
		return "running as root, and chattr +i is not allowed here: " + err.Error()
	}
	t.Cleanup(func() { _ = exec.Command("chattr", "-i", path).Run() })
	return ""
}
