// Package discordtest is fieldloop's fake Discord, for tests only. It
// owns Discord's side of every exchange: a REST API server (httptest, or
// in process) under /api/v10 that speaks the routes fieldloop calls,
// records every call, keeps Discord's rate limits (buckets announced in
// X-RateLimit-* headers, the global limit) and answers them, or a test's
// script, with Discord's published 429s; a gateway that identifies a bot
// and carries the interactions a test dispatches; and the signing of
// interactions as Discord signs them.
package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/internal/kit"
)

// apiPath is the prefix of Discord's REST routes, version 10.
const apiPath = "/api/v10"

// Channel ids whose message posts fail as Discord's do.
const (
	UnknownChannel = "10003" // 404 {"code": 10003, "message": "Unknown Channel"}
	MissingAccess  = "50001" // 403 {"code": 50001, "message": "Missing Access"}
	BrokenChannel  = "500"   // 502 with no body, as from a proxy in front of Discord
)

// Server is a fake Discord REST API, on a loopback port (New) or in
// process (NewInProcess). It answers command registration
// (PUT …/commands, with what it was sent), GET /applications/@me,
// GET /gateway, interaction callbacks, webhook follow-ups and @original
// edits, DM channel creation and channel message posts. Every answer
// carries the X-RateLimit-* headers of its route's bucket (see Limit).
// Set its fields before the calls they concern.
type Server struct {
	// URL is the server's base URL, "http://127.0.0.1:port", or
	// "http://discord.test" in process.
	URL string
	// AppID is the application id GET /applications/@me gives;
	// "100000000000000001" unless set.
	AppID string
	// Gateway is the WebSocket address GET /gateway gives. With none,
	// GET /gateway refuses the token with a 401, as Discord does.
	Gateway string

	// Now is the fake's clock, which times the buckets and the global
	// limit; time.Now (a synctest bubble's clock inside one) unless set.
	Now func() time.Time

	tb  testing.TB
	srv *httptest.Server
	log kit.Log[Call]

	mu      sync.Mutex
	scripts []script // the 429s a test asked for, in the order given
	limits  limits
}

// Call is one request the fake received.
type Call struct {
	Method string
	Path   string // below /api/v10: "/channels/900000000000000001/messages"
	Auth   string // the Authorization header
	Body   json.RawMessage
	At     time.Time // by the fake's clock
	Status int       // the status the fake answered with
	// Early is set on a request that came while the fake had said its
	// bucket was empty (X-RateLimit-Remaining: 0, before the reset), or
	// during a 429's Retry-After for its route or for every route (a
	// global one). Discord counts such a request as invalid.
	Early bool
}

// JSON returns the call's body as an object, failing tb if it is not
// one.
func (c Call) JSON(tb testing.TB) map[string]any {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal(c.Body, &m); err != nil {
		tb.Fatalf("%s %s: %v: %s", c.Method, c.Path, err, c.Body)
	}
	return m
}

// Limit is one of the 429s Discord publishes (rate-limits.mdx,
// platform-examples.md §0.7), with its headers and body as published.
type Limit int

const (
	// UserLimit is the example of a user's limit on one route: retry
	// after 64.57 s.
	UserLimit Limit = iota + 1
	// GlobalLimit is the example of the global limit, for every route:
	// retry after 64.57 s.
	GlobalLimit
	// SharedLimit is the example of a resource's shared limit: retry
	// after 1336.57 s.
	SharedLimit
)

// limited is the published answer of each Limit.
var limited = map[Limit]struct {
	headers    [][2]string
	body       string
	retryAfter float64 // the body's, in seconds
}{
	UserLimit: {[][2]string{{"Retry-After", "65"}, {"X-RateLimit-Limit", "10"}, {"X-RateLimit-Remaining", "0"},
		{"X-RateLimit-Reset", "1470173023.123"}, {"X-RateLimit-Reset-After", "64.57"}, {"X-RateLimit-Bucket", "abcd1234"},
		{"X-RateLimit-Scope", "user"}},
		`{"message": "You are being rate limited.", "retry_after": 64.57, "global": false}`, 64.57},
	GlobalLimit: {[][2]string{{"Retry-After", "65"}, {"X-RateLimit-Global", "true"}, {"X-RateLimit-Scope", "global"}},
		`{"message": "You are being rate limited.", "retry_after": 64.57, "global": true}`, 64.57},
	SharedLimit: {[][2]string{{"Retry-After", "1337"}, {"X-RateLimit-Scope", "shared"}},
		`{"message": "You are being rate limited.", "retry_after": 1336.57, "global": false}`, 1336.57},
}

var _ http.Handler = (*Server)(nil)

// New starts a fake Discord on a loopback port, which tb closes when
// done. Unexpected calls (a route it does not speak) fail tb.
func New(tb testing.TB) *Server {
	s := newServer(tb)
	s.srv = httptest.NewServer(s)
	s.URL = s.srv.URL
	tb.Cleanup(s.srv.Close)
	return s
}

// NewInProcess returns a fake Discord that only Client reaches: no socket,
// so that it can serve a test in a synctest bubble, where a goroutine
// waiting on the network would keep the bubble's clock from moving.
func NewInProcess(tb testing.TB) *Server {
	s := newServer(tb)
	s.URL = "http://discord.test"
	return s
}

func newServer(tb testing.TB) *Server {
	return &Server{tb: tb, AppID: "100000000000000001", limits: newLimits()}
}

// Client returns a client that hands its requests to the fake in
// process, whatever their host.
func (s *Server) Client() *http.Client { return InProcess(s) }

// InProcess returns a client that hands its requests to h in process,
// whatever their host: fieldloop's own endpoint, for a test in a
// synctest bubble.
func InProcess(h http.Handler) *http.Client {
	return &http.Client{Transport: inProcess{h}}
}

