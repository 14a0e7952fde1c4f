package slack

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// RunSocketMode connects to Slack over Socket Mode with an app-level token
// and serves the same commands, interactions and events as the HTTP
// endpoints, so that fieldloop can run behind a firewall with no public
// URL. It returns when ctx is done or the connection fails for good, and
// only once every request that arrived over the socket has been handled
// (replies still being sent after that are what Wait waits for).
func (a *Adapter) RunSocketMode(ctx context.Context, appToken string) error {
	opts := []slackapi.Option{slackapi.OptionHTTPClient(a.http), slackapi.OptionAppLevelToken(appToken)}
	if a.apiURL != "" {
		opts = append(opts, slackapi.OptionAPIURL(withSlash(a.apiURL)))
	}
	client := socketmode.New(slackapi.New(a.botToken, opts...))
	// The connection outlives ctx a little: at a stop, no new request is
	// read, but those already running still get their answers out before
	// the socket closes, as an HTTP server drains its requests.
	connCtx, closeConn := context.WithCancel(context.WithoutCancel(ctx))
	defer closeConn()
	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	var handlers sync.WaitGroup
	reading := make(chan struct{})
	go func() {
		defer close(reading)
		a.socketEvents(readCtx, connCtx, client, &handlers)
	}()
	ran := make(chan error, 1)
	go func() { ran <- client.RunContext(connCtx) }()
	var err error
	select {
	case <-ctx.Done():
		err = ctx.Err()
	case err = <-ran: // the connection failed for good
	}
	stopReading()
	<-reading
	waitAtMost(&handlers, drainTimeout)
	closeConn()
	if ctx.Err() != nil {
		<-ran
	}
	return err
}

// drainTimeout bounds how long a stop waits for requests under way.
const drainTimeout = 10 * time.Second

// waitAtMost waits for wg, or for d at most.
func waitAtMost(wg *sync.WaitGroup, d time.Duration) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
}

// socketEvents answers what arrives over the socket, each request in its
// own goroutine as over HTTP: one slow command must not hold up the
// acknowledgement of the others past Slack's 3 s. Socket Mode needs no
// signature: the connection itself was opened with the app's token.
func (a *Adapter) socketEvents(readCtx, connCtx context.Context, client *socketmode.Client, handlers *sync.WaitGroup) {
	for {
		select {
		case <-readCtx.Done():
			return
		case evt, ok := <-client.Events:
			if !ok {
				return
			}
			handlers.Go(func() { a.socketEvent(connCtx, readCtx, client, evt) })
		}
	}
}

// socketEvent answers one event; ctx lives until its answer is sent,
// reading ends when a stop began.
func (a *Adapter) socketEvent(ctx, reading context.Context, client *socketmode.Client, evt socketmode.Event) {
	var resp any
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slackapi.SlashCommand)
		if !ok {
			return
		}
		resp = a.command(ctx, cmd)
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slackapi.InteractionCallback)
		if !ok {
			return
		}
		resp = a.interaction(ctx, &cb)
	case socketmode.EventTypeEventsAPI:
		var env eventEnvelope
		if evt.Request != nil && json.Unmarshal(evt.Request.Payload, &env) == nil {
			// Handled after the ack, since Slack wants the ack first; counted
			// in flight before it, so that whoever saw the ack and calls
			// Wait also waits for the event's reply.
			a.inflight.Add(1)
			defer func() {
				defer a.inflight.Done()
				a.event(ctx, &env)
			}()
		}
	case socketmode.EventTypeConnected:
		a.logger.Info("socket mode connected")
		return
	case socketmode.EventTypeInvalidAuth, socketmode.EventTypeConnectionError:
		if reading.Err() != nil {
			return // shutting down: the connection is meant to go
		}
		var err error
		if ce, ok := evt.Data.(*slackapi.ConnectionErrorEvent); ok {
			err = ce.ErrorObj
		}
		a.logger.Error("socket mode", "event", evt.Type, "err", err)
		return
	default:
		return
	}
	if evt.Request == nil {
		return
	}
	// AckCtx, not Ack: once ctx is done nobody sends what is queued, and
	// an ack must not block the return of RunSocketMode.
	if err := client.AckCtx(ctx, evt.Request.EnvelopeID, resp); err != nil {
		a.logger.Error("socket mode ack", "err", err)
	}
}
