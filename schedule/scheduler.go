// Package schedule runs what falls due: at each tick it works out, from
// the report schedules, the deadlines, who has reported and who is away,
// the nudges, reminders and escalations due, the subscribed digests, the
// weekly calendar, the acknowledgement reminders and the early warnings,
// and queues them in the outbox in the transaction that records them, so
// that each goes out once whatever restarts happen. Time is an input: a
// tick is computed from the "now" it is given.
package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/fieldloop/fieldloop/access"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/digest"
	"github.com/fieldloop/fieldloop/schedule/deadline"
	"github.com/fieldloop/fieldloop/value"
)

// MissAfter is how late a notification may still be sent. One found later
// (the bot was down) is recorded as missed instead: a reminder a day late
// helps nobody and confuses everyone.
const MissAfter = 24 * time.Hour

// maxDeadlines bounds the deadlines one schedule contributes to a tick, so
// that a long downtime or a clock far off cannot make a tick run for ever.
const maxDeadlines = 2000

// Scheduler turns schedules into nudges, reminders and escalations. A tick
// at time now looks at every notification that fell due since the last
// tick and by now; the semantics are in the README.
type Scheduler struct {
	Store     bot.ScheduleStore
	Settings  bot.SettingsStore
	Org       *bot.LiveOrg
	Schema    *bot.Schema
	Platforms []bot.Platform // where direct messages go
	Logger    *slog.Logger
	// Lang returns the language to write to a person in.
	Lang func(ctx context.Context, p *bot.Person) bot.Lang

	// Campaigns, when set, lets ticks remind reps of broadcasts they have
	// not acknowledged after AckReminderAfter (zero: never), and post the
	// coming week's calendar to each region's channel at CalendarPush
	// (nil: never), in the org's zone.
	Campaigns        bot.CampaignStore
	AckReminderAfter time.Duration
	CalendarPush     *value.Recurrence
	// Digests, when set, lets ticks send the digests people subscribed to
	// and the early warnings (see Org.Warnings).
	Digests *digest.Source
	// WarningEvery spaces the early-warning checks: an hour when zero,
	// at every pass when negative (a benchmark of the whole tick).
	WarningEvery time.Duration

	lastWarnings time.Time // when the warnings were last checked

	mu sync.Mutex // one tick at a time
}

// Tick plans and records one pass at now: the notifications it sends go to
// the outbox in the same transaction that records them. The
// acknowledgement reminders are recorded on their campaign instead, each
// campaign's in one transaction with its messages, after the rest; they
// are in the Tick's Sent all the same, as everything the pass queued is.
func (s *Scheduler) Tick(ctx context.Context, now time.Time) (*bot.Tick, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.plan(ctx, now)
	if err != nil {
		return nil, err
	}
	if err := s.Store.SaveTick(ctx, t); err != nil {
		return nil, fmt.Errorf("save tick: %w", err)
	}
	if err := s.unsubscribe(ctx, t.Unsubscribe); err != nil {
		return t, fmt.Errorf("stop digests: %w", err)
	}
	if err := s.remindAcks(ctx, now, t, true); err != nil {
		return t, fmt.Errorf("acknowledgement reminders: %w", err)
	}
	return t, nil
}

// NotifyAckReminder is the type of the reminder to acknowledge a
// broadcast; its Notification.To is the rep and Campaign the campaign.
const NotifyAckReminder = "ack_reminder"

// remindAcks adds to t a direct message, once, to each rep who has not
// acknowledged a broadcast AckReminderAfter after it went out, while the
// campaign is not over. With save, each campaign's reminders are queued
// and recorded on it in one transaction; without, they are only planned.
func (s *Scheduler) remindAcks(ctx context.Context, now time.Time, t *bot.Tick, save bool) error {
	if s.Campaigns == nil || s.AckReminderAfter <= 0 {
		return nil
	}
	all, err := s.Campaigns.Campaigns(ctx)
	if err != nil {
		return err
	}
	today := now.In(s.org().Location).Format(time.DateOnly)
	for _, c := range all {
		if c.Cancelled || c.BroadcastAt.IsZero() || now.Before(c.BroadcastAt.Add(s.AckReminderAfter)) || c.Status(today) == bot.CampaignPast {
			continue
		}
		var notes []*bot.Notification
		var msgs []*bot.Message
		if save {
			// On the campaign as it is in the transaction: someone may
			// have acknowledged since it was read.
			_, err = s.Campaigns.UpdateCampaign(ctx, c.ID, func(c *bot.Campaign) ([]*bot.Message, error) {
				notes, msgs = s.ackReminders(ctx, c, now)
				return msgs, nil
			})
		} else {
			notes, msgs = s.ackReminders(ctx, c, now)
		}
		if err != nil {
			return err
		}
		t.Sent = append(t.Sent, notes...)
		t.Out = append(t.Out, msgs...)
	}
	return nil
}

