package commands

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/access"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/value"
)

// maxOffset bounds grace, escalate and nudge: a month is already generous.
const maxOffset = 31 * 24 * time.Hour

// Schedule returns /schedule: add, list and remove report schedules.
// Admins manage any; managers those of their own regions.
func Schedule(store bot.ScheduleStore, schema *bot.Schema) bot.Command {
	c := &scheduleCmd{store: store, schema: schema}
	return bot.Command{Name: "schedule", Options: bot.FreeText(), Run: c.run}
}

type scheduleCmd struct {
	store  bot.ScheduleStore
	schema *bot.Schema
}

func (c *scheduleCmd) run(ctx context.Context, req *bot.Request) (*bot.Reply, error) {
	args, err := bot.ParseArgs(req.Text)
	if err != nil {
		return nil, err
	}
	sub := ""
	if len(args) > 0 && !args[0].Pair {
		sub, args = strings.ToLower(args[0].Value), args[1:]
	}
	switch sub {
	case "add":
		return c.add(ctx, req, args)
	case "", "list":
		return c.list(ctx, req)
	case "remove", "rm", "delete":
		return c.remove(ctx, req, args)
	}
	return nil, bot.Errorf(bot.EINVALID, "error.schedule.sub", bot.Echo(sub))
}

// scheduleOptions are what /schedule add takes.
var scheduleOptions = []string{"kind", "audience", "every", "cron", "grace", "escalate", "nudge", "tz", "local"}

