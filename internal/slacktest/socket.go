package slacktest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/fieldloop/fieldloop/internal/kit"
)

// socketPath is where apps.connections.open sends Socket Mode clients.
const socketPath = "/socket"

// SocketConn is Slack's end of one Socket Mode connection: the test
// sends envelopes on it and reads the acks. Only the test's goroutine
// may send.
type SocketConn struct {
	tb     testing.TB
	ws     *websocket.Conn
	acks   chan SocketAck
	closed chan struct{} // closed when the client has hung up
}

// SocketAck is what the client sends back for an envelope.
type SocketAck struct {
	EnvelopeID string          `json:"envelope_id"`
	Payload    json.RawMessage `json:"payload"`
}

// Sockets gives each Socket Mode connection once Slack's hello is sent.
func (s *Server) Sockets() <-chan *SocketConn { return s.sockets }

// connectionsOpen answers apps.connections.open: the WebSocket's address
// for the app-level token, invalid_auth for any other.
func (s *Server) connectionsOpen(w http.ResponseWriter, c Call) {
	if s.AppToken == "" || c.Header.Get("Authorization") != "Bearer "+s.AppToken {
		w.Write([]byte(`{"ok":false,"error":"invalid_auth"}`))
		return
	}
	wsURL := "ws" + strings.TrimPrefix(s.URL, "http") + socketPath
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "url": wsURL})
}

// serveSocket says hello on a new connection, hands it to the test and
// reads its acks until the client hangs up.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	// slack-go dials with the Origin of Slack's own site.
	up := websocket.Upgrader{CheckOrigin: func(r *http.Request) bool { return r.Header.Get("Origin") == "https://api.slack.com" }}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		s.tb.Errorf("socket upgrade: %v", err)
		return
	}
	s.mu.Lock()
	s.conns = append(s.conns, ws)
	s.mu.Unlock()
	hello := `{"type":"hello","num_connections":1,"debug_info":{"host":"applink-test"},"connection_info":{"app_id":"A1"}}`
	if err := ws.WriteMessage(websocket.TextMessage, []byte(hello)); err != nil {
		s.tb.Errorf("socket hello: %v", err)
		return
	}
	c := &SocketConn{tb: s.tb, ws: ws, acks: make(chan SocketAck, 16), closed: make(chan struct{})}
	select {
	case s.sockets <- c:
	default:
		s.tb.Errorf("socket: more connections than the test expects")
	}
	defer close(c.closed)
	for {
		_, msg, err := ws.ReadMessage()
		if err != nil {
			return
		}
		var ack SocketAck
		if err := json.Unmarshal(msg, &ack); err != nil {
			s.tb.Errorf("socket: unreadable ack %q: %v", msg, err)
			continue
		}
		c.acks <- ack
	}
}

// Send writes an envelope of type typ ("slash_commands", "interactive",
// "events_api") as Slack does, failing the test if it cannot.
func (c *SocketConn) Send(id, typ string, payload any) {
	c.tb.Helper()
	err := c.ws.WriteJSON(map[string]any{
		"envelope_id": id, "type": typ, "payload": payload, "accepts_response_payload": typ != "events_api",
	})
	if err != nil {
		c.tb.Fatalf("send envelope %s: %v", id, err)
	}
}

// Ack waits for the next ack and checks that it is for envelope id; it
// fails the test after kit.Patience.
func (c *SocketConn) Ack(id string) SocketAck {
	c.tb.Helper()
	var a SocketAck
	select {
	case a = <-c.acks:
	case <-time.After(kit.Patience):
		c.tb.Fatalf("no ack for envelope %s within %v", id, kit.Patience)
	}
	if a.EnvelopeID != id {
		c.tb.Fatalf("ack for envelope %q, want %q (payload %s)", a.EnvelopeID, id, a.Payload)
	}
	return a
}

// Closed is closed when the client has hung up.
func (c *SocketConn) Closed() <-chan struct{} { return c.closed }