// ackReminders marks on c the reps it reminds now, and returns their
// notifications and messages.
func (s *Scheduler) ackReminders(ctx context.Context, c *bot.Campaign, now time.Time) ([]*bot.Notification, []*bot.Message) {
	had := maps.Clone(c.Reminded)
	msgs := bot.AckReminders(s.org(), c, s.Platforms, now, func(p *bot.Person) bot.Lang { return s.lang(ctx, p) })
	var notes []*bot.Notification
	for _, p := range c.Audience.Members(s.org()) {
		_, before := had[p.ID]
		if _, after := c.Reminded[p.ID]; after && !before {
			notes = append(notes, &bot.Notification{Type: NotifyAckReminder, To: p.ID, Campaign: c.ID, At: now})
		}
	}
	return notes, msgs
}

// org is the organisation as it is now (see bot.LiveOrg).
func (s *Scheduler) org() *bot.Org { return s.Org.Load() }

func (s *Scheduler) lang(ctx context.Context, p *bot.Person) bot.Lang {
	if s.Lang != nil {
		return s.Lang(ctx, p)
	}
	return s.org().Language
}

// Plan returns what a tick at now would do, and does nothing (a dry run).
func (s *Scheduler) Plan(ctx context.Context, now time.Time) (*bot.Tick, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.plan(ctx, now)
	if err != nil {
		return nil, err
	}
	if err := s.remindAcks(ctx, now, t, false); err != nil {
		return nil, fmt.Errorf("acknowledgement reminders: %w", err)
	}
	return t, nil
}

// tickState is what one pass reads once and uses for every schedule.
type tickState struct {
	now      time.Time
	seen     map[string]time.Time
	settings map[string]bot.Settings
}

// people is what the pass knows of who its schedules may ask.
func (st *tickState) people() deadline.People {
	return deadline.People{Seen: st.seen, Settings: st.settings}
}

func (s *Scheduler) plan(ctx context.Context, now time.Time) (*bot.Tick, error) {
	t := &bot.Tick{Now: now, Checked: map[uint64]time.Time{}}
	schedules, err := s.Store.Schedules(ctx)
	if err != nil {
		return nil, err
	}
	st := &tickState{now: now}
	// Everyone's first sighting is recorded even before there is any
	// schedule, so that a schedule added later knows who was there.
	if st.seen, err = s.Store.PeopleSeen(ctx); err != nil {
		return nil, err
	}
	for _, id := range s.org().PersonIDs() {
		if _, ok := st.seen[id]; !ok {
			// New in the org file: joined now, so earlier deadlines
			// are not theirs.
			st.seen[id] = now
			t.NewPeople = append(t.NewPeople, id)
		}
	}
	if len(schedules) > 0 {
		if st.settings, err = s.Settings.AllSettings(ctx); err != nil {
			return nil, err
		}
	}
	for _, sc := range schedules {
		if err := s.planSchedule(ctx, st, sc, t); err != nil {
			return nil, fmt.Errorf("schedule %d: %w", sc.ID, err)
		}
	}
	if err := s.planCalendar(ctx, now, t); err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	if err := s.planDigests(ctx, st, t); err != nil {
		return nil, fmt.Errorf("digests: %w", err)
	}
	if err := s.planWarnings(ctx, st, t); err != nil {
		return nil, fmt.Errorf("warnings: %w", err)
	}
	return t, nil
}

// NotifyDigest is the type of a scheduled digest; its Notification.To is
// the subscriber.
const NotifyDigest = "digest"

// NotifyDigestStopped is the type of the one message that tells a
// subscriber their digest stopped because they may no longer read it;
// its Due is when they subscribed, so that it goes once per subscription.
const NotifyDigestStopped = "digest_stopped"

