package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/export"
)

func TestCampaigns(t *testing.T) {
	cs := testCampaigns(shanghai)
	cs[0].Title = "=HYPERLINK(\"x\")"
	cs[0].Acks = map[string]time.Time{
		"bob":   time.Date(2026, 11, 2, 10, 0, 0, 0, shanghai),
		"alice": time.Date(2026, 11, 1, 9, 0, 0, 0, shanghai),
	}
	now := time.Date(2026, 11, 5, 20, 0, 0, 0, time.UTC) // the 6th in Shanghai

	var buf bytes.Buffer
	if err := export.Campaigns(&buf, export.JSONL, shanghai, cs, now); err != nil {
		t.Fatal(err)
	}
	type line struct {
		ID              uint64 `json:"id"`
		Kind            string `json:"kind"`
		Title           string `json:"title"`
		Start, End, At  string
		DurationMinutes int      `json:"duration_minutes"`
		Regions         []string `json:"regions"`
		Status          string   `json:"status"`
		Acks            []struct{ Person, At string }
	}
	var got []line
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var x line
		if err := json.Unmarshal([]byte(l), &x); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		got = append(got, x)
	}
	if len(got) != 4 {
		t.Fatalf("%d lines, want 4", len(got))
	}
	promo, training, cancelled := got[0], got[1], got[2]
	if promo.Kind != "promotion" || promo.Title != cs[0].Title || promo.Status != "active" || promo.Start != "2026-11-01" ||
		promo.End != "2026-11-11" || strings.Join(promo.Regions, ",") != "east" || promo.At != "" {
		t.Errorf("promotion = %+v", promo)
	}
	if len(promo.Acks) != 2 || promo.Acks[0].Person != "alice" || promo.Acks[0].At != "2026-11-01T09:00:00+08:00" || promo.Acks[1].Person != "bob" {
		t.Errorf("acks = %+v, want alice then bob, RFC 3339 in the org's zone", promo.Acks)
	}
	if training.Kind != bot.KindTraining || training.Status != "upcoming" || training.At != "2026-12-02T14:00:00+08:00" ||
		training.DurationMinutes != 90 || strings.Join(training.Regions, ",") != "all" || training.Acks == nil {
		t.Errorf("training = %+v", training)
	}
	if cancelled.Status != "cancelled" {
		t.Errorf("cancelled = %+v", cancelled)
	}

	buf.Reset()
	if err := export.Campaigns(&buf, export.CSV, shanghai, cs, now); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := strings.Join(rows[0], ",")
	if head != "id,kind,title,start,end,at,duration_minutes,regions,status,description,materials,where,topic,created_by,created_at,broadcast_at,acks,zone" {
		t.Errorf("header %s", head)
	}
	row := map[string]string{}
	for i, h := range rows[0] {
		row[h] = rows[1][i]
	}
	if row["acks"] != "alice@2026-11-01T09:00:00+08:00;bob@2026-11-02T10:00:00+08:00" || row["title"] != `'=HYPERLINK("x")` {
		t.Errorf("CSV row %v", row)
	}
	if err := export.Campaigns(&buf, "xml", shanghai, cs, now); err == nil {
		t.Error("format xml accepted")
	}
}
