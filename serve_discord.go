package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	discordadapter "github.com/fieldloop/fieldloop/adapters/discord"
	"github.com/fieldloop/fieldloop/bot"
)

// discordConfig holds the Discord application's credentials, ids and
// where its REST API is.
type discordConfig struct {
	botToken, publicKey, appID, guildID, apiURL string
}

// on reports whether Discord runs: the bot token registers the commands
// and sends messages, whichever way interactions arrive.
func (d discordConfig) on() bool { return d.botToken != "" }

// httpOn reports whether interactions arrive at POST /discord/interactions,
// verified with the public key.
func (d discordConfig) httpOn() bool { return d.on() && d.publicKey != "" }

// gatewayOn reports whether interactions arrive over the gateway: with no
// public key, there is no interactions endpoint URL.
func (d discordConfig) gatewayOn() bool { return d.on() && d.publicKey == "" }

func (d discordConfig) anySet() bool {
	return d.botToken != "" || d.publicKey != "" || d.appID != "" || d.guildID != ""
}

// check explains an incomplete or mistaken set of Discord settings,
// naming the variables and never echoing the secrets.
func (d discordConfig) check() error {
	switch {
	case d.botToken == "":
		return usageError{errors.New("DISCORD_BOT_TOKEN (--discord-bot-token) is not set; fieldloop needs the bot's token " +
			"to register its commands and send messages on Discord (Developer Portal → Bot → Reset Token)")}
	case strings.ContainsAny(strings.TrimPrefix(d.botToken, "Bot "), " \t\n"):
		return usageError{errors.New("DISCORD_BOT_TOKEN (--discord-bot-token) has spaces in it: give the token alone")}
	case d.publicKey != "" && !validKey(d.publicKey):
		return usageError{errors.New("DISCORD_PUBLIC_KEY (--discord-public-key) is not an application public key: " +
			"64 hexadecimal digits (Developer Portal → General Information → Public Key)")}
	case d.appID != "" && !snowflake(d.appID):
		return usageError{errors.New("DISCORD_APP_ID (--discord-app-id) is not a Discord id: digits only " +
			"(Developer Portal → General Information → Application ID)")}
	case d.guildID != "" && !snowflake(d.guildID):
		return usageError{errors.New("DISCORD_GUILD_ID (--discord-guild-id) is not a Discord id: digits only " +
			"(Developer Mode on, then right-click the server → Copy Server ID)")}
	case d.apiURL != "" && !httpURL(d.apiURL):
		return usageError{errors.New("DISCORD_API_URL (--discord-api-url) is not an http:// or https:// URL")}
	}
	return nil
}

func validKey(s string) bool {
	_, err := discordadapter.ParsePublicKey(s)
	return err == nil
}