// planDigests adds the subscribed digests due in the last MissAfter and
// not sent, each covering the time since the subscription's previous
// occurrence.
func (s *Scheduler) planDigests(ctx context.Context, st *tickState, t *bot.Tick) error {
	if s.Digests == nil {
		return nil
	}
	if st.settings == nil {
		var err error
		if st.settings, err = s.Settings.AllSettings(ctx); err != nil {
			return err
		}
	}
	ids := make([]string, 0, len(st.settings))
	for id := range st.settings {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		sub, p := st.settings[id].Digest, s.org().Person(id)
		if sub == nil || p == nil {
			continue
		}
		rec, err := value.ParseEvery(sub.Every)
		if err != nil {
			continue
		}
		loc := s.org().Zone(p)
		d, ok := rec.Next(later(st.now.Add(-MissAfter), sub.Since), loc, nil)
		if !ok || d.After(st.now) {
			continue
		}
		from, found := rec.Prev(d, loc, nil)
		if !found {
			from = d.AddDate(0, 0, -1)
		}
		req := &bot.Request{Incoming: bot.Incoming{Time: st.now}, Person: p, Org: s.org()}
		if access.Check(req, access.ReadDigest, access.Region(sub.Region)) != nil {
			// Read at delivery, not at subscription: a manager moved to
			// another region no longer gets the old one's figures.
			if err := s.stopDigest(ctx, st, id, p, sub, t); err != nil {
				return err
			}
			continue
		}
		n := &bot.Notification{Type: NotifyDigest, To: id, Due: d, At: d, Region: sub.Region, From: from}
		done, err := s.Store.Notified(ctx, []string{n.Key()})
		if err != nil {
			return err
		}
		if done[n.Key()] {
			continue // sent: do not build it again every minute
		}
		q := digest.Span(sub.Region, from, d, st.now)
		if access.OwnOnly(req) {
			q.Person = id
		}
		lang := s.lang(ctx, p)
		dg, err := digest.Build(ctx, *s.Digests, q, lang)
		if err != nil {
			return err
		}
		n.Text = dg.Chat(s.org(), q, lang, bot.T("digest.scheduled", bot.EveryText(sub.Every)).In(lang))
		if err := s.keep(ctx, st, []*bot.Notification{n}, t); err != nil {
			return err
		}
	}
	return nil
}

// stopDigest tells subscriber id, once, that their digest of a region
// they may no longer read has stopped, and has the subscription removed
// once the tick is saved.
func (s *Scheduler) stopDigest(ctx context.Context, st *tickState, id string, p *bot.Person, sub *bot.DigestSub, t *bot.Tick) error {
	lang := s.lang(ctx, p)
	n := &bot.Notification{Type: NotifyDigestStopped, To: id, Due: sub.Since, At: st.now, Region: sub.Region,
		Text: bot.T("digest.stopped", s.org().RegionName(sub.Region)).In(lang)}
	// Sent long ago or never: the notice is due now whenever it is found.
	if err := s.keepNow(ctx, n, t); err != nil {
		return err
	}
	t.Unsubscribe = append(t.Unsubscribe, id)
	return nil
}

// keepNow adds n to t unless it was recorded already.
func (s *Scheduler) keepNow(ctx context.Context, n *bot.Notification, t *bot.Tick) error {
	done, err := s.Store.Notified(ctx, []string{n.Key()})
	if err != nil || done[n.Key()] {
		return err
	}
	t.Sent = append(t.Sent, n)
	t.Out = append(t.Out, s.message(ctx, n)...)
	return nil
}

// unsubscribe removes the digest subscriptions of ids.
func (s *Scheduler) unsubscribe(ctx context.Context, ids []string) error {
	for _, id := range ids {
		set, err := s.Settings.Settings(ctx, id)
		if err != nil {
			return err
		}
		set.Digest = nil
		if err := s.Settings.SaveSettings(ctx, id, set); err != nil {
			return err
		}
	}
	return nil
}

// NotifyCalendar is the type of the weekly calendar post to a region's
// channel; its Notification.To is the region.
const NotifyCalendar = "calendar"

