package discord_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// gatewayTimeout bounds every wait in these tests. It only ever fails a
// test: nothing waits for it to pass.
const gatewayTimeout = 10 * time.Second

// fakeGateway is Discord's gateway side: GET /gateway (on the fake REST
// API) names it; it says hello, takes the identify, answers READY and
// then carries what the test sends.
type fakeGateway struct {
	t        *testing.T
	srv      *httptest.Server
	identify chan map[string]any
	conns    chan *websocket.Conn
}

func newFakeGateway(t *testing.T, rest *fakeDiscord) *fakeGateway {
	g := &fakeGateway{t: t, identify: make(chan map[string]any, 4), conns: make(chan *websocket.Conn, 4)}
	g.srv = httptest.NewServer(http.HandlerFunc(g.serve))
	t.Cleanup(g.srv.Close)
	rest.gateway = "ws" + strings.TrimPrefix(g.srv.URL, "http")
	return g
}

func (g *fakeGateway) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("encoding") != "json" {
		g.t.Errorf("gateway URL %s", r.URL)
	}
	ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
	if err != nil {
		g.t.Errorf("upgrade: %v", err)
		return
	}
	ws.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}})
	var id struct {
		Op int            `json:"op"`
		D  map[string]any `json:"d"`
	}
	if err := ws.ReadJSON(&id); err != nil || id.Op != 2 {
		g.t.Errorf("identify: op %d, %v", id.Op, err)
		ws.Close()
		return
	}
	g.identify <- id.D
	ws.WriteJSON(map[string]any{"op": 0, "s": 1, "t": "READY", "d": map[string]any{
		"v": 10, "session_id": "session-1", "resume_gateway_url": "ws://unused.invalid",
		"user":        map[string]any{"id": "999", "username": "fieldloop", "bot": true},
		"application": map[string]any{"id": appID, "flags": 0}, "guilds": []any{},
	}})
	g.conns <- ws
	go func() { // heartbeats and the close frame; nothing to answer
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				return
			}
		}
	}()
}

// Over the gateway, an interaction (here a modal submitted in the Label
// shape, which discordgo itself cannot decode) goes through the same
// handler and is answered on its callback endpoint.
func TestGateway(t *testing.T) {
	e := newEnv(t)
	g := newFakeGateway(t, e.discord)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.adapter.RunGateway(ctx) }()
	defer cancel()

	var identify map[string]any
	select {
	case identify = <-g.identify:
	case err := <-done:
		t.Fatalf("RunGateway returned %v before identifying", err)
	case <-time.After(gatewayTimeout):
		t.Fatal("no identify")
	}
	if identify["token"] != "Bot test-bot-token" || identify["intents"] != 0.0 {
		t.Errorf("identify: token %v, intents %v", identify["token"], identify["intents"])
	}
	var ws *websocket.Conn
	select {
	case ws = <-g.conns:
	case <-time.After(gatewayTimeout):
		t.Fatal("no READY sent")
	}

	it := e.interaction(5, alice, "en-US", labelled("fm:/report sales", map[string]string{"units": "7", "outlet": "Gateway Mart"}))
	delete(it, "member") // a direct message with the bot
	it["user"] = map[string]any{"id": alice}
	if err := ws.WriteJSON(map[string]any{"op": 0, "s": 2, "t": "INTERACTION_CREATE", "d": it}); err != nil {
		t.Fatal(err)
	}
	want := "POST /interactions/" + it["id"].(string) + "/" + it["token"].(string) + "/callback"
	deadline := time.After(gatewayTimeout)
	for len(e.discord.called(want)) == 0 {
		select {
		case <-e.discord.seen:
		case <-deadline:
			t.Fatalf("no %s", want)
		}
	}
	cb := e.discord.called(want)[0]
	var resp struct {
		Type int `json:"type"`
		Data struct {
			Content string `json:"content"`
			Flags   int    `json:"flags"`
		} `json:"data"`
	}
	if err := json.Unmarshal(cb.body, &resp); err != nil || resp.Type != 4 || resp.Data.Flags != 64 || !strings.Contains(resp.Data.Content, "Saved report #1") {
		t.Errorf("callback: %s", cb.body)
	}
	if rs := e.reports(); len(rs) != 1 || rs[0].Person != "alice" || rs[0].Fields["outlet"].Text != "Gateway Mart" {
		t.Errorf("stored %+v", rs)
	}

	cancel()
	select {
	case err := <-done:
		if err != context.Canceled {
			t.Errorf("RunGateway: %v", err)
		}
	case <-time.After(gatewayTimeout):
		t.Fatal("RunGateway did not return")
	}
}

// A token Discord refuses ends RunGateway instead of retrying forever.
func TestGatewayBadToken(t *testing.T) {
	e := newEnv(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		ws.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}})
		ws.ReadMessage() // identify
		ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
		ws.Close()
	}))
	defer srv.Close()
	e.discord.gateway = "ws" + strings.TrimPrefix(srv.URL, "http")
	done := make(chan error, 1)
	go func() { done <- e.adapter.RunGateway(context.Background()) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "DISCORD_BOT_TOKEN") {
			t.Errorf("RunGateway: %v", err)
		}
	case <-time.After(gatewayTimeout):
		t.Fatal("RunGateway kept retrying a refused token")
	}
}
