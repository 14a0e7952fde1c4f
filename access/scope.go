package access

import (
	"cmp"
	"slices"

	"github.com/fieldloop/fieldloop/bot"
)

// Manages returns the regions whose reports req's person reads as a
// manager: their own region if they hold the manager role, and the regions
// of everyone who reports to them (bot.Org.ManagedRegions).
func Manages(req *bot.Request) []string { return req.Org.ManagedRegions(req.Person) }

// Regions returns the regions whose figures (targets, digests) req's
// person reads: every region, in org order, for marketing and admins; the
// regions a manager manages; a rep's own; none for anyone else.
func Regions(req *bot.Request) []string {
	p := req.Person
	if p.SeesAll() {
		return req.Org.RegionIDs()
	}
	if managed := Manages(req); len(managed) > 0 {
		return managed
	}
	if p.Region != "" {
		return []string{p.Region}
	}
	return nil
}

// OwnOnly reports whether req's person reads only their own reports: they
// are neither marketing, an admin nor anyone's manager. A rep's digest of
// their region covers their own reports.
func OwnOnly(req *bot.Request) bool {
	return !req.Person.SeesAll() && len(Manages(req)) == 0
}

// LimitReports narrows a report query to what req's person reads, or
// refuses it. Marketing and admins keep it as it is. A rep gets their own
// reports, and is refused a query for another person or region. A
// manager gets the query's regions among those they manage (all of them if
// it names none), and is refused one that names only others; a person
// named in the query is then read only in those regions.
func LimitReports(req *bot.Request, f bot.ReportFilter) (bot.ReportFilter, error) {
	switch {
	case req.Person.SeesAll():
		return f, nil
	case OwnOnly(req):
		return ownReports(req.Person, f)
	}
	managed := Manages(req)
	if p := req.Org.Person(f.Person); p != nil && !slices.Contains(managed, p.Region) {
		// Say so, rather than list nothing: "no reports" would be false.
		return f, bot.Errorf(bot.EPERMISSION, "error.report.person_hidden", cmp.Or(p.Name, p.ID), bot.List(managed))
	}
	return managedReports(managed, f)
}

func ownReports(p *bot.Person, f bot.ReportFilter) (bot.ReportFilter, error) {
	if (f.Person != "" && f.Person != p.ID) || (len(f.Regions) > 0 && f.Regions[0] != p.Region) {
		return f, bot.Errorf(bot.EPERMISSION, "error.report.list_others")
	}
	f.Person, f.Regions = p.ID, nil
	return f, nil
}

func managedReports(managed []string, f bot.ReportFilter) (bot.ReportFilter, error) {
	if len(f.Regions) == 0 {
		f.Regions = managed
		return f, nil
	}
	var allowed []string
	for _, r := range f.Regions {
		if slices.Contains(managed, r) {
			allowed = append(allowed, r)
		}
	}
	if len(allowed) == 0 {
		return f, bot.Errorf(bot.EPERMISSION, "error.report.list_region", bot.List(managed))
	}
	f.Regions = allowed
	return f, nil
}