// planCalendar adds the weekly calendar posts that fell due in the last
// MissAfter and were not sent: one per region with something planned in
// the seven days from the push.
func (s *Scheduler) planCalendar(ctx context.Context, now time.Time, t *bot.Tick) error {
	if s.Campaigns == nil || s.CalendarPush == nil {
		return nil
	}
	loc := s.org().Location
	d, ok := s.CalendarPush.Next(now.Add(-MissAfter), loc, nil)
	if !ok || d.After(now) {
		return nil
	}
	all, err := s.Campaigns.Campaigns(ctx)
	if err != nil {
		return err
	}
	from := d.In(loc).Format(time.DateOnly)
	to := d.In(loc).AddDate(0, 0, 6).Format(time.DateOnly)
	var notes []*bot.Notification
	for _, region := range s.org().RegionIDs() {
		var mine []*bot.Campaign
		for _, c := range all {
			if !c.Cancelled && (c.Audience.All || slices.Contains(c.Audience.Regions, region)) && c.Start <= to && c.End >= from {
				mine = append(mine, c)
			}
		}
		if len(mine) == 0 {
			continue
		}
		notes = append(notes, &bot.Notification{Type: NotifyCalendar, To: region, Region: region, Due: d, At: d, Text: bot.Calendar(s.org(), mine, from, to, s.org().Language, s.org().ChannelReader(region))})
	}
	return s.keep(ctx, &tickState{now: now}, notes, t)
}

// planSchedule adds to t the notifications of sc due after its last check
// and by now. The audience's groups may have their deadlines at other
// moments (their zones, their regions' holidays); a manager hears once
// about all their people whose deadline is the same moment.
func (s *Scheduler) planSchedule(ctx context.Context, st *tickState, sc *bot.Schedule, t *bot.Tick) error {
	from := later(sc.CheckedThrough, sc.CreatedAt)
	if !st.now.After(from) {
		return nil
	}
	if _, err := sc.Recurrence(); err != nil {
		s.Logger.Error("unreadable schedule", "schedule", sc.ID, "err", err)
		return nil
	}
	t.Checked[sc.ID] = st.now
	var steps []*dueStep
	for _, g := range deadline.Groups(s.org(), sc) {
		// A deadline D matters if any of its notifications (D−nudge,
		// D+grace, D+grace+escalate) falls in (from, now].
		deadlines, err := g.Between(sc, from.Add(-sc.Grace-sc.Escalate), st.now.Add(sc.Nudge), maxDeadlines)
		if err != nil {
			return err
		}
		for _, d := range deadlines {
			if steps, err = s.planDeadline(ctx, st, sc, g, d, from, steps); err != nil {
				return err
			}
		}
	}
	slices.SortStableFunc(steps, func(a, b *dueStep) int { return a.at.Compare(b.at) })
	var notes []*bot.Notification
	for _, step := range steps {
		notes = append(notes, s.notifications(sc, step)...)
	}
	return s.keep(ctx, st, notes, t)
}

// dueStep is one kind of notification about the deadlines due at one
// moment, falling at one time, and the people who still owe the report.
type dueStep struct {
	kind    string
	due, at time.Time
	missing []*bot.Person
}

// planDeadline adds to steps the notifications of group g's deadline d
// that fall in (from, now], merged with those of other groups due at the
// same moment.
func (s *Scheduler) planDeadline(ctx context.Context, st *tickState, sc *bot.Schedule, g deadline.Group, d deadline.Deadline, from time.Time, steps []*dueStep) ([]*dueStep, error) {
	var mine []*dueStep
	add := func(kind string, at time.Time, on bool) {
		if on && at.After(from) && !at.After(st.now) {
			mine = append(mine, &dueStep{kind: kind, due: d.Due, at: at})
		}
	}
	add(bot.NotifyNudge, d.Due.Add(-sc.Nudge), sc.Nudge > 0)
	add(bot.NotifyReminder, d.Due.Add(sc.Grace), true)
	add(bot.NotifyEscalation, d.Due.Add(sc.Grace+sc.Escalate), sc.Escalate > 0)
	if len(mine) == 0 {
		return steps, nil
	}
	// Who still owes the report: those who owe it at all, without a
	// report since the previous deadline. A report filed late still stops
	// later messages.
	times, err := s.Store.ReportTimes(ctx, sc.Kind, d.Prev, st.now)
	if err != nil {
		return steps, err
	}
	filed := deadline.Filed(times)
	var missing []*bot.Person
	for _, p := range st.people().Owing(g, d.Due) {
		if !filed.Since(p.ID, d.Prev, st.now) {
			missing = append(missing, p)
		}
	}
	for _, m := range mine {
		i := slices.IndexFunc(steps, func(o *dueStep) bool { return o.kind == m.kind && o.due.Equal(m.due) })
		if i < 0 {
			steps = append(steps, m)
			i = len(steps) - 1
		}
		steps[i].missing = append(steps[i].missing, missing...)
	}
	return steps, nil
}

