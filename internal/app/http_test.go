package app

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/storage"
)

func tempDB(t *testing.T) string { return filepath.Join(t.TempDir(), "fieldloop.db") }

// testToken is an admin token for the tests of the admin routes.
const testToken = "admin-token-for-the-tests-0123456789"

// healthProbe is a /healthz handler over db whose clock the test moves.
type healthProbe struct {
	t   *testing.T
	h   *healthz
	now time.Time
}

func newHealthProbe(t *testing.T, db *storage.DB) *healthProbe {
	p := &healthProbe{t: t, now: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}
	p.h = &healthz{db: db, logger: slog.New(slog.DiscardHandler), adapters: "chat (http)", token: testToken,
		now: func() time.Time { return p.now }, ping: db.Ping}
	return p
}

// check asks /healthz, with the admin token if token, and wants the status
// and every part of the body.
func (p *healthProbe) check(token bool, want int, body ...string) string {
	p.t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
	if token {
		req.Header.Set("Authorization", "Bearer "+testToken)
	}
	p.h.ServeHTTP(rec, req)
	for _, b := range body {
		if rec.Code != want || !strings.Contains(rec.Body.String(), b) {
			p.t.Errorf("healthz: %d %q, want %d %q", rec.Code, rec.Body.String(), want, b)
		}
	}
	return rec.Body.String()
}

// GET /healthz says 503 when the database cannot be written: not open,
// on a disk almost full, or open read-only (as after a disk turned
// read-only). Only the admin token's holder hears the details.
func TestHealthz(t *testing.T) {
	path := tempDB(t)
	db := storage.New(path)
	p := newHealthProbe(t, db)
	p.check(false, http.StatusServiceUnavailable, "database unavailable") // not open yet
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	p.now = p.now.Add(healthEvery)
	if body := p.check(false, http.StatusOK, "ok\n"); body != "ok\n" {
		t.Errorf("a stranger is told %q, want only ok", body)
	}
	p.check(true, http.StatusOK, "ok\ndatabase: writable\n", "MiB free", "adapters: chat (http)")
	if free, ok := db.DiskFree(); ok {
		db.MinFree = free * 4
		p.now = p.now.Add(healthEvery)
		p.check(false, http.StatusServiceUnavailable, "database unavailable: the disk is almost full")
	}
	db.Close()
	ro := storage.New(path)
	ro.ReadOnly = true
	if err := ro.Open(); err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	p = newHealthProbe(t, ro)
	p.check(false, http.StatusServiceUnavailable, "database unavailable")
}

// A flood of probes costs one commit per healthEvery, not one each.
func TestHealthzWritesAtMostEveryFewSeconds(t *testing.T) {
	db := storage.New(tempDB(t))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p := newHealthProbe(t, db)
	commits := 0
	p.h.ping = func(ctx context.Context) error { commits++; return db.Ping(ctx) }
	for range 2000 {
		p.now = p.now.Add(5 * time.Millisecond) // 2,000 probes over 10 s
		p.check(false, http.StatusOK, "ok")
	}
	if commits > 3 {
		t.Errorf("2000 probes over 10 s made %d commits", commits)
	}
}

// deadlineRecorder is a ResponseWriter that records the write deadlines
// set on it.
type deadlineRecorder struct {
	*httptest.ResponseRecorder
	deadlines []time.Time
}

func (d *deadlineRecorder) SetWriteDeadline(t time.Time) error {
	d.deadlines = append(d.deadlines, t)
	return nil
}

// A backup moves the write deadline before every write: it is cut when a
// write stalls, not when the whole takes longer than the server's write
// timeout for ordinary answers.
func TestBackupDeadlineFollowsProgress(t *testing.T) {
	rec := &deadlineRecorder{ResponseRecorder: httptest.NewRecorder()}
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	p := &progressWriter{w: rec, rc: http.NewResponseController(rec), window: backupWriteWindow, now: func() time.Time { return now }}
	for range 3 {
		if _, err := p.Write([]byte("page")); err != nil {
			t.Fatal(err)
		}
		now = now.Add(writeTimeout) // each write a whole write timeout after the last
	}
	if len(rec.deadlines) != 3 || rec.deadlines[2].Sub(rec.deadlines[0]) != 2*writeTimeout || rec.Body.String() != "pagepagepage" {
		t.Errorf("deadlines %v, body %q", rec.deadlines, rec.Body.String())
	}
	for i, d := range rec.deadlines {
		if want := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC).Add(time.Duration(i)*writeTimeout + backupWriteWindow); !d.Equal(want) {
			t.Errorf("deadline %d = %s, want %s", i, d, want)
		}
	}
}
