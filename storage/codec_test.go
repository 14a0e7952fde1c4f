package storage

import (
	"encoding/binary"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

func TestReportCodec(t *testing.T) {
	r := &bot.Report{ID: 42, Kind: "sales", Person: "alice", Region: "east", Version: 3, Deleted: true,
		CreatedAt: time.Date(2026, 11, 28, 4, 0, 0, 123, time.UTC), UpdatedAt: time.Date(2026, 11, 28, 5, 0, 0, 0, time.UTC),
		DeletedAt: time.Date(2026, 11, 28, 6, 0, 0, 0, time.UTC), Platform: "chat-a", RequestID: "trigger-1",
		Fields: map[string]bot.Value{"outlet": {Text: "华联, \"Pudong\"", Ref: "O-0012"}, "units": {Num: 0}, "amount": {Num: -5}}}
	got, err := decodeReport(encodeReport(r))
	if err != nil || !reflect.DeepEqual(got, r) {
		t.Errorf("round trip:\n%+v\n%+v, %v", got, r, err)
	}
	if k, p, reg, ok := reportHeader(encodeReport(r)); !ok || string(k) != "sales" || string(p) != "alice" || string(reg) != "east" {
		t.Errorf("header: %s %s %s %v", k, p, reg, ok)
	}
	for _, data := range [][]byte{encodeReport(r), mustJSON(t, r)} {
		if p, at, del, err := reportFiled(data); err != nil || p != "alice" || !at.Equal(r.CreatedAt) || !del {
			t.Errorf("filed: %s %v %v %v", p, at, del, err)
		}
	}
	if _, _, _, err := reportFiled(encodeReport(r)[:12]); err == nil {
		t.Errorf("a cut report's filing read")
	}
	empty := &bot.Report{ID: 1, Fields: map[string]bot.Value{}}
	if got, err := decodeReport(encodeReport(empty)); err != nil || !reflect.DeepEqual(got, empty) {
		t.Errorf("zero report: %+v, %v", got, err)
	}
	// Extensions a later version adds are skipped.
	later := appendString(binary.AppendUvarint(encodeReport(r), 99), "from the future")
	if got, err := decodeReport(later); err != nil || !reflect.DeepEqual(got, r) {
		t.Errorf("with an unknown extension: %+v, %v", got, err)
	}
	// Reports written in the first binary form are still read.
	v1 := []byte{reportV1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 'u', 0, 6}
	if got, err := decodeReport(v1); err != nil || got.Fields["u"] != (bot.Value{Num: 3}) || got.ChangedBy != "" {
		t.Errorf("v1: %+v, %v", got, err)
	}
	// Reports written as JSON by an earlier version are still read.
	old, _ := json.Marshal(r)
	if got, err := decodeReport(old); err != nil || got.Fields["outlet"] != r.Fields["outlet"] || !got.CreatedAt.Equal(r.CreatedAt) {
		t.Errorf("legacy JSON: %+v, %v", got, err)
	}
	for _, bad := range [][]byte{nil, {0x03}, {reportV2}, {reportV1}, encodeReport(r)[:10], append(encodeReport(r)[:20], 0xff, 0xff, 0xff)} {
		if _, err := decodeReport(bad); err == nil {
			t.Errorf("decodeReport(%x) accepted", bad)
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func FuzzDecodeReport(f *testing.F) {
	f.Add(encodeReport(&bot.Report{ID: 7, Kind: "sales", Fields: map[string]bot.Value{"units": {Num: 3}}}))
	f.Add([]byte(`{"ID":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := decodeReport(data)
		if err == nil && data[0] != '{' {
			if again, err := decodeReport(encodeReport(r)); err != nil || !reflect.DeepEqual(again, r) {
				t.Errorf("re-encoding changed %+v into %+v (%v)", r, again, err)
			}
		}
	})
}
