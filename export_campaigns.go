package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/export"
)

// exportCampaigns runs "fieldloop export calendar" (an iCalendar file, the
// same as a region's feed) and "fieldloop export campaigns" (JSON Lines
// or CSV): the campaigns and trainings concerning --region, or all.
func (m *Main) exportCampaigns(ctx context.Context, what string, args []string) error {
	var c config
	fs := m.flags("export "+what, &c)
	format := export.JSONL
	help := "`format`: jsonl or csv"
	if what == "calendar" {
		format, help = export.ICS, "`format`: ics (iCalendar), the only one"
	}
	fs.StringVar(&format, "format", format, help)
	region := fs.String("region", "", "only what concerns this `region` (its own and those for all regions)")
	out := fs.String("out", "", "write to this `file` instead of standard output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	switch {
	case what == "calendar" && format != export.ICS:
		return usageError{fmt.Errorf("unknown format %q: the calendar is ics", format)}
	case what == "campaigns":
		if err := export.CheckFormat(format); err != nil {
			return usageError{err}
		}
	}
	org, err := loadOrg(&c)
	if err != nil {
		return err
	}
	if *region != "" && org.Region(*region) == nil {
		return usageError{fmt.Errorf("--region: no region %q (regions: %s)", *region, strings.Join(org.RegionIDs(), ", "))}
	}
	db, err := openDB(c.db, true, m.Now)
	if err != nil {
		return err
	}
	defer db.Close()
	all, err := db.Campaigns(ctx)
	if err != nil {
		return err
	}
	campaigns := bot.CampaignsIn(org, all, *region)
	w, done, err := m.output(*out)
	if err != nil {
		return err
	}
	if what == "calendar" {
		return done(export.Calendar(w, org, campaigns, m.Now(), bot.FeedName(org, *region, org.Language)))
	}
	return done(export.Campaigns(w, format, org.Location, campaigns, m.Now()))
}
