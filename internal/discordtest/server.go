// Package discordtest is fieldloop's fake Discord, for tests only. It
// owns Discord's side of every exchange: a REST API server (httptest)
// under /api/v10 that speaks the routes fieldloop calls, records every
// call and answers rate limits with Discord's published 429s; a gateway
// that identifies a bot and carries the interactions a test dispatches;
// and the signing of interactions as Discord signs them.
package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

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

// Server is a fake Discord REST API on a loopback port. It answers
// command registration (PUT …/commands, with what it was sent),
// GET /applications/@me, GET /gateway, interaction callbacks, webhook
// follow-ups and @original edits, DM channel creation and channel
// message posts. Set its fields before the calls they concern.
type Server struct {
	// URL is the server's base URL, "http://127.0.0.1:port".
	URL string
	// AppID is the application id GET /applications/@me gives;
	// "100000000000000001" unless set.
	AppID string
	// Gateway is the WebSocket address GET /gateway gives. With none,
	// GET /gateway refuses the token with a 401, as Discord does.
	Gateway string

	tb  testing.TB
	srv *httptest.Server
	log kit.Log[Call]

	mu     sync.Mutex
	limits []Limit
}

// Call is one request the fake received.
type Call struct {
	Method string
	Path   string // below /api/v10: "/channels/900000000000000001/messages"
	Auth   string // the Authorization header
	Body   json.RawMessage
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
	headers [][2]string
	body    string
}{
	UserLimit: {[][2]string{{"Retry-After", "65"}, {"X-RateLimit-Limit", "10"}, {"X-RateLimit-Remaining", "0"},
		{"X-RateLimit-Reset", "1470173023.123"}, {"X-RateLimit-Reset-After", "64.57"}, {"X-RateLimit-Bucket", "abcd1234"},
		{"X-RateLimit-Scope", "user"}},
		`{"message": "You are being rate limited.", "retry_after": 64.57, "global": false}`},
	GlobalLimit: {[][2]string{{"Retry-After", "65"}, {"X-RateLimit-Global", "true"}, {"X-RateLimit-Scope", "global"}},
		`{"message": "You are being rate limited.", "retry_after": 64.57, "global": true}`},
	SharedLimit: {[][2]string{{"Retry-After", "1337"}, {"X-RateLimit-Scope", "shared"}},
		`{"message": "You are being rate limited.", "retry_after": 1336.57, "global": false}`},
}

var _ http.Handler = (*Server)(nil)

// New starts a fake Discord that tb closes when done. Unexpected calls
// (a route it does not speak) fail tb.
func New(tb testing.TB) *Server {
	s := &Server{tb: tb, AppID: "100000000000000001"}
	s.srv = httptest.NewServer(s)
	s.URL = s.srv.URL
	tb.Cleanup(s.srv.Close)
	return s
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
func (s *Server) RateLimit(limits ...Limit) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits = limits
}

// Reset forgets the calls, for a fuzz target that would otherwise keep
// them all.
func (s *Server) Reset() { s.log.Reset() }

// ServeHTTP records the call and answers it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	c := Call{Method: r.Method, Path: strings.TrimPrefix(r.URL.Path, apiPath), Auth: r.Header.Get("Authorization"), Body: body}
	s.log.Add(c)
	w.Header().Set("Content-Type", "application/json")
	post := c.Method == http.MethodPost
	if l := s.nextLimit(post && strings.HasPrefix(c.Path, "/channels/")); l != 0 {
		for _, h := range limited[l].headers {
			w.Header().Set(h[0], h[1])
		}
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, limited[l].body)
		return
	}
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

// nextLimit returns the 429 a call meets, 0 for none; only calls that
// may be limited use up the script.
func (s *Server) nextLimit(limitable bool) Limit {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !limitable || len(s.limits) == 0 {
		return 0
	}
	l := s.limits[0]
	s.limits = s.limits[1:]
	return l
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
