package discord

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/config"
	"github.com/fieldloop/fieldloop/internal/platform"
)

// Platform is Discord's name: the org file's key for Discord ids, and the
// outbox's for Discord destinations.
const Platform bot.Platform = "discord"

// IDs is how the org file gives Discord ids: snowflakes, in quotes, since
// YAML would read a bare one as a number that other tools round.
var IDs = platform.IDs{Platform: Platform, Check: checkID, Example: `"900000000000000001"`}

func checkID(id string, _ bool) string {
	if len(id) >= 17 && len(id) <= 20 && strings.Trim(id, "0123456789") == "" {
		return ""
	}
	return `is not a Discord id (17 to 20 digits); write it in quotes, like discord: "800000000000000001"`
}

// Plugin is Discord as fieldloop's assembly runs it: its settings, the
// rules between them, and the adapter's lifecycle. Make one with
// NewPlugin.
type Plugin struct {
	botToken, publicKey, appID, guildID, apiURL string

	adapter *Adapter
	logger  *slog.Logger
	done    chan struct{} // closed when registration and the gateway have ended
}

var _ platform.Adapter = (*Plugin)(nil)

// NewPlugin returns Discord, not yet configured.
func NewPlugin() *Plugin { return &Plugin{} }

// Platform returns Discord's name.
func (p *Plugin) Platform() bot.Platform { return Platform }

// IDs says how the org file gives Discord ids.
func (p *Plugin) IDs() platform.IDs { return IDs }

// Settings declares Discord's credentials, ids and the REST API's address.
func (p *Plugin) Settings() []config.Setting {
	return []config.Setting{
		config.String(&p.botToken, config.Setting{Env: "DISCORD_BOT_TOKEN", Flag: "discord-bot-token", Secret: true,
			Usage: "the Discord bot's token; Discord runs when it is set (the gateway, and REST for commands and sending)"}),
		config.String(&p.publicKey, config.Setting{Env: "DISCORD_PUBLIC_KEY", Flag: "discord-public-key", Secret: true,
			Usage: "the Discord application's public key (hex), which verifies HTTP interactions; with it, " +
				"interactions come to `POST /discord/interactions` instead of the gateway"}),
		config.String(&p.appID, config.Setting{Env: "DISCORD_APP_ID", Flag: "discord-app-id",
			Usage: "the Discord application's id; asked of Discord when unset"}),
		config.String(&p.guildID, config.Setting{Env: "DISCORD_GUILD_ID", Flag: "discord-guild-id",
			Usage: "a Discord server id: register the commands in that server only, where they appear at once"}),
		config.String(&p.apiURL, config.Setting{Env: "DISCORD_API_URL", Flag: "discord-api-url",
			Usage: "another base URL for Discord's REST API, in place of `" + DefaultAPIURL + "` (a proxy, or a test server)"}),
	}
}

// on reports whether Discord runs: the bot token registers the commands
// and sends messages, whichever way interactions arrive.
func (p *Plugin) on() bool { return p.botToken != "" }

// httpOn reports whether interactions arrive at POST /discord/interactions,
// verified with the public key.
func (p *Plugin) httpOn() bool { return p.on() && p.publicKey != "" }

// gatewayOn reports whether interactions arrive over the gateway: with no
// public key, there is no interactions endpoint URL.
func (p *Plugin) gatewayOn() bool { return p.on() && p.publicKey == "" }

// Given reports whether any Discord setting that needs the others was
// given.
func (p *Plugin) Given() bool {
	return p.botToken != "" || p.publicKey != "" || p.appID != "" || p.guildID != ""
}

// Hint names the settings that turn Discord on.
func (p *Plugin) Hint() string {
	return "DISCORD_BOT_TOKEN (Discord over the gateway) and DISCORD_PUBLIC_KEY (Discord over HTTP)"
}

