package access_test

import (
	"slices"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/access"
	"github.com/fieldloop/fieldloop/bot"
)

var now = time.Date(2026, 11, 28, 4, 0, 0, 0, time.UTC)

// testOrg has reps, managers of their own region and of others' (through
// those who report to them), a director above two managers, marketing, an
// admin, people with several roles, a rep who moved, and a manager with
// neither region nor reports.
func testOrg() *bot.Org {
	regions := []bot.Region{{ID: "east"}, {ID: "north"}, {ID: "west"}, {ID: "south"}}
	rep, manager := []bot.Role{bot.RoleRep}, []bot.Role{bot.RoleManager}
	people := []bot.Person{
		{ID: "alice", Roles: rep, Region: "east", Manager: "max"},
		{ID: "bob", Roles: rep, Region: "east", Manager: "max"},
		{ID: "chen", Roles: rep, Region: "north", Manager: "max"},
		{ID: "dan", Roles: rep, Region: "west", Manager: "wes"},
		// fay moved from west to north; her old reports stay west's.
		{ID: "fay", Roles: rep, Region: "north", Manager: "max"},
		{ID: "max", Roles: manager, Region: "east", Manager: "dir"},
		{ID: "wes", Roles: manager, Region: "west", Manager: "dir"},
		{ID: "dir", Roles: manager},
		{ID: "ned", Roles: manager},
		{ID: "sam", Roles: []bot.Role{bot.RoleRep, bot.RoleManager}, Region: "south"},
		{ID: "kim", Roles: []bot.Role{bot.RoleRep, bot.RoleMarketing}, Region: "east", Manager: "max"},
		{ID: "mia", Roles: []bot.Role{bot.RoleMarketing}},
		{ID: "ada", Roles: []bot.Role{bot.RoleAdmin}},
	}
	return bot.NewOrg(time.UTC, bot.English, nil, regions, people)
}

func request(org *bot.Org, who string) *bot.Request {
	p := org.Person(who)
	if p == nil {
		panic("no person " + who)
	}
	return &bot.Request{Incoming: bot.Incoming{Time: now}, Person: p, Org: org, Lang: bot.English}
}

var (
	aliceNew    = &bot.Report{ID: 1, Person: "alice", Region: "east", CreatedAt: now.Add(-time.Hour)}
	chenNorth   = &bot.Report{ID: 2, Person: "chen", Region: "north", CreatedAt: now.Add(-time.Hour)}
	danWest     = &bot.Report{ID: 3, Person: "dan", Region: "west", CreatedAt: now.Add(-time.Hour)}
	fayWest     = &bot.Report{ID: 4, Person: "fay", Region: "west", CreatedAt: now.Add(-30 * 24 * time.Hour)}
	aliceOld    = &bot.Report{ID: 5, Person: "alice", Region: "east", CreatedAt: now.Add(-access.EditWindow - time.Second)}
	aliceEdge   = &bot.Report{ID: 6, Person: "alice", Region: "east", CreatedAt: now.Add(-access.EditWindow)}
	aliceGone   = &bot.Report{ID: 7, Person: "alice", Region: "east", CreatedAt: now.Add(-time.Hour), Deleted: true}
	samSouth    = &bot.Report{ID: 8, Person: "sam", Region: "south", CreatedAt: now.Add(-time.Hour)}
	fayNorth    = &bot.Report{ID: 9, Person: "fay", Region: "north", CreatedAt: now.Add(-time.Hour)}
	forEast     = &bot.Campaign{ID: 21, Audience: bot.Audience{Regions: []string{"east"}}}
	forAll      = &bot.Campaign{ID: 22, Audience: bot.Audience{All: true}}
	forSouth    = &bot.Campaign{ID: 23, Audience: bot.Audience{Regions: []string{"south"}}}
	askEast     = &bot.Schedule{ID: 31, Audience: bot.Audience{Regions: []string{"east"}}}
	askAll      = &bot.Schedule{ID: 32, Audience: bot.Audience{All: true}}
	askChen     = &bot.Schedule{ID: 33, Audience: bot.Audience{People: []string{"chen"}}}
	askEastDan  = &bot.Schedule{ID: 34, Audience: bot.Audience{Regions: []string{"east"}, People: []string{"dan"}}}
	askSouth    = &bot.Schedule{ID: 35, Audience: bot.Audience{Regions: []string{"south"}}}
	askNewEast  = &bot.Schedule{Audience: bot.Audience{Regions: []string{"east"}}} // not stored yet
	askNobodyID = &bot.Schedule{ID: 36, Audience: bot.Audience{People: []string{"gone"}}}
)