// inProcess serves a request with a handler, without a network.
type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	r := req.Clone(req.Context())
	if r.Body == nil {
		r.Body = http.NoBody
	}
	w := httptest.NewRecorder()
	t.h.ServeHTTP(w, r)
	return w.Result(), nil
}

// APIURL is the REST API's base URL, as the adapter's APIURL wants it:
// ".../api/v10", with no "/" at the end.
func (s *Server) APIURL() string { return s.URL + apiPath }

// Calls returns the calls whose method and path start with prefix
// ("POST /webhooks/"), in order; every call for "".
func (s *Server) Calls(prefix string) []Call {
	return s.log.Match(startsWith(prefix))
}

// Await waits until n calls whose method and path start with prefix have
// come and returns them all; it fails the test after kit.Patience.
func (s *Server) Await(tb testing.TB, prefix string, n int) []Call {
	tb.Helper()
	return s.log.Await(tb, prefix, n, startsWith(prefix))
}

// startsWith matches the calls whose method and path start with prefix.
func startsWith(prefix string) func(Call) bool {
	return func(c Call) bool { return strings.HasPrefix(c.Method+" "+c.Path, prefix) }
}

// RateLimit answers the coming channel message posts with limits, in
// order, one post each.
func (s *Server) RateLimit(limits ...Limit) { s.RateLimitCalls("POST /channels/", limits...) }

// RateLimitCalls answers the coming calls whose method and path start
// with prefix ("POST /webhooks/") with limits, in order, one call each;
// a 0 lets its call through, so that RateLimitCalls(p, 0, UserLimit)
// limits the second. Scripts for different prefixes run side by side.
func (s *Server) RateLimitCalls(prefix string, limits ...Limit) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scripts = append(s.scripts, script{prefix: prefix, limits: limits})
}

// script is the 429s asked for the calls that start with prefix.
type script struct {
	prefix string
	limits []Limit
}

// Early returns the calls that came while the fake had said to wait
// (see Call.Early): a client that reads the headers sends none.
func (s *Server) Early() []Call { return s.log.Match(func(c Call) bool { return c.Early }) }

// Limited returns the calls answered with a 429, scripted or not.
func (s *Server) Limited() []Call {
	return s.log.Match(func(c Call) bool { return c.Status == http.StatusTooManyRequests })
}

// Reset forgets the calls and the state of the limits (not the buckets
// set), for a fuzz target that would otherwise keep them all.
func (s *Server) Reset() {
	s.log.Reset()
	s.mu.Lock()
	defer s.mu.Unlock()
	buckets := s.limits.buckets
	s.limits = newLimits()
	s.limits.buckets = buckets
}

// ServeHTTP records the call and answers it: with a scripted 429, or a
// 429 for an empty bucket or the global limit, else as Discord would.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	c := Call{Method: r.Method, Path: strings.TrimPrefix(r.URL.Path, apiPath), Auth: r.Header.Get("Authorization"), Body: body, At: s.now()}
	// The answer is recorded first, so that its status is in the call
	// before the client has it.
	rec := httptest.NewRecorder()
	rec.Header().Set("Content-Type", "application/json")
	if !s.limit(rec, &c) {
		s.answer(rec, c)
	}
	c.Status = rec.Code
	s.log.Add(c)
	maps.Copy(w.Header(), rec.Header())
	w.WriteHeader(rec.Code)
	w.Write(rec.Body.Bytes())
}

// answer answers a call that no limit stopped.
func (s *Server) answer(w http.ResponseWriter, c Call) {
	post := c.Method == http.MethodPost
	parts := strings.Split(c.Path, "/")
	switch {
	case c.Method == http.MethodPut && strings.HasSuffix(c.Path, "/commands"):
		w.Write(c.Body) // Discord answers with the commands it now has
	case c.Method == http.MethodGet && c.Path == "/applications/@me":
		fmt.Fprintf(w, `{"id":%q,"name":"fieldloop"}`, s.AppID)
	case c.Method == http.MethodGet && c.Path == "/gateway":
		s.gateway(w)
	case post && strings.HasPrefix(c.Path, "/interactions/") && strings.HasSuffix(c.Path, "/callback"):
		w.WriteHeader(http.StatusNoContent)
	case strings.HasPrefix(c.Path, "/webhooks/"):
		io.WriteString(w, `{"id":"300000000000000001"}`)
	case post && c.Path == "/users/@me/channels":
		var b struct {
			RecipientID string `json:"recipient_id"`
		}
		_ = json.Unmarshal(c.Body, &b)
		fmt.Fprintf(w, `{"id":"DM%s","type":1}`, b.RecipientID)
	case post && len(parts) == 4 && parts[1] == "channels" && parts[3] == "messages":
		postMessage(w, parts[2])
	default:
		s.tb.Errorf("fake Discord: unexpected call %s %s", c.Method, c.Path)
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"message": "404: Not Found", "code": 0}`)
	}
}

// now reads the fake's clock.
func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// gateway answers GET /gateway.
func (s *Server) gateway(w http.ResponseWriter) {
	if s.Gateway == "" {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"message": "401: Unauthorized", "code": 0}`)
		return
	}
	fmt.Fprintf(w, `{"url":%q}`, s.Gateway)
}

// postMessage answers a message posted to channel.
func postMessage(w http.ResponseWriter, channel string) {
	switch channel {
	case UnknownChannel:
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"message": "Unknown Channel", "code": 10003}`)
	case MissingAccess:
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"message": "Missing Access", "code": 50001}`)
	case BrokenChannel:
		w.WriteHeader(http.StatusBadGateway)
	default:
		io.WriteString(w, `{"id":"300000000000000002"}`)
	}
}