// notifications builds one step's notifications: one per missing person,
// or, for an escalation, one per manager listing their people.
func (s *Scheduler) notifications(sc *bot.Schedule, step *dueStep) []*bot.Notification {
	base := bot.Notification{Type: step.kind, Kind: sc.Kind, Schedule: sc.ID, Due: step.due, At: step.at}
	var out []*bot.Notification
	if step.kind != bot.NotifyEscalation {
		for _, p := range step.missing {
			n := base
			n.To = p.ID
			if sc.Local {
				// Keyed by the day and time in the person's zone, so that
				// one who changes zone is not told twice of one deadline.
				n.LocalDue = n.Due.In(s.org().Zone(p)).Format(bot.LocalDueLayout)
			}
			out = append(out, &n)
		}
		return out
	}
	byManager := map[string][]string{}
	for _, p := range step.missing {
		if p.Manager != "" {
			byManager[p.Manager] = append(byManager[p.Manager], p.ID)
		}
	}
	managers := make([]string, 0, len(byManager))
	for m := range byManager {
		managers = append(managers, m)
	}
	sort.Strings(managers)
	for _, m := range managers {
		n := base
		n.To, n.Overdue = m, byManager[m]
		out = append(out, &n)
	}
	return out
}

// keep adds to t the notifications not recorded yet: to send, or, if they
// fell due more than MissAfter ago, to record as missed.
func (s *Scheduler) keep(ctx context.Context, st *tickState, notes []*bot.Notification, t *bot.Tick) error {
	if len(notes) == 0 {
		return nil
	}
	keys := make([]string, len(notes))
	for i, n := range notes {
		keys[i] = n.Key()
	}
	done, err := s.Store.Notified(ctx, keys)
	if err != nil {
		return err
	}
	for _, n := range notes {
		switch {
		case done[n.Key()]:
		case st.now.Sub(n.At) > MissAfter, n.Type == bot.NotifyNudge && st.now.After(n.Due):
			// Too late to help: a day-old message, or a "due soon"
			// about a deadline already past.
			t.Missed = append(t.Missed, n)
		default:
			t.Sent = append(t.Sent, n)
			t.Out = append(t.Out, s.message(ctx, n)...)
		}
	}
	return nil
}

// message writes a notification to its recipient, in their language; the
// deadline is shown in their own time zone.
func (s *Scheduler) message(ctx context.Context, n *bot.Notification) []*bot.Message {
	if n.Type == NotifyWarning {
		return s.warningMessages(n)
	}
	if n.Type == NotifyCalendar {
		var out []*bot.Message
		for _, d := range s.org().ChannelDestinations(n.To, s.Platforms) {
			out = append(out, &bot.Message{To: d, Text: n.Text, CreatedAt: n.At})
		}
		return out
	}
	p := s.org().Person(n.To)
	dest, ok := s.org().PersonDestination(n.To, s.Platforms)
	if (n.Type == NotifyDigest || n.Type == NotifyDigestStopped) && ok {
		return []*bot.Message{{To: dest, Text: n.Text, CreatedAt: n.At}}
	}
	if p == nil || !ok {
		s.Logger.Warn("notification has no destination", "person", n.To, "type", n.Type)
		return nil
	}
	lang := s.org().Language
	if s.Lang != nil {
		lang = s.Lang(ctx, p)
	}
	label := bot.T("kind." + n.Kind)
	due := n.Due.In(s.org().Zone(p)).Format("2006-01-02 15:04")
	m := &bot.Message{To: dest, CreatedAt: n.At}
	switch n.Type {
	case bot.NotifyNudge:
		m.Text = bot.T("schedule.nudge", label, due, n.Kind).In(lang)
	case bot.NotifyReminder:
		m.Text = bot.T("schedule.reminder", label, due, n.Kind).In(lang)
		m.Buttons = []bot.Button{{Label: bot.T("schedule.file_it").In(lang), Command: "/report " + n.Kind, Style: "primary"}}
	case bot.NotifyEscalation:
		names := make([]string, len(n.Overdue))
		for i, id := range n.Overdue {
			names[i] = id
			if q := s.org().Person(id); q != nil {
				names[i] = q.Name
			}
		}
		m.Text = bot.T("schedule.escalation", label, due, bot.JoinList(lang, names)).In(lang)
	}
	return []*bot.Message{m}
}

// later returns the later of a and b.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
