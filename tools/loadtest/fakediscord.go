package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// discordAPIPath is the prefix of Discord's REST routes, version 10.
const discordAPIPath = "/api/v10"

// discordAppID is the application id serve is given, so that it need not
// ask.
const discordAppID = "100000000000000001"

// nonceMemory is how long Discord remembers a message's nonce: "the past
// few minutes" (enforce_nonce in the message documentation).
const nonceMemory = 5 * time.Minute

// discordConfig is how a fake Discord behaves.
type discordConfig struct {
	RTT time.Duration
	// Global is the limit of requests with the bot's token per second.
	Global int
}

// fakeDiscord is enough of Discord's REST API for serve delivering the
// outbox: command registration, direct-message channel creation and
// channel message posts (honouring enforce_nonce). Every answer carries
// the X-RateLimit-* headers of its route's bucket; beyond a bucket, or
// beyond the global limit, it answers Discord's 429 with a float
// retry_after. Every call and direct message goes to its ledger.
type fakeDiscord struct {
	URL    string
	Ledger *ledger
	rtt    time.Duration
	srv    *http.Server

	mu       sync.Mutex
	global   *window
	buckets  map[string]*bucket  // route → its bucket
	dmUser   map[string]string   // direct-message channel → its user
	nonces   map[string]nonceUse // channel + nonce → the message that took it
	messages int
}

// nonceUse is a message that took a nonce, and when.
type nonceUse struct {
	id string
	at time.Time
}

// The routes serve calls, and their buckets. Discord publishes no numbers
// for them; 5 messages per 5 s per channel is what its headers commonly
// show, and the others get buckets that only the global limit binds, so
// that nothing here is invented tighter than Discord.
const (
	routeMessages = "POST /channels/{channel}/messages"
	routeOpenDM   = "POST /users/@me/channels"
	routeCommands = "PUT /applications/{app}/commands"
)

// startFakeDiscord serves a fake Discord on loopback.
func startFakeDiscord(cfg discordConfig) (*fakeDiscord, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	f := &fakeDiscord{URL: "http://" + ln.Addr().String(), Ledger: newLedger(), rtt: cfg.RTT,
		global: newWindow(cfg.Global, time.Second), dmUser: map[string]string{}, nonces: map[string]nonceUse{},
		buckets: map[string]*bucket{
			routeMessages: {id: "b0messages", limit: 5, per: 5 * time.Second, open: map[string]*fixedWindow{}},
			routeOpenDM:   {id: "b0opendm", limit: max(cfg.Global, 1), per: time.Second, open: map[string]*fixedWindow{}},
			routeCommands: {id: "b0commands", limit: max(cfg.Global, 1), per: time.Second, open: map[string]*fixedWindow{}},
		}}
	f.srv = &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: f}
	go func() { _ = f.srv.Serve(ln) }()
	return f, nil
}

// APIURL is the base URL serve is given: ".../api/v10".
func (f *fakeDiscord) APIURL() string { return f.URL + discordAPIPath }

func (f *fakeDiscord) Close() error { return f.srv.Close() }

// discordAnswer is a status, the headers and the JSON body of an answer.
type discordAnswer struct {
	status  int
	headers [][2]string
	body    string
}

// ServeHTTP takes the call at once and answers it a round trip later.
func (f *fakeDiscord) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	path := strings.TrimPrefix(r.URL.Path, discordAPIPath)
	route, resource := discordRoute(r.Method, path)
	a := f.answer(route, resource, r.Header.Get("Authorization") != "", body, time.Now())
	f.Ledger.call("discord", route, a.status == http.StatusTooManyRequests)
	roundTrip(r, f.rtt)
	w.Header().Set("Content-Type", "application/json")
	for _, h := range a.headers {
		w.Header().Set(h[0], h[1])
	}
	w.WriteHeader(a.status)
	io.WriteString(w, a.body)
}

