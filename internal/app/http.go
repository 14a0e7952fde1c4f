package app

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/export"
	"github.com/fieldloop/fieldloop/metrics"
	"github.com/fieldloop/fieldloop/storage"
)

// healthTimeout bounds the database write of GET /healthz.
const healthTimeout = 2 * time.Second

// healthEvery is how often at most /healthz writes to the database to
// prove it can: probes in between get the last answer, so that a flood of
// probes costs a commit every few seconds, not one each.
const healthEvery = 5 * time.Second

// calendarFeedPattern is the route of the regions' calendar feeds,
// /calendar/east.ics?token=… (a wildcard must be a whole path segment, so
// the handler takes the ".ics" off).
const calendarFeedPattern = "GET /calendar/{file}"

// routes adds fieldloop's own endpoints to mux: health, metrics, the
// calendar feeds and, with an admin token, the hot backup. The chat
// platforms add theirs when they start.
func (a *App) routes(mux *http.ServeMux, met *metrics.Metrics) {
	mux.Handle("GET /healthz", &healthz{db: a.DB, logger: a.Logger, adapters: a.Config.Modes(), token: a.Config.AdminToken,
		now: time.Now, ping: a.DB.Ping})
	mux.Handle("GET /metrics", met.Handler())
	mux.Handle(calendarFeedPattern, calendarFeed(a.Org, a.DB, a.DB, a.Now, a.Logger))
	if a.Config.AdminToken != "" {
		mux.Handle("GET /admin/backup", adminBackup(a.DB, a.Config.AdminToken, a.Logger))
	}
}

// healthz answers GET /healthz: 200 "ok" when the database can be written
// (a small commit: a read would pass on a full disk or a read-only file),
// else 503 and the reason. It tells strangers nothing more; with the
// admin token as a bearer token the answer adds the disk's free space and
// the chat adapters that run.
type healthz struct {
	db       *storage.DB
	logger   *slog.Logger
	adapters string
	token    string // the admin token; "" gives no details to anyone
	now      func() time.Time
	// ping is the probe write: db.Ping, or a test's count of them.
	ping func(context.Context) error

	mu      sync.Mutex // one probe write at a time
	checked time.Time  // when the last probe wrote
	err     error      // what it found
}

func (h *healthz) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := h.check(r.Context()); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		msg := "database unavailable"
		if errors.Is(err, storage.ErrDiskLow) {
			msg += ": the disk is almost full"
		}
		fmt.Fprintln(w, msg)
		return
	}
	fmt.Fprintln(w, "ok")
	if !bearer(r, h.token) {
		return
	}
	fmt.Fprintln(w, "database: writable")
	if free, ok := h.db.DiskFree(); ok {
		fmt.Fprintf(w, "disk: %d MiB free\n", free>>20)
	}
	fmt.Fprintln(w, "adapters: "+h.adapters)
}

// check writes to the database unless it did less than healthEvery ago,
// and returns what the last write found.
func (h *healthz) check(ctx context.Context) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if now := h.now(); h.checked.IsZero() || now.Sub(h.checked) >= healthEvery || now.Before(h.checked) {
		ctx, cancel := context.WithTimeout(ctx, healthTimeout)
		defer cancel()
		h.err = h.ping(ctx)
		if h.err != nil {
			h.logger.Warn("health check failed", "err", h.err)
		}
		h.checked = now
	}
	return h.err
}

// bearer reports whether r carries token as its bearer token, compared in
// constant time; never when token is "".
func bearer(r *http.Request, token string) bool {
	given, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && token != "" && subtle.ConstantTimeCompare([]byte(given), []byte(token)) == 1
}

// secureHeaders sets the headers every answer carries: no browser may
// guess a type other than the one given.
func secureHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		h.ServeHTTP(w, r)
	})
}

// calendarFeed serves GET /calendar/{region}.ics?token=…: the iCalendar of
// the campaigns and trainings concerning the region, for calendar
// applications to subscribe to. A wrong or missing token, an unknown
// region and a region without a token all get the same 404 as any unknown
// path, so that the answer does not tell which regions exist. Tokens are
// compared in constant time, and never logged.
func calendarFeed(org *bot.Org, tokens bot.CalendarTokenStore, campaigns bot.CampaignStore, now func() time.Time, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, isICS := strings.CutSuffix(r.PathValue("file"), ".ics")
		given := r.URL.Query().Get("token")
		region := org.Region(id)
		want := ""
		if region != nil && isICS {
			var err error
			if want, err = bot.FeedToken(r.Context(), tokens, region, false); err != nil {
				logger.Error("calendar feed: read token", "region", id, "err", err)
				http.Error(w, "temporarily unavailable", http.StatusServiceUnavailable)
				return
			}
		}
		if want == "" || subtle.ConstantTimeCompare([]byte(given), []byte(want)) != 1 {
			http.NotFound(w, r)
			return
		}
		all, err := campaigns.Campaigns(r.Context())
		if err != nil {
			logger.Error("calendar feed: read campaigns", "region", id, "err", err)
			http.Error(w, "temporarily unavailable", http.StatusServiceUnavailable)
			return
		}
		var body bytes.Buffer
		if err := export.Calendar(&body, org, bot.CampaignsIn(org, all, id), now(), bot.FeedName(org, id, org.Language)); err != nil {
			logger.Error("calendar feed: write", "region", id, "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/calendar; charset=utf-8")
		h.Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s.ics"`, id))
		// The address holds a secret: no cache may keep the answer.
		h.Set("Cache-Control", "no-store")
		h.Set("Referrer-Policy", "no-referrer")
		_, _ = w.Write(body.Bytes())
	})
}

// adminBackup serves GET /admin/backup: a consistent copy of the database
// while the bot runs, for `fieldloop backup`. It needs the admin token as
// a bearer token; without one configured, the route is not served at all.
func adminBackup(db *storage.DB, token string, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !bearer(r, token) {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", `attachment; filename="fieldloop.db"`)
		n, err := db.Backup(w)
		if err != nil {
			logger.Error("backup", "err", err, "bytes", n)
			return // the status is sent; a short body tells the client
		}
		logger.Info("backup taken", "bytes", n)
	})
}
