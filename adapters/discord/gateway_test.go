package discord_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/internal/discordtest"
)

// gatewayTimeout bounds every wait in these tests. It only ever fails a
// test: nothing waits for it to pass.
const gatewayTimeout = 10 * time.Second

// Over the gateway, an interaction (here a modal submitted in the Label
// shape, which discordgo itself cannot decode) goes through the same
// handler and is answered on its callback endpoint.
func TestGateway(t *testing.T) {
	e := newEnv(t)
	g := discordtest.NewGateway(t, e.discord)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.adapter.RunGateway(ctx) }()
	defer cancel()

	var identify map[string]any
	select {
	case identify = <-g.Identified():
	case err := <-done:
		t.Fatalf("RunGateway returned %v before identifying", err)
	case <-time.After(gatewayTimeout):
		t.Fatal("no identify")
	}
	if identify["token"] != "Bot test-bot-token" || identify["intents"] != 0.0 {
		t.Errorf("identify: token %v, intents %v", identify["token"], identify["intents"])
	}
	var conn *discordtest.GatewayConn
	select {
	case conn = <-g.Conns():
	case <-time.After(gatewayTimeout):
		t.Fatal("no READY sent")
	}

	it := e.interaction(5, alice, "en-US", labelled("fm:/report sales", map[string]string{"units": "7", "outlet": "Gateway Mart"}))
	delete(it, "member") // a direct message with the bot
	it["user"] = map[string]any{"id": alice}
	if err := conn.Dispatch(2, "INTERACTION_CREATE", it); err != nil {
		t.Fatal(err)
	}
	cb := e.discord.Await(t, "POST /interactions/"+it["id"].(string)+"/"+it["token"].(string)+"/callback", 1)[0]
	var resp struct {
		Type int `json:"type"`
		Data struct {
			Content string `json:"content"`
			Flags   int    `json:"flags"`
		} `json:"data"`
	}
	if err := json.Unmarshal(cb.Body, &resp); err != nil || resp.Type != 4 || resp.Data.Flags != 64 || !strings.Contains(resp.Data.Content, "Saved report #1") {
		t.Errorf("callback: %s", cb.Body)
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
	discordtest.NewGateway(t, e.discord).Refuse = true
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
