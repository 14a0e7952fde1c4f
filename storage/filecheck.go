package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"runtime/debug"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// ErrCorrupt matches, with errors.Is, the error of a database file that is
// damaged: cut short, or with pages that do not hold together.
var ErrCorrupt = errors.New("the database file is damaged")

// CorruptError says what is wrong with a damaged database file, and what
// to do. It matches ErrCorrupt.
type CorruptError struct {
	// Path is the damaged file.
	Path string
	// Problem is what is wrong, in plain words.
	Problem string
	// panicked is set when bbolt panicked while reading the file: its
	// locks may still be held, and closing it would wait on them for ever.
	panicked bool
}

// Error says what is wrong with the file, and how to get it back.
func (e *CorruptError) Error() string {
	return fmt.Sprintf("%s is damaged (%s); restore it from a backup: fieldloop restore BACKUP", e.Path, e.Problem)
}

// Is makes errors.Is(err, ErrCorrupt) true.
func (e *CorruptError) Is(target error) bool { return target == ErrCorrupt }

// bbolt's file format (go.etcd.io/bbolt v1.5.0, internal/common/page.go,
// meta.go and types.go), in the machine's byte order. Pages 0 and 1 each
// hold a meta record after the 16-byte page header:
//
//	0 magic u32, 4 version u32, 8 page size u32, 12 flags u32,
//	16 root bucket page u64, 24 root sequence u64, 32 freelist page u64,
//	40 high-water mark u64 (pages in use), 48 txid u64, 56 checksum u64
//
// The checksum is FNV-64a over the 56 bytes before it. bbolt writes the
// two pages in turn and uses the valid one with the higher txid.
const (
	pageHeaderSize = 16
	metaSize       = 64
	metaSumEnd     = 56
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	noFreelist     = ^uint64(0)
	// bbolt looks for the second meta page at 1 KiB << 0…14 when the
	// first cannot tell it the page size.
	minPageSize, maxPageShift = 1024, 14
)

// meta is what the file check needs of a meta page.
type meta struct {
	pageSize            uint64
	root, freelist, hwm uint64
	// offset is where the page is: 0, or the page size.
	offset uint64
}

// checkFile refuses, with a CorruptError, a database file that bbolt
// would crash on or misread, reading it with plain reads: bbolt maps the
// file, and a page past its end then kills the process with SIGBUS. A file
// that does not exist or is not a regular one is left to bbolt, which
// creates it or says what it is; an empty one too, which bbolt initialises,
// unless readOnly.
func checkFile(path string, readOnly bool) error {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	st, err := f.Stat()
	switch {
	case err != nil || !st.Mode().IsRegular():
		return nil
	case st.Size() == 0 && readOnly:
		return &CorruptError{Path: path, Problem: "it is empty"}
	case st.Size() == 0:
		return nil
	}
	if err := checkMetas(f); err != nil {
		return &CorruptError{Path: path, Problem: err.Error()}
	}
	return nil
}

// checkMetas says what is wrong with the file's meta pages, if anything:
// at least one must be valid, and the file must hold every page that a
// valid one counts.
func checkMetas(f *os.File) error {
	metas, err := readMetas(f)
	if err != nil {
		return err
	}
	// The size is taken after the metas are read: a running fieldloop
	// grows the file before it writes a meta page that counts the new
	// pages, so a later size is never too small for a meta read earlier.
	st, err := f.Stat()
	if err != nil {
		return err
	}
	for _, m := range metas {
		if err := m.fits(st.Size()); err != nil {
			return err
		}
	}
	return nil
}

// readMetas returns the file's valid meta pages, or why there is none.
func readMetas(f *os.File) ([]meta, error) {
	var valid []meta
	first, err0 := readMeta(f, 0)
	if err0 == nil {
		valid = append(valid, first)
	}
	second, err1 := findSecondMeta(f, first, err0 == nil)
	if err1 == nil {
		valid = append(valid, second)
	}
	if len(valid) == 0 {
		return nil, fmt.Errorf("neither of its two header pages is valid: the first %v, the second %v", err0, err1)
	}
	return valid, nil
}

// findSecondMeta reads the second meta page: one page after the first
// when that one is valid and so gives the page size, else where bbolt
// looks for it.
func findSecondMeta(f *os.File, first meta, firstOK bool) (meta, error) {
	if firstOK {
		return readMeta(f, first.pageSize)
	}
	err := errors.New("is not found")
	for shift := range maxPageShift + 1 {
		m, e := readMeta(f, minPageSize<<shift)
		switch {
		case e == nil:
			return m, nil
		case errors.Is(e, errCutShort):
			return meta{}, err
		case !errors.Is(e, errNoMagic):
			err = e // a meta page, damaged: say so rather than "not found"
		}
	}
	return meta{}, err
}

var (
	// errNoMagic is a page that is not a meta page at all.
	errNoMagic = errors.New("is not a database header (wrong magic number)")
	// errCutShort is a meta page that the file ends in.
	errCutShort = errors.New("is cut short")
)