// refusals, as the commands have always worded them.
func notFound(key, id string) *bot.Error { return bot.Errorf(bot.ENOTFOUND, key, id) }
func denied(key string, args ...any) *bot.Error {
	return bot.Errorf(bot.EPERMISSION, key, args...)
}

var nothing access.Target

func TestCheck(t *testing.T) {
	tests := []struct {
		who    string
		action access.Action
		target access.Target
		want   *bot.Error // nil: allowed
	}{
		// Reading a report: author, managers of the region it was filed in,
		// marketing and admins; to anyone else it does not exist.
		{"alice", access.ReadReport, access.Report(aliceNew), nil},
		{"bob", access.ReadReport, access.Report(aliceNew), notFound("error.report.not_found", "#1")},
		{"chen", access.ReadReport, access.Report(aliceNew), notFound("error.report.not_found", "#1")},
		{"max", access.ReadReport, access.Report(aliceNew), nil},                                     // own region
		{"max", access.ReadReport, access.Report(chenNorth), nil},                                    // north, through chen
		{"max", access.ReadReport, access.Report(danWest), notFound("error.report.not_found", "#3")}, // other region
		{"wes", access.ReadReport, access.Report(aliceNew), notFound("error.report.not_found", "#1")},
		{"dir", access.ReadReport, access.Report(aliceNew), nil},                                       // east, through max
		{"dir", access.ReadReport, access.Report(chenNorth), notFound("error.report.not_found", "#2")}, // not through max's people
		{"ned", access.ReadReport, access.Report(aliceNew), notFound("error.report.not_found", "#1")},
		{"mia", access.ReadReport, access.Report(danWest), nil},
		{"ada", access.ReadReport, access.Report(danWest), nil},
		{"kim", access.ReadReport, access.Report(danWest), nil}, // marketing too
		{"sam", access.ReadReport, access.Report(samSouth), nil},
		{"sam", access.ReadReport, access.Report(aliceNew), notFound("error.report.not_found", "#1")},
		// A rep who moved: the old region's manager keeps the old reports,
		// the new one gets the new; the author keeps all.
		{"wes", access.ReadReport, access.Report(fayWest), nil},
		{"max", access.ReadReport, access.Report(fayWest), notFound("error.report.not_found", "#4")},
		{"max", access.ReadReport, access.Report(fayNorth), nil},
		{"wes", access.ReadReport, access.Report(fayNorth), notFound("error.report.not_found", "#9")},
		{"fay", access.ReadReport, access.Report(fayWest), nil},
		// Deleted reports stay readable by the same people.
		{"alice", access.ReadReport, access.Report(aliceGone), nil},
		{"bob", access.ReadReport, access.Report(aliceGone), notFound("error.report.not_found", "#7")},

		// Changing a report: its author within 24 h, admins always; those
		// who cannot read it are told it does not exist.
		{"alice", access.ChangeReport, access.Report(aliceNew), nil},
		{"alice", access.ChangeReport, access.Report(aliceEdge), nil}, // exactly 24 h: still in time
		{"alice", access.ChangeReport, access.Report(aliceOld), denied("error.report.too_old", "#5")},
		{"ada", access.ChangeReport, access.Report(aliceOld), nil},
		{"bob", access.ChangeReport, access.Report(aliceNew), notFound("error.report.not_found", "#1")},
		{"max", access.ChangeReport, access.Report(aliceNew), denied("error.report.not_author", "#1")},
		{"mia", access.ChangeReport, access.Report(aliceNew), denied("error.report.not_author", "#1")},
		{"kim", access.ChangeReport, access.Report(aliceNew), denied("error.report.not_author", "#1")},
		{"fay", access.ChangeReport, access.Report(fayWest), denied("error.report.too_old", "#4")},
		// Deletion is the report's state, refused by the command for
		// everyone (admins too); the policy answers as for any report.
		{"alice", access.ChangeReport, access.Report(aliceGone), nil},
		{"ada", access.ChangeReport, access.Report(aliceGone), nil},
		{"bob", access.ChangeReport, access.Report(aliceGone), notFound("error.report.not_found", "#7")},

		// Campaigns: read and acknowledged by those they concern.
		{"alice", access.ReadCampaign, access.Campaign(forEast), nil},
		{"dan", access.ReadCampaign, access.Campaign(forEast), notFound("error.campaign.not_found", "#21")},
		{"dan", access.ReadCampaign, access.Campaign(forAll), nil},
		{"dan", access.AckCampaign, access.Campaign(forEast), notFound("error.campaign.not_found", "#21")},
		{"dan", access.AckCampaign, access.Campaign(forAll), nil},
		{"max", access.ReadCampaign, access.Campaign(forEast), nil},
		{"max", access.ReadCampaign, access.Campaign(forSouth), notFound("error.campaign.not_found", "#23")},
		{"dir", access.ReadCampaign, access.Campaign(forEast), nil}, // no region of his own
		{"sam", access.AckCampaign, access.Campaign(forSouth), nil},
		{"mia", access.ReadCampaign, access.Campaign(forSouth), nil},
		{"ada", access.AckCampaign, access.Campaign(forSouth), nil},
		{"fay", access.ReadCampaign, access.Campaign(forEast), notFound("error.campaign.not_found", "#21")},

		// Planning: marketing and admins.
		{"mia", access.ManageCampaigns, nothing, nil},
		{"ada", access.ManageCampaigns, nothing, nil},
		{"kim", access.ManageCampaigns, nothing, nil},
		{"max", access.ManageCampaigns, nothing, denied("error.campaign.permission")},
		{"alice", access.ManageCampaigns, nothing, denied("error.campaign.permission")},
		{"mia", access.SetTargets, nothing, nil},
		{"ada", access.SetTargets, nothing, nil},
		{"max", access.SetTargets, nothing, denied("error.target.permission")},
		{"sam", access.SetTargets, nothing, denied("error.target.permission")},
		{"mia", access.HandOutCalendarLinks, nothing, nil},
		{"ada", access.HandOutCalendarLinks, nothing, nil},
		{"kim", access.HandOutCalendarLinks, nothing, nil},
		{"max", access.HandOutCalendarLinks, nothing, denied("error.calendar.link_permission")},
		{"alice", access.HandOutCalendarLinks, nothing, denied("error.calendar.link_permission")},

		// A region's figures: a rep's own, a manager's regions, all for
		// marketing and admins; the refusal lists what they read.
		{"alice", access.ReadDigest, access.Region("east"), nil},
		{"alice", access.ReadDigest, access.Region("north"), denied("error.region.hidden", "north", bot.List([]string{"east"}))},
		{"alice", access.ReadTargets, access.Region("north"), denied("error.region.hidden", "north", bot.List([]string{"east"}))},
		{"alice", access.SubscribeDigest, access.Region("east"), nil},
		{"fay", access.ReadDigest, access.Region("west"), denied("error.region.hidden", "west", bot.List([]string{"north"}))},
		{"max", access.ReadDigest, access.Region("north"), nil},
		{"max", access.SubscribeDigest, access.Region("west"), denied("error.region.hidden", "west", bot.List([]string{"east", "north"}))},
		{"dir", access.ReadTargets, access.Region("west"), nil},
		{"dir", access.ReadTargets, access.Region("north"), denied("error.region.hidden", "north", bot.List([]string{"east", "west"}))},
		{"sam", access.ReadDigest, access.Region("south"), nil},
		{"ned", access.ReadDigest, access.Region("east"), denied("error.region.none", "east")},
		{"mia", access.SubscribeDigest, access.Region("west"), nil},
		{"ada", access.ReadTargets, access.Region("south"), nil},
		{"mia", access.ReadDigest, access.Region(""), denied("error.report.list_region", bot.List([]string{"east", "north", "west", "south"}))},

		// Schedules: a plain rep sees those that ask them; the rest see all.
		{"alice", access.ReadSchedule, access.Schedule(askEast), nil},
		{"alice", access.ReadSchedule, access.Schedule(askAll), nil},
		{"alice", access.ReadSchedule, access.Schedule(askSouth), notFound("error.schedule.not_found", "#35")},
		{"dan", access.ReadSchedule, access.Schedule(askEastDan), nil}, // named
		{"dan", access.ReadSchedule, access.Schedule(askEast), notFound("error.schedule.not_found", "#31")},
		{"sam", access.ReadSchedule, access.Schedule(askEast), nil}, // rep and manager
		{"kim", access.ReadSchedule, access.Schedule(askSouth), nil},
		{"max", access.ReadSchedule, access.Schedule(askSouth), nil},
		{"mia", access.ReadSchedule, access.Schedule(askSouth), nil},

		// Managing one: admins any; managers inside their regions.
		{"ada", access.ManageSchedule, access.Schedule(askAll), nil},
		{"max", access.ManageSchedule, access.Schedule(askEast), nil},
		{"max", access.ManageSchedule, access.Schedule(askNewEast), nil},
		{"max", access.ManageSchedule, access.Schedule(askChen), nil}, // chen is north's, which max manages
		{"max", access.ManageSchedule, access.Schedule(askAll), denied("error.schedule.regions", bot.List([]string{"east", "north"}))},
		{"max", access.ManageSchedule, access.Schedule(askEastDan), denied("error.schedule.regions", bot.List([]string{"east", "north"}))},
		{"max", access.ManageSchedule, access.Schedule(askNobodyID), denied("error.schedule.regions", bot.List([]string{"east", "north"}))},
		{"dir", access.ManageSchedule, access.Schedule(askChen), denied("error.schedule.regions", bot.List([]string{"east", "west"}))},
		{"sam", access.ManageSchedule, access.Schedule(askSouth), nil},
		{"ned", access.ManageSchedule, access.Schedule(askEast), denied("error.schedule.regions", bot.List(nil))},
		{"alice", access.ManageSchedule, access.Schedule(askEast), denied("error.schedule.permission")},
		{"mia", access.ManageSchedule, access.Schedule(askEast), denied("error.schedule.permission")},
		{"kim", access.ManageSchedule, access.Schedule(askEast), denied("error.schedule.permission")},
	}
	org := testOrg()
	for _, tt := range tests {
		t.Run(tt.who+" "+tt.action.String()+" "+tt.target.String(), func(t *testing.T) {
			req := request(org, tt.who)
			err := access.Check(req, tt.action, tt.target)
			if !sameError(err, tt.want) {
				t.Errorf("got %v (%s), want %v", err, bot.ErrorCode(err), wantText(tt.want))
			}
			if access.May(req, tt.action, tt.target) != (tt.want == nil) {
				t.Errorf("May disagrees with Check")
			}
		})
	}
}

