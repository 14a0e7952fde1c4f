package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	slackadapter "github.com/fieldloop/fieldloop/adapters/slack"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/metrics"
	"github.com/fieldloop/fieldloop/storage"
)

// Server timeouts. Slack wants every answer within 3 s and sends small
// bodies, so a slow client is cut off well before it can hold a
// connection for long.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 15 * time.Second
	idleTimeout       = 60 * time.Second
	maxHeaderBytes    = 64 << 10
	// shutdownTimeout bounds the wait for requests in progress at a stop.
	shutdownTimeout = 10 * time.Second
	// healthTimeout bounds the database read of GET /healthz.
	healthTimeout = 2 * time.Second
)

// serveConfig is what serve reads from flags and the environment.
type serveConfig struct {
	config
	addr    string
	public  string // FIELDLOOP_PUBLIC_URL: the server's address from outside, for /calendar link
	slack   slackConfig
	discord discordConfig
	// settleAfter is how long after a post whose outcome was lost the
	// platform is asked whether it took it (bot.Sender.SettleAfter).
	settleAfter time.Duration
	// feedEvery is how often at most the marketing feed posts to a
	// channel (FIELDLOOP_FEED_EVERY, default 1m).
	feedEvery time.Duration
}

// slackConfig holds the Slack app's credentials and where its Web API is.
type slackConfig struct {
	botToken, signingSecret, appToken, apiURL string
}

// httpOn reports whether Slack's HTTP endpoints are served: requests can
// only be trusted with the signing secret that verifies them.
func (s slackConfig) httpOn() bool { return s.botToken != "" && s.signingSecret != "" }

// socketOn reports whether Socket Mode runs: the app-level token opens the
// connection, and the bot token answers over the Web API.
func (s slackConfig) socketOn() bool { return s.botToken != "" && s.appToken != "" }

// on reports whether Slack is configured in either way.
func (s slackConfig) on() bool { return s.httpOn() || s.socketOn() }

// check explains an incomplete or mistaken set of Slack credentials,
// naming the variables and never echoing their values.
func (s slackConfig) check() error {
	anySet := s.botToken != "" || s.signingSecret != "" || s.appToken != ""
	switch {
	case !anySet:
		return usageError{errors.New("no chat platform is configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET " +
			"(Slack over HTTP), or SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Slack Socket Mode), or DISCORD_BOT_TOKEN " +
			"(Discord over the gateway) and DISCORD_PUBLIC_KEY (Discord over HTTP); " +
			"to try fieldloop without a platform, run fieldloop console")}
	case s.botToken == "":
		return usageError{errors.New("SLACK_BOT_TOKEN (--slack-bot-token) is not set; Slack needs it with " +
			"SLACK_SIGNING_SECRET or SLACK_APP_TOKEN")}
	case !s.on():
		return usageError{errors.New("SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (Slack over HTTP) " +
			"nor SLACK_APP_TOKEN (Slack Socket Mode) is")}
	case !strings.HasPrefix(s.botToken, "xoxb-"):
		return usageError{errors.New("SLACK_BOT_TOKEN (--slack-bot-token) is not a bot token: " +
			"it starts with xoxb- (OAuth & Permissions → Bot User OAuth Token)")}
	case s.appToken != "" && !strings.HasPrefix(s.appToken, "xapp-"):
		return usageError{errors.New("SLACK_APP_TOKEN (--slack-app-token) is not an app-level token: " +
			"it starts with xapp- (Basic Information → App-Level Tokens)")}
	}
	return nil
}

// serveFlags parses serve's command line. Secrets default from the
// environment only after parsing, so that -h never prints them.
func (m *Main) serveFlags(args []string) (serveConfig, error) {
	var c serveConfig
	fs := m.flags("serve", &c.config)
	fs.StringVar(&c.addr, "addr", m.env("FIELDLOOP_ADDR", ":8080"), "`address` to listen on, host:port (FIELDLOOP_ADDR)")
	fs.StringVar(&c.public, "public-url", m.Getenv("FIELDLOOP_PUBLIC_URL"), "the server's public `URL`, https://HOST, for calendar feed links (FIELDLOOP_PUBLIC_URL)")
	fs.StringVar(&c.slack.botToken, "slack-bot-token", "", "Slack bot `token`, xoxb-… (SLACK_BOT_TOKEN; prefer the variable: flags show in ps)")
	fs.StringVar(&c.slack.signingSecret, "slack-signing-secret", "", "Slack signing `secret` (SLACK_SIGNING_SECRET; prefer the variable)")
	fs.StringVar(&c.slack.appToken, "slack-app-token", "", "Slack app-level `token`, xapp-…, for Socket Mode (SLACK_APP_TOKEN; prefer the variable)")
	fs.StringVar(&c.slack.apiURL, "slack-api-url", m.Getenv("SLACK_API_URL"), "Slack Web API base `URL` (SLACK_API_URL); Slack's own when empty")
	m.discordFlags(fs, &c.discord)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	var err error
	if c.feedEvery, err = envDuration(m, "FIELDLOOP_FEED_EVERY", time.Minute, "1m or 0s"); err != nil {
		return c, err
	}
	if c.settleAfter, err = envDuration(m, "FIELDLOOP_SETTLE_AFTER", 15*time.Second, "15s"); err != nil {
		return c, err
	}
	orEnv(&c.slack.botToken, m.Getenv("SLACK_BOT_TOKEN"))
	orEnv(&c.slack.signingSecret, m.Getenv("SLACK_SIGNING_SECRET"))
	orEnv(&c.slack.appToken, m.Getenv("SLACK_APP_TOKEN"))
	m.readDiscordEnv(&c.discord)
	if err := checkPublicURL(c.public); err != nil {
		return c, err
	}
	if _, _, err := net.SplitHostPort(c.addr); err != nil {
		return c, usageError{fmt.Errorf("--addr / FIELDLOOP_ADDR: %q is not host:port (example: :8080 or 127.0.0.1:8080)", c.addr)}
	}
	return c, checkPlatforms(c.slack, c.discord)
}

