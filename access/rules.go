package access

import (
	"slices"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// EditWindow is how long after filing a report its author may edit or
// delete it.
const EditWindow = 24 * time.Hour

// readReport: the author, marketing and admins, and the managers of the
// region the report was filed in. The report's region counts, not the
// author's today: a rep who moves leaves their old reports with the old
// region's manager. Anyone else is told there is no such report, so that
// ids do not leak what others filed.
func readReport(req *bot.Request, t Target) error {
	r, p := t.report, req.Person
	if r.Person == p.ID || p.SeesAll() || slices.Contains(Manages(req), r.Region) {
		return nil
	}
	return bot.Errorf(bot.ENOTFOUND, "error.report.not_found", bot.FormatID(r.ID))
}

// changeReport: the author within EditWindow, admins at any time, and only
// if they read it. Whether the report is deleted is left to the command:
// that is the report's state, not the person's right, and stops admins too.
func changeReport(req *bot.Request, t Target) error {
	if err := readReport(req, t); err != nil {
		return err
	}
	r, p := t.report, req.Person
	switch {
	case p.Has(bot.RoleAdmin):
		return nil
	case r.Person != p.ID:
		return bot.Errorf(bot.EPERMISSION, "error.report.not_author", bot.FormatID(r.ID))
	case req.Time.Sub(r.CreatedAt) > EditWindow:
		return bot.Errorf(bot.EPERMISSION, "error.report.too_old", bot.FormatID(r.ID))
	}
	return nil
}

// readCampaign: those a campaign concerns read and acknowledge it; to
// anyone else it does not exist.
func readCampaign(req *bot.Request, t Target) error {
	if t.campaign.Concerns(req.Org, req.Person) {
		return nil
	}
	return bot.Errorf(bot.ENOTFOUND, "error.campaign.not_found", bot.FormatID(t.campaign.ID))
}

// plans reports whether p plans what the field does: marketing and admins.
func plans(p *bot.Person) bool { return p.Has(bot.RoleMarketing) || p.Has(bot.RoleAdmin) }

func manageCampaigns(req *bot.Request, _ Target) error {
	if plans(req.Person) {
		return nil
	}
	return bot.Errorf(bot.EPERMISSION, "error.campaign.permission")
}

func setTargets(req *bot.Request, _ Target) error {
	if plans(req.Person) {
		return nil
	}
	return bot.Errorf(bot.EPERMISSION, "error.target.permission")
}

// handOutCalendarLinks: a link shows a region's whole calendar to whoever
// holds it, so only those who see everything hand them out.
func handOutCalendarLinks(req *bot.Request, _ Target) error {
	if req.Person.SeesAll() {
		return nil
	}
	return bot.Errorf(bot.EPERMISSION, "error.calendar.link_permission")
}

// readRegion: a region's figures are read by those whose Regions hold it;
// the refusal lists the ones they do read.
func readRegion(req *bot.Request, t Target) error {
	regions := Regions(req)
	if slices.Contains(regions, t.region) {
		return nil
	}
	names := make([]string, len(regions))
	for i, id := range regions {
		names[i] = req.Org.RegionName(id)
	}
	switch {
	case t.region == "":
		return bot.Errorf(bot.EPERMISSION, "error.report.list_region", bot.List(regions))
	case len(regions) == 0:
		return bot.Errorf(bot.EPERMISSION, "error.region.none", req.Org.RegionName(t.region))
	}
	return bot.Errorf(bot.EPERMISSION, "error.region.hidden", req.Org.RegionName(t.region), bot.List(names))
}

// readSchedule: a plain rep (neither a manager, marketing nor an admin)
// sees only the schedules that ask them for reports; everyone else sees
// all of them.
func readSchedule(req *bot.Request, t Target) error {
	p := req.Person
	if !p.Has(bot.RoleRep) || p.Has(bot.RoleManager) || p.SeesAll() {
		return nil
	}
	isMe := func(m *bot.Person) bool { return m.ID == p.ID }
	if slices.ContainsFunc(t.schedule.Audience.Members(req.Org), isMe) {
		return nil
	}
	return bot.Errorf(bot.ENOTFOUND, "error.schedule.not_found", bot.FormatID(t.schedule.ID))
}

// manageSchedule: admins any schedule; managers (by role) those whose
// audience lies inside the regions they manage: named regions, and named
// people by their region. "all" reaches beyond any manager's regions.
func manageSchedule(req *bot.Request, t Target) error {
	p := req.Person
	if p.Has(bot.RoleAdmin) {
		return nil
	}
	if !p.Has(bot.RoleManager) {
		return bot.Errorf(bot.EPERMISSION, "error.schedule.permission")
	}
	managed := Manages(req)
	if !within(req.Org, t.schedule.Audience, managed) {
		return bot.Errorf(bot.EPERMISSION, "error.schedule.regions", bot.List(managed))
	}
	return nil
}

// within reports whether audience a lies inside regions.
func within(org *bot.Org, a bot.Audience, regions []string) bool {
	if a.All {
		return false
	}
	for _, r := range a.Regions {
		if !slices.Contains(regions, r) {
			return false
		}
	}
	for _, id := range a.People {
		q := org.Person(id)
		if q == nil || !slices.Contains(regions, q.Region) {
			return false
		}
	}
	return true
}