// sameError reports whether got is want's code and says the same, in
// both languages.
func sameError(got error, want *bot.Error) bool {
	if want == nil || got == nil {
		return want == nil && got == nil
	}
	return bot.ErrorCode(got) == want.Code &&
		bot.ErrorMessage(got, bot.English) == bot.ErrorMessage(want, bot.English) &&
		bot.ErrorMessage(got, bot.Chinese) == bot.ErrorMessage(want, bot.Chinese)
}

func wantText(want *bot.Error) string {
	if want == nil {
		return "allowed"
	}
	return want.Code + ": " + want.Error()
}

// A caller that passes the wrong sort of target, or an action that does
// not exist, is refused with an internal error, never allowed.
func TestCheckWrongTarget(t *testing.T) {
	org := testOrg()
	req := request(org, "ada")
	tests := []struct {
		action access.Action
		target access.Target
	}{
		{access.ReadReport, access.Region("east")},
		{access.ReadReport, access.Report(nil)},
		{access.ChangeReport, nothing},
		{access.ManageCampaigns, access.Campaign(forEast)},
		{access.ReadCampaign, access.Campaign(nil)},
		{access.ManageSchedule, access.Schedule(nil)},
		{access.ReadDigest, access.Report(aliceNew)},
		{access.Action(0), nothing},
		{access.Action(99), access.Region("east")},
	}
	for _, tt := range tests {
		err := access.Check(req, tt.action, tt.target)
		if bot.ErrorCode(err) != bot.EINTERNAL || access.May(req, tt.action, tt.target) {
			t.Errorf("%v on %v: %v, want an internal error", tt.action, tt.target, err)
		}
	}
}