func snowflake(s string) bool {
	return len(s) >= 15 && len(s) <= 20 && strings.Trim(s, "0123456789") == ""
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// checkPlatforms checks the chat platforms' settings: at least one
// platform, and each one that is set, complete.
func checkPlatforms(s slackConfig, d discordConfig) error {
	slackSet := s.botToken != "" || s.signingSecret != "" || s.appToken != ""
	if !d.anySet() || slackSet {
		if err := s.check(); err != nil {
			return err
		}
	}
	if d.anySet() {
		return d.check()
	}
	return nil
}

// discordFlags adds serve's Discord flags to fs. The secrets are read
// from the environment after parsing (readDiscordEnv), so that -h never
// prints them.
func (m *Main) discordFlags(fs *flag.FlagSet, d *discordConfig) {
	fs.StringVar(&d.botToken, "discord-bot-token", "", "Discord bot `token` (DISCORD_BOT_TOKEN; prefer the variable: flags show in ps)")
	fs.StringVar(&d.publicKey, "discord-public-key", "", "Discord application public `key`, hex, for HTTP interactions (DISCORD_PUBLIC_KEY)")
	fs.StringVar(&d.appID, "discord-app-id", m.Getenv("DISCORD_APP_ID"), "Discord application `id` (DISCORD_APP_ID); asked of Discord when empty")
	fs.StringVar(&d.guildID, "discord-guild-id", m.Getenv("DISCORD_GUILD_ID"), "register the commands in this Discord server `id` only, at once (DISCORD_GUILD_ID)")
	fs.StringVar(&d.apiURL, "discord-api-url", m.Getenv("DISCORD_API_URL"), "Discord REST API base `URL` (DISCORD_API_URL); "+discordadapter.DefaultAPIURL+" when empty")
}

// readDiscordEnv fills in the Discord settings that no flag gave.
func (m *Main) readDiscordEnv(d *discordConfig) {
	orEnv(&d.botToken, m.Getenv("DISCORD_BOT_TOKEN"))
	orEnv(&d.publicKey, m.Getenv("DISCORD_PUBLIC_KEY"))
}

// platforms returns the platforms the bot's own messages go to: those
// configured.
func (c serveConfig) platforms() []bot.Platform {
	var ps []bot.Platform
	if c.slack.on() {
		ps = append(ps, bot.Slack)
	}
	if c.discord.on() {
		ps = append(ps, bot.Discord)
	}
	return ps
}

// discordRun is Discord's part of a running serve.
type discordRun struct {
	cfg     discordConfig
	adapter *discordadapter.Adapter
	logger  *slog.Logger
	done    chan struct{} // closed when registration and the gateway have ended
}

// wireDiscord builds the Discord adapter when Discord is configured: it
// delivers the outbox's Discord messages and, with a public key, serves
// POST /discord/interactions. It starts nothing; nil when Discord is off.
func (m *Main) wireDiscord(c discordConfig, router *bot.Router, deliverers map[bot.Platform]bot.Deliverer,
	mux *http.ServeMux, logger *slog.Logger) *discordRun {
	if !c.on() {
		return nil
	}
	a := discordadapter.New(discordadapter.Config{
		BotToken:  c.botToken,
		PublicKey: c.publicKey,
		AppID:     c.appID,
		GuildID:   c.guildID,
		APIURL:    c.apiURL,
		Router:    router,
		Logger:    logger,
		Now:       m.Now,
	})
	deliverers[bot.Discord] = a
	if c.httpOn() {
		a.Register(mux)
	}
	return &discordRun{cfg: c, adapter: a, logger: logger.With("platform", "discord")}
}

// start registers the commands, and runs the gateway when interactions
// come that way, until ctx is done.
func (d *discordRun) start(ctx context.Context) {
	if d == nil {
		return
	}
	d.done = make(chan struct{})
	go func() {
		defer close(d.done)
		gateway := make(chan struct{})
		go func() {
			defer close(gateway)
			if !d.cfg.gatewayOn() {
				return
			}
			// A failed gateway leaves the rest running: the outbox needs
			// no gateway, and /healthz says we are up.
			if err := d.adapter.RunGateway(ctx); !errors.Is(err, context.Canceled) {
				d.logger.Error("discord gateway stopped", "err", err)
			}
		}()
		d.register(ctx)
		<-gateway
	}()
}

// register registers the commands at start, trying again while Discord
// or the network fails; a refusal (a bad token, a payload Discord will
// not take) is logged and not retried.
func (d *discordRun) register(ctx context.Context) {
	wait := time.Second
	for {
		rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err := d.adapter.RegisterCommands(rctx)
		cancel()
		if err == nil {
			d.logger.Info("discord commands registered", "guild", d.cfg.guildID != "")
			return
		}
		if ctx.Err() != nil {
			return
		}
		var api *discordadapter.APIError
		if errors.As(err, &api) {
			if api.Status != http.StatusTooManyRequests && api.Status < 500 {
				d.logger.Error("discord command registration failed", "err", err)
				return
			}
			wait = max(wait, api.RetryAfter)
		}
		d.logger.Warn("discord command registration failed; retrying", "err", err, "in", wait)
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

// stop waits for registration and the gateway to end (ctx is done by
// now), then for replies still being sent.
func (d *discordRun) stop() {
	if d == nil {
		return
	}
	<-d.done
	d.adapter.Wait()
}
