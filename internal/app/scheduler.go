package app

import (
	"context"
	"log/slog"
	"sync"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/robfig/cron/v3"
)

// job is background work that runs on a timer while fieldloop runs.
type job struct {
	name string
	spec string // a constant cron spec
	// atStart runs it once at once too, beside the server, not before it.
	atStart bool
	run     func(ctx context.Context)
}

// jobs are the background jobs, besides the outbox sender. This is the
// one list: adding a job is one line here. after, if set, runs after each
// scheduler tick, with its outcome (nil if it failed).
func (a *App) jobs(after func(*bot.Tick)) []job {
	return []job{
		// The catch-up tick at start sends what fell due while fieldloop
		// was down; on a big database it takes a while.
		{name: "tick", spec: "* * * * *", atStart: true, run: func(ctx context.Context) { a.tick(ctx, after) }},
		{name: "prune", spec: "@hourly", run: a.prune},
	}
}

// RunScheduler runs the jobs until ctx is done. robfig/cron is the
// ticker; the specs are constants (user specs are parsed by bot, never by
// cron's parser, which can panic), and a panic in a job is recovered and
// logged rather than taking the process down, and a job still running at
// its next time is skipped (see alone). Jobs read the app's clock; cron keeps its
// own, the real one (or synctest's). stop stops the ticker and waits for
// the jobs under way.
func (a *App) RunScheduler(ctx context.Context, after func(*bot.Tick)) (stop func()) {
	logger := cronLogger{a.Logger}
	c := cron.New(cron.WithChain(cron.Recover(logger)))
	var first sync.WaitGroup
	for _, j := range a.jobs(after) {
		run := a.alone(j)
		if _, err := c.AddFunc(j.spec, func() { run(ctx) }); err != nil {
			panic("job " + j.name + ": " + err.Error()) // a constant spec: cannot fail
		}
		if j.atStart {
			first.Go(func() { run(ctx) })
		}
	}
	c.Start()
	return func() {
		<-c.Stop().Done()
		first.Wait()
	}
}

// alone returns j's work so that it never runs twice at once: a run that
// finds the previous one (the catch-up at start, or a slow minute) still
// under way is skipped, and logged. cron's SkipIfStillRunning would not
// see the run at start, which is not cron's.
func (a *App) alone(j job) func(context.Context) {
	var running sync.Mutex
	return func(ctx context.Context) {
		if !running.TryLock() {
			a.Logger.Info("job still running: skipped", "job", j.name)
			return
		}
		defer running.Unlock()
		j.run(ctx)
	}
}

// tick runs one scheduler pass and logs what it did.
func (a *App) tick(ctx context.Context, after func(*bot.Tick)) {
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

// prune drops the messages and notification records older than
// FIELDLOOP_RETENTION, unless it is off.
func (a *App) prune(ctx context.Context) {
	if a.Config.Retention == 0 {
		return
	}
	p, err := a.DB.Prune(ctx, a.Now().Add(-a.Config.Retention), false)
	switch {
	case err != nil && ctx.Err() == nil:
		a.Logger.Error("prune", "err", err)
	case p.Messages > 0 || p.Notifications > 0:
		a.Logger.Info("pruned", "messages", p.Messages, "notifications", p.Notifications, "bytes", p.Bytes)
	}
}

// cronLogger lets robfig/cron log through slog; Recover needs a logger
// (cron.Recover(nil) panics).
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err)...)
}
