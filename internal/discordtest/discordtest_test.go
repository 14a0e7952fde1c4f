package discordtest_test

import (
	"crypto/ed25519"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
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
		{"900000000000000001", 200, "Content-Type", "application/json", `"id":`},
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
