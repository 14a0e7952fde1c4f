// Package slacktest is fieldloop's fake Slack, for tests only. It owns
// Slack's side of every exchange: a Web API server (httptest) that speaks
// the methods fieldloop calls, keeps each channel's history as Slack
// would, takes response_url posts and Socket Mode connections, records
// every call and can be scripted to fail; and the signing of requests to
// fieldloop as Slack signs them.
package slacktest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/fieldloop/fieldloop/internal/kit"
)

// Server is a fake Slack Web API on a loopback port. It answers
// chat.postMessage, conversations.history, conversations.open, users.info,
// views.open, views.update and apps.connections.open under /api/; any
// other path outside /api/ is taken as a response_url and answered "ok".
// Set its fields before the calls they concern.
type Server struct {
	// URL is the server's base URL, "http://127.0.0.1:port", with no "/"
	// at the end.
	URL string
	// Now stamps the posts Slack takes; time.Now when nil.
	Now func() time.Time
	// Locales are the locales users.info gives, by user id; a user not in
	// it has "en-US".
	Locales map[string]string
	// AppToken is the app-level token apps.connections.open accepts. With
	// none, every Socket Mode connection is refused with invalid_auth.
	AppToken string
	// RetryAfter is the Retry-After, in seconds, of a RateLimited answer;
	// 1 when zero.
	RetryAfter int

	tb      testing.TB
	srv     *httptest.Server
	log     kit.Log[Call]
	sockets chan *SocketConn

	mu       sync.Mutex
	script   []Fault
	refusals map[refusal]string
	history  []Message         // every channel's, newest first
	conns    []*websocket.Conn // Socket Mode connections, closed at the end
	hung     chan struct{}     // closed when the first Hang arrives…
	released chan struct{}     // …and when its request ends
	hangOnce sync.Once
}

// Call is one request the fake received.
type Call struct {
	Path   string // "/api/chat.postMessage", or a response_url's path
	Header http.Header
	Form   url.Values     // a form-encoded call's fields
	JSON   map[string]any // a JSON call's body (views.open, response_url posts)
}

// Message is a message in a channel's history, as conversations.history
// shows it.
type Message struct {
	Channel  string
	At       time.Time
	Text     string
	Metadata json.RawMessage // as chat.postMessage was given it; nil if none
}

// Fault is what the fake does with a chat.postMessage instead of
// answering it as Slack does.
type Fault int

const (
	// RateLimited answers 429 with Retry-After and takes nothing.
	RateLimited Fault = iota + 1
	// Failed answers 500 fatal_error and takes nothing.
	Failed
	// FailedTaken takes the post, then answers 500: the answer is lost.
	FailedTaken
	// Hang takes the post and never answers: the request waits until its
	// client goes away.
	Hang
)

// refusal is a method, and a channel or "" for any, that Refuse set.
type refusal struct{ method, channel string }

var _ http.Handler = (*Server)(nil)

// New starts a fake Slack that tb closes when done. Unexpected calls
// (a Web API method it does not speak) fail tb.
func New(tb testing.TB) *Server {
	s := &Server{tb: tb, sockets: make(chan *SocketConn, 8), refusals: map[refusal]string{},
		hung: make(chan struct{}), released: make(chan struct{})}
	s.srv = httptest.NewServer(s)
	s.URL = s.srv.URL
	tb.Cleanup(s.close)
	return s
}

// APIURL is the Web API's base URL, ending in "/" as slack-go's
// OptionAPIURL wants it.
func (s *Server) APIURL() string { return s.URL + "/api/" }

// ResponseURL returns a response_url on the fake: its posts are recorded
// under the path "/respond/" + name.
func (s *Server) ResponseURL(name string) string { return s.URL + "/respond/" + name }

// Calls returns the calls to path ("/api/views.open"), in order.
func (s *Server) Calls(path string) []Call {
	return s.log.Match(func(c Call) bool { return c.Path == path })
}

