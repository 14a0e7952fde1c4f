package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Campaign kinds: what marketing gives sales. Trainings share the record
// (and the id space, so that /ack ID works for both) with kind
// KindTraining.
var CampaignKinds = []string{"promotion", "event", "pop", "target", "brand"}

// KindTraining is the kind of a training.
const KindTraining = "training"

// Campaign is a campaign or a training, with who acknowledged it.
type Campaign struct {
	ID          uint64
	Kind        string // one of CampaignKinds, or KindTraining
	Title       string
	Description string `json:",omitzero"`
	Materials   string `json:",omitzero"`
	// Start and End are the days a campaign runs, both included,
	// YYYY-MM-DD. A training's are the day of At.
	Start, End string
	// At, Zone, Duration, Where and Topic describe a training. Zone is the
	// time zone it was given in (tz=), "" for the org's.
	At       time.Time     `json:",omitzero"`
	Zone     string        `json:",omitzero"`
	Duration time.Duration `json:",omitzero"`
	Where    string        `json:",omitzero"`
	Topic    string        `json:",omitzero"`
	Audience Audience      // All, or Regions
	// Cancelled campaigns stay, marked, so that links and exports hold.
	Cancelled   bool      `json:",omitzero"`
	CreatedAt   time.Time `json:",omitzero"`
	CreatedBy   string    `json:",omitzero"`
	UpdatedAt   time.Time `json:",omitzero"`
	BroadcastAt time.Time `json:",omitzero"` // first broadcast; zero until then
	// Messages are the outbox messages of its broadcasts and notices, for
	// their delivery status.
	Messages []uint64             `json:",omitzero"`
	Acks     map[string]time.Time `json:",omitzero"` // person → first acknowledgement
	Reminded map[string]time.Time `json:",omitzero"` // person → ack reminder sent
}

// IsTraining reports whether c is a training.
func (c *Campaign) IsTraining() bool { return c.Kind == KindTraining }

// Campaign statuses, from the dates and the cancel flag.
const (
	CampaignUpcoming  = "upcoming"
	CampaignActive    = "active"
	CampaignPast      = "past"
	CampaignCancelled = "cancelled"
)

// Status says where c stands on day today (YYYY-MM-DD).
func (c *Campaign) Status(today string) string {
	switch {
	case c.Cancelled:
		return CampaignCancelled
	case today < c.Start:
		return CampaignUpcoming
	case today > c.End:
		return CampaignPast
	}
	return CampaignActive
}

// Concerns reports whether c is for person p: marketing and admins see
// everything, managers their regions, reps their own region.
func (c *Campaign) Concerns(org *Org, p *Person) bool {
	if p.SeesAll() || c.Audience.All {
		return true
	}
	regions := append([]string{p.Region}, org.ManagedRegions(p)...)
	return slices.ContainsFunc(c.Audience.Regions, func(r string) bool { return slices.Contains(regions, r) })
}

// RegionIDs returns the regions c is for.
func (c *Campaign) RegionIDs(org *Org) []string {
	if c.Audience.All {
		return org.RegionIDs()
	}
	return c.Audience.Regions
}

// Acknowledged reports whether person id has acknowledged c.
func (c *Campaign) Acknowledged(id string) bool {
	_, ok := c.Acks[id]
	return ok
}

// CampaignStore keeps campaigns and trainings.
type CampaignStore interface {
	// CreateCampaign stores c and sets its ID.
	CreateCampaign(ctx context.Context, c *Campaign) error
	// Campaign returns campaign id, or an ENOTFOUND error.
	Campaign(ctx context.Context, id uint64) (*Campaign, error)
	// Campaigns returns every campaign and training, oldest first.
	Campaigns(ctx context.Context) ([]*Campaign, error)
	// UpdateCampaign reads campaign id, lets change modify it and return
	// the messages the change sends, and stores both in one transaction,
	// adding the messages' ids to the campaign's Messages. An error from
	// change stores nothing.
	UpdateCampaign(ctx context.Context, id uint64, change func(*Campaign) ([]*Message, error)) (*Campaign, error)
	// MessagesByID returns the outbox messages with these ids.
	MessagesByID(ctx context.Context, ids []uint64) ([]*Message, error)
}

// Reader is who reads a campaign's time: a person in their zone, or a
// channel (Channel), whose readers share the zone Loc when it is set
// (see Org.ChannelReader) and are anywhere when it is nil.
type Reader struct {
	Loc     *time.Location
	Channel bool
}

// PersonIn is a person reading in zone loc.
func PersonIn(loc *time.Location) Reader { return Reader{Loc: loc} }

// AnyChannel is a channel whose readers may be in any zone.
var AnyChannel = Reader{Channel: true}

