package slack_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	slackadapter "github.com/fieldloop/fieldloop/adapters/slack"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/slacktest"
)

// socketTimeout bounds every wait in these tests. It only ever fails a
// test: nothing waits for it to pass.
const socketTimeout = 10 * time.Second

const socketAppToken = "xapp-1-A1-test"

// noPayload checks that an ack carries nothing, which closes a modal or
// just says "received".
func noPayload(t *testing.T, what string, a slacktest.SocketAck) {
	t.Helper()
	if p := strings.TrimSpace(string(a.Payload)); p != "" && p != "null" {
		t.Errorf("%s: ack payload %s, want none", what, p)
	}
}

// socketEnv is an env whose adapter is served over Socket Mode.
type socketEnv struct {
	*env
	conn *slacktest.SocketConn
	stop func() error // cancels RunSocketMode's context and returns what it returned
}

// newSocketEnv starts RunSocketMode against the fake Slack and waits
// until the client is connected. The adapter has newEnv's router but no
// signing secret: Socket Mode needs none.
func newSocketEnv(t *testing.T, extra ...bot.Command) *socketEnv {
	t.Helper()
	e := newEnv(t, extra...)
	e.slack.AppToken = socketAppToken
	e.adapter = slackadapter.New(slackadapter.Config{BotToken: "xoxb-test", APIURL: e.slack.APIURL(),
		Router: e.app.Router, Outbox: e.db, Logger: e.app.Logger, Now: e.app.Now})

	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- e.adapter.RunSocketMode(ctx, socketAppToken) }()
	var result error
	stopped := false
	stop := func() error {
		if stopped {
			return result
		}
		stopped = true
		cancel()
		select {
		case result = <-ran:
		case <-time.After(socketTimeout):
			t.Fatalf("RunSocketMode did not return within %v of its context's end", socketTimeout)
		}
		e.adapter.Wait()
		return result
	}
	t.Cleanup(func() { stop() })

	se := &socketEnv{env: e, stop: stop}
	select {
	case se.conn = <-e.slack.Sockets():
	case err := <-ran:
		t.Fatalf("RunSocketMode returned before connecting: %v", err)
	case <-time.After(socketTimeout):
		t.Fatal("the client did not open the WebSocket")
	}
	if auth := e.slack.Calls("/api/apps.connections.open")[0].Header.Get("Authorization"); auth != "Bearer "+socketAppToken {
		t.Fatalf("apps.connections.open with Authorization %q, want the app-level token", auth)
	}
	return se
}

// slashCommand is a slash command's payload as Socket Mode sends it: the
// fields of the HTTP form, as a JSON object of strings (even
// is_enterprise_install, which slack-go must read either way).
func (e *socketEnv) slashCommand(user, command, args, trigger string) map[string]any {
	return map[string]any{
		"token": "ignored", "team_id": "T1", "team_domain": "acme", "channel_id": "C0EAST", "channel_name": "east",
		"user_id": user, "user_name": "someone", "command": command, "text": args,
		"response_url": e.slack.ResponseURL(user), "trigger_id": trigger, "api_app_id": "A1",
		"is_enterprise_install": "false",
	}
}

func TestSocketModeSlashCommand(t *testing.T) {
	e := newSocketEnv(t)
	e.conn.Send("env-1", "slash_commands", e.slashCommand("U0ALICE", "/report", "sales units=4", "trigger-socket-1"))
	a := e.conn.Ack("env-1")
	var reply struct {
		ResponseType string `json:"response_type"`
		Text         string `json:"text"`
	}
	if err := json.Unmarshal(a.Payload, &reply); err != nil {
		t.Fatalf("ack payload %s: %v", a.Payload, err)
	}
	if !strings.Contains(reply.Text, "Saved report #1") || reply.ResponseType != "ephemeral" {
		t.Errorf("ack payload = %s, want an ephemeral Saved report #1", a.Payload)
	}
	e.stop()
	rs := e.reports()
	if len(rs) != 1 || rs[0].Person != "alice" || rs[0].Platform != slackadapter.Platform || rs[0].Fields["units"].Num != 4 {
		t.Fatalf("stored %+v, want alice's one report of 4 units", rs)
	}
	if got := e.slack.Calls("/respond/U0ALICE"); len(got) != 0 {
		t.Errorf("the reply went in the ack and also to response_url: %+v", got)
	}
}

