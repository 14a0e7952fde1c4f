package storage

import (
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// ReportTimes gives each person's reports of a kind in (after, through],
// oldest first, without deleted ones or other kinds.
func TestReportTimes(t *testing.T) {
	db := openTemp(t)
	at := func(h int) time.Time { return fixedNow.Add(time.Duration(h) * time.Hour) }
	for _, r := range []*bot.Report{
		{Kind: "sales", Person: "bob", CreatedAt: at(3)},
		{Kind: "sales", Person: "bob", CreatedAt: at(1)},
		{Kind: "sales", Person: "bob", CreatedAt: at(2)},
		{Kind: "sales", Person: "alice", CreatedAt: at(0)}, // at after: left out
		{Kind: "sales", Person: "alice", CreatedAt: at(4)}, // at through: in
		{Kind: "sales", Person: "alice", CreatedAt: at(5)},
		{Kind: "payment", Person: "carl", CreatedAt: at(2)},
		{Kind: "sales", Person: "dan", CreatedAt: at(2)},
	} {
		if err := db.CreateReport(t.Context(), r, nil); err != nil {
			t.Fatal(err)
		}
	}
	dan, _ := db.Report(t.Context(), 8)
	dan.Deleted, dan.Version = true, dan.Version+1
	if err := db.UpdateReport(t.Context(), dan, nil); err != nil {
		t.Fatal(err)
	}
	got, err := db.ReportTimes(t.Context(), "sales", at(0), at(4))
	if err != nil {
		t.Fatal(err)
	}
	bob := got["bob"]
	if len(got) != 2 || len(bob) != 3 || !bob[0].Equal(at(1)) || !bob[2].Equal(at(3)) || len(got["alice"]) != 1 || !got["alice"][0].Equal(at(4)) {
		t.Errorf("report times: %v", got)
	}
}