// envDuration reads the duration in the variable key, def when unset.
func envDuration(m *Main, key string, def time.Duration, example string) (time.Duration, error) {
	v := m.Getenv(key)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, usageError{fmt.Errorf("%s: %q is not a duration like %s", key, v, example)}
	}
	return d, nil
}

// orEnv sets *v to env when no flag gave it a value.
func orEnv(v *string, env string) {
	if *v == "" {
		*v = env
	}
}

// server is a running serve: what it started, so that it can be stopped
// in order.
type server struct {
	logger  *slog.Logger
	db      *storage.DB
	http    *http.Server
	slack   *slackadapter.Adapter
	discord *discordRun // nil when Discord is off
	sender  *bot.Sender
	served  chan error    // srv.Serve's result
	socket  chan struct{} // closed when Socket Mode has stopped
	sending chan struct{} // closed when the sender has stopped
	// stopSending stops the sender. It outlives serve's ctx so that
	// messages queued by replies finishing during a stop can still go out.
	stopSending context.CancelFunc
	scheduler   *bot.Scheduler
	now         func() time.Time
	metrics     *metrics.Metrics
	// stopScheduler stops the minute ticker and waits for a tick under way.
	stopScheduler func()
}

// serve runs the HTTP server and the configured chat platforms until ctx
// is done, then stops them in order.
func (m *Main) serve(ctx context.Context, args []string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c, err := m.serveFlags(args)
	if err != nil {
		return err
	}
	if _, _, err := m.schedulerOptions(); err != nil {
		return err
	}
	org, err := loadOrg(&c.config)
	if err != nil {
		return err
	}
	logger := m.serverLogger()
	db, err := openDB(c.db, false, m.Now)
	if err != nil {
		return err
	}
	s := m.wire(c, org, db, logger)
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		db.Close()
		return fmt.Errorf("listen on %s: %w", c.addr, err)
	}
	s.start(ctx, ln, c.slack)
	logger.Info("serving", "addr", ln.Addr().String(), "slack_http", c.slack.httpOn(), "slack_socket_mode", c.slack.socketOn(),
		"discord_http", c.discord.httpOn(), "discord_gateway", c.discord.gatewayOn(), "db", c.db, "people", len(org.People))
	if m.Ready != nil {
		m.Ready(ln.Addr().String())
	}
	select {
	case <-ctx.Done():
		logger.Info("stopping")
	case err = <-s.served:
		logger.Error("http server failed", "err", err)
		cancel() // Socket Mode and the scheduler run on ctx: end them too
	}
	if serr := s.stop(); err == nil {
		err = serr
	}
	return err
}

