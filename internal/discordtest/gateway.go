package discordtest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
)

// Gateway is Discord's gateway: it says hello, takes the bot's identify,
// answers READY and then carries the events the test dispatches.
type Gateway struct {
	// Refuse closes each connection after the identify with 4004
	// "Authentication failed.", as Discord does for a bad token, instead
	// of READY.
	Refuse bool

	tb       testing.TB
	srv      *httptest.Server
	appID    string
	identify chan map[string]any
	conns    chan *GatewayConn
}

// GatewayConn is the gateway's end of one connection, once READY is
// sent. Only the test's goroutine may dispatch on it.
type GatewayConn struct {
	ws *websocket.Conn
}

// NewGateway starts a gateway that tb closes when done, and makes rest
// name it in GET /gateway.
func NewGateway(tb testing.TB, rest *Server) *Gateway {
	g := &Gateway{tb: tb, appID: rest.AppID, identify: make(chan map[string]any, 4), conns: make(chan *GatewayConn, 4)}
	g.srv = httptest.NewServer(http.HandlerFunc(g.serve))
	tb.Cleanup(g.srv.Close)
	rest.Gateway = "ws" + strings.TrimPrefix(g.srv.URL, "http")
	return g
}

// Identified gives the payload ("d") of each identify.
func (g *Gateway) Identified() <-chan map[string]any { return g.identify }

// Conns gives each connection once READY is sent.
func (g *Gateway) Conns() <-chan *GatewayConn { return g.conns }

// Dispatch sends an event (op 0) of type event ("INTERACTION_CREATE")
// with sequence number seq and payload data.
func (c *GatewayConn) Dispatch(seq int, event string, data any) error {
	return c.ws.WriteJSON(map[string]any{"op": 0, "s": seq, "t": event, "d": data})
}

// serve runs one connection: hello, identify, then READY or the refusal.
func (g *Gateway) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("encoding") != "json" {
		g.tb.Errorf("gateway URL %s", r.URL)
	}
	ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
	if err != nil {
		g.tb.Errorf("upgrade: %v", err)
		return
	}
	ws.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}})
	var id struct {
		Op int            `json:"op"`
		D  map[string]any `json:"d"`
	}
	if err := ws.ReadJSON(&id); err != nil || id.Op != 2 {
		g.tb.Errorf("identify: op %d, %v", id.Op, err)
		ws.Close()
		return
	}
	select {
	case g.identify <- id.D:
	default: // a client identifying in a loop must not block the gateway
	}
	if g.Refuse {
		ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
		ws.Close()
		return
	}
	ws.WriteJSON(map[string]any{"op": 0, "s": 1, "t": "READY", "d": map[string]any{
		"v": 10, "session_id": "session-1", "resume_gateway_url": "ws://unused.invalid",
		"user":        map[string]any{"id": "999", "username": "fieldloop", "bot": true},
		"application": map[string]any{"id": g.appID, "flags": 0}, "guilds": []any{},
	}})
	g.conns <- &GatewayConn{ws: ws}
	go func() { // heartbeats and the close frame; nothing to answer
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				return
			}
		}
	}()
}
