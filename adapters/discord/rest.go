package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// DefaultAPIURL is the base of Discord's REST API that Config.APIURL
// replaces.
const DefaultAPIURL = "https://discord.com/api/v10"

// rest calls Discord's REST API. It is small on purpose: discordgo's own
// REST methods sleep through rate limits with the real clock and ignore
// the context, lose the "global" flag of a 429, and cannot send
// enforce_nonce; the outbox wants to schedule retries itself.
type rest struct {
	base   string // no trailing slash
	token  string // "Bot …"
	http   *http.Client
	limits *limiter
}

// APIError is a non-2xx answer from Discord.
type APIError struct {
	Status     int
	Code       int    // Discord's JSON error code, 10003 Unknown Channel and so on
	Message    string // Discord's message, for logs
	RetryAfter time.Duration
	Global     bool // a 429 for the whole bot, not one route
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("discord: HTTP %d", e.Status)
	if e.Code != 0 {
		s += fmt.Sprintf(" code %d", e.Code)
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Status == http.StatusTooManyRequests {
		s += fmt.Sprintf(" (retry after %s", e.RetryAfter)
		if e.Global {
			s += ", global"
		}
		s += ")"
	}
	return s
}

// do sends body as JSON to path (below the base URL) and decodes the
// answer into out, if out is not nil, once Discord's rate limits let it
// go (see doBy). Paths under /interactions and /webhooks carry their own
// token in the path and are sent without the bot's.
func (r *rest) do(ctx context.Context, method, path string, body, out any) error {
	return r.doBy(ctx, time.Time{}, method, path, body, out)
}

// doBy is do for a request that must go by a time (when by is set) and
// before ctx's deadline: if the rate limits would hold it past either, it
// is not sent, and a *waitError says for how long they would have. A 429
// is returned as it came, once the limits have learnt from it.
func (r *rest) doBy(ctx context.Context, by time.Time, method, path string, body, out any) error {
	var b []byte
	if body != nil {
		var err error
		if b, err = json.Marshal(body); err != nil {
			return fmt.Errorf("encode %s %s: %w", method, routeOf(path), err)
		}
	}
	if d, ok := ctx.Deadline(); ok {
		// The deadline is on the real clock; by is on the limiter's.
		if end := r.limits.now().Add(time.Until(d)); by.IsZero() || end.Before(by) {
			by = end
		}
	}
	t, err := r.limits.acquire(ctx, method, path, by)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, routeOf(path), err)
	}
	h, err := r.send(ctx, method, path, b, out)
	var api *APIError
	if !errors.As(err, &api) || api.Status != http.StatusTooManyRequests {
		api = nil
	}
	t.done(h, api)
	return err
}

// send makes one request, with body as JSON unless it is nil, and
// returns the answer's headers (nil if none came).
func (r *rest) send(ctx context.Context, method, path string, body []byte, out any) (http.Header, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, r.base+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if botRoute(path) {
		req.Header.Set("Authorization", r.token)
	}
	req.Header.Set("User-Agent", "DiscordBot (https://github.com/fieldloop/fieldloop, 1)")
	resp, err := r.http.Do(req)
	if err != nil {
		// The URL may hold an interaction token: name the route only.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("%s %s: %w", method, routeOf(path), err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return resp.Header, fmt.Errorf("%s %s: read answer: %w", method, routeOf(path), err)
	}
	if resp.StatusCode/100 != 2 {
		return resp.Header, apiError(resp, data)
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return resp.Header, fmt.Errorf("%s %s: decode answer: %w", method, routeOf(path), err)
		}
	}
	return resp.Header, nil
}

// routeOf returns path without the ids and tokens in it, for errors and
// logs: "/webhooks/…/…/messages/@original" says enough.
func routeOf(path string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if len(p) > 16 || (p != "" && strings.Trim(p, "0123456789") == "") {
			parts[i] = "…"
		}
	}
	return strings.Join(parts, "/")
}

// apiError reads a failed answer. A 429 says how long to wait in its body
// (retry_after, in seconds with a fraction), in Retry-After (whole
// seconds) and, for a bucket, in X-RateLimit-Reset-After; the body's is
// the most precise, and the bucket's reset the last resort.
func apiError(resp *http.Response, body []byte) *APIError {
	var b struct {
		Message    string   `json:"message"`
		Code       int      `json:"code"`
		RetryAfter *float64 `json:"retry_after"`
		Global     bool     `json:"global"`
	}
	_ = json.Unmarshal(body, &b)
	e := &APIError{Status: resp.StatusCode, Code: b.Code, Message: b.Message}
	if resp.StatusCode == http.StatusTooManyRequests {
		e.Global = b.Global || resp.Header.Get("X-RateLimit-Global") == "true" || resp.Header.Get("X-RateLimit-Scope") == "global"
		if b.RetryAfter != nil && *b.RetryAfter >= 0 {
			e.RetryAfter = time.Duration(math.Ceil(*b.RetryAfter*1000)) * time.Millisecond
		} else if d, ok := parseSeconds(resp.Header.Get("Retry-After")); ok {
			e.RetryAfter = d
		} else if d, ok := parseSeconds(resp.Header.Get("X-RateLimit-Reset-After")); ok {
			e.RetryAfter = d
		}
		if e.RetryAfter <= 0 {
			e.RetryAfter = time.Second
		}
	}
	return e
}

// classify turns a REST error into what the outbox understands: wait out
// a rate limit, give up on what retrying cannot fix (any other 4xx: an
// unknown channel, missing access, a user who does not take direct
// messages), retry the rest (5xx, network errors).
func classify(err error) error {
	var api *APIError
	var wait *waitError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &api) && api.Status == http.StatusTooManyRequests:
		return &bot.RetryAfterError{After: api.RetryAfter, Global: api.Global, Err: err}
	case errors.As(err, &wait):
		return &bot.RetryAfterError{After: wait.after, Global: wait.global, Err: err}
	case errors.As(err, &api) && api.Status >= 400 && api.Status < 500:
		return &bot.PermanentError{Err: err}
	}
	return err
}

// escapePath escapes one path segment (an id or a token).
func escapePath(s string) string { return url.PathEscape(s) }
