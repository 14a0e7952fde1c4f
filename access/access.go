// Package access is fieldloop's permission policy, in one place: who may do
// what to which report, campaign, region or schedule, and which regions and
// reports a person reads. Commands ask it where the action happens; it
// answers nil or the localized refusal the user sees: EPERMISSION, or
// ENOTFOUND where a refusal would reveal that the thing exists.
//
// It decides from the request alone (the person, the org's roles, regions
// and reporting lines, the request's time) and needs no store. The rules:
//
//   - Reports: a rep reads their own; a manager those filed in the regions
//     they manage (see Manages); marketing and admins every report. Only the
//     author changes a report, within EditWindow; admins any, at any time.
//   - Campaigns and trainings: a person reads and acknowledges those that
//     concern them (bot.Campaign.Concerns); marketing and admins manage them.
//   - Figures (targets, digests): a person reads those of Regions; marketing
//     and admins set targets.
//   - Schedules: admins manage any; managers those whose audience lies in
//     the regions they manage. A rep sees the schedules that ask them.
//   - Calendar feed links, which show a region's whole calendar: marketing
//     and admins.
package access

import (
	"fmt"

	"github.com/fieldloop/fieldloop/bot"
)

// Action is something a person asks to do. Each takes one sort of Target,
// named in its comment.
type Action int

// The actions of fieldloop's commands.
const (
	// ReadReport is seeing one report. Target: Report.
	ReadReport Action = iota + 1
	// ChangeReport is editing or deleting one report. Target: Report.
	ChangeReport
	// ReadCampaign is seeing a campaign or training, or naming it in a
	// report. Target: Campaign.
	ReadCampaign
	// AckCampaign is acknowledging a campaign or training. Target: Campaign.
	AckCampaign
	// ManageCampaigns is adding, editing, cancelling, broadcasting and
	// reminding campaigns and trainings. No target.
	ManageCampaigns
	// SetTargets is setting sales targets. No target.
	SetTargets
	// ReadTargets is reading a region's targets and sales. Target: Region.
	ReadTargets
	// ReadDigest is reading a region's digest. Target: Region.
	ReadDigest
	// SubscribeDigest is getting a region's digest by direct message on a
	// schedule. Target: Region.
	SubscribeDigest
	// ReadSchedule is seeing a report schedule. Target: Schedule.
	ReadSchedule
	// ManageSchedule is adding or removing a report schedule. Target:
	// Schedule; its audience is what counts.
	ManageSchedule
	// HandOutCalendarLinks is getting the regions' calendar feed links.
	// No target.
	HandOutCalendarLinks
)

// String names the action, for logs and test names.
func (a Action) String() string {
	if r, ok := rules[a]; ok {
		return r.name
	}
	return fmt.Sprintf("action(%d)", int(a))
}

// targetSort is which kind of thing a Target holds.
type targetSort string

const (
	onNothing  targetSort = ""
	onReport   targetSort = "report"
	onCampaign targetSort = "campaign"
	onRegion   targetSort = "region"
	onSchedule targetSort = "schedule"
)

// Target is what an action is done to. Make one with Report, Campaign,
// Region or Schedule; the zero Target is for actions on nothing in
// particular.
type Target struct {
	sort     targetSort
	report   *bot.Report
	campaign *bot.Campaign
	region   string
	schedule *bot.Schedule
}

// Report is the target report r.
func Report(r *bot.Report) Target {
	if r == nil {
		return Target{} // refused by Check as the wrong target, never dereferenced
	}
	return Target{sort: onReport, report: r}
}

// Campaign is the target campaign or training c.
func Campaign(c *bot.Campaign) Target {
	if c == nil {
		return Target{}
	}
	return Target{sort: onCampaign, campaign: c}
}

// Region is the target region with id id.
func Region(id string) Target { return Target{sort: onRegion, region: id} }

// Schedule is the target schedule s, stored or about to be.
func Schedule(s *bot.Schedule) Target {
	if s == nil {
		return Target{}
	}
	return Target{sort: onSchedule, schedule: s}
}

// String names the target, for logs and test names: "report #7",
// "region east", or "nothing".
func (t Target) String() string {
	switch t.sort {
	case onReport:
		return "report " + bot.FormatID(t.report.ID)
	case onCampaign:
		return "campaign " + bot.FormatID(t.campaign.ID)
	case onRegion:
		return "region " + t.region
	case onSchedule:
		return "schedule " + bot.FormatID(t.schedule.ID)
	}
	return "nothing"
}

// rule decides one action: its name, the sort of target it takes and the
// check.
type rule struct {
	name  string
	on    targetSort
	check func(*bot.Request, Target) error
}

var rules = map[Action]rule{
	ReadReport:           {"read report", onReport, readReport},
	ChangeReport:         {"change report", onReport, changeReport},
	ReadCampaign:         {"read campaign", onCampaign, readCampaign},
	AckCampaign:          {"acknowledge campaign", onCampaign, readCampaign},
	ManageCampaigns:      {"manage campaigns", onNothing, manageCampaigns},
	SetTargets:           {"set targets", onNothing, setTargets},
	ReadTargets:          {"read targets", onRegion, readRegion},
	ReadDigest:           {"read digest", onRegion, readRegion},
	SubscribeDigest:      {"subscribe to digest", onRegion, readRegion},
	ReadSchedule:         {"read schedule", onSchedule, readSchedule},
	ManageSchedule:       {"manage schedule", onSchedule, manageSchedule},
	HandOutCalendarLinks: {"hand out calendar links", onNothing, handOutCalendarLinks},
}

// Check returns nil if req's person may do a to t, else the *bot.Error
// that tells them why not. An unknown action or a target of the wrong sort
// is a bug in the caller: it gets an internal error, so it is refused and
// logged, never allowed.
func Check(req *bot.Request, a Action, t Target) error {
	r, ok := rules[a]
	if !ok {
		return fmt.Errorf("access: unknown %v", a)
	}
	if r.on != t.sort {
		return fmt.Errorf("access: %v takes a %q target, not %q", a, r.on, t.sort)
	}
	return r.check(req, t)
}

// May reports whether req's person may do a to t: Check for the places that
// filter what they show rather than refuse.
func May(req *bot.Request, a Action, t Target) bool { return Check(req, a, t) == nil }
