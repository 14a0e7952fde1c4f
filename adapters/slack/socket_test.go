package slack_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	slackadapter "github.com/fieldloop/fieldloop/adapters/slack"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/commands"
	"github.com/fieldloop/fieldloop/orgfile"
)

// socketTimeout bounds every wait in these tests. It only ever fails a
// test: nothing waits for it to pass.
const socketTimeout = 10 * time.Second

const socketAppToken = "xapp-1-A1-test"

// socketSlack is Slack's side of Socket Mode in front of the fake Web
// API: apps.connections.open hands out the address of a WebSocket, which
// says hello and then carries envelopes one way and acks the other.
// Every other path goes to the fake, which records it.
type socketSlack struct {
	t     *testing.T
	srv   *httptest.Server
	opens chan string      // the Authorization header of each apps.connections.open
	conns chan *socketConn // each WebSocket connection, once it has said hello

	mu   sync.Mutex
	open []*websocket.Conn // closed when the test ends
}

// socketConn is the server end of one Socket Mode connection. Only the
// test's goroutine writes to it; one goroutine reads the acks.
type socketConn struct {
	t      *testing.T
	ws     *websocket.Conn
	acks   chan socketAck
	closed chan struct{} // closed when the client has hung up
}

// socketAck is what the client sends back for an envelope.
type socketAck struct {
	EnvelopeID string          `json:"envelope_id"`
	Payload    json.RawMessage `json:"payload"`
}

func newSocketSlack(t *testing.T, web *fakeSlack) *socketSlack {
	s := &socketSlack{t: t, opens: make(chan string, 8), conns: make(chan *socketConn, 8)}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/apps.connections.open", s.connectionsOpen)
	mux.HandleFunc("GET /socket", s.serveSocket)
	mux.HandleFunc("/", web.serve)
	s.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		s.mu.Lock()
		for _, ws := range s.open {
			ws.Close()
		}
		s.mu.Unlock()
		s.srv.Close()
	})
	return s
}

func (s *socketSlack) connectionsOpen(w http.ResponseWriter, r *http.Request) {
	select {
	case s.opens <- r.Header.Get("Authorization"):
	default: // a client retrying in a loop must not block the server
	}
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("Authorization") != "Bearer "+socketAppToken {
		w.Write([]byte(`{"ok":false,"error":"invalid_auth"}`))
		return
	}
	wsURL := "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/socket"
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "url": wsURL})
}

func (s *socketSlack) serveSocket(w http.ResponseWriter, r *http.Request) {
	// slack-go dials with the Origin of Slack's own site.
	up := websocket.Upgrader{CheckOrigin: func(r *http.Request) bool { return r.Header.Get("Origin") == "https://api.slack.com" }}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		s.t.Errorf("socket upgrade: %v", err)
		return
	}
	s.mu.Lock()
	s.open = append(s.open, ws)
	s.mu.Unlock()
	hello := `{"type":"hello","num_connections":1,"debug_info":{"host":"applink-test"},"connection_info":{"app_id":"A1"}}`
	if err := ws.WriteMessage(websocket.TextMessage, []byte(hello)); err != nil {
		s.t.Errorf("socket hello: %v", err)
		return
	}
	c := &socketConn{t: s.t, ws: ws, acks: make(chan socketAck, 16), closed: make(chan struct{})}
	select {
	case s.conns <- c:
	default:
		s.t.Errorf("socket: more connections than the test expects")
	}
	defer close(c.closed)
	for {
		_, msg, err := ws.ReadMessage()
		if err != nil {
			return
		}
		var ack socketAck
		if err := json.Unmarshal(msg, &ack); err != nil {
			s.t.Errorf("socket: unreadable ack %q: %v", msg, err)
			continue
		}
		c.acks <- ack
	}
}

// send writes an envelope of type typ ("slash_commands", "interactive",
// "events_api") as Slack does.
func (c *socketConn) send(id, typ string, payload any) {
	c.t.Helper()
	err := c.ws.WriteJSON(map[string]any{
		"envelope_id": id, "type": typ, "payload": payload, "accepts_response_payload": typ != "events_api",
	})
	if err != nil {
		c.t.Fatalf("send envelope %s: %v", id, err)
	}
}

// ack waits for the next ack and checks that it is for envelope id.
func (c *socketConn) ack(id string) socketAck {
	c.t.Helper()
	var a socketAck
	select {
	case a = <-c.acks:
	case <-time.After(socketTimeout):
		c.t.Fatalf("no ack for envelope %s within %v", id, socketTimeout)
	}
	if a.EnvelopeID != id {
		c.t.Fatalf("ack for envelope %q, want %q (payload %s)", a.EnvelopeID, id, a.Payload)
	}
	return a
}

// noPayload checks that an ack carries nothing, which closes a modal or
// just says "received".
func noPayload(t *testing.T, what string, a socketAck) {
	t.Helper()
	if p := strings.TrimSpace(string(a.Payload)); p != "" && p != "null" {
		t.Errorf("%s: ack payload %s, want none", what, p)
	}
}

// socketEnv is an env whose adapter is served over Socket Mode.
type socketEnv struct {
	*env
	socket *socketSlack
	conn   *socketConn
	stop   func() error // cancels RunSocketMode's context and returns what it returned
}

