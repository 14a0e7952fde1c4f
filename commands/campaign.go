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

// CampaignStore is what /campaign, /training, /ack and /calendar need.
type CampaignStore interface {
	bot.CampaignStore
	bot.ReportStore
}

// Campaign returns /campaign: marketing's campaigns (promotions, events,
// POP and gift plans, targets, brand pushes), broadcast to the regions
// they concern with an Acknowledge button. platforms are where broadcasts
// go.
func Campaign(store CampaignStore, platforms []bot.Platform) bot.Command {
	c := &campaignCmd{store: store, platforms: platforms, training: false}
	return bot.Command{Name: "campaign", Options: bot.FreeText(), Run: c.run}
}

// Training returns /training: the same for trainings, which have a time,
// a duration, a place and a topic instead of a run of days.
func Training(store CampaignStore, platforms []bot.Platform) bot.Command {
	c := &campaignCmd{store: store, platforms: platforms, training: true}
	return bot.Command{Name: "training", Options: bot.FreeText(), Run: c.run}
}

type campaignCmd struct {
	store     CampaignStore
	platforms []bot.Platform
	training  bool
}

func (c *campaignCmd) name() string {
	if c.training {
		return "training"
	}
	return "campaign"
}

func (c *campaignCmd) run(ctx context.Context, req *bot.Request) (*bot.Reply, error) {
	args, err := bot.ParseArgs(req.Text)
	if err != nil {
		return nil, err
	}
	sub := "list"
	if len(args) > 0 && !args[0].Pair {
		sub, args = strings.ToLower(args[0].Value), args[1:]
	}
	switch sub {
	case "add":
		return c.add(ctx, req, args)
	case "list", "upcoming", "active", "past":
		if sub != "list" {
			args = append([]bot.Arg{{Value: sub}}, args...)
		}
		return c.list(ctx, req, args)
	case "show":
		return c.withOne(ctx, req, args, sub, c.show)
	case "edit":
		return c.withOne(ctx, req, args, sub, c.edit)
	case "cancel":
		return c.withOne(ctx, req, args, sub, c.cancel)
	case "broadcast":
		return c.withOne(ctx, req, args, sub, c.broadcast)
	case "remind":
		return c.withOne(ctx, req, args, sub, c.remind)
	}
	return nil, bot.Errorf(bot.EINVALID, "error.campaign.sub", c.name(), bot.Echo(sub))
}

