package storage

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// itob encodes an id big-endian, so that keys sort in id order.
func itob(id uint64) []byte { return binary.BigEndian.AppendUint64(nil, id) }

func btoi(b []byte) uint64 { return binary.BigEndian.Uint64(b) }

// timeKey encodes t as big-endian Unix nanoseconds with the sign bit
// flipped, so that times before 1970 still sort before later ones.
func timeKey(t time.Time) []byte { return binary.BigEndian.AppendUint64(nil, timeBits(t)) }

func timeBits(t time.Time) uint64 { return uint64(t.UnixNano()) ^ (1 << 63) }

// attrPrefix is the key prefix of one value of an indexed string
// attribute. The zero byte ends it, so that "east" does not also match
// "eastern".
func attrPrefix(s string) []byte { return append([]byte(s), 0) }

// indexKey is prefix, then t, then id: the keys of one prefix sort by time,
// and ties by id.
func indexKey(prefix []byte, t time.Time, id uint64) []byte {
	k := make([]byte, 0, len(prefix)+16)
	k = append(k, prefix...)
	k = binary.BigEndian.AppendUint64(k, timeBits(t))
	return binary.BigEndian.AppendUint64(k, id)
}

// indexID is the id at the end of an index key.
func indexID(k []byte) uint64 { return btoi(k[len(k)-8:]) }

// checkAttr refuses a string that would make an index key ambiguous.
func checkAttr(name, s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("%s %q contains a zero byte", name, s)
	}
	return nil
}

// prefixEnd returns the least key greater than every key starting with
// prefix, or nil if there is none (no prefix, or all 0xff).
func prefixEnd(prefix []byte) []byte {
	end := bytes.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// scanTimeRange calls fn with the id of each key of b that starts with
// prefix and whose time is in [since, until) (zero: unbounded), newest
// first, until fn returns false.
func scanTimeRange(b *bolt.Bucket, prefix []byte, since, until time.Time, fn func(id uint64) (bool, error)) error {
	c := b.Cursor()
	upper := prefixEnd(prefix)
	if !until.IsZero() {
		upper = append(bytes.Clone(prefix), timeKey(until)...)
	}
	var lower []byte
	if !since.IsZero() {
		lower = append(bytes.Clone(prefix), timeKey(since)...)
	}
	var k []byte
	if upper == nil {
		k, _ = c.Last()
	} else if k, _ = c.Seek(upper); k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	for ; k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Prev() {
		if lower != nil && bytes.Compare(k, lower) < 0 {
			return nil
		}
		more, err := fn(indexID(k))
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// appendFill is how full fillAppended lets pages get: the rest is room
// for records that grow when rewritten (a message marked sent, an edit).
const appendFill = 0.9

// fillAppended makes tx fill the pages of buckets whose new keys always
// come last (ids, creation times) before it splits them. bbolt's default
// splits a full page in half, which for appended keys leaves every page
// half empty for ever: twice the pages written per commit, twice the file.
func fillAppended(tx *bolt.Tx, names ...[]byte) {
	for _, name := range names {
		tx.Bucket(name).FillPercent = appendFill
	}
}

// putJSON stores v as JSON under key.
func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// getJSON decodes the JSON under key into v; found is false if there is
// none. Decoding copies, so nothing of bbolt's memory outlives the
// transaction.
func getJSON(b *bolt.Bucket, key []byte, v any) (found bool, err error) {
	data := b.Get(key)
	if data == nil {
		return false, nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return true, fmt.Errorf("decode the value of key %x: %w", key, err)
	}
	return true, nil
}