func TestRegionsAndOwnOnly(t *testing.T) {
	tests := []struct {
		who     string
		regions []string
		manages []string
		ownOnly bool
	}{
		{"alice", []string{"east"}, nil, true},
		{"fay", []string{"north"}, nil, true},
		{"max", []string{"east", "north"}, []string{"east", "north"}, false},
		{"wes", []string{"west"}, []string{"west"}, false},
		{"dir", []string{"east", "west"}, []string{"east", "west"}, false},
		{"ned", nil, nil, true}, // a manager of nobody, with no region
		{"sam", []string{"south"}, []string{"south"}, false},
		{"kim", []string{"east", "north", "west", "south"}, nil, false},
		{"mia", []string{"east", "north", "west", "south"}, nil, false},
		{"ada", []string{"east", "north", "west", "south"}, nil, false},
	}
	org := testOrg()
	for _, tt := range tests {
		req := request(org, tt.who)
		if got := access.Regions(req); !slices.Equal(got, tt.regions) {
			t.Errorf("Regions(%s) = %v, want %v", tt.who, got, tt.regions)
		}
		if got := access.Manages(req); !slices.Equal(got, tt.manages) {
			t.Errorf("Manages(%s) = %v, want %v", tt.who, got, tt.manages)
		}
		if got := access.OwnOnly(req); got != tt.ownOnly {
			t.Errorf("OwnOnly(%s) = %v, want %v", tt.who, got, tt.ownOnly)
		}
	}
}

