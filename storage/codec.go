package storage

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// Reports are stored in a small binary form: digests and exports decode
// tens of thousands of them, and JSON decoding was most of their time (a
// one-month digest over a million reports took 0.5 s). A value starting
// with '{' is a report written as JSON by an earlier version, still read.
//
// reportV1 then: ID, Kind, Person, Region, CreatedAt, UpdatedAt, Version,
// Deleted, DeletedAt, Platform, RequestID, then the number of fields and,
// for each, its key, Text and Num, and, when the report has one,
// ChangedBy (a value without it, written before it existed, ends after the
// fields). Strings are a uvarint length and the bytes; times Unix
// nanoseconds as varints, zero for the zero time.
//
// reportV2, written since reports refer to records, is reportV1 with each
// field's Ref after its Num and ChangedBy always present, followed by
// extensions: each a uvarint tag and a string, so that what later
// versions add is skipped, not misread, by this one.
const (
	reportV1 = 0x01
	reportV2 = 0x02
)

func encodeReport(r *bot.Report) []byte {
	b := make([]byte, 0, 128)
	b = append(b, reportV2)
	b = binary.AppendUvarint(b, r.ID)
	for _, s := range []string{r.Kind, r.Person, r.Region} {
		b = appendString(b, s)
	}
	b = appendTime(appendTime(b, r.CreatedAt), r.UpdatedAt)
	b = binary.AppendVarint(b, int64(r.Version))
	deleted := byte(0)
	if r.Deleted {
		deleted = 1
	}
	b = append(b, deleted)
	b = appendTime(b, r.DeletedAt)
	b = appendString(appendString(b, string(r.Platform)), r.RequestID)
	b = binary.AppendUvarint(b, uint64(len(r.Fields)))
	for k, v := range r.Fields {
		b = appendString(appendString(b, k), v.Text)
		b = binary.AppendVarint(b, v.Num)
		b = appendString(b, v.Ref)
	}
	return appendString(b, r.ChangedBy)
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return binary.AppendVarint(b, 0)
	}
	return binary.AppendVarint(b, t.UnixNano())
}

var errCorrupt = errors.New("corrupt report value")

// decodeReport reads a stored report. It copies what it keeps, so data
// may be bbolt's memory.
func decodeReport(data []byte) (*bot.Report, error) {
	if len(data) > 0 && data[0] == '{' {
		var r bot.Report
		if err := json.Unmarshal(data, &r); err != nil {
			return nil, fmt.Errorf("decode report: %w", err)
		}
		return &r, nil
	}
	if len(data) == 0 || data[0] != reportV1 && data[0] != reportV2 {
		return nil, errCorrupt
	}
	v2 := data[0] == reportV2
	d := decoder{b: data[1:]}
	r := &bot.Report{ID: d.uvarint(), Kind: d.string(), Person: d.string(), Region: d.string(),
		CreatedAt: d.time(), UpdatedAt: d.time(), Version: int(d.varint())}
	r.Deleted = d.byte() == 1
	r.DeletedAt = d.time()
	r.Platform, r.RequestID = bot.Platform(d.string()), d.string()
	n := d.uvarint()
	if n > uint64(len(d.b)/3) { // each field takes at least three bytes, so no bigger map than the record can fill
		return nil, errCorrupt
	}
	r.Fields = make(map[string]bot.Value, n)
	for range n {
		k := d.string()
		v := bot.Value{Text: d.string(), Num: d.varint()}
		if v2 {
			v.Ref = d.string()
		}
		r.Fields[k] = v
	}
	if len(d.b) > 0 {
		r.ChangedBy = d.string()
	}
	for v2 && len(d.b) > 0 && !d.err {
		d.uvarint() // an extension's tag: none is known yet
		d.string()
	}
	if d.err {
		return nil, errCorrupt
	}
	return r, nil
}

// decoder reads reportV1 values; a short or malformed value sets err
// rather than panicking.
type decoder struct {
	b   []byte
	err bool
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.err = true
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) string() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.err, d.b = true, nil
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) time() time.Time {
	ns := d.varint()
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns).UTC()
}

// reportHeader reads the kind, person and region of a reportV1 value
// without allocating, so that a scan can skip reports its filter refuses
// before decoding them. ok is false for other values (legacy JSON).
func reportHeader(data []byte) (kind, person, region []byte, ok bool) {
	if len(data) == 0 || data[0] != reportV1 && data[0] != reportV2 {
		return nil, nil, nil, false
	}
	b := data[1:]
	if _, n := binary.Uvarint(b); n > 0 {
		b = b[n:]
	} else {
		return nil, nil, nil, false
	}
	var parts [3][]byte
	for i := range parts {
		l, n := binary.Uvarint(b)
		if n <= 0 || l > uint64(len(b)-n) {
			return nil, nil, nil, false
		}
		parts[i], b = b[n:n+int(l)], b[n+int(l):]
	}
	return parts[0], parts[1], parts[2], true
}

// reportFiled reads who filed a stored report, when, and whether it was
// deleted, without decoding its fields: the scheduler and the digest's
// reporting figures read only this of tens of thousands of reports.
func reportFiled(data []byte) (person string, at time.Time, deleted bool, err error) {
	if len(data) == 0 || data[0] != reportV1 && data[0] != reportV2 {
		r, err := decodeReport(data) // written as JSON by an earlier version
		if err != nil {
			return "", time.Time{}, false, err
		}
		return r.Person, r.CreatedAt, r.Deleted, nil
	}
	d := decoder{b: data[1:]}
	d.uvarint()
	d.string()
	person = d.string()
	d.string()
	at = d.time()
	d.time()
	d.varint()
	deleted = d.byte() == 1
	if d.err {
		return "", time.Time{}, false, errCorrupt
	}
	return person, at, deleted, nil
}
