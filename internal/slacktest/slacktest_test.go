package slacktest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/fieldloop/fieldloop/internal/slacktest"
)

// Sign reproduces Slack's worked example and slack-go's fixture
// (platform-examples.md §0.1 and §0.2) byte for byte.
func TestSignExamples(t *testing.T) {
	tests := []struct {
		name, secret, ts, body, want string
	}{
		{"Slack's worked example", "8f742231b10e8888abcd99yyyzzz85a5", "1531420618",
			"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
			"v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"},
		{"slack-go's fixture", "e6b19c573432dcc6b075501d51b51bb8", "1531431954",
			`{"token":"aF5ynEYQH0dFN9imlgcADxDB","team_id":"XXXXXXXXX","api_app_id":"YYYYYYYYY","event":{"type":"app_mention","user":"AAAAAAAAA","text":"<@EEEEEEEEE> hello world","client_msg_id":"477cc591-ch73-a14z-4db8-g0cd76321bec","ts":"1531431954.000073","channel":"TTTTTTTTT","event_ts":"1531431954.000073"},"type":"event_callback","event_id":"TvBP7LRED7","event_time":1531431954,"authed_users":["EEEEEEEEE"]}`,
			"v0=adada4ed31709aef585c2580ca3267678c6a8eaeb7e0c1aca3ee57b656886b2c"},
	}
	for _, tt := range tests {
		if got := slacktest.Sign(tt.secret, tt.ts, []byte(tt.body)); got != tt.want {
			t.Errorf("%s: Sign = %s, want %s", tt.name, got, tt.want)
		}
		at := time.Unix(1531420618, 0)
		req := slacktest.NewRequest("http://fieldloop.test/slack/commands", tt.secret, at, tt.body)
		h := req.Header
		if h.Get("X-Slack-Request-Timestamp") != "1531420618" || h.Get("X-Slack-Signature") != slacktest.Sign(tt.secret, "1531420618", []byte(tt.body)) {
			t.Errorf("%s: request headers %v", tt.name, h)
		}
		if json := strings.HasPrefix(tt.body, "{"); json != (h.Get("Content-Type") == "application/json") {
			t.Errorf("%s: Content-Type %q", tt.name, h.Get("Content-Type"))
		}
	}
}

// newClient returns slack-go's client of the fake, as the adapter makes
// it.
func newClient(s *slacktest.Server) *slackapi.Client {
	return slackapi.New("xoxb-test", slackapi.OptionAPIURL(s.APIURL()))
}

// The fake answers slack-go as Slack does, and its scripted faults and
// refusals reach slack-go as Slack's own would.
func TestPostMessage(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		setup func(*slacktest.Server)
		check func(error) bool
		taken int
	}{
		{"taken", func(*slacktest.Server) {}, func(err error) bool { return err == nil }, 1},
		{"rate limited", func(s *slacktest.Server) { s.RetryAfter = 7; s.Script(slacktest.RateLimited) }, func(err error) bool {
			var rl *slackapi.RateLimitedError
			return errors.As(err, &rl) && rl.RetryAfter == 7*time.Second
		}, 0},
		{"failed", func(s *slacktest.Server) { s.Script(slacktest.Failed) }, isStatus(500), 0},
		{"failed, taken", func(s *slacktest.Server) { s.Script(slacktest.FailedTaken) }, isStatus(500), 1},
		{"refused", func(s *slacktest.Server) { s.Refuse("chat.postMessage", "C0EAST", "channel_not_found") }, func(err error) bool {
			var e slackapi.SlackErrorResponse
			return errors.As(err, &e) && e.Err == "channel_not_found"
		}, 0},
		{"refused elsewhere", func(s *slacktest.Server) { s.Refuse("chat.postMessage", "C0GONE", "channel_not_found") },
			func(err error) bool { return err == nil }, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := slacktest.New(t)
			tt.setup(s)
			_, _, err := newClient(s).PostMessageContext(ctx, "C0EAST", slackapi.MsgOptionText("hello", false))
			if !tt.check(err) {
				t.Errorf("PostMessage: %v", err)
			}
			if got := s.History("C0EAST"); len(got) != tt.taken || s.FaultsLeft() != 0 || len(s.Calls("/api/chat.postMessage")) != 1 {
				t.Errorf("history %+v, %d faults left", got, s.FaultsLeft())
			}
		})
	}
}