// When renders when c takes place: "2026-11-01 → 2026-11-11", or a
// training's "2026-12-02 14:00 (1h30m)" in its zone, naming the zone when
// it is not the org's or not the reader's or the readers may be anywhere,
// and then the time in the
// reader's zone too: "10:00 Asia/Shanghai · 03:00 your time", or, in a
// channel whose readers share a zone, "· 03:00 Europe/Berlin".
func (c *Campaign) When(org *Org, lang Lang, reader Reader) string {
	if !c.IsTraining() {
		if c.Start == c.End {
			return c.Start
		}
		return c.Start + " → " + c.End
	}
	zone := c.Location(org)
	at := c.At.In(zone)
	s := at.Format("2006-01-02 15:04")
	away := reader.Loc != nil && reader.Loc.String() != zone.String()
	anywhere := reader.Channel && reader.Loc == nil
	if zone.String() != org.Location.String() || away || anywhere {
		s += " " + zone.String()
	}
	if c.Duration > 0 {
		s += T("duration.paren", DurationText(c.Duration)).In(lang)
	}
	if away {
		there, layout := c.At.In(reader.Loc), "15:04"
		if there.Format(time.DateOnly) != at.Format(time.DateOnly) {
			layout = "2006-01-02 15:04"
		}
		local := there.Format(layout)
		if reader.Channel {
			s += " · " + local + " " + reader.Loc.String()
		} else {
			s += " · " + T("campaign.your_time", local).In(lang)
		}
	}
	return s
}

// Location is the zone of a training's time: the one it was given in,
// else the org's.
func (c *Campaign) Location(org *Org) *time.Location {
	if c.Zone != "" {
		if loc, err := time.LoadLocation(c.Zone); err == nil {
			return loc
		}
	}
	return org.Location
}

// KindLabel is the catalogue label of a campaign kind.
func CampaignKindLabel(kind string) Text { return T("campaign.kind." + kind) }

// Headline renders c on one line, for reader: "📣 Promotion #3 Double 11 · 2026-11-01 → 2026-11-11 · East
// China, North China".
func (c *Campaign) Headline(org *Org, lang Lang, reader Reader) string {
	icon := "📣"
	if c.IsTraining() {
		icon = "🎓"
	}
	line := fmt.Sprintf("%s %s %s %s · %s · %s", icon, CampaignKindLabel(c.Kind).In(lang), FormatID(c.ID), c.Title,
		c.When(org, lang, reader), c.regionNames(org, lang))
	if c.Cancelled {
		line += " · " + T("campaign.cancelled_tag").In(lang)
	}
	return line
}

func (c *Campaign) regionNames(org *Org, lang Lang) string {
	if c.Audience.All {
		return T("campaign.all_regions").In(lang)
	}
	names := make([]string, len(c.Audience.Regions))
	for i, id := range c.Audience.Regions {
		names[i] = id
		if r := org.Region(id); r != nil {
			names[i] = r.Name
		}
	}
	return JoinList(lang, names)
}

// Announcement is the broadcast text of c, with what to do.
func (c *Campaign) Announcement(org *Org, lang Lang, reader Reader) string {
	lines := []string{c.Headline(org, lang, reader)}
	if c.Description != "" {
		lines = append(lines, QuoteLines(c.Description))
	}
	if c.Materials != "" {
		lines = append(lines, T("campaign.materials", c.Materials).In(lang))
	}
	if c.Where != "" {
		lines = append(lines, T("campaign.where", c.Where).In(lang))
	}
	if c.Topic != "" {
		lines = append(lines, T("campaign.topic", T("training.topic."+c.Topic)).In(lang))
	}
	lines = append(lines, T("campaign.please_ack", FormatID(c.ID), c.ID).In(lang))
	return strings.Join(lines, "\n")
}

// AckButton is the button under a broadcast.
func (c *Campaign) AckButton(lang Lang) Button {
	return Button{Label: T("campaign.ack_button").In(lang), Command: fmt.Sprintf("/ack %d", c.ID), Style: "primary"}
}

// Calendar renders the campaigns and trainings that overlap the days
// [from, to] (YYYY-MM-DD) by date, one line each.
func Calendar(org *Org, all []*Campaign, from, to string, lang Lang, reader Reader) string {
	var in []*Campaign
	for _, c := range all {
		if !c.Cancelled && c.Start <= to && c.End >= from {
			in = append(in, c)
		}
	}
	slices.SortFunc(in, func(a, b *Campaign) int {
		if a.Start != b.Start {
			return strings.Compare(a.Start, b.Start)
		}
		return a.At.Compare(b.At)
	})
	if len(in) == 0 {
		return T("calendar.empty", from, to).In(lang)
	}
	lines := []string{T("calendar.title", from, to).In(lang)}
	for _, c := range in {
		lines = append(lines, c.Headline(org, lang, reader))
	}
	return strings.Join(lines, "\n")
}

// AckReminders returns a direct message for each rep c concerns who has
// neither acknowledged it nor been reminded, and marks them reminded at
// now. lang gives each person's language.
func AckReminders(org *Org, c *Campaign, platforms []Platform, now time.Time, lang func(*Person) Lang) []*Message {
	if c.Cancelled || c.BroadcastAt.IsZero() {
		return nil
	}
	var out []*Message
	for _, p := range c.Audience.Members(org) {
		if c.Acknowledged(p.ID) {
			continue
		}
		if _, done := c.Reminded[p.ID]; done {
			continue
		}
		d, ok := org.PersonDestination(p.ID, platforms)
		if !ok {
			continue
		}
		l := lang(p)
		out = append(out, &Message{To: d, Text: T("campaign.ack_reminder", c.Headline(org, l, PersonIn(org.Zone(p))), c.ID).In(l),
			Buttons: []Button{c.AckButton(l)}, CreatedAt: now})
		if c.Reminded == nil {
			c.Reminded = map[string]time.Time{}
		}
		c.Reminded[p.ID] = now
	}
	return out
}
