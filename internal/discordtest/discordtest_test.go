package discordtest_test

import (
	"crypto/ed25519"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/fieldloop/fieldloop/internal/discordtest"
)

// Sign reproduces the self-derived vector of platform-examples.md §0.8,
// and discordgo's own verifier accepts the requests NewRequest makes.
func TestSignVector(t *testing.T) {
	seed, _ := hex.DecodeString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
	key := ed25519.NewKeyFromSeed(seed)
	want := "1695961a47c91a1ec033b819b7e87e3dbc583dd0cee6d1fd0216f58ac87b6228ae531ddbf91fb7bc28d7edf7f08604da16f54624f38a6bc0614e4dc13cd47f0f"
	if got := discordtest.Sign(key, "1700000000", []byte(`{"type":1}`)); got != want {
		t.Errorf("Sign = %s, want the vector's signature", got)
	}
	req := discordtest.NewRequest("http://fieldloop.test/discord/interactions", key, time.Unix(1700000000, 0), []byte(`{"type":1}`))
	if req.Header.Get("X-Signature-Ed25519") != want || req.Header.Get("X-Signature-Timestamp") != "1700000000" || req.Header.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v", req.Header)
	}
	if !discordgo.VerifyInteraction(req, key.Public().(ed25519.PublicKey)) {
		t.Error("discordgo does not verify the request")
	}
}