// readMeta reads the meta page at offset, which is its page size, and says
// what is wrong with it, if anything.
func readMeta(f *os.File, offset uint64) (meta, error) {
	buf := make([]byte, pageHeaderSize+metaSize)
	if _, err := f.ReadAt(buf, int64(offset)); errors.Is(err, io.EOF) {
		return meta{}, errCutShort
	} else if err != nil {
		return meta{}, fmt.Errorf("cannot be read: %w", err)
	}
	return parseMeta(buf[pageHeaderSize:], offset)
}

// parseMeta decodes a meta record and checks it as bbolt does (magic,
// version, checksum), and also that its numbers are possible.
func parseMeta(b []byte, offset uint64) (meta, error) {
	u32 := func(at int) uint32 { return binary.NativeEndian.Uint32(b[at:]) }
	u64 := func(at int) uint64 { return binary.NativeEndian.Uint64(b[at:]) }
	sum := fnv.New64a()
	sum.Write(b[:metaSumEnd])
	switch {
	case u32(0) != boltMagic:
		return meta{}, errNoMagic
	case u32(4) != boltVersion:
		return meta{}, fmt.Errorf("has format version %d, not %d", u32(4), boltVersion)
	case u64(metaSumEnd) != sum.Sum64():
		return meta{}, errors.New("fails its checksum")
	}
	m := meta{pageSize: uint64(u32(8)), root: u64(16), freelist: u64(32), hwm: u64(40), offset: offset}
	return m, m.possible()
}

// possible says what is impossible in a meta record whose checksum is
// right, which only a bug could write.
func (m meta) possible() error {
	switch {
	case m.pageSize < pageHeaderSize+metaSize:
		return fmt.Errorf("gives an impossible page size, %d bytes", m.pageSize)
	case m.offset != 0 && m.offset != m.pageSize:
		return fmt.Errorf("gives a page size of %d bytes but is %d bytes in", m.pageSize, m.offset)
	case m.root >= m.hwm || (m.freelist >= m.hwm && m.freelist != noFreelist):
		return errors.New("points past the pages in use")
	}
	return nil
}

// fits says whether a file of size bytes holds every page that m counts,
// and the two meta pages bbolt reads whatever m says.
func (m meta) fits(size int64) error {
	pages := max(m.hwm, 2)
	if uint64(size)/m.pageSize >= pages {
		return nil
	}
	return fmt.Errorf("it is %d bytes long, but its header says it holds %d pages of %d bytes (%d bytes): it was cut short",
		size, pages, m.pageSize, pages*m.pageSize)
}

// guard runs fn, which reads the file through bbolt, and turns a panic or
// a memory fault in it (bbolt reading a page the checks before could not
// see was damaged) into a CorruptError: the last line of defence.
func guard(path string, fn func() error) (err error) {
	// A fault reading the map would otherwise kill the process.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &CorruptError{Path: path, Problem: fmt.Sprintf("reading it failed: %v", r), panicked: true}
		}
	}()
	return fn()
}

// consistent runs bbolt's consistency check in tx (every page reachable
// once or free, of the right type, keys in order) and returns a
// CorruptError naming the first problem it finds.
func consistent(path string, tx *bolt.Tx) error {
	if err := guard(path, func() error { return walk(tx) }); err != nil {
		return err
	}
	var first string
	n := 0
	// Read the channel to the end: its goroutine stops only then.
	for err := range tx.Check() {
		if n == 0 {
			// bbolt words a page it could not read as a recovered
			// "panic: …", which reads as a crash to whoever runs us.
			first = strings.TrimPrefix(err.Error(), "panic: ")
		}
		n++
	}
	switch n {
	case 0:
		return nil
	case 1:
		return &CorruptError{Path: path, Problem: "bbolt's consistency check: " + first}
	}
	return &CorruptError{Path: path, Problem: fmt.Sprintf("bbolt's consistency check: %s, and %d more problems", first, n-1)}
}

// walk reads every page that tx's buckets reach, and both ends of every
// key, in the calling goroutine, where guard turns the fault of a page
// past the end of the file into an error. tx.Check reads the same in a
// goroutine of its own, where that fault would kill the process; so walk
// goes first.
func walk(tx *bolt.Tx) error {
	return tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
		// A bucket its name does not find (keys out of order) is left
		// to tx.Check, which misses it the same way, and says why.
		if b != nil {
			_ = walkBucket(b)
		}
		return nil
	})
}

// walkBucket walks b and the buckets in it. It returns a sum of the bytes
// it reads only so that the reads are kept.
func walkBucket(b *bolt.Bucket) (sum byte) {
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		sum += k[0] + k[len(k)-1] // bbolt has no empty keys
		if v != nil {
			continue
		}
		if child := b.Bucket(k); child != nil {
			sum += walkBucket(child)
		}
	}
	return sum
}
