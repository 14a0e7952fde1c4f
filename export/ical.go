package export

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fieldloop/fieldloop/bot"
)

// ICS is the iCalendar format (RFC 5545).
const ICS = "ics"

// The iCalendar layout of dates and times.
const (
	icsDate     = "20060102"
	icsDateTime = "20060102T150405"
	icsUTC      = "20060102T150405Z"
)

// defaultTrainingLength is how long a training without a duration lasts
// in a calendar.
const defaultTrainingLength = time.Hour

// Calendar writes campaigns as an iCalendar (RFC 5545) named name, for a
// calendar application to import or subscribe to:
//
//   - one VEVENT per campaign or training, with a UID that stays the same
//     for the record ("campaign-7@fieldloop"; campaigns and trainings share
//     their ids), so that a subscribed calendar updates an event in place;
//   - cancelled ones are kept, with STATUS:CANCELLED, so that subscribed
//     calendars remove them rather than keep a stale copy;
//   - a campaign is an all-day event from its first day to the day after
//     its last (DTEND is exclusive), marked TRANSP:TRANSPARENT so that a
//     ten-day promotion does not make anyone look busy;
//   - a training is a timed event in the zone it was given in, the org's
//     unless tz= said otherwise (TZID, with a VTIMEZONE for each such
//     zone built from Go's zone data for the years of its trainings),
//     lasting its duration, or an hour when it has none; in UTC when the
//     org's zone is UTC;
//   - SEQUENCE is 0 for a record never changed, 1 once edited and 2 once
//     cancelled: fieldloop keeps no edit count, so later edits stay at 1
//     (LAST-MODIFIED still moves; subscribed calendars reload the whole
//     feed anyway).
//
// Labels are in the org's language. now is the DTSTAMP of every event.
func Calendar(w io.Writer, org *bot.Org, campaigns []*bot.Campaign, now time.Time, name string) error {
	lang, loc := org.Language, org.Location
	events := slices.Clone(campaigns)
	slices.SortStableFunc(events, func(a, b *bot.Campaign) int {
		if c := strings.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	tzid := zoneID(loc)

	var cal icsWriter
	cal.line("BEGIN", "VCALENDAR")
	cal.line("VERSION", "2.0")
	cal.line("PRODID", "-//fieldloop//fieldloop//EN")
	cal.line("CALSCALE", "GREGORIAN")
	cal.line("METHOD", "PUBLISH")
	cal.line("X-WR-CALNAME", escapeText(name))
	cal.line("NAME", escapeText(name)) // RFC 7986's name for X-WR-CALNAME
	if tzid != "" {
		cal.line("X-WR-TIMEZONE", escapeText(tzid))
	}
	// How often a subscribed calendar should reload: RFC 7986, and the
	// older property that Outlook reads.
	cal.line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
	cal.line("X-PUBLISHED-TTL", "PT1H")

	// Each zone a training is in gets its VTIMEZONE: the org's first,
	// then the others trainings were given in (tz=), by name.
	zones := []*time.Location{loc}
	for _, c := range events {
		if z := c.Location(org); timed(c) && !slices.ContainsFunc(zones, func(l *time.Location) bool { return l.String() == z.String() }) {
			zones = append(zones, z)
		}
	}
	slices.SortStableFunc(zones[1:], func(a, b *time.Location) int { return strings.Compare(a.String(), b.String()) })
	for _, z := range zones {
		id := zoneID(z)
		inZone := slices.DeleteFunc(slices.Clone(events), func(c *bot.Campaign) bool { return c.Location(org).String() != z.String() })
		if from, to, ok := trainingYears(inZone, z); ok && id != "" {
			cal.vtimezone(z, id, from, to)
		}
	}
	for _, c := range events {
		zone := c.Location(org)
		if err := cal.event(c, org, lang, zone, zoneID(zone), now); err != nil {
			return err
		}
	}
	cal.line("END", "VCALENDAR")
	_, err := w.Write(cal.buf.Bytes())
	return err
}

// zoneID is the TZID for times in loc, or "" to write them in UTC: for
// UTC itself, and for "Local", which names no zone another computer knows.
func zoneID(loc *time.Location) string {
	switch name := loc.String(); name {
	case "", "UTC", "Local":
		return ""
	default:
		return name
	}
}

// trainingYears returns the first day of the first year and of the year
// after the last in which a training starts or ends; not ok when there is
// no timed event.
func trainingYears(events []*bot.Campaign, loc *time.Location) (from, to time.Time, ok bool) {
	first, last := 0, 0
	for _, c := range events {
		if !timed(c) {
			continue
		}
		start, end := c.At.In(loc).Year(), c.At.Add(trainingLength(c)).In(loc).Year()
		if !ok || start < first {
			first = start
		}
		if !ok || end > last {
			last = end
		}
		ok = true
	}
	return time.Date(first, 1, 1, 0, 0, 0, 0, loc), time.Date(last+1, 1, 1, 0, 0, 0, 0, loc), ok
}

// timed reports whether c is an event with a time of day: a training.
func timed(c *bot.Campaign) bool { return c.IsTraining() && !c.At.IsZero() }

func trainingLength(c *bot.Campaign) time.Duration {
	if c.Duration > 0 {
		return c.Duration
	}
	return defaultTrainingLength
}

// icsWriter collects content lines, folded and ended with CRLF.
type icsWriter struct{ buf bytes.Buffer }

// line writes the content line name:value. name may carry parameters
// ("DTSTART;VALUE=DATE"); value must already be escaped if it is TEXT.
func (w *icsWriter) line(name, value string) {
	fold(&w.buf, name+":"+value)
}

// fold writes line as RFC 5545 section 3.1 wants: physical lines of at
// most 75 octets, each continuation starting with one space, never cut
// inside a UTF-8 sequence, each ended by CRLF.
func fold(b *bytes.Buffer, line string) {
	limit := 75
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}

// escapeText escapes s as an iCalendar TEXT value: backslash, semicolon
// and comma get a backslash, a line break becomes \n, and other control
// characters, which TEXT cannot hold, are left out.
func escapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// paramValue quotes a parameter value that holds a character a bare one
// cannot.
func paramValue(s string) string {
	if strings.ContainsAny(s, `;:,`) {
		return `"` + strings.ReplaceAll(s, `"`, "") + `"`
	}
	return s
}

// event writes c as a VEVENT.
func (w *icsWriter) event(c *bot.Campaign, org *bot.Org, lang bot.Lang, loc *time.Location, tzid string, now time.Time) error {
	w.line("BEGIN", "VEVENT")
	w.line("UID", fmt.Sprintf("campaign-%d@fieldloop", c.ID))
	w.line("DTSTAMP", now.UTC().Format(icsUTC))
	if !c.CreatedAt.IsZero() {
		w.line("CREATED", c.CreatedAt.UTC().Format(icsUTC))
	}
	if modified := firstSet(c.UpdatedAt, c.CreatedAt); !modified.IsZero() {
		w.line("LAST-MODIFIED", modified.UTC().Format(icsUTC))
	}
	w.line("SEQUENCE", strconv.Itoa(sequence(c)))
	if timed(c) {
		start, end := c.At.In(loc), c.At.Add(trainingLength(c)).In(loc)
		if tzid == "" {
			w.line("DTSTART", start.UTC().Format(icsUTC))
			w.line("DTEND", end.UTC().Format(icsUTC))
		} else {
			tz := ";TZID=" + paramValue(tzid)
			w.line("DTSTART"+tz, start.Format(icsDateTime))
			w.line("DTEND"+tz, end.Format(icsDateTime))
		}
	} else {
		first, err1 := time.Parse(time.DateOnly, c.Start)
		last, err2 := time.Parse(time.DateOnly, c.End)
		if err1 != nil || err2 != nil || last.Before(first) {
			return fmt.Errorf("campaign %d: dates %q to %q are not a range of days", c.ID, c.Start, c.End)
		}
		w.line("DTSTART;VALUE=DATE", first.Format(icsDate))
		w.line("DTEND;VALUE=DATE", last.AddDate(0, 0, 1).Format(icsDate))
		w.line("TRANSP", "TRANSPARENT")
	}
	summary := bot.T("calendar.summary", bot.CampaignKindLabel(c.Kind), c.Title).In(lang)
	if c.Cancelled {
		summary = bot.T("calendar.summary_cancelled", summary, bot.T("campaign.cancelled_tag")).In(lang)
	}
	w.line("SUMMARY", escapeText(summary))
	if d := description(c, org, lang); d != "" {
		w.line("DESCRIPTION", escapeText(d))
	}
	if c.Where != "" {
		w.line("LOCATION", escapeText(c.Where))
	}
	w.line("CATEGORIES", escapeText(bot.CampaignKindLabel(c.Kind).In(lang)))
	status := "CONFIRMED"
	if c.Cancelled {
		status = "CANCELLED"
	}
	w.line("STATUS", status)
	w.line("END", "VEVENT")
	return nil
}

// firstSet returns the first of ts that is not zero.
func firstSet(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// sequence derives an event's SEQUENCE: see Calendar.
func sequence(c *bot.Campaign) int {
	n := 0
	if !c.UpdatedAt.IsZero() {
		n++
	}
	if c.Cancelled {
		n++
	}
	return n
}

// description is an event's DESCRIPTION: the campaign's description, its
// materials, the training's place and topic, and the regions, a line each.
func description(c *bot.Campaign, org *bot.Org, lang bot.Lang) string {
	var lines []string
	if c.Description != "" {
		lines = append(lines, c.Description)
	}
	if c.Materials != "" {
		lines = append(lines, bot.T("campaign.materials", c.Materials).In(lang))
	}
	if c.Where != "" {
		lines = append(lines, bot.T("campaign.where", c.Where).In(lang))
	}
	if c.Topic != "" {
		lines = append(lines, bot.T("campaign.topic", bot.T("training.topic."+c.Topic)).In(lang))
	}
	lines = append(lines, bot.T("calendar.regions", regionNames(c, org, lang)).In(lang))
	return strings.Join(lines, "\n")
}

// regionNames names the regions c is for, or "all regions".
func regionNames(c *bot.Campaign, org *bot.Org, lang bot.Lang) string {
	if c.Audience.All {
		return bot.T("campaign.all_regions").In(lang)
	}
	names := make([]string, len(c.Audience.Regions))
	for i, id := range c.Audience.Regions {
		names[i] = id
		if r := org.Region(id); r != nil {
			names[i] = r.Name
		}
	}
	return strings.Join(names, ", ")
}

// vtimezone writes a VTIMEZONE for loc that holds for [from, to): the
// observance in force at from, then one observance per change of UTC
// offset (or of daylight saving) found in Go's zone data, each with the
// exact instant of the change. Explicit observances, rather than RRULEs
// guessed from them, are right for any zone, including those that changed
// their rules or have none.
func (w *icsWriter) vtimezone(loc *time.Location, tzid string, from, to time.Time) {
	w.line("BEGIN", "VTIMEZONE")
	w.line("TZID", escapeText(tzid))
	w.line("X-LIC-LOCATION", escapeText(tzid))
	_, before := from.Add(-time.Second).Zone()
	w.observance(from, before)
	// Zone changes are months apart; stepping six hours at a time finds
	// each, and a binary search then finds its second.
	const step = 6 * time.Hour
	for t := from; t.Before(to); t = t.Add(step) {
		next := t.Add(step)
		if sameZone(t, next) {
			continue
		}
		lo, hi := t.Unix(), next.Unix() // the change is in (lo, hi]
		for hi-lo > 1 {
			mid := lo + (hi-lo)/2
			if sameZone(time.Unix(lo, 0).In(loc), time.Unix(mid, 0).In(loc)) {
				lo = mid
			} else {
				hi = mid
			}
		}
		_, offset := time.Unix(lo, 0).In(loc).Zone()
		w.observance(time.Unix(hi, 0).In(loc), offset)
	}
	w.line("END", "VTIMEZONE")
}

// sameZone reports whether a and b have the same offset and daylight
// saving.
func sameZone(a, b time.Time) bool {
	_, oa := a.Zone()
	_, ob := b.Zone()
	return oa == ob && a.IsDST() == b.IsDST()
}

// observance writes the STANDARD or DAYLIGHT rule that starts at onset,
// when the offset changes from the offset before to onset's. Its DTSTART
// is the wall-clock time of the onset in the offset before, as RFC 5545
// reads it.
func (w *icsWriter) observance(onset time.Time, before int) {
	kind := "STANDARD"
	if onset.IsDST() {
		kind = "DAYLIGHT"
	}
	name, after := onset.Zone()
	w.line("BEGIN", kind)
	w.line("DTSTART", onset.In(time.FixedZone("", before)).Format(icsDateTime))
	w.line("TZOFFSETFROM", utcOffset(before))
	w.line("TZOFFSETTO", utcOffset(after))
	if name != "" {
		w.line("TZNAME", escapeText(name))
	}
	w.line("END", kind)
}

// utcOffset renders seconds east of UTC as +hhmm, or +hhmmss when the
// offset has seconds.
func utcOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	s := fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}