// add reads kind=… audience=… every=…|cron=… [grace=…] [escalate=…]
// [nudge=…] [tz=…|local=yes], checks every option and the caller's right, and
// stores the schedule.
func (c *scheduleCmd) add(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	opts, errs := options(args, scheduleOptions, `/schedule add kind=sales audience=east every="workdays 18:00"`)
	s := &bot.Schedule{CreatedAt: req.Time, CreatedBy: req.Person.ID, Zone: req.Org.Location.String()}
	check := func(err *bot.Error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	check(c.kind(opts["kind"], s))
	check(audience(req.Org, opts["audience"], s))
	check(when(opts["every"], opts["cron"], s))
	check(zone(opts["tz"], s))
	check(local(opts["local"], opts["tz"], s))
	for _, o := range []struct {
		key string
		d   *time.Duration
	}{{"grace", &s.Grace}, {"escalate", &s.Escalate}, {"nudge", &s.Nudge}} {
		check(offset(o.key, opts[o.key], o.d))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if err := access.Check(req, access.ManageSchedule, access.Schedule(s)); err != nil {
		return nil, err
	}
	if err := c.store.CreateSchedule(ctx, s); err != nil {
		return nil, err
	}
	return &bot.Reply{Text: req.T("schedule.added", c.describe(req, s))}, nil
}

func (c *scheduleCmd) kind(name string, s *bot.Schedule) *bot.Error {
	k := c.schema.Kind(name)
	if k == nil {
		return bot.FieldError("kind", "error.schedule.kind", bot.Echo(name), bot.NameList("kind.", c.schema.Keys()))
	}
	s.Kind = k.Key
	return nil
}

// audience reads "all" (in either language), or a list of region and
// person ids.
func audience(org *bot.Org, text string, s *bot.Schedule) *bot.Error {
	if isAll(text) {
		s.Audience = bot.Audience{All: true}
		return nil
	}
	ids := splitList(text)
	if len(ids) == 0 {
		ids = []string{""}
	}
	for _, id := range ids {
		switch {
		case org.Region(id) != nil:
			s.Audience.Regions = append(s.Audience.Regions, id)
		case org.Person(id) != nil:
			s.Audience.People = append(s.Audience.People, id)
		default:
			return bot.FieldError("audience", "error.schedule.audience", bot.Echo(id), regionList(org))
		}
	}
	return nil
}

// when reads exactly one of every= and cron=, parsed by our own code: a
// malformed spec must be refused, never reach a parser that may panic. A
// recurrence is kept in its English form (每天 18:00 as daily 18:00).
func when(every, cron string, s *bot.Schedule) *bot.Error {
	switch {
	case every != "" && cron != "":
		return bot.FieldError("every", "error.schedule.both")
	case every != "":
		rec, err := value.ParseEvery(every)
		if err != nil {
			return bot.FieldError("every", "error.schedule.every", bot.Echo(every), bot.ValueProblem(err))
		}
		s.Spec = rec.Spec
	case cron != "":
		rec, err := value.ParseCron(cron)
		if err != nil {
			return bot.FieldError("cron", "error.schedule.cron", bot.Echo(cron), bot.ValueProblem(err))
		}
		s.Spec, s.Cron = rec.Spec, true
	default:
		return bot.FieldError("every", "error.schedule.when")
	}
	return nil
}

func zone(tz string, s *bot.Schedule) *bot.Error {
	if tz == "" {
		return nil
	}
	// LoadLocation also takes "Local" and file paths; only IANA names here.
	if loc, err := time.LoadLocation(tz); err != nil || tz == "Local" || !strings.Contains(tz, "/") && tz != "UTC" {
		return bot.FieldError("tz", "error.schedule.tz", bot.Echo(tz))
	} else {
		s.Zone = loc.String()
	}
	return nil
}

// local reads local=yes or no (是, 否…): yes puts each person's deadlines
// in their own zone, which leaves tz= nothing to say.
func local(text, tz string, s *bot.Schedule) *bot.Error {
	if text == "" {
		return nil
	}
	yes, ok := value.YesNo(text)
	switch {
	case !ok:
		return bot.FieldError("local", "error.schedule.local", bot.Echo(text))
	case yes == 1 && tz != "":
		return bot.FieldError("local", "error.schedule.local_tz")
	}
	s.Local = yes == 1
	return nil
}

// offset reads a duration such as 2h, 90m, 1h30m, 1d or 2天, up to
// maxOffset.
func offset(key, text string, d *time.Duration) *bot.Error {
	if text == "" {
		return nil
	}
	v, ok := value.Duration(text)
	if !ok || v > maxOffset {
		return bot.FieldError(key, "error.schedule.duration", key, bot.Echo(text))
	}
	*d = v
	return nil
}

// describe renders a schedule on one line, with its next deadline: in
// the reader's own zone for a schedule at each person's own time.
func (c *scheduleCmd) describe(req *bot.Request, s *bot.Schedule) string {
	var zone any = s.Zone
	loc := s.Location()
	if s.Local {
		zone, loc = bot.T("schedule.local"), req.Org.Zone(req.Person)
	}
	parts := []string{req.T("schedule.line", bot.FormatID(s.ID), bot.T("kind."+s.Kind), s.Audience.Text(req.Org), s.When(), zone)}
	if s.Grace > 0 {
		parts = append(parts, req.T("schedule.grace", bot.DurationText(s.Grace)))
	}
	if s.Escalate > 0 {
		parts = append(parts, req.T("schedule.escalate", bot.DurationText(s.Escalate)))
	}
	if s.Nudge > 0 {
		parts = append(parts, req.T("schedule.nudge_before", bot.DurationText(s.Nudge)))
	}
	if rec, err := s.Recurrence(); err == nil {
		if next, ok := rec.Next(req.Time, loc, req.Org.IsHoliday); ok {
			parts = append(parts, req.T("schedule.next", next.Format("2006-01-02 15:04")))
		}
	}
	return strings.Join(parts, " · ")
}

// list shows the schedules: all of them to managers, marketing and
// admins; to a rep, those that ask them for reports.
func (c *scheduleCmd) list(ctx context.Context, req *bot.Request) (*bot.Reply, error) {
	all, err := c.store.Schedules(ctx)
	if err != nil {
		return nil, fmt.Errorf("list schedules: %w", err)
	}
	var lines []string
	for _, s := range all {
		if access.May(req, access.ReadSchedule, access.Schedule(s)) {
			lines = append(lines, c.describe(req, s))
		}
	}
	if len(lines) == 0 {
		return &bot.Reply{Text: req.T("schedule.none")}, nil
	}
	return &bot.Reply{Text: strings.Join(lines, "\n")}, nil
}

func (c *scheduleCmd) remove(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	if len(args) == 0 {
		return nil, bot.Errorf(bot.EINVALID, "error.schedule.id_missing")
	}
	id, ok := bot.ParseID(args[0].Value)
	if !ok {
		return nil, bot.Errorf(bot.EINVALID, "error.schedule.id_missing")
	}
	all, err := c.store.Schedules(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(all, func(s *bot.Schedule) bool { return s.ID == id })
	if i < 0 {
		return nil, bot.Errorf(bot.ENOTFOUND, "error.schedule.not_found", bot.FormatID(id))
	}
	if err := access.Check(req, access.ManageSchedule, access.Schedule(all[i])); err != nil {
		return nil, err
	}
	if err := c.store.RemoveSchedule(ctx, id); err != nil {
		return nil, err
	}
	return &bot.Reply{Text: req.T("schedule.removed", bot.FormatID(id))}, nil
}