func TestSocketModeModal(t *testing.T) {
	e := newSocketEnv(t)
	e.conn.Send("env-open", "slash_commands", e.slashCommand("U0ALICE", "/report", "sales", "trigger-socket-modal"))
	noPayload(t, "a command that opens a modal", e.conn.Ack("env-open"))
	view := e.opened("trigger-socket-modal")
	if view["callback_id"] != "fieldloop_form" {
		t.Fatalf("opened %v", view)
	}

	// A bad number comes back on its block, in the ack.
	e.conn.Send("env-bad", "interactive", viewSubmission("U0ALICE", "V1", view, map[string]map[string]any{
		"outlet": text("Metro"), "units": number("1.5"), "amount": number("3200.5"),
	}))
	a := e.conn.Ack("env-bad")
	var bad struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(a.Payload, &bad); err != nil || bad.ResponseAction != "errors" ||
		bad.Errors["units"] != "Units (units) must be a whole number, like 12." || len(bad.Errors) != 1 {
		t.Errorf("bad number: ack payload %s (%v)", a.Payload, err)
	}
	if n := len(e.reports()); n != 0 {
		t.Fatalf("a refused submission stored %d reports", n)
	}

	// A good one is saved and closes the modal: an ack with nothing in it.
	e.conn.Send("env-good", "interactive", viewSubmission("U0ALICE", "V1", view, map[string]map[string]any{
		"outlet": text("Metro"), "units": number("15"), "amount": number("3200.5"), "sku": text(""),
		"note": map[string]any{"type": "plain_text_input", "value": nil},
	}))
	noPayload(t, "a good submission", e.conn.Ack("env-good"))
	if err := e.stop(); !errors.Is(err, context.Canceled) {
		t.Errorf("RunSocketMode returned %v, want context.Canceled", err)
	}
	rs := e.reports()
	if len(rs) != 1 || rs[0].Fields["units"].Num != 15 || rs[0].Fields["outlet"].Text != "Metro" {
		t.Fatalf("stored %+v", rs)
	}
	confirm := e.slack.Calls("/respond/U0ALICE")
	if len(confirm) != 1 || !strings.Contains(confirm[0].JSON["text"].(string), "Saved report #1") {
		t.Errorf("confirmation through response_url: %+v", confirm)
	}
}

// A direct message arrives as an events_api envelope, is acked with
// nothing, and is answered through the outbox; Slack's retry of the same
// event, in a new envelope, is acked and not run again.
func TestSocketModeDirectMessage(t *testing.T) {
	e := newSocketEnv(t)
	event := json.RawMessage(`{"type":"event_callback","event_id":"Ev9","team_id":"T1","api_app_id":"A1","event":{"type":"message","channel_type":"im","user":"U0ALICE","channel":"D0ALICE","text":"whoami","ts":"1.1"}}`)
	e.conn.Send("env-ev", "events_api", event)
	noPayload(t, "an event", e.conn.Ack("env-ev"))
	e.adapter.Wait() // the reply is counted in flight before the ack
	pending := e.app.Pending()
	if len(pending) != 1 || pending[0].To.ID != "D0ALICE" || !pending[0].To.Channel || !strings.Contains(pending[0].Text, "You are Alice Wang") {
		t.Fatalf("outbox after the event: %+v", pending)
	}

	e.conn.Send("env-ev-retry", "events_api", event)
	noPayload(t, "a retried event", e.conn.Ack("env-ev-retry"))
	e.stop()
	if pending := e.app.Pending(); len(pending) != 1 {
		t.Errorf("a retried event was answered again: %d pending", len(pending))
	}
}

// Envelopes are handled side by side: a command still running does not
// hold up the ack of the next one, which Slack wants within 3 s.
func TestSocketModeSlowCommandHoldsUpNoOther(t *testing.T) {
	release := make(chan struct{})
	slow := bot.Command{Name: "slow", Run: func(context.Context, *bot.Request) (*bot.Reply, error) {
		<-release
		return &bot.Reply{Text: "done at last"}, nil
	}}
	e := newSocketEnv(t, slow)
	var once sync.Once
	unblock := func() { once.Do(func() { close(release) }) }
	t.Cleanup(unblock)               // before newSocketEnv's cleanup waits for every command
	e.adapter.Deadline = time.Minute // only release ends the slow command
	e.conn.Send("env-slow", "slash_commands", e.slashCommand("U0ALICE", "/slow", "", "trigger-slow"))
	e.conn.Send("env-who", "slash_commands", e.slashCommand("U0ALICE", "/whoami", "", "trigger-who"))
	if a := e.conn.Ack("env-who"); !strings.Contains(string(a.Payload), "You are Alice Wang") {
		t.Errorf("whoami ack: %s", a.Payload)
	}
	unblock()
	if a := e.conn.Ack("env-slow"); !strings.Contains(string(a.Payload), "done at last") {
		t.Errorf("slow ack: %s", a.Payload)
	}
}

// Cancelling the context ends RunSocketMode and closes the connection.
func TestSocketModeStops(t *testing.T) {
	e := newSocketEnv(t)
	if err := e.stop(); !errors.Is(err, context.Canceled) {
		t.Errorf("RunSocketMode returned %v, want context.Canceled", err)
	}
	select {
	case <-e.conn.Closed():
	case <-time.After(socketTimeout):
		t.Fatal("the WebSocket is still open after RunSocketMode returned")
	}
}