// The scripted 429s are Discord's published examples (§0.7), on channel
// posts only, one post each; the error channels fail as Discord's do.
// (These posts carry no bot token, so the global 429 holds nothing.)
func TestChannelPosts(t *testing.T) {
	s := discordtest.New(t)
	s.RateLimit(discordtest.UserLimit, discordtest.GlobalLimit, discordtest.SharedLimit)
	post := func(channel string) *http.Response {
		t.Helper()
		resp, err := http.Post(s.APIURL()+"/channels/"+channel+"/messages", "application/json", strings.NewReader(`{"content":"hi"}`))
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	if resp, err := http.Get(s.APIURL() + "/applications/@me"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /applications/@me: %v %v (a route that is not a post uses up no limit)", resp, err)
	}
	tests := []struct {
		channel       string
		status        int
		header, value string
		body          string
	}{
		{"900000000000000001", 429, "X-RateLimit-Bucket", "abcd1234", `"retry_after": 64.57, "global": false`},
		{"900000000000000001", 429, "X-RateLimit-Global", "true", `"retry_after": 64.57, "global": true`},
		{"900000000000000001", 429, "X-RateLimit-Scope", "shared", `"retry_after": 1336.57`},
		{"900000000000000002", 200, "Content-Type", "application/json", `"id":`}, // the first channel waits out the 429s
		{discordtest.UnknownChannel, 404, "Content-Type", "application/json", `"code": 10003`},
		{discordtest.MissingAccess, 403, "Content-Type", "application/json", `"code": 50001`},
		{discordtest.BrokenChannel, 502, "Content-Type", "application/json", ""},
	}
	for i, tt := range tests {
		resp := post(tt.channel)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || resp.Header.Get(tt.header) != tt.value || !strings.Contains(string(b), tt.body) {
			t.Errorf("post %d to %s: %d %v %s", i, tt.channel, resp.StatusCode, resp.Header, b)
		}
	}
	if got := s.Calls("POST /channels/"); len(got) != len(tests) {
		t.Errorf("%d posts recorded, want %d", len(got), len(tests))
	}
}

// clock is a test's hand-moved time for the fake.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// call sends method path to the fake in process, with the bot's token
// unless path is an interaction endpoint's, and returns the answer.
func call(t *testing.T, s *discordtest.Server, method, path string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(method, s.APIURL()+path, strings.NewReader(`{"content":"hi"}`))
	if !strings.HasPrefix(path, "/webhooks/") && !strings.HasPrefix(path, "/interactions/") {
		req.Header.Set("Authorization", "Bot x")
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestRouteOf(t *testing.T) {
	tests := []struct{ method, path, route, resource string }{
		{"POST", "/channels/900000000000000001/messages", "POST /channels/{channel}/messages", "900000000000000001"},
		{"POST", "/webhooks/100000000000000001/tok-en", "POST /webhooks/{webhook}/{token}", "100000000000000001/tok-en"},
		{"PATCH", "/webhooks/100000000000000001/tok/messages/@original", "PATCH /webhooks/{webhook}/{token}/messages/@original", "100000000000000001/tok"},
		{"POST", "/interactions/1300000000000000001/tok/callback", "POST /interactions/{interaction}/{token}/callback", "1300000000000000001"},
		{"PUT", "/applications/100000000000000001/guilds/290926798626357999/commands", "PUT /applications/{id}/guilds/{guild}/commands", "290926798626357999"},
		{"POST", "/users/@me/channels", "POST /users/@me/channels", ""},
	}
	for _, tt := range tests {
		if route, resource := discordtest.RouteOf(tt.method, tt.path); route != tt.route || resource != tt.resource {
			t.Errorf("RouteOf(%s %s) = %q, %q, want %q, %q", tt.method, tt.path, route, resource, tt.route, tt.resource)
		}
	}
}

// Every answer carries its bucket's headers; a request into an empty
// bucket is answered 429 with Discord's body and marked early, and the
// bucket refills when its window ends; each channel has its own.
func TestBucket(t *testing.T) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	s := discordtest.NewInProcess(t)
	s.Now = c.now
	s.SetBucket("POST /channels/{channel}/messages", discordtest.Bucket{ID: "msgs", Limit: 2, Window: 5 * time.Second})
	const path = "/channels/900000000000000001/messages"
	tests := []struct {
		advance   time.Duration
		path      string
		status    int
		remaining string
		resetIn   string
		early     bool
	}{
		{0, path, 200, "1", "5.000", false},
		{time.Second, path, 200, "0", "4.000", false},
		{1500 * time.Millisecond, path, 429, "0", "2.500", true},
		{0, "/channels/900000000000000002/messages", 200, "1", "5.000", false},
		{2500 * time.Millisecond, path, 200, "1", "5.000", false},
	}
	for i, tt := range tests {
		c.t = c.t.Add(tt.advance)
		resp := call(t, s, "POST", tt.path)
		h := resp.Header
		if resp.StatusCode != tt.status || h.Get("X-RateLimit-Bucket") != "msgs" || h.Get("X-RateLimit-Limit") != "2" ||
			h.Get("X-RateLimit-Remaining") != tt.remaining || h.Get("X-RateLimit-Reset-After") != tt.resetIn {
			t.Errorf("request %d: %d %v", i, resp.StatusCode, h)
		}
		calls := s.Calls("")
		if got := calls[len(calls)-1]; got.Early != tt.early || got.Status != tt.status || !got.At.Equal(c.t) {
			t.Errorf("request %d recorded as %+v", i, got)
		}
	}
	if n := len(s.Limited()); n != 1 {
		t.Errorf("%d 429s, want 1", n)
	}
	if n := len(s.Early()); n != 1 {
		t.Errorf("%d early requests, want 1", n)
	}
}

// The bot's 51st request within a second meets the global limit, and
// until its wait is over so does every bot request on any route; the
// interaction endpoints, which carry no token, are not bound by it.
func TestGlobalLimit(t *testing.T) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	s := discordtest.NewInProcess(t)
	s.Now = c.now
	for i := range discordtest.GlobalPerSecond {
		if resp := call(t, s, "POST", "/channels/9000000000000000"+strconv.Itoa(10+i)+"/messages"); resp.StatusCode != 200 {
			t.Fatalf("request %d: %d", i, resp.StatusCode)
		}
	}
	c.t = c.t.Add(500 * time.Millisecond)
	resp := call(t, s, "POST", "/users/@me/channels")
	if resp.StatusCode != 429 || resp.Header.Get("X-RateLimit-Global") != "true" || resp.Header.Get("Retry-After") != "1" {
		t.Errorf("the 51st within a second: %d %v", resp.StatusCode, resp.Header)
	}
	if resp := call(t, s, "POST", "/webhooks/100000000000000001/tok"); resp.StatusCode != 200 {
		t.Errorf("a follow-up during the global limit: %d", resp.StatusCode)
	}
	if resp := call(t, s, "PUT", "/applications/100000000000000001/commands"); resp.StatusCode != 429 {
		t.Errorf("another route during the global limit: %d", resp.StatusCode)
	}
	c.t = c.t.Add(500 * time.Millisecond)
	if resp := call(t, s, "PUT", "/applications/100000000000000001/commands"); resp.StatusCode != 200 {
		t.Errorf("after the global limit: %d", resp.StatusCode)
	}
	if n := len(s.Early()); n != 1 {
		t.Errorf("%d early requests, want 1 (the one during the 429's wait)", n)
	}
}

// Scripts limit the calls they name, a 0 letting one through; a request
// during a scripted 429's wait is early, on its route or, after a global
// 429, on every bot route.
func TestScriptedWebhookLimits(t *testing.T) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	s := discordtest.NewInProcess(t)
	s.Now = c.now
	s.RateLimitCalls("POST /webhooks/", 0, discordtest.UserLimit)
	s.RateLimitCalls("PATCH /webhooks/", discordtest.SharedLimit)
	const hook = "/webhooks/100000000000000001/tok"
	tests := []struct {
		advance      time.Duration
		method, path string
		status       int
		early        bool
	}{
		{0, "POST", hook, 200, false},
		{0, "POST", hook, 429, false},
		{time.Minute, "POST", hook, 429, true},
		{5 * time.Second, "POST", hook, 200, false},
		{0, "PATCH", hook + "/messages/@original", 429, false},
		{0, "POST", "/webhooks/100000000000000001/other", 200, false},
		{1336 * time.Second, "PATCH", hook + "/messages/@original", 429, true},
		{time.Second, "PATCH", hook + "/messages/@original", 200, false},
	}
	for i, tt := range tests {
		c.t = c.t.Add(tt.advance)
		resp := call(t, s, tt.method, tt.path)
		calls := s.Calls("")
		if got := calls[len(calls)-1]; resp.StatusCode != tt.status || got.Early != tt.early {
			t.Errorf("request %d (%s %s): %d, early %v", i, tt.method, tt.path, resp.StatusCode, got.Early)
		}
	}
}

// In process, the fake serves without a socket, and so inside a synctest
// bubble.
func TestInProcess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := discordtest.NewInProcess(t)
		resp, err := s.Client().Get(s.APIURL() + "/applications/@me")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(b), s.AppID) {
			t.Errorf("GET /applications/@me: %s", b)
		}
		time.Sleep(time.Hour) // the bubble's clock moves: nothing waits on a socket
	})
}
