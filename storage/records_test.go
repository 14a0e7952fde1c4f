package storage

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fieldloop/fieldloop/bot"
)

func recordIDs(t *testing.T, db *DB, kind bot.RecordKind) []string {
	t.Helper()
	recs, err := db.Records(t.Context(), kind)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range recs {
		ids = append(ids, r.ID)
	}
	return ids
}

func TestPutRecordsGivesIDsPerKind(t *testing.T) {
	db := openTemp(t)
	lat := 31.2
	recs := []*bot.Record{
		{Kind: bot.RecordOutlet, Name: "Carrefour Gubei", NameAlt: "家乐福古北", Aliases: []string{"CF Gubei"}, Lat: &lat},
		{Kind: bot.RecordCustomer, Name: "Hualian"},
		{Kind: bot.RecordOutlet, Name: "Lawson Jing'an"},
		{Kind: bot.RecordProduct, Name: "Oolong 500ml", ListPrice: 450},
	}
	if err := db.PutRecords(t.Context(), recs); err != nil {
		t.Fatal(err)
	}
	if got := []string{recs[0].ID, recs[1].ID, recs[2].ID, recs[3].ID}; !slices.Equal(got, []string{"O-0001", "C-0001", "O-0002", "P-0001"}) {
		t.Fatalf("ids %v", got)
	}
	got, err := db.Record(t.Context(), bot.RecordOutlet, "O-0001")
	if err != nil {
		t.Fatal(err)
	}
	if got.NameAlt != "家乐福古北" || got.Aliases[0] != "CF Gubei" || *got.Lat != 31.2 || !got.UpdatedAt.Equal(fixedNow) {
		t.Errorf("read back %+v", got)
	}
	if _, err := db.Record(t.Context(), bot.RecordCustomer, "O-0001"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("an outlet id read as a customer: %v, want not found", err)
	}
}

func TestRecordIDsAreNeverReused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fieldloop.db")
	db := openAt(t, path)
	put := func(recs ...*bot.Record) {
		t.Helper()
		if err := db.PutRecords(t.Context(), recs); err != nil {
			t.Fatal(err)
		}
	}
	put(&bot.Record{Kind: bot.RecordOutlet, Name: "a"}, &bot.Record{Kind: bot.RecordOutlet, Name: "b"})
	// An imported id of the generated form moves the sequence past it.
	put(&bot.Record{Kind: bot.RecordOutlet, ID: "O-0041", Name: "imported"}, &bot.Record{Kind: bot.RecordOutlet, ID: "SH-7", Name: "own id"})
	removed := &bot.Record{Kind: bot.RecordOutlet, Name: "c"}
	put(removed)
	if removed.ID != "O-0042" {
		t.Fatalf("after O-0041 came %s", removed.ID)
	}
	removed.RemovedAt = fixedNow
	put(removed)
	next := &bot.Record{Kind: bot.RecordOutlet, Name: "d"}
	put(next)
	if next.ID != "O-0043" {
		t.Errorf("after a removal came %s, want O-0043", next.ID)
	}
	want := []string{"O-0001", "O-0002", "O-0041", "O-0042", "O-0043", "SH-7"}
	if got := recordIDs(t, db, bot.RecordOutlet); !slices.Equal(got, want) {
		t.Errorf("outlets %v, want %v", got, want)
	}
}

func TestPutRecordsAllOrNothing(t *testing.T) {
	db := openTemp(t)
	for _, bad := range []*bot.Record{
		{Kind: "shop", Name: "an unknown kind"},
		{Kind: bot.RecordOutlet, ID: strings.Repeat("x", 40000), Name: "a key bbolt refuses"},
	} {
		if err := db.PutRecords(t.Context(), []*bot.Record{{Kind: bot.RecordOutlet, Name: "a"}, bad}); err == nil {
			t.Fatalf("%s was saved", bad.Name)
		}
	}
	if got := recordIDs(t, db, bot.RecordOutlet); len(got) != 0 {
		t.Errorf("saved %v of a refused batch", got)
	}
	ok := &bot.Record{Kind: bot.RecordOutlet, Name: "a"}
	if err := db.PutRecords(t.Context(), []*bot.Record{ok}); err != nil || ok.ID != "O-0001" {
		t.Errorf("after a refused batch: %v, id %s", err, ok.ID)
	}
}

func TestCompareIDs(t *testing.T) {
	ids := []string{"O-10000", "O-0002", "SH-7", "O-9999", "O-0010", "O-10", "C-0001"}
	recs := make([]*bot.Record, len(ids))
	for i, id := range ids {
		recs[i] = &bot.Record{ID: id}
	}
	bot.SortRecords(recs)
	var got []string
	for _, r := range recs {
		got = append(got, r.ID)
	}
	want := []string{"C-0001", "O-0002", "O-0010", "O-10", "O-9999", "O-10000", "SH-7"}
	if !slices.Equal(got, want) {
		t.Errorf("sorted %v, want %v", got, want)
	}
}
