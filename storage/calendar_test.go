package storage

import (
	"path/filepath"
	"regexp"
	"sync"
	"testing"
)

var tokenShape = regexp.MustCompile(`^[A-Za-z0-9_-]{32}$`)

// A region's token is made once, on demand, and is the same after a
// restart; asking without create never makes one.
func TestCalendarToken(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fieldloop.db")
	db := openAt(t, path)
	ctx := t.Context()
	if tok, err := db.CalendarToken(ctx, "east", false); err != nil || tok != "" {
		t.Fatalf("before any: %q, %v; want none", tok, err)
	}
	east, err := db.CalendarToken(ctx, "east", true)
	if err != nil || !tokenShape.MatchString(east) {
		t.Fatalf("created %q, %v; want 32 URL-safe characters", east, err)
	}
	north, _ := db.CalendarToken(ctx, "north", true)
	if north == east || !tokenShape.MatchString(north) {
		t.Errorf("north's token %q should be its own", north)
	}
	if again, _ := db.CalendarToken(ctx, "east", true); again != east {
		t.Errorf("second create gave %q, want the first, %q", again, east)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openAt(t, path)
	if got, err := db.CalendarToken(ctx, "east", false); err != nil || got != east {
		t.Errorf("after reopening: %q, %v; want %q", got, err, east)
	}
}

// Requests racing to create the first token all get the same one.
func TestCalendarTokenRace(t *testing.T) {
	db := openTemp(t)
	tokens := make([]string, 8)
	var wg sync.WaitGroup
	for i := range tokens {
		wg.Go(func() {
			tok, err := db.CalendarToken(t.Context(), "east", true)
			if err != nil {
				t.Error(err)
			}
			tokens[i] = tok
		})
	}
	wg.Wait()
	for _, tok := range tokens {
		if tok != tokens[0] || tok == "" {
			t.Fatalf("tokens differ: %q", tokens)
		}
	}
}
