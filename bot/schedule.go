package bot

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/value"
)

// Audience is who a schedule asks for reports: every rep, the reps of
// some regions, or named people.
type Audience struct {
	All     bool     `json:",omitzero"`
	Regions []string `json:",omitzero"`
	People  []string `json:",omitzero"`
}

// String renders the audience as /schedule add takes it.
func (a Audience) String() string {
	if a.All {
		return "all"
	}
	return strings.Join(append(slices.Clone(a.Regions), a.People...), ",")
}

// Members returns the people of org the audience names: reps for "all"
// and regions, anyone named; never a leaver.
func (a Audience) Members(org *Org) []*Person {
	var out []*Person
	for i := range org.People {
		p := &org.People[i]
		if p.Left() {
			continue
		}
		in := slices.Contains(a.People, p.ID) ||
			p.Has(RoleRep) && (a.All || slices.Contains(a.Regions, p.Region))
		if in {
			out = append(out, p)
		}
	}
	return out
}

// Schedule asks an audience for a kind of report by recurring deadlines.
type Schedule struct {
	ID       uint64
	Kind     string
	Audience Audience
	Spec     string // "daily 18:00" or a cron line
	Cron     bool   // Spec is a cron line
	Zone     string // IANA name
	// Local puts each person's deadlines at Spec's times in their own
	// zone (Org.Zone) rather than in Zone.
	Local bool `json:",omitzero"`
	// Grace is how long after a deadline a report still counts as on
	// time; the reminder goes out when it ends. Escalate is how long after
	// that the managers hear; Nudge how long before the deadline a
	// friendly note goes out. Zero turns escalation or the nudge off.
	Grace, Escalate, Nudge time.Duration
	CreatedAt              time.Time
	CreatedBy              string
	// CheckedThrough is how far the scheduler has looked: notifications
	// due after it and by now are the next tick's work.
	CheckedThrough time.Time `json:",omitzero"`
}

// Same reports whether s and o ask the same people for the same kind at
// the same times: a second such schedule would send every reminder twice.
// Local is left out: a schedule at each person's own time asks those in
// its zone at the same times, and would remind them twice.
func (s *Schedule) Same(o *Schedule) bool {
	set := func(ids []string) []string { return slices.Sorted(slices.Values(ids)) }
	return s.Kind == o.Kind && s.Spec == o.Spec && s.Cron == o.Cron && s.Zone == o.Zone &&
		s.Audience.All == o.Audience.All && slices.Equal(set(s.Audience.Regions), set(o.Audience.Regions)) &&
		slices.Equal(set(s.Audience.People), set(o.Audience.People))
}

// Recurrence parses the schedule's spec.
func (s *Schedule) Recurrence() (*value.Recurrence, error) {
	if s.Cron {
		return value.ParseCron(s.Spec)
	}
	return value.ParseEvery(s.Spec)
}

