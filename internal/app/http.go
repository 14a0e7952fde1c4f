package app

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/export"
	"github.com/fieldloop/fieldloop/metrics"
	"github.com/fieldloop/fieldloop/storage"
	"golang.org/x/time/rate"
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
	mux.Handle(calendarFeedPattern, calendarFeed(a.Live, a.DB, a.DB, a.Now, a.Logger))
	if a.Config.AdminAddr == "" {
		a.adminRoutes(mux)
	}
}

// adminRoutes adds the admin routes to mux, when an admin token is set:
// on the public address, or on FIELDLOOP_ADMIN_ADDR's of their own.
func (a *App) adminRoutes(mux *http.ServeMux) {
	if a.Config.AdminToken == "" {
		return
	}
	guard := &adminGuard{token: a.Config.AdminToken, logger: a.Logger, failures: rate.NewLimiter(adminFailures, adminFailureBurst)}
	mux.Handle("GET /admin/backup", guard.check(adminBackup(a.DB, a.Logger)))
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
func calendarFeed(live *bot.LiveOrg, tokens bot.CalendarTokenStore, campaigns bot.CampaignStore, now func() time.Time, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		org := live.Load()
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

// The pace of wrong admin tokens: after a burst, one a second, so that a
// guess at the token takes for ever; a right one is never slowed while
// guesses are not being made.
const (
	adminFailures     = rate.Limit(1)
	adminFailureBurst = 10
)

// adminGuard lets through the requests that carry the admin token, and
// logs and slows the ones that do not.
type adminGuard struct {
	token    string
	logger   *slog.Logger
	failures *rate.Limiter
}

func (g *adminGuard) check(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if g.failures.Tokens() < 1 {
			// Guessing: refuse before comparing anything.
			g.logger.Warn("admin route refused: too many wrong tokens", "path", r.URL.Path, "remote", r.RemoteAddr)
			http.Error(w, "too many failed attempts; try again later", http.StatusTooManyRequests)
			return
		}
		if !bearer(r, g.token) {
			g.failures.Allow()
			g.logger.Warn("admin route refused: wrong or missing token", "path", r.URL.Path, "remote", r.RemoteAddr)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// backupWriteWindow is how long one write of a backup may take: a backup
// streams for as long as it makes progress, whatever the server's write
// timeout for ordinary answers.
const backupWriteWindow = 30 * time.Second

// adminBackup serves GET /admin/backup: a consistent copy of the database
// while the bot runs, for `fieldloop backup`. adminGuard checks the token.
func adminBackup(db *storage.DB, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", `attachment; filename="fieldloop.db"`)
		n, err := db.Backup(&progressWriter{w: w, rc: http.NewResponseController(w), window: backupWriteWindow, now: time.Now})
		if err != nil {
			logger.Error("backup", "err", err, "bytes", n)
			return // the status is sent; a short body tells the client
		}
		logger.Info("backup taken", "bytes", n)
	})
}

// progressWriter moves a response's write deadline before each write, so
// that a long answer is cut only when a write stalls, not when the whole
// takes longer than the server's write timeout.
type progressWriter struct {
	w      io.Writer
	rc     *http.ResponseController
	window time.Duration
	now    func() time.Time
}

func (p *progressWriter) Write(b []byte) (int, error) {
	if err := p.rc.SetWriteDeadline(p.now().Add(p.window)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return 0, err
	}
	return p.w.Write(b)
}
