package main

import (
	"bytes"
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/export"
)

// calendarFeedPattern is the route of the regions' calendar feeds,
// /calendar/east.ics?token=… (a wildcard must be a whole path segment, so
// the handler takes the ".ics" off).
const calendarFeedPattern = "GET /calendar/{file}"

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

// checkPublicURL accepts "" or an absolute http(s) URL with a host and no
// query or fragment: the address at which the server is reached from
// outside, which /calendar link puts in front of a feed's path.
func checkPublicURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return usageError{fmt.Errorf("--public-url / FIELDLOOP_PUBLIC_URL: %q is not the server's public address, "+
			"an http:// or https:// URL such as https://fieldloop.example.com", s)}
	}
	return nil
}