// Await waits until n calls to path have come and returns them all; it
// fails the test after kit.Patience.
func (s *Server) Await(tb testing.TB, path string, n int) []Call {
	tb.Helper()
	return s.log.Await(tb, path, n, func(c Call) bool { return c.Path == path })
}

// Script sets what the coming chat.postMessage calls meet, in order;
// each fault is used once, and the posts after the last are answered
// as Slack does.
func (s *Server) Script(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = faults
}

// FaultsLeft returns how many scripted faults no post has met yet.
func (s *Server) FaultsLeft() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.script)
}

// Refuse makes the calls to method ("chat.postMessage") whose channel is
// channel, or all of them if channel is "", answer
// {"ok":false,"error":code}, as "channel_not_found" or "missing_scope".
// A refused post is not taken.
func (s *Server) Refuse(method, channel, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refusals[refusal{method, channel}] = code
}

// Hung is closed when the first post scripted to Hang arrives.
func (s *Server) Hung() <-chan struct{} { return s.hung }

// Released is closed when the request of the first Hang has ended.
func (s *Server) Released() <-chan struct{} { return s.released }

// AddMessage puts a message someone else posted, stamped now, in
// channel's history.
func (s *Server) AddMessage(channel, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.take(Message{Channel: channel, Text: text})
}

// History returns channel's messages, newest first; every channel's if
// channel is "".
func (s *Server) History(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.history {
		if channel == "" || m.Channel == channel {
			out = append(out, m)
		}
	}
	return out
}

// Reset forgets the calls and the history, for a fuzz target that would
// otherwise keep them all.
func (s *Server) Reset() {
	s.log.Reset()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.history = nil
}

// ServeHTTP records the call and answers it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && r.URL.Path == socketPath {
		s.serveSocket(w, r)
		return
	}
	c := readCall(r)
	s.log.Add(c)
	method, api := strings.CutPrefix(c.Path, "/api/")
	if !api {
		io.WriteString(w, "ok")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	fault := Fault(0)
	if method == "chat.postMessage" {
		fault = s.nextFault()
	}
	code := s.refused(method, c.Form.Get("channel"))
	switch {
	case fault != 0:
		s.fail(w, r, fault, c, code == "")
	case code != "":
		fmt.Fprintf(w, `{"ok":false,"error":%q}`, code)
	default:
		s.answer(w, method, c)
	}
}

// readCall reads r's body as a form or, if it is JSON, as an object.
func readCall(r *http.Request) Call {
	body, _ := io.ReadAll(r.Body)
	c := Call{Path: r.URL.Path, Header: r.Header.Clone()}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		_ = json.Unmarshal(body, &c.JSON)
	} else {
		c.Form, _ = url.ParseQuery(string(body))
	}
	return c
}

// answer answers a call to method as Slack does.
func (s *Server) answer(w http.ResponseWriter, method string, c Call) {
	switch method {
	case "chat.postMessage":
		m := s.post(c.Form)
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, m.Channel, ts(m.At))
	case "conversations.history":
		w.Write(s.historyPage(c.Form))
	case "conversations.open":
		fmt.Fprintf(w, `{"ok":true,"channel":{"id":"D%s"}}`, c.Form.Get("users"))
	case "users.info":
		u := c.Form.Get("user")
		locale, ok := s.Locales[u]
		if !ok {
			locale = "en-US"
		}
		fmt.Fprintf(w, `{"ok":true,"user":{"id":%q,"locale":%q}}`, u, locale)
	case "views.open", "views.update":
		io.WriteString(w, `{"ok":true,"view":{"id":"V1"}}`)
	case "apps.connections.open":
		s.connectionsOpen(w, c)
	default:
		s.tb.Errorf("fake Slack: unexpected call %s", c.Path)
		io.WriteString(w, `{"ok":false,"error":"unknown_method"}`)
	}
}

// nextFault returns the fault the next post meets, 0 for none.
func (s *Server) nextFault() Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.script) == 0 {
		return 0
	}
	f := s.script[0]
	s.script = s.script[1:]
	return f
}

