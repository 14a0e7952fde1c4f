package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/fieldloop/fieldloop/bot"
)

// digest prints a region's digest for a period or since a time:
// fieldloop digest --region R (--period P | --since 7d) [--format
// markdown|text|json]. It reads the database only.
func (m *Main) digest(ctx context.Context, args []string) error {
	var c config
	fs := m.flags("digest", &c)
	region := fs.String("region", "", "the `region` (an id of the org file)")
	period := fs.String("period", "", "a `period`: 2026, 2026-Q4, 2026-11 or 2026-W48")
	since := fs.String("since", "", "instead of --period, from this `time` to now: an age (7d) or a date")
	format := fs.String("format", "text", "`format`: text, markdown or json")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *format != "text" && *format != "markdown" && *format != "json" {
		return usageError{fmt.Errorf("--format: %q is not text, markdown or json", *format)}
	}
	org, err := loadOrg(&c)
	if err != nil {
		return err
	}
	if org.Region(*region) == nil {
		return usageError{fmt.Errorf("--region: %q is not a region of the org (%v)", *region, org.RegionIDs())}
	}
	q, err := m.digestSpan(org, *region, *period, *since)
	if err != nil {
		return err
	}
	db, err := openDB(c.db, true, m.Now)
	if err != nil {
		return err
	}
	defer db.Close()
	src := bot.DigestSource{Org: org, Schema: bot.ReportSchema(), Reports: db, Targets: db, Campaigns: db, Schedules: db}
	d, err := bot.BuildDigest(ctx, src, q, org.Language)
	if err != nil {
		return err
	}
	return writeDigest(m.Stdout, *format, d, org)
}

// digestSpan turns --period or --since into the query's span.
func (m *Main) digestSpan(org *bot.Org, region, period, since string) (bot.DigestQuery, error) {
	q := bot.DigestQuery{Region: region}
	now := m.Now().In(org.Location)
	switch {
	case period != "" && since != "":
		return q, usageError{fmt.Errorf("give --period or --since, not both")}
	case period != "":
		p, ok := bot.ParsePeriod(period)
		if !ok {
			return q, usageError{fmt.Errorf("--period: %q is not a period like 2026, 2026-Q4, 2026-11 or 2026-W48", period)}
		}
		start, end, _ := bot.PeriodRange(p, org.Location)
		q.Period, q.From, q.To = p, start, end
	case since != "":
		t, err := optionalTime("--since", since, now)
		if err != nil {
			return q, err
		}
		q.From, q.To = t, now
	default:
		return q, usageError{fmt.Errorf("give --period (2026-11) or --since (7d)")}
	}
	return q, nil
}

func writeDigest(w io.Writer, format string, d *bot.Digest, org *bot.Org) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(d)
	}
	_, err := fmt.Fprintln(w, d.Render(org, bot.DigestFormat{Lang: org.Language, Markdown: format == "markdown"}))
	return err
}
