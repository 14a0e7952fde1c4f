package app

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fieldloop/fieldloop/storage"
)

func tempDB(t *testing.T) string { return filepath.Join(t.TempDir(), "fieldloop.db") }

// GET /healthz says 503 when the database cannot be written: not open,
// on a disk almost full, or open read-only (as after a disk turned
// read-only).
func TestHealthz(t *testing.T) {
	logger := slog.New(slog.DiscardHandler)
	path := tempDB(t)
	db := storage.New(path)
	h := healthz(db, logger, "slack (http)")
	check := func(want int, body ...string) {
		t.Helper()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		for _, b := range body {
			if rec.Code != want || !strings.Contains(rec.Body.String(), b) {
				t.Errorf("healthz: %d %q, want %d %q", rec.Code, rec.Body.String(), want, b)
			}
		}
	}
	check(http.StatusServiceUnavailable, "database unavailable") // not open yet
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	check(http.StatusOK, "ok\ndatabase: writable\n", "MiB free", "adapters: slack (http)")
	if free, ok := db.DiskFree(); ok {
		db.MinFree = free * 4
		check(http.StatusServiceUnavailable, "database unavailable: the disk is almost full")
	}
	db.Close()
	ro := storage.New(path)
	ro.ReadOnly = true
	if err := ro.Open(); err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	h = healthz(ro, logger, "slack (http)")
	check(http.StatusServiceUnavailable, "database unavailable")
}
