package discord

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// closeAuthFailed is the gateway's close code for a bad token: retrying
// cannot help.
const closeAuthFailed = 4004

// RunGateway connects to Discord's gateway with the bot token and answers
// the interactions that arrive there, through the same handler as HTTP
// interactions, responding over REST. It is for running without a public
// URL: Discord sends interactions to the gateway only when the
// application has no interactions endpoint URL. It returns when ctx is
// done, or when Discord refuses the token, and only once every
// interaction that arrived has been answered (replies still being sent
// after that are what Wait waits for).
func (a *Adapter) RunGateway(ctx context.Context) error {
	s, err := discordgo.New(a.rest.token)
	if err != nil {
		return err
	}
	// discordgo's endpoints are fixed at start: point them at APIURL by
	// rewriting requests, and let nothing of it sleep through a 429.
	s.Client = &http.Client{Timeout: a.http.Timeout, Transport: &rewrite{base: a.rest.base, next: a.http.Transport}}
	s.ShouldRetryOnRateLimit = false
	s.Identify.Intents = discordgo.IntentsNone // interactions need no intent
	s.StateEnabled = false
	// discordgo logs with the standard logger; the connection's state is
	// logged here instead, with the service's logger.
	s.LogLevel = -1

	h := &gatewayHandlers{}
	s.AddHandler(func(_ *discordgo.Session, e *discordgo.Event) {
		if e.Type != "INTERACTION_CREATE" {
			return
		}
		// Raw, not discordgo's *InteractionCreate: see interaction.
		raw := append(json.RawMessage(nil), e.RawData...)
		h.do(func() { a.gatewayInteraction(ctx, raw) })
	})
	s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
		if r.Application != nil {
			a.appMu.Lock()
			if a.appID == "" {
				a.appID = r.Application.ID
			}
			a.appMu.Unlock()
		}
		a.logger.Info("discord gateway connected")
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
		if ctx.Err() == nil {
			a.logger.Warn("discord gateway disconnected; reconnecting")
		}
	})

	err = a.openGateway(ctx, s)
	if err == nil {
		<-ctx.Done()
		err = ctx.Err()
		if cerr := s.Close(); cerr != nil {
			a.logger.Warn("close discord gateway", "err", cerr)
		}
	}
	h.stop()
	return err
}

// openGateway opens the session, trying again with a growing wait while
// the network or Discord fails, until ctx is done. A refused token ends
// it. Once open, discordgo reconnects by itself.
func (a *Adapter) openGateway(ctx context.Context, s *discordgo.Session) error {
	wait := time.Second
	for {
		err := s.Open()
		if err == nil {
			return nil
		}
		var ce *websocket.CloseError
		var api *discordgo.RESTError
		if errors.As(err, &ce) && ce.Code == closeAuthFailed || errors.Is(err, discordgo.ErrUnauthorized) ||
			errors.As(err, &api) && api.Response != nil && api.Response.StatusCode == http.StatusUnauthorized {
			return errors.New("discord refused the bot token (DISCORD_BOT_TOKEN)")
		}
		a.logger.Warn("discord gateway connection failed; retrying", "err", err, "in", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		wait = min(2*wait, 2*time.Minute)
	}
}

// gatewayInteraction answers an interaction from the gateway: the answer
// goes to the interaction's callback endpoint.
func (a *Adapter) gatewayInteraction(ctx context.Context, raw []byte) {
	var it interaction
	if err := json.Unmarshal(raw, &it); err != nil {
		a.logger.Warn("malformed interaction from the gateway", "err", err)
		return
	}
	acked := make(chan struct{})
	defer close(acked)
	resp := a.interaction(ctx, &it, acked)
	if resp == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second) // answer even while stopping
	defer cancel()
	path := "/interactions/" + escapePath(it.ID) + "/" + escapePath(it.Token) + "/callback"
	if err := a.rest.do(ctx, http.MethodPost, path, resp, nil); err != nil {
		a.logger.Error("answer interaction", "user", it.userID(), "err", err)
	}
}

// gatewayHandlers tracks the interactions being answered, so that
// RunGateway returns only after the last; once stopped it takes no more
// (discordgo may still call a handler after Close).
type gatewayHandlers struct {
	mu      sync.Mutex
	stopped bool
	wg      sync.WaitGroup
}

func (h *gatewayHandlers) do(f func()) {
	h.mu.Lock()
	if h.stopped {
		h.mu.Unlock()
		return
	}
	h.wg.Add(1)
	h.mu.Unlock()
	defer h.wg.Done()
	f()
}

func (h *gatewayHandlers) stop() {
	h.mu.Lock()
	h.stopped = true
	h.mu.Unlock()
	h.wg.Wait()
}

// rewrite sends discordgo's requests for https://discord.com/api/vN/… to
// base instead.
type rewrite struct {
	base string
	next http.RoundTripper
}

func (t *rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	next := t.next
	if next == nil {
		next = http.DefaultTransport
	}
	if req.URL.Host != "discord.com" || !strings.HasPrefix(req.URL.Path, "/api/v") || t.base == DefaultAPIURL {
		return next.RoundTrip(req)
	}
	rest := strings.TrimPrefix(req.URL.Path, "/api/v")
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[i:]
	} else {
		rest = ""
	}
	u, err := url.Parse(t.base + rest)
	if err != nil {
		return nil, err
	}
	u.RawQuery = req.URL.RawQuery
	r := req.Clone(req.Context())
	r.URL, r.Host = u, u.Host
	return next.RoundTrip(r)
}