func isStatus(code int) func(error) bool {
	return func(err error) bool {
		var e slackapi.StatusCodeError
		return errors.As(err, &e) && e.Code == code
	}
}

// conversations.history pages through the window asked for, newest
// first; users.info and conversations.open answer for anyone.
func TestReadMethods(t *testing.T) {
	ctx := context.Background()
	s := slacktest.New(t)
	at := time.Date(2026, 11, 28, 4, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return at }
	for range 250 {
		s.AddMessage("C0EAST", "hello")
	}
	at = at.Add(time.Hour)
	s.AddMessage("C0EAST", "later")
	api := newClient(s)
	params := &slackapi.GetConversationHistoryParameters{ChannelID: "C0EAST", Limit: 200, IncludeAllMetadata: true, Inclusive: true,
		Oldest: "1795838340.000000", Latest: "1795838460.000000"}
	var pages, seen int
	for {
		page, err := api.GetConversationHistoryContext(ctx, params)
		if err != nil {
			t.Fatal(err)
		}
		pages, seen = pages+1, seen+len(page.Messages)
		if !page.HasMore {
			break
		}
		params.Cursor = page.ResponseMetaData.NextCursor
	}
	if pages != 2 || seen != 250 {
		t.Errorf("%d pages, %d messages; want 2 pages, 250 messages", pages, seen)
	}

	s.Locales = map[string]string{"U0BOB": "zh-CN"}
	for user, want := range map[string]string{"U0BOB": "zh-CN", "U0ALICE": "en-US"} {
		if u, err := api.GetUserInfoContext(ctx, user); err != nil || u.Locale != want {
			t.Errorf("users.info %s: %+v, %v; want locale %s", user, u, err, want)
		}
	}
	if c, _, _, err := api.OpenConversationContext(ctx, &slackapi.OpenConversationParameters{Users: []string{"U0ALICE"}}); err != nil || c.ID != "DU0ALICE" {
		t.Errorf("conversations.open: %+v, %v", c, err)
	}
	s.Refuse("conversations.history", "", "missing_scope")
	if _, err := api.GetConversationHistoryContext(ctx, params); err == nil || !strings.Contains(err.Error(), "missing_scope") {
		t.Errorf("refused history: %v", err)
	}
}

// A response_url post is recorded under its path and answered "ok".
func TestResponseURL(t *testing.T) {
	s := slacktest.New(t)
	resp, err := http.Post(s.ResponseURL("U0ALICE"), "application/json", strings.NewReader(`{"text":"hi"}`))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("response_url: %v %v", resp, err)
	}
	resp.Body.Close()
	if got := s.Await(t, "/respond/U0ALICE", 1); got[0].JSON["text"] != "hi" {
		t.Errorf("recorded %+v", got)
	}
	if !strings.HasSuffix(s.APIURL(), "/api/") {
		t.Errorf("APIURL %s does not end in /api/", s.APIURL())
	}
}

// The client posts each kind of request to its endpoint, with Slack's
// Content-Type and a signature over the body as sent.
func TestClient(t *testing.T) {
	type got struct{ path, contentType, body, sig string }
	seen := make(chan got, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen <- got{r.URL.Path, r.Header.Get("Content-Type"), string(b), r.Header.Get("X-Slack-Signature")}
	}))
	defer srv.Close()
	at := time.Unix(1531420618, 0)
	c := &slacktest.Client{URL: srv.URL, Secret: "s3cret", Now: func() time.Time { return at }}
	form := "application/x-www-form-urlencoded"
	tests := []struct {
		name              string
		send              func() (*http.Response, string, error)
		path, contentType string
	}{
		{"command", func() (*http.Response, string, error) { return c.Command(url.Values{"command": {"/report"}}) }, "/slack/commands", form},
		{"interaction", func() (*http.Response, string, error) { return c.Interaction(map[string]any{"type": "block_actions"}) }, "/slack/interactions", form},
		{"event", func() (*http.Response, string, error) { return c.Event(`{"type":"event_callback"}`) }, "/slack/events", "application/json"},
	}
	for _, tt := range tests {
		if resp, _, err := tt.send(); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %v %v", tt.name, resp, err)
		}
		g := <-seen
		if g.path != tt.path || g.contentType != tt.contentType || g.sig != slacktest.Sign("s3cret", "1531420618", []byte(g.body)) {
			t.Errorf("%s: %+v", tt.name, g)
		}
	}
}
