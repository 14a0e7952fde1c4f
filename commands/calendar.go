package commands

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/access"
	"github.com/fieldloop/fieldloop/bot"
)

// Calendar returns /calendar [week|month|next] [region=ID]: the campaigns
// and trainings that concern you, by date. Marketing and admins see all
// and may filter by region. /calendar link gives them the regions'
// calendar feeds, from feeds.
func Calendar(store bot.CampaignStore, feeds bot.CalendarFeeds) bot.Command {
	return bot.Command{Name: "calendar", Options: bot.FreeText(), Run: func(ctx context.Context, req *bot.Request) (*bot.Reply, error) {
		args, err := bot.ParseArgs(req.Text)
		if err != nil {
			return nil, err
		}
		if len(args) > 0 && !args[0].Pair && args[0].Value == "link" {
			return calendarLink(ctx, req, feeds, args[1:])
		}
		today := localNow(req)
		from, to := today, today.AddDate(0, 0, 6)
		region := ""
		for _, a := range args {
			switch {
			case !a.Pair && a.Value == "week":
			case !a.Pair && a.Value == "month":
				to = today.AddDate(0, 1, -1)
			case !a.Pair && a.Value == "next":
				// Next week, Monday to Sunday.
				from = today.AddDate(0, 0, (8-int(today.Weekday()))%7+7*boolInt(today.Weekday() == time.Monday))
				to = from.AddDate(0, 0, 6)
			case a.Pair && a.Key == "region" && req.Org.Region(a.Value) != nil:
				region = a.Value
			default:
				return nil, bot.Errorf(bot.EINVALID, "error.calendar.args", strings.Join(req.Org.RegionIDs(), ", "))
			}
		}
		all, err := store.Campaigns(ctx)
		if err != nil {
			return nil, fmt.Errorf("read calendar: %w", err)
		}
		var mine []*bot.Campaign
		for _, c := range all {
			if access.May(req, access.ReadCampaign, access.Campaign(c)) && (region == "" || slices.Contains(c.RegionIDs(req.Org), region)) {
				mine = append(mine, c)
			}
		}
		return &bot.Reply{Text: bot.Calendar(req.Org, mine, from.Format(time.DateOnly), to.Format(time.DateOnly), req.Lang, readerZone(req))}, nil
	}}
}

// calendarLink answers /calendar link [region=ID]: the address of each
// region's calendar feed (or of one), privately, to marketing and admins,
// who hand them out. A region without a token gets one now. Without the
// server's public URL, it shows the paths and says what to set.
func calendarLink(ctx context.Context, req *bot.Request, feeds bot.CalendarFeeds, args []bot.Arg) (*bot.Reply, error) {
	if err := access.Check(req, access.HandOutCalendarLinks, access.Target{}); err != nil {
		return nil, err
	}
	var regions []string
	for _, a := range args {
		if !a.Pair || a.Key != "region" || req.Org.Region(a.Value) == nil {
			return nil, bot.Errorf(bot.EINVALID, "error.calendar.link_args", strings.Join(req.Org.RegionIDs(), ", "))
		}
		if !slices.Contains(regions, a.Value) {
			regions = append(regions, a.Value)
		}
	}
	if len(regions) == 0 {
		regions = req.Org.RegionIDs()
	}
	if len(regions) == 0 {
		return &bot.Reply{Text: req.T("calendar.link_none")}, nil
	}
	lines := []string{req.T("calendar.link_title")}
	for _, id := range regions {
		token, err := bot.FeedToken(ctx, feeds.Tokens, req.Org.Region(id), true)
		if err != nil {
			return nil, fmt.Errorf("calendar feed token of %s: %w", id, err)
		}
		lines = append(lines, req.T("calendar.link_line", regionName(req.Org, id), bot.FeedURL(feeds.BaseURL, id, token)))
	}
	if feeds.BaseURL == "" {
		lines = append(lines, req.T("calendar.link_no_base"))
	}
	return &bot.Reply{Text: strings.Join(lines, "\n")}, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
