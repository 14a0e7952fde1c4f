package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// slackConfig is how a fake Slack behaves. Its zero value answers at once
// and limits nothing, as the /report load wants.
type slackConfig struct {
	// Chinese are the users whose Slack locale is zh-CN.
	Chinese map[string]bool
	// RTT is how long every Web API call takes to be answered: the round
	// trip to Slack.
	RTT time.Duration
	// Ceiling is the workspace's chat.postMessage limit per second. With
	// one, each channel also takes one post a second, as Slack's
	// chat.postMessage documentation says.
	Ceiling int
	// OpenPerMinute is conversations.open's limit (a Web API tier).
	OpenPerMinute int
}

// fakeSlack is enough of Slack's Web API for serve: users.info with a
// locale, conversations.open, views.open, chat.postMessage (to a channel,
// to a direct-message channel, or to a user id, which opens the user's
// direct messages as Slack does), conversations.history of the posts it
// took, and "ok" for anything else; it also takes the posts to
// response_url. It records every call and every direct message in a
// ledger, and keeps the limits of its slackConfig with Slack's 429s.
type fakeSlack struct {
	URL    string
	Ledger *ledger
	cfg    slackConfig
	srv    *http.Server

	mu        sync.Mutex
	open      *window           // conversations.open
	workspace *window           // chat.postMessage, the whole workspace
	channels  *windows          // chat.postMessage, each channel
	dmUser    map[string]string // direct-message channel → its user
	history   map[string][]slackPost
	posts     int
}

// slackPost is a post as conversations.history gives it back.
type slackPost struct {
	TS       string          `json:"ts"`
	Text     string          `json:"text"`
	Metadata json.RawMessage `json:"metadata,omitempty"`
}

// startFakeSlack serves a fake Slack on loopback.
func startFakeSlack(cfg slackConfig) (*fakeSlack, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	f := &fakeSlack{URL: "http://" + ln.Addr().String(), Ledger: newLedger(), cfg: cfg,
		open: newWindow(cfg.OpenPerMinute, time.Minute), workspace: newWindow(cfg.Ceiling, time.Second),
		channels: newWindows(min(cfg.Ceiling, 1), time.Second), dmUser: map[string]string{}, history: map[string][]slackPost{}}
	f.srv = &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: f}
	go func() { _ = f.srv.Serve(ln) }()
	return f, nil
}

// slackAnswer is a status with its JSON body; a 429 waits retryAfter.
type slackAnswer struct {
	status     int
	body       string
	retryAfter time.Duration
}

// ServeHTTP takes the call at once and answers it a round trip later.
func (f *fakeSlack) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	method := strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, "/api/"), "/")
	a := f.answer(method, r, time.Now())
	f.Ledger.call("slack", method, a.status == http.StatusTooManyRequests)
	roundTrip(r, f.cfg.RTT)
	w.Header().Set("Content-Type", "application/json")
	if a.status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", wholeSeconds(a.retryAfter))
	}
	w.WriteHeader(a.status)
	fmt.Fprint(w, a.body)
}

// roundTrip holds an answer for rtt, or until its caller gives up.
func roundTrip(r *http.Request, rtt time.Duration) {
	if rtt <= 0 {
		return
	}
	t := time.NewTimer(rtt)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

func (f *fakeSlack) answer(method string, r *http.Request, now time.Time) slackAnswer {
	switch method {
	case "users.info":
		user, locale := r.Form.Get("user"), "en-US"
		if f.cfg.Chinese[user] {
			locale = "zh-CN"
		}
		return answered(fmt.Sprintf(`{"ok":true,"user":{"id":%q,"locale":%q}}`, user, locale))
	case "conversations.open":
		return f.openDM(r.Form.Get("users"), now)
	case "chat.postMessage":
		return f.post(r, now)
	case "conversations.history":
		return f.readHistory(r.Form.Get("channel"))
	case "views.open":
		return answered(`{"ok":true,"view":{"id":"V0LOADTEST"}}`)
	}
	return answered(`{"ok":true}`)
}

func answered(body string) slackAnswer { return slackAnswer{status: http.StatusOK, body: body} }

// ratelimited is Slack's 429.
func ratelimited(wait time.Duration) slackAnswer {
	return slackAnswer{status: http.StatusTooManyRequests, body: `{"ok":false,"error":"ratelimited"}`, retryAfter: wait}
}

// openDM answers conversations.open for one user, within its tier.
func (f *fakeSlack) openDM(user string, now time.Time) slackAnswer {
	f.mu.Lock()
	defer f.mu.Unlock()
	if ok, wait := f.open.take(now); !ok {
		return ratelimited(wait)
	}
	return answered(fmt.Sprintf(`{"ok":true,"channel":{"id":%q}}`, f.dmChannel(user)))
}

// dmChannel returns the id of user's direct messages with the bot, the
// same every time, as Slack's.
func (f *fakeSlack) dmChannel(user string) string {
	ch := "D" + strings.TrimLeft(user, "UW")
	f.dmUser[ch] = user
	return ch
}

// post answers chat.postMessage: one post a second per channel and the
// workspace's ceiling, each answered with Retry-After: 1 beyond.
func (f *fakeSlack) post(r *http.Request, now time.Time) slackAnswer {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := r.Form.Get("channel")
	if strings.HasPrefix(ch, "U") || strings.HasPrefix(ch, "W") {
		ch = f.dmChannel(ch)
	}
	user, dm := f.dmUser[ch]
	if strings.HasPrefix(ch, "D") && !dm {
		return answered(`{"ok":false,"error":"channel_not_found"}`)
	}
	// A post either limit refuses counts against neither.
	channel := f.channels.of(ch)
	if ok, _ := channel.check(now); !ok {
		return ratelimited(time.Second)
	}
	if ok, _ := f.workspace.take(now); !ok {
		return ratelimited(time.Second)
	}
	channel.take(now)
	f.posts++
	ts := fmt.Sprintf("%d.%06d", now.Unix(), f.posts%1000000)
	f.history[ch] = append(f.history[ch], slackPost{TS: ts, Text: r.Form.Get("text"), Metadata: rawJSON(r.Form.Get("metadata"))})
	if dm {
		f.Ledger.dm("slack", user, now)
	}
	return answered(fmt.Sprintf(`{"ok":true,"channel":%q,"ts":%q}`, ch, ts))
}

// rawJSON is s if it is JSON, else nothing.
func rawJSON(s string) json.RawMessage {
	if !json.Valid([]byte(s)) {
		return nil
	}
	return json.RawMessage(s)
}

// readHistory answers conversations.history with every post the channel
// took: fieldloop reads it only to learn whether a post whose outcome it
// lost went out.
func (f *fakeSlack) readHistory(ch string) slackAnswer {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, _ := json.Marshal(struct {
		OK       bool        `json:"ok"`
		Messages []slackPost `json:"messages"`
		HasMore  bool        `json:"has_more"`
	}{true, f.history[ch], false})
	return answered(string(b))
}

// Calls counts the calls by Web API method ("respond" for response_url).
func (f *fakeSlack) Calls() map[string]int { return methods(f.Ledger.state().calls, "slack") }

func (f *fakeSlack) Close() error { return f.srv.Close() }
