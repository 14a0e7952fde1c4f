package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/platform"
	"github.com/fieldloop/fieldloop/metrics"
	"github.com/fieldloop/fieldloop/outbox"
	"golang.org/x/net/netutil"
)

// Server timeouts. Chat platforms want every answer within 3 s and send small
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
)

// server is a running serve: what it started, so that it can be stopped
// in order.
type server struct {
	app       *App
	http      *http.Server
	platforms []platform.Adapter
	sender    *outbox.Sender
	admin     *http.Server  // the admin routes' own server; nil when they share http
	served    chan error    // srv.Serve's result
	sending   chan struct{} // closed when the sender has stopped
	// stopSending stops the sender. It outlives serve's ctx so that
	// messages queued by replies finishing during a stop can still go out.
	stopSending context.CancelFunc
	// stopScheduler stops the minute ticker and waits for a tick under way.
	stopScheduler func()
}

// OpenServer opens the app for serve: its messages go to the configured
// chat platforms.
func OpenServer(c *Config, o Options) (*App, error) {
	o.Platforms = platform.Names(c.Configured())
	return Open(c, o)
}

// Serve runs the HTTP server on the Config's address and the configured
// chat platforms until ctx is done, then stops them in order. ready, if
// set, is told the address once connections are accepted. The database is
// closed when Serve returns.
func (a *App) Serve(ctx context.Context, ready func(addr string)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		a.DB.Close()
		return fmt.Errorf("listen on %s: %w", a.Config.Addr, err)
	}
	if a.Config.MaxConns > 0 {
		ln = netutil.LimitListener(ln, a.Config.MaxConns)
	}
	s, err := a.start(ctx, ln)
	if err != nil {
		ln.Close()
		a.DB.Close()
		return err
	}
	attrs := []any{"addr", ln.Addr().String(), "db", a.Config.DB, "people", len(a.Org().People)}
	a.Logger.Info("serving", append(attrs, modeAttrs(a.Config.Platforms)...)...)
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case <-ctx.Done():
		a.Logger.Info("stopping")
	case err = <-s.served:
		a.Logger.Error("http server failed", "err", err)
		cancel() // the platforms and the scheduler run on ctx: end them too
	}
	if serr := s.stop(); err == nil {
		err = serr
	}
	return err
}

// start starts the platforms, the sender, the scheduler and the HTTP
// server on ln, each in its own goroutine.
func (a *App) start(ctx context.Context, ln net.Listener) (*server, error) {
	met := metrics.New(a.DB, a.Now)
	met.WatchDisk(a.DB.DiskFree)
	a.Router.Observe = met.ObserveCommand
	mux := http.NewServeMux()
	a.routes(mux, met)
	s := &server{app: a, platforms: a.Config.Configured()}
	core := platform.Core{Router: a.Router, Schema: a.Schema, Outbox: a.DB, DirectChannels: a.DB, Logger: a.Logger, Now: a.Now, Mux: mux}
	deliverers := map[bot.Platform]bot.Deliverer{}
	for _, p := range s.platforms {
		d, err := p.Start(ctx, core)
		if err != nil {
			s.stopPlatforms()
			return nil, fmt.Errorf("start %s: %w", p.Platform(), err)
		}
		deliverers[p.Platform()] = d
	}
	s.sender = a.NewSender(deliverers)
	s.sender.Observe = met.ObserveDelivery
	// Wake the sender as soon as a command commits a message, instead of
	// at its next timer.
	a.DB.OnEnqueue = s.sender.Notify
	sendCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	s.stopSending, s.sending = stop, make(chan struct{})
	go func() {
		defer close(s.sending)
		if err := s.sender.Run(sendCtx); err != nil {
			a.Logger.Error("outbox sender stopped", "err", err)
		}
	}()
	s.stopScheduler = a.RunScheduler(ctx, met.ObserveTick)
	s.http = a.httpServer(secureHeaders(met.Middleware(mux, platform.Names(a.Config.Platforms))))
	s.served = make(chan error, 2)
	serve := func(srv *http.Server, ln net.Listener) {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			s.served <- err
		}
	}
	if a.Config.AdminAddr != "" {
		adminLn, err := net.Listen("tcp", a.Config.AdminAddr)
		if err != nil {
			s.stopPlatforms()
			return nil, fmt.Errorf("listen on %s (FIELDLOOP_ADMIN_ADDR): %w", a.Config.AdminAddr, err)
		}
		adminMux := http.NewServeMux()
		a.adminRoutes(adminMux)
		s.admin = a.httpServer(secureHeaders(adminMux))
		go serve(s.admin, adminLn)
	}
	go serve(s.http, ln)
	return s, nil
}

// httpServer is an HTTP server for h with serve's timeouts.
func (a *App) httpServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(a.Logger.Handler(), slog.LevelWarn),
	}
}

// stop shuts down in the order that loses nothing: stop taking requests
// and let those in progress finish; wait for the platforms' connections to
// end and for replies still being sent after their request was answered
// (they may queue messages); stop the scheduler; stop the sender; close
// the database. What is still in the outbox stays pending there and goes
// out at the next start.
func (s *server) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	logger := s.app.Logger
	err := shutdown(ctx, s.http, logger)
	if s.admin != nil {
		err = errors.Join(err, shutdown(ctx, s.admin, logger))
	}
	s.stopPlatforms()
	s.stopScheduler()
	s.stopSending()
	<-s.sending
	if cerr := s.app.DB.Close(); cerr != nil && err == nil {
		err = cerr
	}
	logger.Info("stopped")
	return err
}

// modeAttrs turns the ways the platforms run into log attributes:
// "PLATFORM (socket mode)" is PLATFORM_socket_mode=true.
func modeAttrs(platforms []platform.Adapter) []any {
	key := strings.NewReplacer(" (", "_", ")", "", " ", "_")
	var attrs []any
	for _, p := range platforms {
		for _, m := range p.Modes() {
			attrs = append(attrs, key.Replace(m), true)
		}
	}
	return attrs
}

// shutdown stops srv taking requests and lets those in progress finish
// until ctx is done, then closes their connections.
func shutdown(ctx context.Context, srv *http.Server, logger *slog.Logger) error {
	err := srv.Shutdown(ctx)
	if err != nil {
		logger.Warn("requests still running at shutdown; closing their connections", "err", err)
		err = errors.Join(err, srv.Close())
	}
	return err
}

func (s *server) stopPlatforms() {
	for _, p := range s.platforms {
		p.Stop()
	}
}