// withOne reads the id that show, edit, cancel, broadcast and remind take,
// loads that campaign (of this command's sort) and runs fn.
func (c *campaignCmd) withOne(ctx context.Context, req *bot.Request, args []bot.Arg, sub string,
	fn func(context.Context, *bot.Request, *bot.Campaign, []bot.Arg) (*bot.Reply, error)) (*bot.Reply, error) {
	if len(args) == 0 || args[0].Pair {
		return nil, bot.Errorf(bot.EINVALID, "error.campaign.id_missing", c.name(), sub)
	}
	id, ok := bot.ParseID(args[0].Value)
	if !ok {
		return nil, bot.Errorf(bot.EINVALID, "error.campaign.id_missing", c.name(), sub)
	}
	camp, err := c.store.Campaign(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := access.Check(req, access.ReadCampaign, access.Campaign(camp)); err != nil {
		return nil, err
	}
	if camp.IsTraining() != c.training {
		// Readable, but the other command's: point there.
		other := map[bool]string{true: "training", false: "campaign"}[camp.IsTraining()]
		return nil, bot.Errorf(bot.EINVALID, "error.campaign.other_command", bot.FormatID(id), bot.T("campaign.noun."+other), other, sub, id)
	}
	return fn(ctx, req, camp, args[1:])
}

var (
	campaignOptions = []string{"kind", "title", "start", "end", "regions", "description", "materials"}
	trainingOptions = []string{"title", "at", "duration", "where", "audience", "topic", "tz", "description"}
	trainingTopics  = []string{"product", "selling_points", "channels", "customers"}
)

func (c *campaignCmd) add(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	if err := access.Check(req, access.ManageCampaigns, access.Target{}); err != nil {
		return nil, err
	}
	known, example := campaignOptions, bot.T("usage.example.campaign").In(req.Lang)
	if c.training {
		known, example = trainingOptions, bot.T("usage.example.training").In(req.Lang)
	}
	opts, errs := options(args, known, example)
	if len(errs) > 0 {
		return nil, errs
	}
	camp := &bot.Campaign{CreatedAt: req.Time, CreatedBy: req.Person.ID}
	if c.training {
		camp.Kind = bot.KindTraining
	}
	if err := c.apply(req, camp, opts, true); err != nil {
		return nil, err
	}
	if err := c.store.CreateCampaign(ctx, camp); err != nil {
		return nil, fmt.Errorf("create campaign: %w", err)
	}
	return &bot.Reply{Text: req.T("campaign.added", camp.Headline(req.Org, req.Lang, readerZone(req)), c.name(), camp.ID)}, nil
}

// apply checks opts and sets them on camp; creating says every required
// option must be there. All problems are reported at once; nothing is set
// unless all are fine.
func (c *campaignCmd) apply(req *bot.Request, camp *bot.Campaign, opts map[string]string, creating bool) error {
	next := *camp
	var errs bot.FieldErrors
	check := func(e *bot.Error) {
		if e != nil {
			errs = append(errs, e)
		}
	}
	now := localNow(req)
	if v, ok := opts["title"]; ok || creating {
		next.Title = cleanLine(value.CleanText(v, false))
		if next.Title == "" || len([]rune(next.Title)) > 200 {
			check(bot.FieldError("title", "error.campaign.title"))
		}
	}
	// Free text loses its control characters (an escape sequence would
	// reach exports and terminals), and only a description keeps its
	// line breaks.
	set := func(key string, dst *string, long bool) {
		v, ok := opts[key]
		if !ok {
			return
		}
		limit := value.MaxTextLen
		if long {
			limit = value.MaxLongTextLen
		}
		if *dst = value.CleanText(v, long); len([]rune(*dst)) > limit {
			check(bot.FieldError(key, "error.value.too_long", key, limit))
		}
	}
	set("description", &next.Description, true)
	set("materials", &next.Materials, false)
	set("where", &next.Where, false)
	if c.training {
		check(trainingTime(opts, &next, req.Org.Location, creating, now))
		check(trainingTopic(opts, &next))
		check(regionsOption(req.Org, "audience", opts, &next, creating))
	} else {
		check(campaignKind(opts, &next, creating))
		check(campaignDays(opts, &next, creating, now))
		check(regionsOption(req.Org, "regions", opts, &next, creating))
	}
	if len(errs) > 0 {
		return errs
	}
	*camp = next
	return nil
}

func cleanLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func campaignKind(opts map[string]string, camp *bot.Campaign, creating bool) *bot.Error {
	v, ok := opts["kind"]
	if !ok && !creating {
		return nil
	}
	k := bot.Match(v, "campaign.kind.", bot.CampaignKinds)
	if k == "" {
		return bot.FieldError("kind", "error.campaign.kind", bot.Echo(v), bot.NameList("campaign.kind.", bot.CampaignKinds))
	}
	camp.Kind = k
	return nil
}

func campaignDays(opts map[string]string, camp *bot.Campaign, creating bool, now time.Time) *bot.Error {
	for _, key := range []string{"start", "end"} {
		v, ok := opts[key]
		if !ok && !creating {
			continue
		}
		if strings.TrimSpace(v) == "" {
			return bot.FieldError(key, "error.value.required", key, key, "2026-12-01")
		}
		d, valid := value.ParseDay(v, now)
		if !valid {
			return bot.FieldError(key, "error.campaign.date", key, bot.Echo(v))
		}
		if key == "start" {
			camp.Start = d
		} else {
			camp.End = d
		}
	}
	if camp.End < camp.Start {
		return bot.FieldError("end", "error.campaign.backwards", camp.Start, camp.End)
	}
	return nil
}

// regionsOption reads "all" (in either language) or a list of region
// ids.
func regionsOption(org *bot.Org, key string, opts map[string]string, camp *bot.Campaign, creating bool) *bot.Error {
	v, ok := opts[key]
	if !ok && !creating {
		return nil
	}
	if isAll(v) {
		camp.Audience = bot.Audience{All: true}
		return nil
	}
	var a bot.Audience
	for _, id := range splitList(v) {
		if org.Region(id) == nil {
			return bot.FieldError(key, "error.campaign.regions", key, bot.Echo(id), regionList(org))
		}
		if !slices.Contains(a.Regions, id) {
			a.Regions = append(a.Regions, id)
		}
	}
	if len(a.Regions) == 0 {
		return bot.FieldError(key, "error.campaign.regions", key, "", regionList(org))
	}
	camp.Audience = a
	return nil
}

// trainingTime reads at="YYYY-MM-DD HH:MM" (or 2026年12月2日 14:00,
// 明天 14:00; in tz= or the org's zone) and duration=.
func trainingTime(opts map[string]string, camp *bot.Campaign, orgLoc *time.Location, creating bool, now time.Time) *bot.Error {
	loc := orgLoc
	if l, err := time.LoadLocation(camp.Zone); camp.Zone != "" && err == nil {
		loc = l // an edit of the time keeps the zone it was given in
	}
	if tz, ok := opts["tz"]; ok {
		l, err := time.LoadLocation(tz)
		if err != nil || tz == "Local" {
			return bot.FieldError("tz", "error.schedule.tz", bot.Echo(tz))
		}
		loc, camp.Zone = l, l.String()
		if camp.Zone == orgLoc.String() {
			camp.Zone = ""
		}
	}
	if v, ok := opts["at"]; ok || creating {
		if strings.TrimSpace(v) == "" {
			return bot.FieldError("at", "error.value.required", "at", "at", `"2026-12-02 14:00"`)
		}
		t, ok := value.DateTime(v, now, loc)
		if !ok {
			return bot.FieldError("at", "error.training.at", bot.Echo(v))
		}
		camp.At = t
		camp.Start = t.In(orgLoc).Format(time.DateOnly)
		camp.End = camp.Start
	}
	if v, ok := opts["duration"]; ok {
		d, ok := value.Duration(v)
		if !ok || d == 0 || d > 24*time.Hour {
			return bot.FieldError("duration", "error.training.duration", bot.Echo(v))
		}
		camp.Duration = d
		camp.End = camp.At.Add(d).In(orgLoc).Format(time.DateOnly)
	}
	return nil
}

func trainingTopic(opts map[string]string, camp *bot.Campaign) *bot.Error {
	v, ok := opts["topic"]
	if !ok {
		return nil
	}
	t := bot.Match(v, "training.topic.", trainingTopics)
	if t == "" {
		return bot.FieldError("topic", "error.training.topic", bot.Echo(v), bot.NameList("training.topic.", trainingTopics))
	}
	camp.Topic = t
	return nil
}

// list shows the campaigns (or trainings) that concern the caller:
// upcoming and active by default, or those of one status.
func (c *campaignCmd) list(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	status := ""
	region := ""
	for _, a := range args {
		switch {
		case !a.Pair && slices.Contains([]string{bot.CampaignUpcoming, bot.CampaignActive, bot.CampaignPast, bot.CampaignCancelled}, strings.ToLower(a.Value)):
			status = strings.ToLower(a.Value)
		case a.Pair && a.Key == "region" && req.Org.Region(a.Value) != nil:
			region = a.Value
		default:
			return nil, bot.Errorf(bot.EINVALID, "error.campaign.list", c.name())
		}
	}
	all, err := c.store.Campaigns(ctx)
	if err != nil {
		return nil, fmt.Errorf("list campaigns: %w", err)
	}
	today := localNow(req).Format(time.DateOnly)
	var lines []string
	for _, camp := range all {
		st := camp.Status(today)
		switch {
		case camp.IsTraining() != c.training || !access.May(req, access.ReadCampaign, access.Campaign(camp)):
		case region != "" && !slices.Contains(camp.RegionIDs(req.Org), region):
		case status == "" && (st == bot.CampaignPast || st == bot.CampaignCancelled):
		case status != "" && st != status:
		default:
			lines = append(lines, camp.Headline(req.Org, req.Lang, readerZone(req)))
		}
	}
	if len(lines) == 0 {
		return &bot.Reply{Text: req.T("campaign.none", c.name())}, nil
	}
	return &bot.Reply{Text: strings.Join(lines, "\n")}, nil
}

// show gives a campaign in full: what and when, per region who has
// acknowledged and who has not, delivery per channel, and the field's
// feedback so far.
func (c *campaignCmd) show(ctx context.Context, req *bot.Request, camp *bot.Campaign, _ []bot.Arg) (*bot.Reply, error) {
	lines := []string{camp.Announcement(req.Org, req.Lang, readerZone(req))}
	if camp.BroadcastAt.IsZero() {
		lines = append(lines, req.T("campaign.not_broadcast", c.name(), camp.ID))
	} else {
		lines = append(lines, req.T("campaign.broadcast_at", localTime(req, camp.BroadcastAt)))
		lines = append(lines, c.acks(req, camp)...)
		deliveries, err := c.deliveries(ctx, req, camp)
		if err != nil {
			return nil, err
		}
		lines = append(lines, deliveries...)
		if missed := c.unreached(req, camp); missed != "" {
			lines = append(lines, req.T("campaign.unreached", missed))
		}
	}
	if !camp.IsTraining() {
		fb, err := c.feedback(ctx, req, camp)
		if err != nil {
			return nil, err
		}
		lines = append(lines, fb...)
	}
	return &bot.Reply{Text: strings.Join(lines, "\n")}, nil
}

// acks lists, per region, who acknowledged and who has not.
func (c *campaignCmd) acks(req *bot.Request, camp *bot.Campaign) []string {
	var lines []string
	for _, region := range camp.RegionIDs(req.Org) {
		var done, missing []string
		for _, p := range (bot.Audience{Regions: []string{region}}).Members(req.Org) {
			if camp.Acknowledged(p.ID) {
				done = append(done, p.Name)
			} else {
				missing = append(missing, p.Name)
			}
		}
		if len(done)+len(missing) == 0 {
			continue
		}
		lines = append(lines, req.T("campaign.acks", regionName(req.Org, region), len(done), len(done)+len(missing),
			orDash(req.Lang, done), orDash(req.Lang, missing)))
	}
	return lines
}

func orDash(lang bot.Lang, names []string) string {
	if len(names) == 0 {
		return "—"
	}
	return bot.JoinList(lang, names)
}

// deliveries gives the delivery status of each channel the campaign was
// posted to: its latest message there.
func (c *campaignCmd) deliveries(ctx context.Context, req *bot.Request, camp *bot.Campaign) ([]string, error) {
	msgs, err := c.store.MessagesByID(ctx, camp.Messages)
	if err != nil {
		return nil, fmt.Errorf("read deliveries: %w", err)
	}
	latest := map[string]*bot.Message{}
	var order []string
	for _, m := range msgs {
		if !m.To.Channel {
			continue // reminders to people are not channel deliveries
		}
		k := m.To.String()
		if latest[k] == nil {
			order = append(order, k)
		}
		latest[k] = m
	}
	var parts []string
	for _, k := range order {
		m := latest[k]
		parts = append(parts, req.T("campaign.delivery", string(m.To.Platform), m.To.Name, req.T("status."+string(m.Status))))
	}
	if len(parts) == 0 {
		return nil, nil
	}
	return []string{req.T("campaign.deliveries", strings.Join(parts, req.T("list.semicolon")))}, nil
}

// feedback gives coverage (reps of the campaign's regions with a promo
// report for it, out of all) and the response mix.
func (c *campaignCmd) feedback(ctx context.Context, req *bot.Request, camp *bot.Campaign) ([]string, error) {
	reps := camp.Audience.Members(req.Org)
	id := fmt.Sprint(camp.ID)
	reported := map[string]bool{}
	mix := map[string]int{}
	pop := 0
	for _, kind := range []string{"promo", "pop"} {
		reports, err := c.store.FindReports(ctx, bot.ReportFilter{Kind: kind})
		if err != nil {
			return nil, fmt.Errorf("read feedback: %w", err)
		}
		for _, r := range reports {
			if r.Fields["campaign"].Text != id {
				continue
			}
			if kind == "pop" {
				pop++
				continue
			}
			reported[r.Person] = true
			if resp := r.Fields["response"].Text; resp != "" {
				mix[resp]++
			}
		}
	}
	covered := 0
	for _, p := range reps {
		if reported[p.ID] {
			covered++
		}
	}
	lines := []string{req.T("campaign.coverage", covered, len(reps), mix["strong"], mix["ok"], mix["weak"])}
	if pop > 0 {
		lines = append(lines, req.T("campaign.pop_reports", pop))
	}
	return lines, nil
}

// edit changes a campaign; if it was broadcast, the same channels are
// told what changed.
func (c *campaignCmd) edit(ctx context.Context, req *bot.Request, camp *bot.Campaign, args []bot.Arg) (*bot.Reply, error) {
	if err := access.Check(req, access.ManageCampaigns, access.Target{}); err != nil {
		return nil, err
	}
	known := campaignOptions
	if c.training {
		known = trainingOptions
	}
	opts, errs := options(args, known, "")
	if len(errs) > 0 {
		return nil, errs
	}
	if len(opts) == 0 {
		return nil, bot.Errorf(bot.EINVALID, "error.campaign.edit_nothing", c.name(), camp.ID)
	}
	updated, err := c.store.UpdateCampaign(ctx, camp.ID, func(stored *bot.Campaign) ([]*bot.Message, error) {
		if stored.Cancelled {
			return nil, bot.Errorf(bot.ECONFLICT, "error.campaign.cancelled", bot.FormatID(stored.ID))
		}
		if err := c.apply(req, stored, opts, false); err != nil {
			return nil, err
		}
		stored.UpdatedAt = req.Time
		return c.notice(req.Org, stored, "campaign.changed"), nil
	})
	if err != nil {
		return nil, err
	}
	return &bot.Reply{Text: req.T("campaign.updated", updated.Headline(req.Org, req.Lang, readerZone(req)))}, nil
}

// cancel marks a campaign cancelled and tells the channels it was sent to.
func (c *campaignCmd) cancel(ctx context.Context, req *bot.Request, camp *bot.Campaign, _ []bot.Arg) (*bot.Reply, error) {
	if err := access.Check(req, access.ManageCampaigns, access.Target{}); err != nil {
		return nil, err
	}
	updated, err := c.store.UpdateCampaign(ctx, camp.ID, func(stored *bot.Campaign) ([]*bot.Message, error) {
		if stored.Cancelled {
			return nil, bot.Errorf(bot.ECONFLICT, "error.campaign.cancelled", bot.FormatID(stored.ID))
		}
		// The notice says it is cancelled: its headline need not say it again.
		notice := c.notice(req.Org, stored, "campaign.cancelled_notice")
		stored.Cancelled, stored.UpdatedAt = true, req.Time
		return notice, nil
	})
	if err != nil {
		return nil, err
	}
	shown := *updated
	shown.Cancelled = false // "Cancelled: …" says it
	return &bot.Reply{Text: req.T("campaign.cancelled", shown.Headline(req.Org, req.Lang, readerZone(req)))}, nil
}

// notice returns the messages that tell a broadcast campaign's channels
// about a change (key: the catalogue text); none if it was never sent.
func (c *campaignCmd) notice(org *bot.Org, camp *bot.Campaign, key string) []*bot.Message {
	if camp.BroadcastAt.IsZero() {
		return nil
	}
	return c.toRegions(org, camp, func(r bot.Reader) string {
		return bot.T(key, camp.Headline(org, org.Language, r)).In(org.Language)
	}, nil)
}

// toRegions returns one message per region channel and platform, its
// text written for the channel's readers.
func (c *campaignCmd) toRegions(org *bot.Org, camp *bot.Campaign, text func(bot.Reader) string, buttons []bot.Button) []*bot.Message {
	var out []*bot.Message
	for _, region := range camp.RegionIDs(org) {
		t := text(org.ChannelReader(region))
		for _, d := range org.ChannelDestinations(region, c.platforms) {
			out = append(out, &bot.Message{To: d, Text: t, Buttons: buttons})
		}
	}
	return out
}

// broadcast posts a campaign to its regions' channels, once.
func (c *campaignCmd) broadcast(ctx context.Context, req *bot.Request, camp *bot.Campaign, _ []bot.Arg) (*bot.Reply, error) {
	if err := access.Check(req, access.ManageCampaigns, access.Target{}); err != nil {
		return nil, err
	}
	var sent int
	updated, err := c.store.UpdateCampaign(ctx, camp.ID, func(stored *bot.Campaign) ([]*bot.Message, error) {
		switch {
		case stored.Cancelled:
			return nil, bot.Errorf(bot.ECONFLICT, "error.campaign.cancelled", bot.FormatID(stored.ID))
		case !stored.BroadcastAt.IsZero():
			return nil, bot.Errorf(bot.ECONFLICT, "error.campaign.already_broadcast", bot.FormatID(stored.ID), localTime(req, stored.BroadcastAt), c.name(), stored.ID)
		}
		lang := req.Org.Language
		announce := func(r bot.Reader) string { return stored.Announcement(req.Org, lang, r) }
		out := c.toRegions(req.Org, stored, announce, []bot.Button{stored.AckButton(lang)})
		if len(out) == 0 {
			return nil, bot.Errorf(bot.ECONFLICT, "error.campaign.no_channels", c.unreached(req, stored))
		}
		stored.BroadcastAt = req.Time
		sent = len(out)
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	text := req.T("campaign.broadcast", updated.Headline(req.Org, req.Lang, readerZone(req)), sent)
	if missed := c.unreached(req, updated); missed != "" {
		text += "\n" + req.T("campaign.unreached", missed)
	}
	return &bot.Reply{Text: text}, nil
}

// unreached names the regions of camp that a broadcast misses on some
// platform, and why: they have no channel there in the org file. "" when
// every region is reached everywhere.
func (c *campaignCmd) unreached(req *bot.Request, camp *bot.Campaign) string {
	var parts []string
	for _, region := range camp.RegionIDs(req.Org) {
		for _, p := range req.Org.Unreached(region, c.platforms) {
			parts = append(parts, req.T("campaign.unreached_region", req.Org.RegionName(region), bot.PlatformName(p)))
		}
	}
	return strings.Join(parts, req.T("list.semicolon"))
}

// remind sends, now, a direct message to each rep it concerns who has not
// acknowledged.
func (c *campaignCmd) remind(ctx context.Context, req *bot.Request, camp *bot.Campaign, _ []bot.Arg) (*bot.Reply, error) {
	if err := access.Check(req, access.ManageCampaigns, access.Target{}); err != nil {
		return nil, err
	}
	if camp.BroadcastAt.IsZero() {
		return nil, bot.Errorf(bot.ECONFLICT, "error.campaign.remind_first", c.name(), camp.ID)
	}
	var n int
	_, err := c.store.UpdateCampaign(ctx, camp.ID, func(stored *bot.Campaign) ([]*bot.Message, error) {
		out := bot.AckReminders(req.Org, stored, c.platforms, req.Time, func(p *bot.Person) bot.Lang { return personLang(req, p) })
		n = len(out)
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return &bot.Reply{Text: req.T("campaign.reminded", n)}, nil
}

// personLang is the language to write to p in, as far as a command knows:
// their org-file language, else the org's.
// readerZone is the zone of the person asking, to show them times in.
func readerZone(req *bot.Request) bot.Reader { return bot.PersonIn(req.Org.Zone(req.Person)) }

func personLang(req *bot.Request, p *bot.Person) bot.Lang {
	if p.Lang != "" {
		return p.Lang
	}
	return req.Org.Language
}
