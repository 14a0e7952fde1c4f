package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/platform"
)

// OpenTick opens the app for `fieldloop tick`: the messages it queues are
// addressed to the platforms configured as serve would run them (a
// later serve delivers them), else to the console.
func OpenTick(c *Config, o Options) (*App, error) {
	o.Platforms = platform.Names(c.Configured())
	if len(o.Platforms) == 0 {
		o.Platforms = consolePlatforms
	}
	return Open(c, o)
}

// Tick runs the scheduler once as if it were at: dry only plans what is
// due and not yet sent; otherwise it is queued and recorded.
func (a *App) Tick(ctx context.Context, at time.Time, dry bool) (*bot.Tick, error) {
	if dry {
		return a.Scheduler.Plan(ctx, at)
	}
	return a.Scheduler.Tick(ctx, at)
}

// TickLine is one notification as `fieldloop tick` prints it.
type TickLine struct {
	Type     string   `json:"type"`
	To       string   `json:"to"`
	Kind     string   `json:"kind"`
	Schedule uint64   `json:"schedule"`
	Due      string   `json:"due"`
	Overdue  []string `json:"overdue,omitempty"`
}

// WriteTick prints the notifications of t, as JSON lines or as text.
func WriteTick(w io.Writer, format string, t *bot.Tick) error {
	enc := json.NewEncoder(w)
	for _, n := range t.Sent {
		line := TickLine{Type: n.Type, To: n.To, Kind: n.Kind, Schedule: n.Schedule, Due: n.Due.Format(time.RFC3339), Overdue: n.Overdue}
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
