package export

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// campaignLine is one campaign or training in JSON Lines.
type campaignLine struct {
	ID    uint64 `json:"id"`
	Kind  string `json:"kind"` // a campaign kind, or "training"
	Title string `json:"title"`
	// Start and End are the first and last days, both included; a
	// training's are the day of At.
	Start string `json:"start"`
	End   string `json:"end"`
	// At and DurationMinutes are a training's time (RFC 3339) and length
	// (0 when not given); "" and 0 for a campaign.
	At              string   `json:"at"`
	DurationMinutes int      `json:"duration_minutes"`
	Regions         []string `json:"regions"` // ["all"] when for all regions
	Status          string   `json:"status"`
	Description     string   `json:"description"`
	Materials       string   `json:"materials"`
	Where           string   `json:"where"`
	Topic           string   `json:"topic"`
	CreatedBy       string   `json:"created_by"`
	CreatedAt       string   `json:"created_at"`
	BroadcastAt     string   `json:"broadcast_at"` // "" until broadcast
	Acks            []ackRef `json:"acks"`
	// Zone is the time zone a training was given in, in which At is
	// written; "" for the org's, and for a campaign.
	Zone string `json:"zone"`
}

// ackRef is one acknowledgement: who, and when first.
type ackRef struct {
	Person string `json:"person"`
	At     string `json:"at"`
}

// Campaigns writes campaigns and trainings in format (JSON Lines or CSV).
// Times are RFC 3339 in loc, and the status (upcoming, active, past or
// cancelled) is as of now's day in loc. Acknowledgements come in the order
// they were given.
func Campaigns(w io.Writer, format string, loc *time.Location, campaigns []*bot.Campaign, now time.Time) error {
	if err := CheckFormat(format); err != nil {
		return err
	}
	today := now.In(loc).Format(time.DateOnly)
	lines := make([]campaignLine, len(campaigns))
	for i, c := range campaigns {
		lines[i] = campaignRecord(c, loc, today)
	}
	if format == JSONL {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, l := range lines {
			if err := enc.Encode(l); err != nil {
				return fmt.Errorf("write campaign %d: %w", l.ID, err)
			}
		}
		return nil
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"id", "kind", "title", "start", "end", "at", "duration_minutes", "regions", "status",
		"description", "materials", "where", "topic", "created_by", "created_at", "broadcast_at", "acks", "zone"})
	for _, l := range lines {
		acks := make([]string, len(l.Acks))
		for i, a := range l.Acks {
			acks[i] = a.Person + "@" + a.At
		}
		_ = cw.Write([]string{strconv.FormatUint(l.ID, 10), l.Kind, defuse(l.Title), l.Start, l.End, l.At,
			strconv.Itoa(l.DurationMinutes), strings.Join(l.Regions, ";"), l.Status, defuse(l.Description),
			defuse(l.Materials), defuse(l.Where), l.Topic, l.CreatedBy, l.CreatedAt, l.BroadcastAt, strings.Join(acks, ";"), l.Zone})
	}
	cw.Flush()
	return cw.Error()
}

func campaignRecord(c *bot.Campaign, loc *time.Location, today string) campaignLine {
	l := campaignLine{ID: c.ID, Kind: c.Kind, Title: c.Title, Start: c.Start, End: c.End, Status: c.Status(today),
		Description: c.Description, Materials: c.Materials, Where: c.Where, Topic: c.Topic, CreatedBy: c.CreatedBy,
		CreatedAt: rfc3339(c.CreatedAt, loc), BroadcastAt: rfc3339(c.BroadcastAt, loc),
		Regions: slices.Clone(c.Audience.Regions), Acks: []ackRef{}}
	if c.IsTraining() {
		at := loc
		if z, err := time.LoadLocation(c.Zone); c.Zone != "" && err == nil {
			at, l.Zone = z, c.Zone
		}
		l.At, l.DurationMinutes = rfc3339(c.At, at), int(c.Duration/time.Minute)
	}
	if c.Audience.All {
		l.Regions = []string{"all"}
	} else if l.Regions == nil {
		l.Regions = []string{}
	}
	for person, at := range c.Acks {
		l.Acks = append(l.Acks, ackRef{Person: person, At: rfc3339(at, loc)})
	}
	slices.SortFunc(l.Acks, func(a, b ackRef) int {
		if c := c.Acks[a.Person].Compare(c.Acks[b.Person]); c != 0 {
			return c
		}
		return strings.Compare(a.Person, b.Person)
	})
	return l
}

// rfc3339 renders t in loc, or "" for the zero time.
func rfc3339(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(time.RFC3339)
}

// defuse gives text that a spreadsheet would run as a formula a leading
// apostrophe, as csvCell does for reports.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
