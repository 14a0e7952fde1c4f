package commands

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// Calendar returns /calendar [week|month|next] [region=ID]: the campaigns
// and trainings that concern you, by date. Marketing and admins see all
// and may filter by region.
func Calendar(store bot.CampaignStore) bot.Command {
	return bot.Command{Name: "calendar", Run: func(ctx context.Context, req *bot.Request) (*bot.Reply, error) {
		args, err := bot.ParseArgs(req.Text)
		if err != nil {
			return nil, err
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
			if c.Concerns(req.Org, req.Person) && (region == "" || slices.Contains(c.RegionIDs(req.Org), region)) {
				mine = append(mine, c)
			}
		}
		return &bot.Reply{Text: bot.Calendar(req.Org, mine, from.Format(time.DateOnly), to.Format(time.DateOnly), req.Lang)}, nil
	}}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
