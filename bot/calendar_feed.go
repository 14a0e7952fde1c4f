package bot

import (
	"context"
	"slices"
	"strings"
)

// CalendarTokenStore keeps the generated secret of each region's calendar
// feed (GET /calendar/REGION.ics?token=…), for the regions whose org file
// entry sets none.
type CalendarTokenStore interface {
	// CalendarToken returns region's stored token. With create, a region
	// that has none gets a new random one, stored before it is returned,
	// so that it stays the same from then on; without, it returns "".
	CalendarToken(ctx context.Context, region string, create bool) (string, error)
}

// CalendarFeeds is what /calendar link needs to hand out feed addresses.
type CalendarFeeds struct {
	Tokens CalendarTokenStore
	// BaseURL is where the server is reached from outside, such as
	// https://fieldloop.example.com (FIELDLOOP_PUBLIC_URL); "" when not
	// set, and then only the path can be shown.
	BaseURL string
}

// FeedToken returns the secret of r's calendar feed: the org file's
// calendar_token if it sets one, else the stored one, created when create
// is set. "" means the feed has no token yet, so it cannot be read.
func FeedToken(ctx context.Context, tokens CalendarTokenStore, r *Region, create bool) (string, error) {
	if r.CalendarToken != "" {
		return r.CalendarToken, nil
	}
	if tokens == nil {
		return "", nil
	}
	return tokens.CalendarToken(ctx, r.ID, create)
}

// FeedPath is the path of region's calendar feed with its token:
// /calendar/east.ics?token=…. Region ids and tokens are URL-safe as they
// are.
func FeedPath(region, token string) string {
	return "/calendar/" + region + ".ics?token=" + token
}

// FeedURL is FeedPath under base (a URL without a trailing slash needed),
// or the path alone when base is "".
func FeedURL(base, region, token string) string {
	return strings.TrimRight(base, "/") + FeedPath(region, token)
}

// CampaignsIn returns the campaigns and trainings of all that concern
// region: those for all regions and those naming it. region "" keeps all.
func CampaignsIn(org *Org, all []*Campaign, region string) []*Campaign {
	if region == "" {
		return all
	}
	var in []*Campaign
	for _, c := range all {
		if slices.Contains(c.RegionIDs(org), region) {
			in = append(in, c)
		}
	}
	return in
}

// FeedName is the name a calendar application shows for region's
// calendar ("" for all regions): "Promotion calendar: East China".
func FeedName(org *Org, region string, lang Lang) string {
	name := T("campaign.all_regions").In(lang)
	if r := org.Region(region); r != nil {
		name = r.Name
	}
	return T("calendar.feed_name", name).In(lang)
}
