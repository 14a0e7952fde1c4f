package slack

import (
	"context"
	"encoding/json"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// RunSocketMode connects to Slack over Socket Mode with an app-level token
// and serves the same commands, interactions and events as the HTTP
// endpoints, so that fieldloop can run behind a firewall with no public
// URL. It returns when ctx is done or the connection fails for good.
func (a *Adapter) RunSocketMode(ctx context.Context, appToken string) error {
	opts := []slackapi.Option{slackapi.OptionHTTPClient(a.http), slackapi.OptionAppLevelToken(appToken)}
	if a.apiURL != "" {
		opts = append(opts, slackapi.OptionAPIURL(withSlash(a.apiURL)))
	}
	client := socketmode.New(slackapi.New(a.botToken, opts...))
	go a.socketEvents(ctx, client)
	return client.RunContext(ctx)
}

// socketEvents answers what arrives over the socket. Socket Mode needs no
// signature: the connection itself was opened with the app's token.
func (a *Adapter) socketEvents(ctx context.Context, client *socketmode.Client) {
	for {
		select {
		case <-ctx.Done():
			return
		case evt, ok := <-client.Events:
			if !ok {
				return
			}
			a.socketEvent(ctx, client, evt)
		}
	}
}

func (a *Adapter) socketEvent(ctx context.Context, client *socketmode.Client, evt socketmode.Event) {
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
			defer a.event(ctx, &env) // after the ack: Slack wants it first
		}
	case socketmode.EventTypeConnected:
		a.logger.Info("socket mode connected")
		return
	case socketmode.EventTypeInvalidAuth, socketmode.EventTypeConnectionError:
		a.logger.Error("socket mode", "event", evt.Type)
		return
	default:
		return
	}
	if evt.Request == nil {
		return
	}
	var err error
	if resp == nil {
		err = client.Ack(*evt.Request)
	} else {
		err = client.Ack(*evt.Request, resp)
	}
	if err != nil {
		a.logger.Error("socket mode ack", "err", err)
	}
}