// wire builds the bot for serve in one place: the router and its commands
// (as the console has them), the Slack and Discord adapters, the outbox
// sender and the HTTP routes. It starts nothing.
func (m *Main) wire(c serveConfig, org *bot.Org, db *storage.DB, logger *slog.Logger) *server {
	schema := bot.ReportSchema()
	router := bot.NewRouter(org, db, logger)
	router.Now = m.Now
	platforms := c.platforms() // where the bot's own messages go
	register(router, db, schema, &bot.Feed{Org: org, Schema: schema, Platforms: platforms}, c.public)

	adapter := slackadapter.New(slackadapter.Config{
		BotToken:      c.slack.botToken,
		SigningSecret: c.slack.signingSecret,
		APIURL:        c.slack.apiURL,
		Router:        router,
		Outbox:        db,
		Logger:        logger,
		Now:           m.Now,
	})
	deliverers := map[bot.Platform]bot.Deliverer{}
	if c.slack.on() {
		deliverers[bot.Slack] = adapter
	}
	met := metrics.New(db, m.Now)
	met.WatchDisk(db.DiskFree)
	router.Observe = met.ObserveCommand
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", healthz(db, logger, c.adapterSummary()))
	mux.Handle("GET /metrics", met.Handler())
	mux.Handle(calendarFeedPattern, calendarFeed(org, db, db, m.Now, logger))
	if token := m.Getenv("FIELDLOOP_ADMIN_TOKEN"); token != "" {
		mux.Handle("GET /admin/backup", adminBackup(db, token, logger))
	}
	if c.slack.httpOn() {
		adapter.Register(mux)
	}
	discord := m.wireDiscord(c.discord, router, deliverers, mux, logger)
	sender := bot.NewSender(db, deliverers, logger)
	sender.Now, sender.Observe = m.Now, met.ObserveDelivery
	sender.CoalesceEvery, sender.SettleAfter = c.feedEvery, c.settleAfter
	// Wake the sender as soon as a command commits a message, instead of
	// at its next timer.
	db.OnEnqueue = sender.Notify

	srv := &http.Server{
		Handler:           met.Middleware(mux),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	return &server{logger: logger, db: db, http: srv, slack: adapter, discord: discord, sender: sender,
		scheduler: m.mustScheduler(db, org, platforms, logger), now: m.Now, metrics: met}
}

// start runs the sender, Socket Mode if configured, and the HTTP server on
// ln, each in its own goroutine.
func (s *server) start(ctx context.Context, ln net.Listener, sc slackConfig) {
	sendCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	s.stopSending = stop
	s.sending = make(chan struct{})
	go func() {
		defer close(s.sending)
		if err := s.sender.Run(sendCtx); err != nil {
			s.logger.Error("outbox sender stopped", "err", err)
		}
	}()

	s.socket = make(chan struct{})
	if sc.socketOn() {
		go func() {
			defer close(s.socket)
			// A failed connection leaves the rest running: the HTTP side
			// and the outbox need no socket, and /healthz says we are up.
			err := s.slack.RunSocketMode(ctx, sc.appToken)
			if !errors.Is(err, context.Canceled) {
				s.logger.Error("slack socket mode stopped", "err", err)
			}
		}()
	} else {
		close(s.socket)
	}

	s.discord.start(ctx)
	s.stopScheduler = runScheduler(ctx, s.scheduler, s.now, s.logger, s.metrics.ObserveTick)

	s.served = make(chan error, 1)
	go func() {
		if err := s.http.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			s.served <- err
		}
	}()
}

// stop shuts down in the order that loses nothing: stop taking requests
// and let those in progress finish; wait for Socket Mode and the Discord
// gateway to end; wait for replies still being sent after their request
// was answered (they may queue messages); stop the scheduler; stop the sender; close the
// database. What is still in
// the outbox stays pending there and goes out at the next start.
func (s *server) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	var err error
	if err = s.http.Shutdown(ctx); err != nil {
		s.logger.Warn("requests still running at shutdown; closing their connections", "err", err)
		if cerr := s.http.Close(); cerr != nil {
			err = errors.Join(err, cerr)
		}
	}
	<-s.socket
	s.slack.Wait()
	s.discord.stop()
	s.stopScheduler()
	s.stopSending()
	<-s.sending
	if cerr := s.db.Close(); cerr != nil && err == nil {
		err = cerr
	}
	s.logger.Info("stopped")
	return err
}

// healthz answers 200 when the database can be written (a small commit:
// a read would pass on a full disk or a read-only file), else 503; the
// body says so, and which chat adapters run.
func healthz(db *storage.DB, logger *slog.Logger, adapters string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if err := db.Ping(ctx); err != nil {
			logger.Warn("health check failed", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			msg := "database unavailable"
			if errors.Is(err, storage.ErrDiskLow) {
				msg += ": the disk is almost full"
			}
			fmt.Fprintln(w, msg)
			return
		}
		fmt.Fprintln(w, "ok")
		fmt.Fprintln(w, "database: writable")
		if free, ok := db.DiskFree(); ok {
			fmt.Fprintf(w, "disk: %d MiB free\n", free>>20)
		}
		fmt.Fprintln(w, "adapters: "+adapters)
	})
}

// serverLogger logs at Info: JSON lines for a log collector, or text when
// a person watches the terminal.
func (m *Main) serverLogger() *slog.Logger { return m.logger(slog.LevelInfo) }

// adapterSummary names the chat adapters serve runs and how.
func (c serveConfig) adapterSummary() string {
	var parts []string
	if c.slack.httpOn() {
		parts = append(parts, "slack (http)")
	}
	if c.slack.socketOn() {
		parts = append(parts, "slack (socket mode)")
	}
	if c.discord.httpOn() {
		parts = append(parts, "discord (http)")
	}
	if c.discord.gatewayOn() {
		parts = append(parts, "discord (gateway)")
	}
	return strings.Join(parts, ", ")
}
