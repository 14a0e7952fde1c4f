package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// pageSize is the page size bbolt gives a new file: the system's.
var pageSize = int64(os.Getpagesize())

// Where bbolt keeps things in a meta page (after the 16-byte page
// header), and in any page's header.
const (
	metaRoot     = 16 + 16
	metaFreelist = 16 + 32
	metaHWM      = 16 + 40
	pageFlags    = 8
)

// backupFile writes a backup of a database holding a few reports to a
// file of its own: exactly as long as its pages in use, as a backup is,
// and with its own file lock.
func backupFile(t testing.TB) (path string, id uint64) {
	t.Helper()
	db := openTemp(t)
	for i := range 40 {
		r := benchReport(i)
		if err := db.CreateReport(t.Context(), r, nil); err != nil {
			t.Fatal(err)
		}
		id = r.ID
	}
	var buf bytes.Buffer
	if _, err := db.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, id
}

// Damages: each changes the file at path as a disk, a copy or a person
// might.
func truncateTo(size func(whole int64) int64) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(path, size(st.Size())); err != nil {
			t.Fatal(err)
		}
	}
}

func flipByte(offsets ...func(*testing.T, string) int64) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		for _, at := range offsets {
			rewrite(t, path, at(t, path), func(b byte) byte { return b ^ 0x40 })
		}
	}
}

func replaceWith(data []byte) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// at is a fixed offset; inPage is an offset in the page that the first
// meta page names at field.
func at(offset int64) func(*testing.T, string) int64 {
	return func(*testing.T, string) int64 { return offset }
}

func inPage(field, offset int64) func(*testing.T, string) int64 {
	return func(t *testing.T, path string) int64 {
		var b [8]byte
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.ReadAt(b[:], field); err != nil {
			t.Fatal(err)
		}
		return int64(binary.NativeEndian.Uint64(b[:]))*pageSize + offset
	}
}

// disorderRoot makes the first key of the root bucket's page (the names
// of the buckets) greater than the second, which only bbolt's consistency
// check notices. A page's elements follow its header, 16 bytes each, and
// an element's key is pos bytes after the element; pos is an element's
// first u32 in a branch page, its second in a leaf page.
func disorderRoot(t *testing.T, path string) {
	page := inPage(metaRoot, 0)(t, path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	elem := page + 16
	pos := map[uint16]int64{0x01: 0, 0x02: 4} // by the page's flags: branch, leaf
	at, ok := pos[binary.NativeEndian.Uint16(data[page+pageFlags:])]
	if !ok {
		t.Fatal("the root page is neither a branch nor a leaf: the case is not made")
	}
	key := elem + int64(binary.NativeEndian.Uint32(data[elem+at:]))
	rewrite(t, path, key, func(byte) byte { return 0xff })
}

// rewrite changes the byte at offset in the file at path.
func rewrite(t *testing.T, path string, offset int64, change func(byte) byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, offset); err != nil {
		t.Fatal(err)
	}
	b[0] = change(b[0])
	if _, err := f.WriteAt(b, offset); err != nil {
		t.Fatal(err)
	}
}

// garbage is a file's worth of bytes that are not a database.
func garbage() []byte {
	b := make([]byte, 16*pageSize)
	for i := range b {
		b[i] = byte(i*7 + i>>8)
	}
	return b
}

// A damaged file is refused with a plain error that says what is wrong
// and what to do, and is left as it was; nothing panics. A file that lost
// only one of its two meta pages opens on the other one, as bbolt means
// it to; one cut short only where no page is in use is whole.
func TestOpenDamagedFile(t *testing.T) {
	tests := []struct {
		name     string
		damage   func(*testing.T, string)
		readOnly bool
		want     string // in the error; none when the file must open
	}{
		{"truncated to half", truncateTo(func(n int64) int64 { return n / 2 }), false, "it was cut short"},
		{"truncated to half, read-only", truncateTo(func(n int64) int64 { return n / 2 }), true, "it was cut short"},
		{"truncated to one page", truncateTo(func(int64) int64 { return pageSize }), false, "it was cut short"},
		{"truncated to 60 bytes", truncateTo(func(int64) int64 { return 60 }), false, "the first is cut short, the second is not found"},
		{"byte flipped in the first meta page", flipByte(at(metaHWM)), false, ""},
		{"byte flipped in the second meta page", flipByte(at(pageSize + metaHWM)), false, ""},
		{"byte flipped in both meta pages", flipByte(at(metaHWM), at(pageSize+metaHWM)), false,
			"neither of its two header pages is valid: the first fails its checksum, the second fails its checksum"},
		{"both meta pages flipped, read-only", flipByte(at(metaHWM), at(pageSize+metaHWM)), true, "neither of its two header pages is valid"},
		{"garbage", replaceWith(garbage()), false, "the first is not a database header (wrong magic number), the second is not found"},
		{"zero-length, read-only", replaceWith(nil), true, "it is empty"},
		{"freelist page of another type", flipByte(inPage(metaFreelist, pageFlags)), false, "reading it failed"},
		{"root page of another type, read-only", flipByte(inPage(metaRoot, pageFlags)), true, "reading it failed: assertion failed: page"},
		{"keys out of order", disorderRoot, false, "bbolt's consistency check: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, id := backupFile(t)
			tt.damage(t, path)
			before, _ := os.ReadFile(path)
			db := New(path)
			db.ReadOnly = tt.readOnly
			err := db.Open()
			if tt.want == "" {
				mustRead(t, db, id, err)
				return
			}
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			assertDamaged(t, err, path, tt.want)
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Error("the refused file was changed")
			}
		})
	}
}

