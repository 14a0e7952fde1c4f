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

// step is one request of a sequence, and how the fake should take it.
type step struct {
	advance      time.Duration // the fake's clock moves on by this first
	method, path string
	status       int
	early        bool
	headers      map[string]string // some of the answer's
}

// play sends steps, in order, to a fake that setup prepared, on a clock
// that only the steps move, and checks each answer and its record.
func play(t *testing.T, setup func(*discordtest.Server), steps []step) *discordtest.Server {
	t.Helper()
	at := time.Unix(1_800_000_000, 0)
	s := discordtest.NewInProcess(t)
	s.Now = func() time.Time { return at }
	if setup != nil {
		setup(s)
	}
	for i, st := range steps {
		at = at.Add(st.advance)
		resp := call(t, s, st.method, st.path)
		calls := s.Calls("")
		got := calls[len(calls)-1]
		if resp.StatusCode != st.status || got.Status != st.status || got.Early != st.early || !got.At.Equal(at) {
			t.Errorf("step %d (%s %s): %d, recorded as %+v", i, st.method, st.path, resp.StatusCode, got)
		}
		for k, v := range st.headers {
			if resp.Header.Get(k) != v {
				t.Errorf("step %d: %s: %q, want %q", i, k, resp.Header.Get(k), v)
			}
		}
	}
	return s
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

// bucketHeaders are the headers of bucket "msgs", limit 2, with
// remaining requests that reset in resetIn seconds.
func bucketHeaders(remaining, resetIn string) map[string]string {
	return map[string]string{"X-RateLimit-Bucket": "msgs", "X-RateLimit-Limit": "2", "X-RateLimit-Remaining": remaining, "X-RateLimit-Reset-After": resetIn}
}

// Every answer carries its bucket's headers; a request into an empty
// bucket is answered 429 with Discord's body and marked early, and the
// bucket refills when its window ends; each channel has its own.
func TestBucket(t *testing.T) {
	const path = "/channels/900000000000000001/messages"
	s := play(t, func(s *discordtest.Server) {
		s.SetBucket("POST /channels/{channel}/messages", discordtest.Bucket{ID: "msgs", Limit: 2, Window: 5 * time.Second})
	}, []step{
		{0, "POST", path, 200, false, bucketHeaders("1", "5.000")},
		{time.Second, "POST", path, 200, false, bucketHeaders("0", "4.000")},
		{1500 * time.Millisecond, "POST", path, 429, true, bucketHeaders("0", "2.500")},
		{0, "POST", "/channels/900000000000000002/messages", 200, false, bucketHeaders("1", "5.000")},
		{2500 * time.Millisecond, "POST", path, 200, false, bucketHeaders("1", "5.000")},
	})
	if n := len(s.Limited()); n != 1 {
		t.Errorf("%d 429s, want 1", n)
	}
}

// The bot's 51st request within a second meets the global limit, and
// until its wait is over so does every bot request on any route; the
// interaction endpoints, which carry no token, are not bound by it.
func TestGlobalLimit(t *testing.T) {
	const commands = "/applications/100000000000000001/commands"
	play(t, func(s *discordtest.Server) {
		for i := range discordtest.GlobalPerSecond {
			if resp := call(t, s, "POST", "/channels/9000000000000000"+strconv.Itoa(10+i)+"/messages"); resp.StatusCode != 200 {
				t.Fatalf("request %d: %d", i, resp.StatusCode)
			}
		}
	}, []step{
		{500 * time.Millisecond, "POST", "/users/@me/channels", 429, false, map[string]string{"X-RateLimit-Global": "true", "Retry-After": "1"}},
		{0, "POST", "/webhooks/100000000000000001/tok", 200, false, nil},
		{0, "PUT", commands, 429, true, nil},
		{500 * time.Millisecond, "PUT", commands, 200, false, nil},
	})
}

// Scripts limit the calls they name, a 0 letting one through; a request
// during a scripted 429's wait is early, on its route and resource.
func TestScriptedWebhookLimits(t *testing.T) {
	const hook = "/webhooks/100000000000000001/tok"
	play(t, func(s *discordtest.Server) {
		s.RateLimitCalls("POST /webhooks/", 0, discordtest.UserLimit)
		s.RateLimitCalls("PATCH /webhooks/", discordtest.SharedLimit)
	}, []step{
		{0, "POST", hook, 200, false, nil},
		{0, "POST", hook, 429, false, map[string]string{"Retry-After": "65", "X-RateLimit-Bucket": "abcd1234"}},
		{time.Minute, "POST", hook, 429, true, nil},
		{5 * time.Second, "POST", hook, 200, false, nil},
		{0, "PATCH", hook + "/messages/@original", 429, false, map[string]string{"X-RateLimit-Scope": "shared"}},
		{0, "POST", "/webhooks/100000000000000001/other", 200, false, nil},
		{1336 * time.Second, "PATCH", hook + "/messages/@original", 429, true, nil},
		{time.Second, "PATCH", hook + "/messages/@original", 200, false, nil},
	})
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