// Location loads the schedule's zone; UTC if it cannot (it was checked
// when the schedule was added).
func (s *Schedule) Location() *time.Location {
	loc, err := time.LoadLocation(s.Zone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Notification types.
const (
	NotifyNudge      = "nudge"
	NotifyReminder   = "reminder"
	NotifyEscalation = "escalation"
)

// Notification is one message the scheduler sends (or records as missed):
// to a person (a rep; a manager for escalations) about one deadline, or
// one of the scheduler's other messages, whose types the schedule package
// declares. Which fields mean something depends on the type.
type Notification struct {
	Type     string
	To       string // a person id; a channel as "#name"; a region id for a region's channel
	Kind     string
	Schedule uint64
	Due      time.Time // the deadline; or when the message is for
	At       time.Time // when the notification fell due
	Overdue  []string  // for escalations: the manager's people still missing
	Text     string    `json:",omitzero"` // for calendar posts: the calendar
	// Region is what a digest, a warning or a calendar post is about.
	Region string `json:",omitzero"`
	// From is where a digest's span starts; Due ends it.
	From time.Time `json:",omitzero"`
	// Campaign is the campaign an acknowledgement reminder is about.
	Campaign uint64 `json:",omitzero"`
	// Warning is a warning's kind; with Region it tells one warning
	// message from another sent to the same recipient at the same check.
	Warning string `json:",omitzero"`
	// Items are what a warning warns about, each recorded as warned to
	// To (ItemKeys), so that it is not warned about again.
	Items []string `json:",omitzero"`
	// LocalDue is, for a deadline at the person's own time (Schedule.Local),
	// Due as a wall-clock time in their zone (LocalDueLayout): what
	// names the deadline whatever zone they are in when a tick looks.
	LocalDue string `json:",omitzero"`
}

// LocalDueLayout is the layout of Notification.LocalDue.
const LocalDueLayout = "2006-01-02T15:04:05"

// Key identifies a notification for "sent at most once": schedule,
// deadline (LocalDue when set, so that it is the same deadline in any
// zone), type and recipient, and a warning's kind and region.
func (n *Notification) Key() string {
	due := n.Due.UTC().Format(time.RFC3339)
	if n.LocalDue != "" {
		due = "local " + n.LocalDue
	}
	parts := []string{FormatID(n.Schedule), due, n.Type, n.To}
	if n.Warning != "" {
		parts = append(parts, n.Warning, n.Region)
	}
	return strings.Join(parts, "|")
}

// ItemKeys are the keys under which each of n's Items is recorded as sent
// to n.To: the Key of a notification of n's type to "ITEM>TO" with no
// schedule or deadline, which is what each item was when a warning was one
// message per item, so that items warned about before are known.
func (n *Notification) ItemKeys() []string {
	keys := make([]string, len(n.Items))
	for i, item := range n.Items {
		one := Notification{Type: n.Type, To: item + ">" + n.To}
		keys[i] = one.Key()
	}
	return keys
}

// DateRange is a span of days, both ends included, as YYYY-MM-DD.
type DateRange struct {
	From, To string
}

// Text renders the range: "from 2026-12-24 to 2026-12-26", or "on
// 2026-12-25" for one day.
func (r DateRange) Text() Text {
	if r.From == r.To {
		return T("days.one", r.From)
	}
	return T("days.range", r.From, r.To)
}

// String writes the range as the org file does: 2026-12-24..2026-12-26,
// or one day alone.
func (r DateRange) String() string {
	if r.From == r.To {
		return r.From
	}
	return r.From + ".." + r.To
}

// Contains reports whether the day of t (in t's zone) is in the range.
func (r DateRange) Contains(t time.Time) bool {
	d := t.Format(time.DateOnly)
	return r.From <= d && d <= r.To
}

// ScheduleStore keeps schedules and what the scheduler has done.
type ScheduleStore interface {
	// CreateSchedule stores s and sets its ID, or fails with ECONFLICT
	// when a schedule the Same is stored.
	CreateSchedule(ctx context.Context, s *Schedule) error
	// RemoveSchedule deletes schedule id, or fails with ENOTFOUND.
	RemoveSchedule(ctx context.Context, id uint64) error
	// Schedules returns every schedule, oldest first.
	Schedules(ctx context.Context) ([]*Schedule, error)
	// ReportTimes returns when each person filed reports of kind, not
	// deleted, with CreatedAt in (after, through], oldest first.
	ReportTimes(ctx context.Context, kind string, after, through time.Time) (map[string][]time.Time, error)
	// Notified returns which of keys (Notification.Key) are recorded.
	Notified(ctx context.Context, keys []string) (map[string]bool, error)
	// PeopleSeen returns when each person was first seen in the org file,
	// so that people who joined after a deadline are left out.
	PeopleSeen(ctx context.Context) (map[string]time.Time, error)
	// SaveTick records, in one transaction, the notifications sent (with
	// their messages, into the outbox, and their items' keys) and missed,
	// each schedule's new CheckedThrough, and the people seen for the
	// first time.
	SaveTick(ctx context.Context, t *Tick) error
}

// Tick is the outcome of one scheduler pass.
type Tick struct {
	Now       time.Time
	Sent      []*Notification
	Missed    []*Notification
	Out       []*Message
	Checked   map[uint64]time.Time // schedule id → CheckedThrough
	NewPeople []string             // first seen at Now
	// Unsubscribe are the people whose digest subscription stops once the
	// tick is saved: they may no longer read what it covers, and Sent
	// tells them so.
	Unsubscribe []string `json:",omitempty"`
}