// newSocketEnv starts RunSocketMode against socketSlack and waits until
// the client is connected. The adapter has the same router as newEnv's
// but no signing secret: Socket Mode needs none.
func newSocketEnv(t *testing.T, extra ...bot.Command) *socketEnv {
	t.Helper()
	e := newEnv(t)
	s := newSocketSlack(t, e.slack)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	org := orgfile.Demo()
	schema := bot.ReportSchema()
	router := bot.NewRouter(org, e.db, logger)
	router.Now = func() time.Time { return e.now }
	feed := &bot.Feed{Org: org, Schema: schema, Platforms: []bot.Platform{slackadapter.Platform}}
	router.Register(commands.Report(e.db, schema, feed), commands.Lang(e.db), commands.Whoami(), commands.Help(router.Commands))
	router.Register(extra...)
	e.adapter = slackadapter.New(slackadapter.Config{BotToken: "xoxb-test", APIURL: s.srv.URL + "/api",
		Router: router, Outbox: e.db, Logger: logger, Now: func() time.Time { return e.now }})

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

	se := &socketEnv{env: e, socket: s, stop: stop}
	select {
	case auth := <-s.opens:
		if auth != "Bearer "+socketAppToken {
			t.Fatalf("apps.connections.open with Authorization %q, want the app-level token", auth)
		}
	case err := <-ran:
		t.Fatalf("RunSocketMode returned before connecting: %v", err)
	case <-time.After(socketTimeout):
		t.Fatal("apps.connections.open not called")
	}
	select {
	case se.conn = <-s.conns:
	case err := <-ran:
		t.Fatalf("RunSocketMode returned before connecting: %v", err)
	case <-time.After(socketTimeout):
		t.Fatal("the client did not open the WebSocket")
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
		"response_url": e.slack.srv.URL + "/respond/" + user, "trigger_id": trigger, "api_app_id": "A1",
		"is_enterprise_install": "false",
	}
}

func TestSocketModeSlashCommand(t *testing.T) {
	e := newSocketEnv(t)
	e.conn.send("env-1", "slash_commands", e.slashCommand("U0ALICE", "/report", "sales units=4", "trigger-socket-1"))
	a := e.conn.ack("env-1")
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
	if got := e.slack.called("/respond/U0ALICE"); len(got) != 0 {
		t.Errorf("the reply went in the ack and also to response_url: %+v", got)
	}
}

func TestSocketModeModal(t *testing.T) {
	e := newSocketEnv(t)
	e.conn.send("env-open", "slash_commands", e.slashCommand("U0ALICE", "/report", "sales", "trigger-socket-modal"))
	noPayload(t, "a command that opens a modal", e.conn.ack("env-open"))
	view := e.opened("trigger-socket-modal")
	if view["callback_id"] != "fieldloop_form" {
		t.Fatalf("opened %v", view)
	}

	// A bad number comes back on its block, in the ack.
	e.conn.send("env-bad", "interactive", viewSubmission("U0ALICE", "V1", view, map[string]map[string]any{
		"outlet": text("Metro"), "units": number("1.5"), "amount": number("3200.5"),
	}))
	a := e.conn.ack("env-bad")
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
	e.conn.send("env-good", "interactive", viewSubmission("U0ALICE", "V1", view, map[string]map[string]any{
		"outlet": text("Metro"), "units": number("15"), "amount": number("3200.5"), "sku": text(""),
		"note": map[string]any{"type": "plain_text_input", "value": nil},
	}))
	noPayload(t, "a good submission", e.conn.ack("env-good"))
	if err := e.stop(); !errors.Is(err, context.Canceled) {
		t.Errorf("RunSocketMode returned %v, want context.Canceled", err)
	}
	rs := e.reports()
	if len(rs) != 1 || rs[0].Fields["units"].Num != 15 || rs[0].Fields["outlet"].Text != "Metro" {
		t.Fatalf("stored %+v", rs)
	}
	confirm := e.slack.called("/respond/U0ALICE")
	if len(confirm) != 1 || !strings.Contains(confirm[0].json["text"].(string), "Saved report #1") {
		t.Errorf("confirmation through response_url: %+v", confirm)
	}
}

// A direct message arrives as an events_api envelope, is acked with
// nothing, and is answered through the outbox; Slack's retry of the same
// event, in a new envelope, is acked and not run again.
func TestSocketModeDirectMessage(t *testing.T) {
	e := newSocketEnv(t)
	event := json.RawMessage(`{"type":"event_callback","event_id":"Ev9","team_id":"T1","api_app_id":"A1","event":{"type":"message","channel_type":"im","user":"U0ALICE","channel":"D0ALICE","text":"whoami","ts":"1.1"}}`)
	e.conn.send("env-ev", "events_api", event)
	noPayload(t, "an event", e.conn.ack("env-ev"))
	e.adapter.Wait() // the reply is counted in flight before the ack
	pending, err := e.db.PendingMessages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 1 || pending[0].To.ID != "D0ALICE" || !pending[0].To.Channel || !strings.Contains(pending[0].Text, "You are Alice Wang") {
		t.Fatalf("outbox after the event: %+v", pending)
	}

	e.conn.send("env-ev-retry", "events_api", event)
	noPayload(t, "a retried event", e.conn.ack("env-ev-retry"))
	e.stop()
	if pending, _ := e.db.PendingMessages(context.Background()); len(pending) != 1 {
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
	e.conn.send("env-slow", "slash_commands", e.slashCommand("U0ALICE", "/slow", "", "trigger-slow"))
	e.conn.send("env-who", "slash_commands", e.slashCommand("U0ALICE", "/whoami", "", "trigger-who"))
	if a := e.conn.ack("env-who"); !strings.Contains(string(a.Payload), "You are Alice Wang") {
		t.Errorf("whoami ack: %s", a.Payload)
	}
	unblock()
	if a := e.conn.ack("env-slow"); !strings.Contains(string(a.Payload), "done at last") {
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
	case <-e.conn.closed:
	case <-time.After(socketTimeout):
		t.Fatal("the WebSocket is still open after RunSocketMode returned")
	}
}
