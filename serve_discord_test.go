package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	discordadapter "github.com/fieldloop/fieldloop/adapters/discord"
	"github.com/fieldloop/fieldloop/internal/app"
	"github.com/fieldloop/fieldloop/internal/apptest"
	"github.com/fieldloop/fieldloop/internal/discordtest"
)

// Test settings for Discord: fake, but shaped as serve expects them.
const (
	testDiscordToken = "MTAwMDAwMDAwMDAwMDAwMDAx.test.discord-bot-token"
	testDiscordApp   = "100000000000000001"
	discordMarketing = "900000000000000001" // the demo org's marketing channel
	discordAlice     = "800000000000000001"
)

func discordEnv(api string, pub ed25519.PublicKey) map[string]string {
	return map[string]string{"DISCORD_BOT_TOKEN": testDiscordToken, "DISCORD_PUBLIC_KEY": hex.EncodeToString(pub),
		"DISCORD_APP_ID": testDiscordApp, "DISCORD_API_URL": api}
}

// interact posts a Discord interaction to serve, signed with key.
func (r *running) interact(t *testing.T, key ed25519.PrivateKey, body string) (int, string) {
	t.Helper()
	resp, out, err := (&discordtest.Client{URL: "http://" + r.addr, Key: key}).Interaction([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

const discordReport = `{"id":"1300000000000000001","application_id":"100000000000000001","type":2,"token":"tok","version":1,
"channel_id":"900000000000000003","locale":"en-US","member":{"user":{"id":"800000000000000001"}},
"data":{"name":"report","type":1,"options":[{"name":"sales","type":1,"options":[{"name":"units","type":4,"value":3},{"name":"amount","type":10,"value":3200.55}]}]}}`

// The whole server with Discord over HTTP: commands are registered at
// start, a signed /report is saved and confirmed, the feed post reaches
// marketing's Discord channel over REST, a forged request is refused and
// stores nothing, and a SIGTERM stops everything cleanly.
func TestServeDiscordEndToEnd(t *testing.T) {
	api := discordtest.New(t)
	pub, key, _ := ed25519.GenerateKey(nil)
	db := tempDB(t)
	srv := startServe(t, discordEnv(api.APIURL(), pub), "--db", db)

	reg := api.Await(t, "PUT ", 1)[0]
	if reg.Path != "/applications/"+testDiscordApp+"/commands" || !strings.Contains(string(reg.Body), `"name":"report"`) {
		t.Errorf("registration: %s %s", reg.Path, reg.Body[:min(len(reg.Body), 200)])
	}

	if code, body := srv.interact(t, key, `{"type":1}`); code != 200 || strings.TrimSpace(body) != `{"type":1}` {
		t.Errorf("PING: %d %q", code, body)
	}
	_, forger, _ := ed25519.GenerateKey(nil)
	if code, _ := srv.interact(t, forger, strings.Replace(discordReport, `"value":3}`, `"value":99}`, 1)); code != http.StatusUnauthorized {
		t.Errorf("forged: %d, want 401", code)
	}
	code, body := srv.interact(t, key, discordReport)
	var reply struct {
		Type int `json:"type"`
		Data struct {
			Content string `json:"content"`
			Flags   int    `json:"flags"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &reply); code != 200 || err != nil || reply.Type != 4 || reply.Data.Flags != 64 ||
		!strings.Contains(reply.Data.Content, "Saved report #1") {
		t.Fatalf("/report: %d %q", code, body)
	}

	post := api.Await(t, "POST /channels/", 1)[0]
	if body := string(post.Body); post.Path != "/channels/"+discordMarketing+"/messages" || !strings.Contains(body, "#1") || !strings.Contains(body, `"enforce_nonce":true`) {
		t.Errorf("feed post %s: %s", post.Path, body)
	}

	if code := srv.stop(t); code != 0 {
		t.Fatalf("serve exited %d: %s", code, srv.stderr)
	}
	if got := exportReports(t, db); len(got) != 1 || got[0].Fields["units"] != 3.0 || got[0].Fields["amount"] != "3200.55" {
		t.Errorf("export after stop: %+v, want the one report, amount exact", got)
	}
	logs := srv.stderr.String()
	if strings.Contains(logs, testDiscordToken) {
		t.Errorf("a secret is in the logs:\n%s", logs)
	}
	if !strings.Contains(logs, `"discord_http":true`) || !strings.Contains(logs, "discord commands registered") {
		t.Errorf("logs:\n%s", logs)
	}
}

// With the bot token alone, interactions come over the gateway: no HTTP
// endpoint, and a gateway that refuses the token is logged while the
// server keeps running.
func TestServeDiscordGatewayOnly(t *testing.T) {
	api := discordtest.New(t) // with no gateway: GET /gateway refuses the token
	env := map[string]string{"DISCORD_BOT_TOKEN": testDiscordToken, "DISCORD_API_URL": api.APIURL(), "DISCORD_APP_ID": testDiscordApp}
	srv := startServe(t, env, "--db", tempDB(t))
	api.Await(t, "GET /gateway", 1)
	if code, _ := srv.get(t, "/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz: %d", code)
	}
	_, key, _ := ed25519.GenerateKey(nil)
	if code, _ := srv.interact(t, key, `{"type":1}`); code != http.StatusNotFound {
		t.Errorf("POST /discord/interactions: %d, want 404 without a public key", code)
	}
	if code := srv.stop(t); code != 0 {
		t.Fatalf("serve exited %d: %s", code, srv.stderr)
	}
	if logs := srv.stderr.String(); !strings.Contains(logs, "discord gateway stopped") || strings.Contains(logs, testDiscordToken) {
		t.Errorf("logs:\n%s", logs)
	}
}

// Slack and Discord at once: a report filed on Discord is forwarded to
// marketing on both.
func TestServeSlackAndDiscord(t *testing.T) {
	slack := newFakeSlack(t)
	api := discordtest.New(t)
	pub, key, _ := ed25519.GenerateKey(nil)
	env := discordEnv(api.APIURL(), pub)
	for k, v := range slackEnv(slack.APIURL()) {
		env[k] = v
	}
	srv := startServe(t, env, "--db", tempDB(t))
	if code, body := srv.interact(t, key, discordReport); code != 200 || !strings.Contains(body, "Saved report #1") {
		t.Fatalf("/report: %d %s", code, body)
	}
	if p := slack.Await(t, "/api/chat.postMessage", 1)[0]; p.Form.Get("channel") != "C0MKT" {
		t.Errorf("Slack post to %s", p.Form.Get("channel"))
	}
	api.Await(t, "POST /channels/"+discordMarketing+"/messages", 1)
	if code := srv.stop(t); code != 0 {
		t.Fatalf("serve exited %d: %s", code, srv.stderr)
	}
}

// serve refuses incomplete or mistaken Discord settings, naming the
// variable and never echoing a secret; with no platform at all, it names
// every variable that would start one.
func TestServeDiscordSettingErrors(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(nil)
	key := hex.EncodeToString(pub)
	cases := []struct {
		env  map[string]string
		want []string
	}{
		{nil, []string{"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DISCORD_BOT_TOKEN", "DISCORD_PUBLIC_KEY"}},
		{map[string]string{"DISCORD_PUBLIC_KEY": key}, []string{"DISCORD_BOT_TOKEN"}},
		{map[string]string{"DISCORD_BOT_TOKEN": testDiscordToken, "DISCORD_PUBLIC_KEY": "not-a-key"}, []string{"DISCORD_PUBLIC_KEY"}},
		{map[string]string{"DISCORD_BOT_TOKEN": testDiscordToken, "DISCORD_APP_ID": "fieldloop"}, []string{"DISCORD_APP_ID"}},
		{map[string]string{"DISCORD_BOT_TOKEN": testDiscordToken, "DISCORD_GUILD_ID": "#general"}, []string{"DISCORD_GUILD_ID"}},
		{map[string]string{"DISCORD_BOT_TOKEN": testDiscordToken, "DISCORD_API_URL": "discord.example"}, []string{"DISCORD_API_URL"}},
		{map[string]string{"DISCORD_BOT_TOKEN": testDiscordToken, "SLACK_SIGNING_SECRET": testSecret}, []string{"SLACK_BOT_TOKEN"}},
	}
	for _, c := range cases {
		var errOut bytes.Buffer
		m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errOut, Now: time.Now,
			Getenv: func(k string) string { return c.env[k] }}
		code := m.Run(context.Background(), []string{"serve", "--db", tempDB(t)})
		if code != 2 {
			t.Errorf("env %v: exit %d, want 2: %s", c.env, code, errOut.String())
		}
		for _, w := range c.want {
			if !strings.Contains(errOut.String(), w) {
				t.Errorf("env %v: %q does not name %s", c.env, errOut.String(), w)
			}
		}
		for k, v := range c.env {
			if strings.HasSuffix(k, "_TOKEN") || strings.HasSuffix(k, "_SECRET") {
				if strings.Contains(errOut.String(), v) {
					t.Errorf("env %v: the message shows a secret", c.env)
				}
			}
		}
	}
}

// serve -h lists the Discord flags without the token from the
// environment.
func TestServeHelpHidesDiscordToken(t *testing.T) {
	var errOut bytes.Buffer
	env := map[string]string{"DISCORD_BOT_TOKEN": testDiscordToken}
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errOut, Now: time.Now,
		Getenv: func(k string) string { return env[k] }}
	if code := m.Run(context.Background(), []string{"serve", "-h"}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	help := errOut.String()
	for _, flag := range []string{"-discord-bot-token", "-discord-public-key", "-discord-app-id", "-discord-guild-id", "-discord-api-url"} {
		if !strings.Contains(help, flag) {
			t.Errorf("help lists no %s", flag)
		}
	}
	if strings.Contains(help, testDiscordToken) {
		t.Errorf("help shows the token:\n%s", help)
	}
}

// Every command serve registers is registered with Discord, within
// Discord's rules (the adapter checks them before sending).
func TestDiscordCommandsForEveryCommand(t *testing.T) {
	api := discordtest.New(t)
	fl := apptest.New(t, apptest.Options{Platform: discordadapter.Platform})
	a := discordadapter.New(discordadapter.Config{BotToken: testDiscordToken, AppID: testDiscordApp, APIURL: api.APIURL(),
		Router: fl.Router, Logger: fl.Logger})
	if err := a.RegisterCommands(context.Background()); err != nil {
		t.Fatal(err)
	}
	put := api.Await(t, "PUT ", 1)[0]
	var cmds []struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(put.Body, &cmds); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, c := range cmds {
		got[c.Name] = true
	}
	for _, c := range app.Commands() {
		if !got[c.Name] {
			t.Errorf("/%s is not registered with Discord", c.Name)
		}
	}
}
