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
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/export"
	"github.com/fieldloop/fieldloop/metrics"
	"github.com/fieldloop/fieldloop/storage"
)

// healthTimeout bounds the database write of GET /healthz.
const healthTimeout = 2 * time.Second

// calendarFeedPattern is the route of the regions' calendar feeds,
// /calendar/east.ics?token=… (a wildcard must be a whole path segment, so
// the handler takes the ".ics" off).
const calendarFeedPattern = "GET /calendar/{file}"

// routes adds fieldloop's own endpoints to mux: health, metrics, the
// calendar feeds and, with an admin token, the hot backup. The chat
// platforms add theirs when they start.
func (a *App) routes(mux *http.ServeMux, met *metrics.Metrics) {
	mux.Handle("GET /healthz", healthz(a.DB, a.Logger, a.Config.Modes()))
	mux.Handle("GET /metrics", met.Handler())
	mux.Handle(calendarFeedPattern, calendarFeed(a.Org, a.DB, a.DB, a.Now, a.Logger))
	if a.Config.AdminToken != "" {
		mux.Handle("GET /admin/backup", adminBackup(a.DB, a.Config.AdminToken, a.Logger))
	}
}

// healthz answers 200 when the database can be written (a small commit:
// a read would pass on a full disk or a read-only file), else 503; the
// body says so, and which chat adapters run.
func healthz(db *storage.DB, logger *slog.Logger, adapters string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if err := db.Ping(ctx); err != nil {
			logger.Warn("health check failed", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			msg := "database unavailable"
			if errors.Is(err, storage.ErrDiskLow) {
				msg += ": the disk is almost full"
			}
			fmt.Fprintln(w, msg)
			return
		}
		fmt.Fprintln(w, "ok")
		fmt.Fprintln(w, "database: writable")
		if free, ok := db.DiskFree(); ok {
			fmt.Fprintf(w, "disk: %d MiB free\n", free>>20)
		}
		fmt.Fprintln(w, "adapters: "+adapters)
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
		// The address holds a secret: no shared cache may keep the answer.
		h.Set("Cache-Control", "private, no-cache")
		h.Set("Referrer-Policy", "no-referrer")
		_, _ = w.Write(body.Bytes())
	})
}

// adminBackup serves GET /admin/backup: a consistent copy of the database
// while the bot runs, for `fieldloop backup`. It needs the admin token as
// a bearer token; without one configured, the route is not served at all.
func adminBackup(db *storage.DB, token string, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		given, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(given), []byte(token)) != 1 {
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
