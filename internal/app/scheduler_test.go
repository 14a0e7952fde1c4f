package app

import (
	"context"
	"path/filepath"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/storage"
)

// The running scheduler ticks every minute: a deadline's reminder goes out
// once, at the minute it falls due, and again the next day.
func TestRunningScheduler(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		a := runningApp(t, func(c *Config) { c.AckReminder, c.CalendarPush = 24*time.Hour, "weekly mon 09:00" })
		db := a.DB
		start := time.Now() // synctest's clock: 2000-01-01 00:00 UTC
		db.CreateSchedule(ctx, &bot.Schedule{Kind: "sales", Audience: bot.Audience{People: []string{"alice"}},
			Spec: "daily 00:05", Zone: "UTC", CreatedAt: start})
		ticks := 0
		stop := a.RunScheduler(ctx, func(*bot.Tick) { ticks++ })
		pending := func() int {
			msgs, _ := db.PendingMessages(ctx)
			return len(msgs)
		}
		time.Sleep(4*time.Minute + 30*time.Second)
		if n := pending(); n != 0 {
			t.Errorf("before the deadline: %d messages", n)
		}
		time.Sleep(time.Minute)
		if n := pending(); n != 1 {
			t.Errorf("after the deadline: %d messages, want 1", n)
		}
		time.Sleep(24 * time.Hour)
		stop()
		if n := pending(); n != 2 {
			t.Errorf("a day later: %d messages, want 2", n)
		}
		if ticks < 24*60 {
			t.Errorf("%d ticks in a day", ticks)
		}
	})
}

// Within the hour, the running fieldloop prunes what is older than the
// retention period, and keeps the rest.
func TestRunningPrune(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		a := runningApp(t, func(c *Config) { c.Retention, c.CalendarPush = 30*24*time.Hour, "off" })
		db := a.DB
		now := time.Now()
		to := bot.Destination{Platform: "console", ID: "alice", Name: "alice"}
		old := &bot.Message{To: to, Text: "old", CreatedAt: now.AddDate(0, 0, -31)}
		young := &bot.Message{To: to, Text: "young", CreatedAt: now.AddDate(0, 0, -29)}
		if err := db.EnqueueMessages(ctx, []*bot.Message{old, young}); err != nil {
			t.Fatal(err)
		}
		old.Status, young.Status = bot.StatusSent, bot.StatusSent
		if err := db.UpdateMessages(ctx, []*bot.Message{old, young}); err != nil {
			t.Fatal(err)
		}
		stop := a.RunScheduler(ctx, nil)
		time.Sleep(time.Hour + time.Minute)
		stop()
		msgs, err := db.FindMessages(ctx, bot.MessageFilter{})
		if err != nil || len(msgs) != 1 || msgs[0].Text != "young" {
			t.Errorf("after an hour: %v, %v", msgs, err)
		}
	})
}

// runningApp builds fieldloop with the demo org on a new store, closed
// when t ends, with set adjusting the config.
func runningApp(t *testing.T, set func(*Config)) *App {
	t.Helper()
	db := storage.New(filepath.Join(t.TempDir(), "s.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := NewConfig()
	set(c)
	org, err := c.LoadOrg()
	if err != nil {
		t.Fatal(err)
	}
	a, err := Build(c, org, db, Options{Platforms: consolePlatforms})
	if err != nil {
		t.Fatal(err)
	}
	return a
}