// mustRead checks that db opened (err is its Open's) and reads report id.
func mustRead(t *testing.T, db *DB, id uint64, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	if _, err := db.Report(t.Context(), id); err != nil {
		t.Errorf("Report %d: %v", id, err)
	}
	if err := db.Check(t.Context()); err != nil {
		t.Errorf("Check: %v", err)
	}
}

// assertDamaged checks that err is the plain error of a damaged file.
func assertDamaged(t *testing.T, err error, path, want string) {
	t.Helper()
	var damaged *CorruptError
	if !errors.Is(err, ErrCorrupt) || !errors.As(err, &damaged) {
		t.Fatalf("error %v (%T) does not match ErrCorrupt", err, err)
	}
	msg := err.Error()
	for _, w := range []string{path + " is damaged (", want, "restore it from a backup: fieldloop restore BACKUP"} {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q lacks %q", msg, w)
		}
	}
}

// An empty file, or none, opens as a new database, as before.
func TestOpenEmptyFileInitialisesIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fieldloop.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	db := openAt(t, path)
	if err := db.Check(t.Context()); err != nil {
		t.Errorf("Check of a new database: %v", err)
	}
}

// The truncation test above cuts a backup, which is as long as its pages
// in use; a live file has room to grow at its end, and cutting that is no
// damage.
func TestLiveFileCutToItsPagesOpens(t *testing.T) {
	db := New(filepath.Join(t.TempDir(), "fieldloop.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	r := benchReport(1)
	if err := db.CreateReport(t.Context(), r, nil); err != nil {
		t.Fatal(err)
	}
	var used int64
	if err := db.bolt.View(func(tx *bolt.Tx) error { used = tx.Size(); return nil }); err != nil {
		t.Fatal(err)
	}
	path := db.Path
	db.Close()
	if st, _ := os.Stat(path); st.Size() <= used {
		t.Fatalf("the live file is %d bytes, no more than its %d in use: the case is not made", st.Size(), used)
	}
	truncateTo(func(int64) int64 { return used })(t, path)
	db = New(path)
	mustRead(t, db, r.ID, db.Open())
}

// A damaged file that a running fieldloop holds is reported as held, as
// bbolt would: that fieldloop must be stopped before anything else.
func TestOpenDamagedHeldFile(t *testing.T) {
	path, _ := backupFile(t)
	openAt(t, path)
	flipByte(at(metaHWM), at(pageSize+metaHWM))(t, path)
	db := New(path)
	if err := db.Open(); !errors.Is(err, ErrLocked) {
		db.Close()
		t.Errorf("Open: %v, want ErrLocked", err)
	}
}

// Check finds pages damaged after the file was opened.
func TestCheckFindsDamage(t *testing.T) {
	path, _ := backupFile(t)
	db := New(path)
	db.ReadOnly = true
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(t.Context()); err != nil {
		t.Fatalf("Check of a sound file: %v", err)
	}
	// The map is shared with the file: the damage shows at once.
	disorderRoot(t, path)
	assertDamaged(t, db.Check(t.Context()), path, "bbolt's consistency check")
}

// The last line of defence: bbolt reading a page of its map past the end
// of the file faults (SIGBUS), and guard turns that into the plain error
// rather than a crash.
func TestGuardTurnsAFaultIntoAnError(t *testing.T) {
	path, _ := backupFile(t)
	truncateTo(func(int64) int64 { return 2 * pageSize })(t, path) // bbolt maps two pages at least
	err := guard(path, func() error {
		b, err := bolt.Open(path, 0o600, boltOptions(DefaultTimeout, true)) // mapped far past the end
		if err != nil {
			return err
		}
		return b.View(func(tx *bolt.Tx) error {
			return tx.ForEach(func([]byte, *bolt.Bucket) error { return nil })
		})
	})
	assertDamaged(t, err, path, "reading it failed")
}

// Whatever the file holds, the check does not panic, and a file it lets
// through is one whose header bbolt accepts and maps.
func FuzzCheckFile(f *testing.F) {
	path, _ := backupFile(f)
	whole, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(whole)
	f.Add(whole[:len(whole)/2])
	f.Add(whole[:2*pageSize])
	f.Add(whole[:100])
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.db")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if checkFile(path, true) != nil {
			return
		}
		b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: DefaultTimeout})
		if err != nil {
			t.Fatalf("checkFile let through a file bbolt refuses: %v", err)
		}
		b.Close()
	})
}

// Whatever byte of a database is changed, Open returns (the file opens,
// or is refused) and the process lives: no panic or fault escapes, not
// even from tx.Check's goroutine.
func FuzzOpenChangedByte(f *testing.F) {
	path, _ := backupFile(f)
	whole, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	for _, at := range []int64{metaHWM, pageSize + metaHWM, 2*pageSize + pageFlags, 3*pageSize + 20} {
		f.Add(uint64(at), byte(0x40))
	}
	f.Fuzz(func(t *testing.T, offset uint64, xor byte) {
		data := bytes.Clone(whole)
		data[offset%uint64(len(data))] ^= xor
		// A file each: after a panic, bbolt's lock on the file stays.
		for _, readOnly := range []bool{true, false} {
			path := filepath.Join(t.TempDir(), "f.db")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			db := New(path)
			db.ReadOnly = readOnly
			if err := db.Open(); err == nil {
				db.Close()
			} else if !errors.Is(err, ErrCorrupt) && !strings.Contains(err.Error(), "schema") {
				t.Errorf("Open (read-only %v): %v, want ErrCorrupt", readOnly, err)
			}
		}
	})
}