func TestLimitReports(t *testing.T) {
	tests := []struct {
		who  string
		ask  bot.ReportFilter
		want bot.ReportFilter
		err  *bot.Error
	}{
		{who: "mia", ask: bot.ReportFilter{Kind: "sales"}, want: bot.ReportFilter{Kind: "sales"}},
		{who: "ada", ask: bot.ReportFilter{Person: "dan"}, want: bot.ReportFilter{Person: "dan"}},
		{who: "kim", ask: bot.ReportFilter{Regions: []string{"west"}}, want: bot.ReportFilter{Regions: []string{"west"}}},
		{who: "alice", ask: bot.ReportFilter{Limit: 20}, want: bot.ReportFilter{Person: "alice", Limit: 20}},
		{who: "alice", ask: bot.ReportFilter{Person: "alice"}, want: bot.ReportFilter{Person: "alice"}},
		{who: "alice", ask: bot.ReportFilter{Regions: []string{"east"}}, want: bot.ReportFilter{Person: "alice"}},
		{who: "alice", ask: bot.ReportFilter{Person: "bob"}, err: denied("error.report.list_others")},
		{who: "alice", ask: bot.ReportFilter{Regions: []string{"north"}}, err: denied("error.report.list_others")},
		{who: "fay", ask: bot.ReportFilter{}, want: bot.ReportFilter{Person: "fay"}}, // her west reports too
		{who: "max", ask: bot.ReportFilter{}, want: bot.ReportFilter{Regions: []string{"east", "north"}}},
		{who: "max", ask: bot.ReportFilter{Regions: []string{"north"}}, want: bot.ReportFilter{Regions: []string{"north"}}},
		{who: "max", ask: bot.ReportFilter{Regions: []string{"west"}}, err: denied("error.report.list_region", bot.List([]string{"east", "north"}))},
		// A manager asking for someone outside their regions is told so,
		// not shown an empty list that would read as "no reports".
		{who: "max", ask: bot.ReportFilter{Person: "dan"}, err: denied("error.report.person_hidden", "dan", bot.List([]string{"east", "north"}))},
		{who: "dir", ask: bot.ReportFilter{}, want: bot.ReportFilter{Regions: []string{"east", "west"}}},
		{who: "ned", ask: bot.ReportFilter{}, want: bot.ReportFilter{Person: "ned"}},
	}
	org := testOrg()
	for _, tt := range tests {
		got, err := access.LimitReports(request(org, tt.who), tt.ask)
		if !sameError(err, tt.err) {
			t.Errorf("%s %+v: error %v, want %v", tt.who, tt.ask, err, wantText(tt.err))
			continue
		}
		if tt.err == nil && !sameFilter(got, tt.want) {
			t.Errorf("%s %+v: got %+v, want %+v", tt.who, tt.ask, got, tt.want)
		}
	}
}

func sameFilter(a, b bot.ReportFilter) bool {
	regions := slices.Equal(a.Regions, b.Regions)
	a.Regions, b.Regions = nil, nil
	return regions && a.Kind == b.Kind && a.Person == b.Person && a.Limit == b.Limit &&
		a.Since.Equal(b.Since) && a.Until.Equal(b.Until) && a.IncludeDeleted == b.IncludeDeleted
}