// Check explains an incomplete or mistaken set of Discord settings, naming
// the variables and never echoing the secrets.
func (p *Plugin) Check() error {
	switch {
	case p.botToken == "":
		return errors.New("DISCORD_BOT_TOKEN (--discord-bot-token) is not set; fieldloop needs the bot's token " +
			"to register its commands and send messages on Discord (Developer Portal → Bot → Reset Token)")
	case strings.ContainsAny(strings.TrimPrefix(p.botToken, "Bot "), " \t\n"):
		return errors.New("DISCORD_BOT_TOKEN (--discord-bot-token) has spaces in it: give the token alone")
	case p.publicKey != "" && !validKey(p.publicKey):
		return errors.New("DISCORD_PUBLIC_KEY (--discord-public-key) is not an application public key: " +
			"64 hexadecimal digits (Developer Portal → General Information → Public Key)")
	case p.appID != "" && !snowflake(p.appID):
		return errors.New("DISCORD_APP_ID (--discord-app-id) is not a Discord id: digits only " +
			"(Developer Portal → General Information → Application ID)")
	case p.guildID != "" && !snowflake(p.guildID):
		return errors.New("DISCORD_GUILD_ID (--discord-guild-id) is not a Discord id: digits only " +
			"(Developer Mode on, then right-click the server → Copy Server ID)")
	case p.apiURL != "" && !httpURL(p.apiURL):
		return errors.New("DISCORD_API_URL (--discord-api-url) is not an http:// or https:// URL")
	}
	return nil
}

func validKey(s string) bool {
	_, err := ParsePublicKey(s)
	return err == nil
}

func snowflake(s string) bool {
	return len(s) >= 15 && len(s) <= 20 && strings.Trim(s, "0123456789") == ""
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// Modes names the ways Discord runs.
func (p *Plugin) Modes() []string {
	var modes []string
	if p.httpOn() {
		modes = append(modes, "discord (http)")
	}
	if p.gatewayOn() {
		modes = append(modes, "discord (gateway)")
	}
	return modes
}

// Start builds the adapter, serves POST /discord/interactions when a
// public key verifies it, registers the commands and, when interactions
// come over the gateway, runs it until ctx is done.
func (p *Plugin) Start(ctx context.Context, core platform.Core) (bot.Deliverer, error) {
	p.adapter = New(Config{
		BotToken:       p.botToken,
		PublicKey:      p.publicKey,
		AppID:          p.appID,
		GuildID:        p.guildID,
		APIURL:         p.apiURL,
		Router:         core.Router,
		DirectChannels: core.DirectChannels,
		Logger:         core.Logger,
		Now:            core.Now,
	})
	if p.httpOn() {
		p.adapter.Register(core.Mux)
	}
	p.logger = core.Logger.With("platform", "discord")
	p.done = make(chan struct{})
	go func() {
		defer close(p.done)
		gateway := make(chan struct{})
		go func() {
			defer close(gateway)
			if !p.gatewayOn() {
				return
			}
			// A failed gateway leaves the rest running: the outbox needs
			// no gateway, and /healthz says we are up.
			if err := p.adapter.RunGateway(ctx); !errors.Is(err, context.Canceled) {
				p.logger.Error("discord gateway stopped", "err", err)
			}
		}()
		p.register(ctx)
		<-gateway
	}()
	return p.adapter, nil
}

// register registers the commands at start, trying again while Discord
// or the network fails; a refusal (a bad token, a payload Discord will
// not take) is logged and not retried.
func (p *Plugin) register(ctx context.Context) {
	wait := time.Second
	for {
		rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err := p.adapter.RegisterCommands(rctx)
		cancel()
		if err == nil {
			p.logger.Info("discord commands registered", "guild", p.guildID != "")
			return
		}
		if ctx.Err() != nil {
			return
		}
		var api *APIError
		var limited *waitError
		if errors.As(err, &api) {
			if api.Status != http.StatusTooManyRequests && api.Status < 500 {
				p.logger.Error("discord command registration failed", "err", err)
				return
			}
			wait = max(wait, api.RetryAfter)
		} else if errors.As(err, &limited) {
			wait = max(wait, limited.after)
		}
		p.logger.Warn("discord command registration failed; retrying", "err", err, "in", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		wait = min(2*wait, 5*time.Minute)
	}
}

// Stop waits for registration and the gateway to end (ctx is done by
// now), then for replies still being sent, giving up those that wait for
// a rate limit.
func (p *Plugin) Stop() {
	if p.adapter == nil {
		return
	}
	<-p.done
	p.adapter.Close()
	p.adapter.Wait()
}