// refused returns the error a call to method in channel is refused
// with, "" for none.
func (s *Server) refused(method, channel string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code, ok := s.refusals[refusal{method, channel}]; ok {
		return code
	}
	return s.refusals[refusal{method, ""}]
}

// fail answers a post with fault f, taking it first if f takes posts
// and the channel may be posted to.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, f Fault, c Call, postable bool) {
	if postable && (f == FailedTaken || f == Hang) {
		s.post(c.Form)
	}
	switch f {
	case Hang:
		first := false
		s.hangOnce.Do(func() { first = true; close(s.hung) })
		<-r.Context().Done()
		if first {
			close(s.released)
		}
	case RateLimited:
		w.Header().Set("Retry-After", strconv.Itoa(max(s.RetryAfter, 1)))
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"ok":false,"error":"ratelimited"}`)
	default:
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, `{"ok":false,"error":"fatal_error"}`)
	}
}

// post takes a chat.postMessage into its channel's history. A user id
// (U…, W…) as the channel posts in the app's direct messages with the
// user, as Slack does: channel "D" + the user id here, which the answer
// names.
func (s *Server) post(form url.Values) Message {
	ch := form.Get("channel")
	if strings.HasPrefix(ch, "U") || strings.HasPrefix(ch, "W") {
		ch = "D" + ch
	}
	m := Message{Channel: ch, Text: form.Get("text")}
	if meta := form.Get("metadata"); meta != "" {
		m.Metadata = json.RawMessage(meta)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.take(m)
}

// take stamps m and puts it at the head of the history. s.mu is held.
func (s *Server) take(m Message) Message {
	m.At = time.Now()
	if s.Now != nil {
		m.At = s.Now()
	}
	s.history = append([]Message{m}, s.history...)
	return m
}

// ts writes t as a Slack message timestamp, "1764316800.123456".
func ts(t time.Time) string { return fmt.Sprintf("%d.%06d", t.Unix(), t.Nanosecond()/1000) }

// parseTS reads a Slack message timestamp.
func parseTS(v string) time.Time {
	sec, frac, _ := strings.Cut(v, ".")
	s, _ := strconv.ParseInt(sec, 10, 64)
	us, _ := strconv.ParseInt(frac, 10, 64)
	return time.Unix(s, us*1000)
}

// historyPage answers conversations.history as Slack does: the channel's
// messages between oldest and latest, newest first, limit at a time
// (100 if not given), from the cursor on.
func (s *Server) historyPage(form url.Values) []byte {
	if form.Get("include_all_metadata") != "1" || form.Get("inclusive") != "1" {
		s.tb.Errorf("conversations.history without include_all_metadata or inclusive: %v", form)
	}
	oldest, latest := parseTS(form.Get("oldest")), parseTS(form.Get("latest"))
	var in []map[string]any
	for _, m := range s.History(form.Get("channel")) {
		if !m.At.Before(oldest) && !m.At.After(latest) {
			msg := map[string]any{"type": "message", "text": m.Text, "ts": ts(m.At)}
			if m.Metadata != nil {
				msg["metadata"] = m.Metadata
			}
			in = append(in, msg)
		}
	}
	from, _ := strconv.Atoi(form.Get("cursor"))
	limit, err := strconv.Atoi(form.Get("limit"))
	if err != nil || limit <= 0 {
		limit = 100
	}
	from = min(from, len(in))
	to := min(from+limit, len(in))
	answer := map[string]any{"ok": true, "messages": in[from:to], "has_more": to < len(in)}
	if to < len(in) {
		answer["response_metadata"] = map[string]any{"next_cursor": strconv.Itoa(to)}
	}
	b, _ := json.Marshal(answer)
	return b
}

// close ends the Socket Mode connections, then the server.
func (s *Server) close() {
	s.mu.Lock()
	for _, ws := range s.conns {
		ws.Close()
	}
	s.mu.Unlock()
	s.srv.Close()
}