// discordRoute names the rate-limited route of a call and the resource
// its bucket counts it against: "POST /channels/{channel}/messages" and
// the channel's id.
func discordRoute(method, path string) (route, resource string) {
	parts := strings.Split(path, "/")
	switch {
	case len(parts) == 4 && parts[1] == "channels" && parts[3] == "messages":
		return method + " /channels/{channel}/messages", parts[2]
	case len(parts) >= 3 && parts[1] == "applications" && strings.HasSuffix(path, "/commands"):
		return method + " /applications/{app}/commands", ""
	}
	return method + " " + path, ""
}

// answer keeps the global limit and the route's bucket, then answers.
func (f *fakeDiscord) answer(route, resource string, bot bool, body []byte, now time.Time) discordAnswer {
	f.mu.Lock()
	defer f.mu.Unlock()
	if bot {
		if ok, wait := f.global.take(now); !ok {
			return tooMany(wait, true, [][2]string{{"X-RateLimit-Global", "true"}, {"X-RateLimit-Scope", "global"}})
		}
	}
	b := f.buckets[route]
	if b == nil {
		return discordAnswer{status: http.StatusNotFound, body: `{"message": "404: Not Found", "code": 0}`}
	}
	ok, win := b.take(resource, now)
	headers := b.headers(win, now)
	if !ok {
		return tooMany(win.end.Sub(now), false, append(headers, [2]string{"X-RateLimit-Scope", "user"}))
	}
	a := f.route(route, resource, body, now)
	a.headers = append(a.headers, headers...)
	return a
}

// tooMany is Discord's 429, to wait after.
func tooMany(after time.Duration, global bool, headers [][2]string) discordAnswer {
	headers = append(headers, [2]string{"Retry-After", wholeSeconds(after)})
	return discordAnswer{status: http.StatusTooManyRequests, headers: headers,
		body: fmt.Sprintf(`{"message": "You are being rate limited.", "retry_after": %s, "global": %t}`, seconds(after), global)}
}

// route answers a call that no limit stopped.
func (f *fakeDiscord) route(route, resource string, body []byte, now time.Time) discordAnswer {
	switch route {
	case routeCommands:
		return discordAnswer{status: http.StatusOK, body: string(body)} // the commands it now has
	case routeOpenDM:
		var b struct {
			RecipientID string `json:"recipient_id"`
		}
		_ = json.Unmarshal(body, &b)
		ch := dmChannelOf(b.RecipientID)
		f.dmUser[ch] = b.RecipientID
		return discordAnswer{status: http.StatusOK, body: fmt.Sprintf(`{"id":%q,"type":1}`, ch)}
	}
	return f.postMessage(resource, body, now)
}

// dmChannelOf is the id of a user's direct-message channel with the bot:
// one of its own for each user, the same at every creation, as Discord's.
func dmChannelOf(user string) string {
	n, _ := strconv.ParseUint(user, 10, 64)
	return strconv.FormatUint(n^1<<59, 10)
}

// postMessage takes a message for channel, unless enforce_nonce names a
// nonce that an earlier message of the past few minutes took: Discord
// then answers with that message and makes none.
func (f *fakeDiscord) postMessage(channel string, body []byte, now time.Time) discordAnswer {
	var m struct {
		Nonce        string `json:"nonce"`
		EnforceNonce bool   `json:"enforce_nonce"`
	}
	_ = json.Unmarshal(body, &m)
	key := channel + " " + m.Nonce
	if prev, ok := f.nonces[key]; ok && m.EnforceNonce && now.Sub(prev.at) < nonceMemory {
		f.Ledger.repeat()
		return discordAnswer{status: http.StatusOK, body: fmt.Sprintf(`{"id":%q,"channel_id":%q}`, prev.id, channel)}
	}
	f.messages++
	id := strconv.Itoa(300000000000000000 + f.messages)
	if m.Nonce != "" {
		f.nonces[key] = nonceUse{id: id, at: now}
	}
	if user, ok := f.dmUser[channel]; ok {
		f.Ledger.dm("discord", user, now)
	}
	return discordAnswer{status: http.StatusOK, body: fmt.Sprintf(`{"id":%q,"channel_id":%q}`, id, channel)}
}
