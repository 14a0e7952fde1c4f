package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/export"
	"github.com/fieldloop/fieldloop/storage"
)

// ExportOptions say what `fieldloop export` writes.
type ExportOptions struct {
	What   string // reports, messages, campaigns, calendar or people
	Format string
	Since  string // an age (7d) or a date; "" for no bound
	Until  string
	Kind   string // reports of one kind only
	Region string // reports from, or campaigns concerning, one region
	// Excel starts a CSV with a byte-order mark, by which Excel knows it
	// is UTF-8: without it, Chinese text is garbled when the file is
	// opened with a double click.
	Excel bool
}

// An Export is checked and ready to write. Close it when done.
type Export struct {
	app    *App
	o      ExportOptions
	filter bot.ReportFilter
}

// NewExport checks o against the organisation and opens the database
// read-only: a running fieldloop holding it is an error at once.
func NewExport(c *Config, o ExportOptions, opts Options) (*Export, error) {
	if err := checkExportFormat(o); err != nil {
		return nil, UsageError{Err: err}
	}
	e := &Export{o: o}
	opts.ReadOnly = true
	var err error
	e.app, err = openChecked(c, opts, func(org *bot.Org) error {
		e.filter, err = exportFilter(o, org, bot.ReportSchema(), opts.now()())
		return err
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// checkExportFormat refuses a format the export does not write, naming
// those it does.
func checkExportFormat(o ExportOptions) error {
	switch {
	case o.What == "calendar" && o.Format != export.ICS:
		return fmt.Errorf("unknown format %q: the calendar is ics", o.Format)
	case o.What == "reports" && o.Format != export.JSONL && o.Format != export.CSV && o.Format != export.XLSX:
		return fmt.Errorf("unknown format %q: use jsonl, csv or xlsx", o.Format)
	case o.What != "reports" && o.What != "calendar":
		if err := export.CheckFormat(o.Format); err != nil {
			return err
		}
	}
	if o.Excel && o.Format != export.CSV {
		return fmt.Errorf("--excel is for --format csv; an xlsx workbook opens in Excel as it is")
	}
	return nil
}

// exportFilter reads the options that select reports and messages.
func exportFilter(o ExportOptions, org *bot.Org, schema *bot.Schema, now time.Time) (bot.ReportFilter, error) {
	var f bot.ReportFilter
	var err error
	now = now.In(org.Location)
	if f.Since, err = optionalTime("--since", o.Since, now); err != nil {
		return f, err
	}
	if f.Until, err = optionalTime("--until", o.Until, now); err != nil {
		return f, err
	}
	if o.Kind != "" {
		k := schema.Kind(o.Kind)
		if k == nil {
			return f, UsageError{Err: fmt.Errorf("--kind: no report kind %q (kinds: %s)", o.Kind, strings.Join(schema.Keys(), ", "))}
		}
		f.Kind = k.Key
	}
	if o.Region != "" {
		// An unknown region is a typo, not a region with no reports: an
		// empty file would say the wrong thing.
		if org.Region(o.Region) == nil {
			return f, UsageError{Err: fmt.Errorf("--region: no region %q (regions: %s)", o.Region, strings.Join(org.RegionIDs(), ", "))}
		}
		f.Regions = []string{o.Region}
	}
	return f, nil
}

// optionalTime reads an age or a date given to option, zero when "".
func optionalTime(option, s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := bot.ParseSince(option, s, now)
	if err != nil {
		return t, UsageError{Err: errors.New(bot.ErrorMessage(err, bot.English))}
	}
	return t, nil
}

// WriteTo writes the export to w.
func (e *Export) WriteTo(ctx context.Context, w io.Writer) error {
	a, o := e.app, e.o
	if o.Excel {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return err
		}
	}
	switch o.What {
	case "people":
		return export.People(w, o.Format, a.Org(), platformNames(a.Config))
	case "messages":
		msgs, err := a.DB.FindMessages(ctx, bot.MessageFilter{Since: e.filter.Since, Until: e.filter.Until})
		if err != nil {
			return err
		}
		return export.Messages(w, o.Format, a.Org().Location, msgs)
	case "campaigns", "calendar":
		all, err := a.DB.Campaigns(ctx)
		if err != nil {
			return err
		}
		campaigns := bot.CampaignsIn(a.Org(), all, o.Region)
		if o.What == "calendar" {
			return export.Calendar(w, a.Org(), campaigns, a.Now(), bot.FeedName(a.Org(), o.Region, a.Org().Language))
		}
		return export.Campaigns(w, o.Format, a.Org().Location, campaigns, a.Now())
	}
	f := e.filter
	f.IncludeDeleted = true
	src := reportSource{ctx: ctx, db: a.DB, filter: f}
	if o.Format == export.XLSX {
		return export.ReportsXLSX(w, a.Schema, a.Org(), src)
	}
	return export.Reports(w, o.Format, a.Schema, a.Org(), src)
}

// platformNames are the names of the configured chat platforms, in the
// order they are declared.
func platformNames(c *Config) []bot.Platform {
	names := make([]bot.Platform, len(c.Platforms))
	for i, p := range c.Platforms {
		names[i] = p.IDs().Platform
	}
	return names
}

// reportSource reads an export's reports from the database one at a time.
type reportSource struct {
	ctx    context.Context
	db     *storage.DB
	filter bot.ReportFilter
}

func (s reportSource) Kinds() (map[string]bool, error) { return s.db.ReportKinds(s.ctx, s.filter) }

func (s reportSource) Each(kind string, fn func(*bot.Report) error) error {
	f := s.filter
	if kind != "" {
		f.Kind = kind
	}
	return s.db.EachReport(s.ctx, f, fn)
}

// Close closes the database.
func (e *Export) Close() error { return e.app.Close() }
