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
	"github.com/fieldloop/fieldloop/schedule"
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

// TickLine is one notification as `fieldloop tick` prints it: its type
// and recipient, and the fields TickFields gives for its type, the others
// left out.
type TickLine struct {
	Type     string   `json:"type"`
	To       string   `json:"to"`
	Kind     string   `json:"kind,omitempty"`
	Schedule uint64   `json:"schedule,omitempty"`
	Due      string   `json:"due,omitempty"`
	Overdue  []string `json:"overdue,omitempty"`
	Region   string   `json:"region,omitempty"`
	From     string   `json:"from,omitempty"`
	Campaign uint64   `json:"campaign,omitempty"`
	Warning  string   `json:"warning,omitempty"`
	Items    []string `json:"items,omitempty"`
}

// TickFields lists the notification types `fieldloop tick` prints, each
// with the fields that mean something for it, beyond type and to, in the
// order the text format gives them. The README's list in "Report
// schedules" says the same.
var TickFields = map[string][]string{
	bot.NotifyNudge:              {"kind", "schedule", "due"},
	bot.NotifyReminder:           {"kind", "schedule", "due"},
	bot.NotifyEscalation:         {"kind", "schedule", "due", "overdue"},
	schedule.NotifyDigest:        {"region", "from", "due"},
	schedule.NotifyDigestStopped: {"region"},
	schedule.NotifyCalendar:      {"region", "due"},
	schedule.NotifyAckReminder:   {"campaign"},
	schedule.NotifyWarning:       {"warning", "region", "items"},
}

// tickField is one field a line may have: how it is read from the
// notification, and how the text format shows it.
type tickField struct {
	set  func(*TickLine, *bot.Notification)
	text func(TickLine) string
}

// tickFields are the fields of TickFields. The text format shows a kind
// bare and the others named ("sales, schedule #1, due …"); an
// escalation's people come last, in parentheses, as they always have.
var tickFields = map[string]tickField{
	"kind":     {func(l *TickLine, n *bot.Notification) { l.Kind = n.Kind }, func(l TickLine) string { return l.Kind }},
	"warning":  {func(l *TickLine, n *bot.Notification) { l.Warning = n.Warning }, func(l TickLine) string { return l.Warning }},
	"schedule": {func(l *TickLine, n *bot.Notification) { l.Schedule = n.Schedule }, func(l TickLine) string { return "schedule " + bot.FormatID(l.Schedule) }},
	"campaign": {func(l *TickLine, n *bot.Notification) { l.Campaign = n.Campaign }, func(l TickLine) string { return "campaign " + bot.FormatID(l.Campaign) }},
	"region":   {func(l *TickLine, n *bot.Notification) { l.Region = n.Region }, func(l TickLine) string { return "region " + l.Region }},
	"from":     {func(l *TickLine, n *bot.Notification) { l.From = n.From.Format(time.RFC3339) }, func(l TickLine) string { return "from " + l.From }},
	"due":      {func(l *TickLine, n *bot.Notification) { l.Due = n.Due.Format(time.RFC3339) }, func(l TickLine) string { return "due " + l.Due }},
	"items":    {func(l *TickLine, n *bot.Notification) { l.Items = n.Items }, func(l TickLine) string { return "items " + strings.Join(l.Items, ", ") }},
	"overdue":  {func(l *TickLine, n *bot.Notification) { l.Overdue = n.Overdue }, func(TickLine) string { return "" }},
}

// tickLine turns n into its line. A region's calendar goes to the
// region's channel, "#REGION".
func tickLine(n *bot.Notification) TickLine {
	l := TickLine{Type: n.Type, To: n.To}
	if n.Type == schedule.NotifyCalendar {
		l.To = "#" + n.To
	}
	for _, f := range TickFields[n.Type] {
		tickFields[f].set(&l, n)
	}
	return l
}

// Text renders the line as `tick --format text` prints it:
// "reminder to bob: sales, schedule #1, due 2026-11-28T18:00:00+08:00".
func (l TickLine) Text() string {
	var parts []string
	for _, f := range TickFields[l.Type] {
		if v := tickFields[f].text(l); v != "" {
			parts = append(parts, v)
		}
	}
	text := l.Type + " to " + l.To + ": " + strings.Join(parts, ", ")
	if len(l.Overdue) > 0 {
		text += " (overdue: " + strings.Join(l.Overdue, ", ") + ")"
	}
	return text
}

// WriteTick prints every notification of t, as JSON lines or as text.
func WriteTick(w io.Writer, format string, t *bot.Tick) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, n := range t.Sent {
		line := tickLine(n)
		var err error
		if format == "text" {
			_, err = fmt.Fprintln(w, line.Text())
		} else {
			err = enc.Encode(line)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
