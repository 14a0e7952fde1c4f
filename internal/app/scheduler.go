package app

import (
	"context"
	"log/slog"
	"sync"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/robfig/cron/v3"
)

// RunScheduler ticks the scheduler every minute, on the minute, until ctx
// is done, and once at once, in the background, to catch up on what fell
// due while fieldloop was down. robfig/cron is the ticker; the spec is a constant (user specs
// are parsed by bot, never by cron's parser, which can panic), and a panic
// in a tick is recovered and logged rather than taking the process down.
// after, if set, runs after each tick, with its outcome (nil if it
// failed). Ticks read the app's clock; cron keeps its own, the real one
// (or synctest's). stop stops the ticker and waits for a tick under way.
func (a *App) RunScheduler(ctx context.Context, after func(*bot.Tick)) (stop func()) {
	tick := func() {
		t, err := a.Scheduler.Tick(ctx, a.Now())
		switch {
		case err != nil && ctx.Err() == nil:
			a.Logger.Error("scheduler tick", "err", err)
		case err == nil && (len(t.Sent) > 0 || len(t.Missed) > 0):
			a.Logger.Info("scheduler tick", "sent", len(t.Sent), "missed", len(t.Missed))
		}
		if after != nil {
			after(t)
		}
	}
	logger := cronLogger{a.Logger}
	c := cron.New(cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	if _, err := c.AddFunc("* * * * *", tick); err != nil {
		panic(err) // a constant spec: cannot fail
	}
	// The catch-up tick runs beside the server, not before it: on a big
	// database it takes a while, and /healthz should answer meanwhile.
	var first sync.WaitGroup
	first.Go(tick)
	c.Start()
	return func() {
		<-c.Stop().Done()
		first.Wait()
	}
}

// cronLogger lets robfig/cron log through slog; Recover needs a logger
// (cron.Recover(nil) panics).
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err)...)
}
