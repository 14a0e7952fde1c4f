package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/export"
	"github.com/fieldloop/fieldloop/storage"
	"github.com/robfig/cron/v3"
)

// newScheduler builds the scheduler over db for org, writing to people on
// platforms in their own language, with the broadcast options of the
// environment (see schedulerOptions).
func (m *Main) newScheduler(db *storage.DB, org *bot.Org, platforms []bot.Platform, logger *slog.Logger) (*bot.Scheduler, error) {
	ackAfter, push, err := m.schedulerOptions()
	if err != nil {
		return nil, err
	}
	router := bot.NewRouter(org, db, logger) // for each person's language only
	return &bot.Scheduler{
		Store: db, Settings: db, Org: org, Schema: bot.ReportSchema(), Platforms: platforms, Logger: logger,
		Lang:      func(ctx context.Context, p *bot.Person) bot.Lang { return router.Lang(ctx, p, org.Language) },
		Campaigns: db, AckReminderAfter: ackAfter, CalendarPush: push,
		Digests: &bot.DigestSource{Org: org, Schema: bot.ReportSchema(), Reports: db, Targets: db, Campaigns: db, Schedules: db},
	}, nil
}

// mustScheduler is newScheduler for serve, which has checked the options
// already.
func (m *Main) mustScheduler(db *storage.DB, org *bot.Org, platforms []bot.Platform, logger *slog.Logger) *bot.Scheduler {
	s, err := m.newScheduler(db, org, platforms, logger)
	if err != nil {
		panic(err) // serve checked schedulerOptions before opening anything
	}
	return s
}

// schedulerOptions reads FIELDLOOP_ACK_REMINDER (how long after a
// broadcast those who have not acknowledged are reminded; default 24h,
// "off" for never) and FIELDLOOP_CALENDAR_PUSH (when each region's channel
// gets the coming week's calendar; default "weekly mon 09:00", "off" for
// never).
func (m *Main) schedulerOptions() (time.Duration, *bot.Recurrence, error) {
	ackAfter := 24 * time.Hour
	if v := m.Getenv("FIELDLOOP_ACK_REMINDER"); v == "off" {
		ackAfter = 0
	} else if v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return 0, nil, usageError{fmt.Errorf("FIELDLOOP_ACK_REMINDER: %q is not a duration like 24h, or off", v)}
		}
		ackAfter = d
	}
	spec := m.env("FIELDLOOP_CALENDAR_PUSH", "weekly mon 09:00")
	if spec == "off" {
		return ackAfter, nil, nil
	}
	push, err := bot.ParseEvery(spec)
	if err != nil {
		return 0, nil, usageError{fmt.Errorf("FIELDLOOP_CALENDAR_PUSH: %q: %v (example: weekly mon 09:00, or off)", spec, err)}
	}
	return ackAfter, push, nil
}

// runScheduler ticks s every minute, on the minute, from now until ctx is
// done, and once at once to catch up on what fell due while fieldloop was
// down. robfig/cron is the ticker; the spec is a constant (user specs are
// parsed by bot, never by cron's parser, which can panic), and a panic in
// a tick is recovered and logged rather than taking the process down.
// after, if set, runs after each tick, with its outcome (nil if it failed). now is the clock ticks read; cron
// keeps its own, the real one (or synctest's).
func runScheduler(ctx context.Context, s *bot.Scheduler, now func() time.Time, logger *slog.Logger, after func(*bot.Tick)) (stop func()) {
	tick := func() {
		t, err := s.Tick(ctx, now())
		switch {
		case err != nil && ctx.Err() == nil:
			logger.Error("scheduler tick", "err", err)
		case err == nil && (len(t.Sent) > 0 || len(t.Missed) > 0):
			logger.Info("scheduler tick", "sent", len(t.Sent), "missed", len(t.Missed))
		}
		if after != nil {
			after(t)
		}
	}
	c := cron.New(cron.WithChain(cron.Recover(cronLogger{logger}), cron.SkipIfStillRunning(cronLogger{logger})))
	if _, err := c.AddFunc("* * * * *", tick); err != nil {
		panic(err) // a constant spec: cannot fail
	}
	tick()
	c.Start()
	return func() { <-c.Stop().Done() }
}

// cronLogger lets robfig/cron log through slog; Recover needs a logger
// (cron.Recover(nil) panics).
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err)...)
}

// tickLine is one notification as `fieldloop tick` prints it.
type tickLine struct {
	Type     string   `json:"type"`
	To       string   `json:"to"`
	Kind     string   `json:"kind"`
	Schedule uint64   `json:"schedule"`
	Due      string   `json:"due"`
	Overdue  []string `json:"overdue,omitempty"`
}

// tick runs the scheduler once as if it were --at: it prints what is due
// and not yet sent, and, without --dry-run, queues and records it.
func (m *Main) tick(ctx context.Context, args []string) error {
	var c config
	fs := m.flags("tick", &c)
	atText := fs.String("at", "", "run as if it were this `time` (RFC 3339, e.g. 2026-11-28T20:00:00+08:00); now when empty")
	dry := fs.Bool("dry-run", false, "print what is due, send and record nothing")
	format := fs.String("format", export.JSONL, "`format` of the output: jsonl or text")
	if err := fs.Parse(args); err != nil {
		return err
	}
	at := m.Now()
	if *atText != "" {
		t, err := time.Parse(time.RFC3339, *atText)
		if err != nil {
			return usageError{fmt.Errorf("--at: %q is not an RFC 3339 time like 2026-11-28T20:00:00+08:00", *atText)}
		}
		at = t
	}
	if *format != export.JSONL && *format != "text" {
		return usageError{fmt.Errorf("--format: %q is not jsonl or text", *format)}
	}
	org, err := loadOrg(&c)
	if err != nil {
		return err
	}
	db, err := openDB(c.db, false, m.Now)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := m.newScheduler(db, org, platformsFromEnv(m.Getenv), m.logger(slog.LevelWarn))
	if err != nil {
		return err
	}
	var t *bot.Tick
	if *dry {
		t, err = s.Plan(ctx, at)
	} else {
		t, err = s.Tick(ctx, at)
	}
	if err != nil {
		return err
	}
	return printTick(m.Stdout, *format, t, org)
}

// platformsFromEnv is where messages queued outside `serve` (by `tick`)
// go: the platforms that have credentials, else the console.
func platformsFromEnv(getenv func(string) string) []bot.Platform {
	var out []bot.Platform
	if getenv("SLACK_BOT_TOKEN") != "" {
		out = append(out, bot.Slack)
	}
	if getenv("DISCORD_BOT_TOKEN") != "" {
		out = append(out, bot.Discord)
	}
	if len(out) == 0 {
		out = []bot.Platform{bot.Console}
	}
	return out
}

func printTick(w io.Writer, format string, t *bot.Tick, org *bot.Org) error {
	enc := json.NewEncoder(w)
	for _, n := range t.Sent {
		line := tickLine{Type: n.Type, To: n.To, Kind: n.Kind, Schedule: n.Schedule, Due: n.Due.Format(time.RFC3339), Overdue: n.Overdue}
		if format == "text" {
			extra := ""
			if len(n.Overdue) > 0 {
				extra = " (overdue: " + strings.Join(n.Overdue, ", ") + ")"
			}
			if _, err := fmt.Fprintf(w, "%s to %s: %s, schedule %s, due %s%s\n", n.Type, n.To, n.Kind,
				bot.FormatID(n.Schedule), line.Due, extra); err != nil {
				return err
			}
			continue
		}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	return nil
}
