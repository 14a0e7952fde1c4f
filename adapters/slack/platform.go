package slack

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/config"
	"github.com/fieldloop/fieldloop/internal/platform"
)

// Platform is Slack's name: the org file's key for Slack ids, and the
// outbox's for Slack destinations.
const Platform bot.Platform = "slack"

// IDs is how the org file gives Slack ids: member ids (U…, W…) for people,
// channel ids (C…, G…) for channels.
var IDs = platform.IDs{Platform: Platform, Check: checkID, Example: "C0123ABCD"}

var (
	slackUser    = regexp.MustCompile(`^[UW][A-Z0-9]{2,20}$`)
	slackChannel = regexp.MustCompile(`^[CG][A-Z0-9]{2,20}$`)
)

func checkID(id string, user bool) string {
	pattern, what, example := slackChannel, "channel id: C or G", "C0123ABCD"
	if user {
		pattern, what, example = slackUser, "user id: U or W", "U0123ABCD"
	}
	if pattern.MatchString(id) {
		return ""
	}
	return fmt.Sprintf("is not a Slack %s, then capital letters and digits, like %s", what, example)
}

// Plugin is Slack as fieldloop's assembly runs it: its settings, the rules
// between them, and the adapter's lifecycle. Make one with NewPlugin.
type Plugin struct {
	botToken, signingSecret, appToken, apiURL string

	adapter *Adapter
	socket  chan struct{} // closed when Socket Mode has stopped
}

var _ platform.Adapter = (*Plugin)(nil)

// NewPlugin returns Slack, not yet configured.
func NewPlugin() *Plugin { return &Plugin{} }

// Platform returns Slack's name.
func (p *Plugin) Platform() bot.Platform { return Platform }

// IDs says how the org file gives Slack ids.
func (p *Plugin) IDs() platform.IDs { return IDs }

// Settings declares Slack's credentials and the Web API's address.
func (p *Plugin) Settings() []config.Setting {
	return []config.Setting{
		config.String(&p.botToken, config.Setting{Env: "SLACK_BOT_TOKEN", Flag: "slack-bot-token", Secret: true,
			Usage: "the Slack app's bot token, `xoxb-…`"}),
		config.String(&p.signingSecret, config.Setting{Env: "SLACK_SIGNING_SECRET", Flag: "slack-signing-secret", Secret: true,
			Usage: "the Slack app's signing secret, which verifies Slack's HTTP requests"}),
		config.String(&p.appToken, config.Setting{Env: "SLACK_APP_TOKEN", Flag: "slack-app-token", Secret: true,
			Usage: "an app-level token, `xapp-…`, for Socket Mode"}),
		config.String(&p.apiURL, config.Setting{Env: "SLACK_API_URL", Flag: "slack-api-url",
			Usage: "another base URL for Slack's Web API (a proxy, or a test server)"}),
	}
}

// httpOn reports whether Slack's HTTP endpoints are served: requests can
// only be trusted with the signing secret that verifies them.
func (p *Plugin) httpOn() bool { return p.botToken != "" && p.signingSecret != "" }

// socketOn reports whether Socket Mode runs: the app-level token opens the
// connection, and the bot token answers over the Web API.
func (p *Plugin) socketOn() bool { return p.botToken != "" && p.appToken != "" }

// Given reports whether any Slack credential was given.
func (p *Plugin) Given() bool { return p.botToken != "" || p.signingSecret != "" || p.appToken != "" }

// Hint names the credentials that turn Slack on.
func (p *Plugin) Hint() string {
	return "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (Slack over HTTP), or SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Slack Socket Mode)"
}

// Check explains an incomplete or mistaken set of Slack credentials,
// naming the variables and never echoing their values.
func (p *Plugin) Check() error {
	switch {
	case p.botToken == "":
		return errors.New("SLACK_BOT_TOKEN (--slack-bot-token) is not set; Slack needs it with " +
			"SLACK_SIGNING_SECRET or SLACK_APP_TOKEN")
	case !p.httpOn() && !p.socketOn():
		return errors.New("SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (Slack over HTTP) " +
			"nor SLACK_APP_TOKEN (Slack Socket Mode) is")
	case !strings.HasPrefix(p.botToken, "xoxb-"):
		return errors.New("SLACK_BOT_TOKEN (--slack-bot-token) is not a bot token: " +
			"it starts with xoxb- (OAuth & Permissions → Bot User OAuth Token)")
	case p.appToken != "" && !strings.HasPrefix(p.appToken, "xapp-"):
		return errors.New("SLACK_APP_TOKEN (--slack-app-token) is not an app-level token: " +
			"it starts with xapp- (Basic Information → App-Level Tokens)")
	}
	return nil
}

// Modes names the ways Slack runs.
func (p *Plugin) Modes() []string {
	var modes []string
	if p.httpOn() {
		modes = append(modes, "slack (http)")
	}
	if p.socketOn() {
		modes = append(modes, "slack (socket mode)")
	}
	return modes
}

// Start builds the adapter, serves Slack's endpoints when a signing
// secret verifies them, and runs Socket Mode when an app token is given.
func (p *Plugin) Start(ctx context.Context, core platform.Core) (bot.Deliverer, error) {
	p.adapter = New(Config{
		BotToken:       p.botToken,
		SigningSecret:  p.signingSecret,
		APIURL:         p.apiURL,
		Router:         core.Router,
		Outbox:         core.Outbox,
		DirectChannels: core.DirectChannels,
		Logger:         core.Logger,
		Now:            core.Now,
	})
	if p.httpOn() {
		p.adapter.Register(core.Mux)
	}
	p.socket = make(chan struct{})
	if !p.socketOn() {
		close(p.socket)
		return p.adapter, nil
	}
	go func() {
		defer close(p.socket)
		// A failed connection leaves the rest running: the HTTP side and
		// the outbox need no socket, and /healthz says we are up.
		err := p.adapter.RunSocketMode(ctx, p.appToken)
		if !errors.Is(err, context.Canceled) {
			core.Logger.Error("slack socket mode stopped", "err", err)
		}
	}()
	return p.adapter, nil
}

// Stop waits for Socket Mode to end and for replies still being sent.
func (p *Plugin) Stop() {
	if p.adapter == nil {
		return
	}
	<-p.socket
	p.adapter.Wait()
}
