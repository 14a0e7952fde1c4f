package bot

import (
	"maps"
	"slices"
	"time"

	"github.com/fieldloop/fieldloop/value"
)

// Role is what a person does in the company, and so what they may do with
// the bot. A person can hold several.
type Role string

// The roles of the org file.
const (
	RoleRep       Role = "rep"
	RoleMarketing Role = "marketing"
	RoleManager   Role = "manager"
	RoleAdmin     Role = "admin"
)

// Roles lists every role, in the order they are documented.
var Roles = []Role{RoleRep, RoleMarketing, RoleManager, RoleAdmin}

// Platform names a chat platform. The core knows platforms only
// by name: each adapter declares its own, and the org file gives people's
// and channels' ids under that name.
type Platform string

// Accounts holds the ids of one person or channel, by platform.
type Accounts map[Platform]string

// On returns the id on platform p, or "".
func (a Accounts) On(p Platform) string { return a[p] }

// Person is someone in the org file.
type Person struct {
	ID       string
	Name     string
	Roles    []Role
	Region   string
	Manager  string
	Lang     Lang   // "" when the org file does not say
	Timezone string // IANA name, "" for the org's
	Accounts Accounts
	// LeftAt is when the person left the company (/team remove); zero
	// while they are in it. A leaver is kept, so that their reports stay
	// theirs, but receives nothing and may do nothing.
	LeftAt time.Time
	// UpdatedAt is when the person was last added or changed.
	UpdatedAt time.Time
}

// Left reports whether p has left the company.
func (p *Person) Left() bool { return !p.LeftAt.IsZero() }

// Has reports whether p holds role r.
func (p *Person) Has(r Role) bool { return slices.Contains(p.Roles, r) }

// SeesAll reports whether p may read everyone's reports: marketing and
// admins do.
func (p *Person) SeesAll() bool { return p.Has(RoleMarketing) || p.Has(RoleAdmin) }

// Region is a sales region with its chat channels.
type Region struct {
	ID       string
	Name     string
	Channels Accounts
	// CalendarToken is the secret of the region's calendar feed when the
	// org file sets one; "" to use a generated one (see FeedToken).
	CalendarToken string
	// Managers are people who manage the region besides those with the
	// manager role in it (see Org.ManagedRegions).
	Managers []string
	// Holidays are the region's own days off, on top of the org's.
	Holidays []DateRange
	// UpdatedAt is when the region was last added or changed.
	UpdatedAt time.Time
}

// Org channel names, for Org.Channels.
const (
	ChannelMarketing = "marketing"
	ChannelManagers  = "managers"
)

// Org is the company as the org file describes it. Build it with NewOrg,
// which indexes it; it is read-only afterwards and safe to share.
type Org struct {
	Location *time.Location
	Language Lang
	Channels map[string]Accounts
	Regions  []Region
	People   []Person
	// Holidays are days on which no report falls due.
	Holidays []DateRange
	// Warnings are the early-warning thresholds.
	Warnings Warnings
	// Currency is what amounts are counted in, an ISO 4217 code
	// (value.DefaultCurrency unless the org file says otherwise).
	Currency string
	// NamePolicies say what a report does with a name not on a list
	// (unknown_names:); nil is DefaultNamePolicies.
	NamePolicies NamePolicies

	people    map[string]*Person
	byAccount map[Platform]map[string]*Person
	regions   map[string]*Region
	zones     map[string]*time.Location // person id → their own zone
	byID      map[Platform]bool         // platforms that address by fieldloop id
}

// NewOrg indexes the given org. It assumes the org has been validated
// (unique ids, known regions and managers); see package orgfile.
func NewOrg(loc *time.Location, lang Lang, channels map[string]Accounts, regions []Region, people []Person) *Org {
	o := &Org{
		Location:  loc,
		Language:  lang,
		Channels:  channels,
		Regions:   regions,
		People:    people,
		people:    make(map[string]*Person, len(people)),
		byAccount: map[Platform]map[string]*Person{},
		regions:   make(map[string]*Region, len(regions)),
		zones:     map[string]*time.Location{},
		byID:      map[Platform]bool{},
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	if o.Language == "" {
		o.Language = English
	}
	o.Warnings = DefaultWarnings
	o.Currency = value.DefaultCurrency
	for i := range o.People {
		p := &o.People[i]
		o.people[p.ID] = p
		for platform, id := range p.Accounts {
			if id == "" {
				continue
			}
			if o.byAccount[platform] == nil {
				o.byAccount[platform] = map[string]*Person{}
			}
			o.byAccount[platform][id] = p
		}
		if p.Timezone != "" {
			if loc, err := time.LoadLocation(p.Timezone); err == nil {
				o.zones[p.ID] = loc
			}
		}
	}
	for i := range o.Regions {
		o.regions[o.Regions[i].ID] = &o.Regions[i]
	}
	return o
}

// With returns a copy of the org with other people and regions, and the
// same settings: how a change to the live organisation makes its next
// version. The org itself is not changed.
func (o *Org) With(regions []Region, people []Person) *Org {
	n := NewOrg(o.Location, o.Language, o.Channels, regions, people)
	n.Holidays, n.Warnings, n.Currency, n.NamePolicies = o.Holidays, o.Warnings, o.Currency, o.NamePolicies
	maps.Copy(n.byID, o.byID)
	return n
}

// AddressByID makes platform p address people and channels by their
// fieldloop ids rather than by accounts (the terminal adapter does). Call it
// before the org is shared.
func (o *Org) AddressByID(p Platform) { o.byID[p] = true }

// AddressesByID reports whether platform p addresses people by their
// fieldloop ids (see AddressByID).
func (o *Org) AddressesByID(p Platform) bool { return o.byID[p] }

// Person returns the person with fieldloop id id, or nil.
func (o *Org) Person(id string) *Person { return o.people[id] }

// PersonOn returns the person whose account on platform p is userID, or
// nil. On a platform that addresses by id (AddressByID), the user id is
// the fieldloop id.
func (o *Org) PersonOn(p Platform, userID string) *Person {
	if o.byID[p] {
		return o.people[userID]
	}
	return o.byAccount[p][userID]
}

// IsHoliday reports whether the day of d (in d's zone) is one of the
// org's holidays.
func (o *Org) IsHoliday(d time.Time) bool { return holiday(o.Holidays, d) }

// IsRegionHoliday reports whether the day of d (in d's zone) is a holiday
// in region: the org's, or the region's own.
func (o *Org) IsRegionHoliday(region string, d time.Time) bool {
	if r := o.Region(region); r != nil && holiday(r.Holidays, d) {
		return true
	}
	return o.IsHoliday(d)
}

func holiday(days []DateRange, d time.Time) bool {
	for _, h := range days {
		if h.Contains(d) {
			return true
		}
	}
	return false
}

// Zone returns the time zone person p lives by: their own, if the org file
// gives one, else the org's.
func (o *Org) Zone(p *Person) *time.Location {
	if loc := o.zones[p.ID]; loc != nil {
		return loc
	}
	return o.Location
}

// ChannelReader is who reads region's channel: a channel whose readers
// share a zone when every person of the region is in the same one, else
// readers anywhere (the zone a time is in is named then whenever it is not
// the org's).
func (o *Org) ChannelReader(region string) Reader {
	var zone *time.Location
	for i := range o.People {
		p := &o.People[i]
		if p.Region != region || p.Left() {
			continue
		}
		loc := o.Zone(p)
		if zone != nil && zone.String() != loc.String() {
			return AnyChannel
		}
		zone = loc
	}
	return Reader{Loc: zone, Channel: true}
}

// RegionIDs returns the ids of all regions, in org file order.
func (o *Org) RegionIDs() []string {
	ids := make([]string, len(o.Regions))
	for i, r := range o.Regions {
		ids[i] = r.ID
	}
	return ids
}

// PersonIDs returns the ids of all people, in org file order.
func (o *Org) PersonIDs() []string {
	ids := make([]string, len(o.People))
	for i, p := range o.People {
		ids[i] = p.ID
	}
	return ids
}

// RegionName returns the name of region id, or id itself when there is
// no such region (a report filed in a region since removed).
func (o *Org) RegionName(id string) string {
	if r := o.Region(id); r != nil && r.Name != "" {
		return r.Name
	}
	return id
}

// PersonName returns the name of person id, or id itself when there is no
// such person; a leaver's name says they left, in lang.
func (o *Org) PersonName(id string, lang Lang) string {
	p := o.Person(id)
	switch {
	case p == nil:
		return id
	case p.Left():
		return T("person.left_name", p.Name).In(lang)
	}
	return p.Name
}

// Region returns the region with id id, or nil.
func (o *Org) Region(id string) *Region { return o.regions[id] }

// ManagedRegions returns the regions whose reports manager m reads: m's own
// region, the regions that name m among their managers and the regions of
// everyone who reports to m; none once m has left.
func (o *Org) ManagedRegions(m *Person) []string {
	var regions []string
	add := func(r string) {
		if r != "" && !slices.Contains(regions, r) {
			regions = append(regions, r)
		}
	}
	if m.Left() {
		return nil
	}
	if m.Has(RoleManager) {
		add(m.Region)
	}
	for _, r := range o.Regions {
		if slices.Contains(r.Managers, m.ID) {
			add(r.ID)
		}
	}
	for _, p := range o.People {
		if p.Manager == m.ID && !p.Left() {
			add(p.Region)
		}
	}
	return regions
}

// ChannelDestinations returns where a post to the named channel goes on
// each of the given platforms: an org channel (ChannelMarketing,
// ChannelManagers) or a region's channel (by region id).
func (o *Org) ChannelDestinations(name string, platforms []Platform) []Destination {
	var acc Accounts
	if a, ok := o.Channels[name]; ok {
		acc = a
	} else if r := o.Region(name); r != nil {
		acc = r.Channels
	} else {
		return nil
	}
	var out []Destination
	for _, p := range platforms {
		id := acc.On(p)
		if o.byID[p] {
			id = name
		}
		if id != "" {
			out = append(out, Destination{Platform: p, Channel: true, ID: id, Name: name})
		}
	}
	return out
}

// Unreached returns the platforms, of those given, on which the named
// channel (an org channel or a region's) has no id: a post to it there
// would go nowhere.
func (o *Org) Unreached(name string, platforms []Platform) []Platform {
	var acc Accounts
	if a, ok := o.Channels[name]; ok {
		acc = a
	} else if r := o.Region(name); r != nil {
		acc = r.Channels
	}
	var out []Platform
	for _, p := range platforms {
		if !o.byID[p] && acc.On(p) == "" {
			out = append(out, p)
		}
	}
	return out
}

// PersonDestination returns where a direct message to person id goes: the
// first of platforms on which the person has an account. ok is false when
// there is none (or no such person, or they have left).
func (o *Org) PersonDestination(id string, platforms []Platform) (d Destination, ok bool) {
	p := o.Person(id)
	if p == nil || p.Left() {
		return Destination{}, false
	}
	for _, pl := range platforms {
		addr := p.Accounts.On(pl)
		if o.byID[pl] {
			addr = p.ID
		}
		if addr != "" {
			return Destination{Platform: pl, ID: addr, Name: p.ID}, true
		}
	}
	return Destination{}, false
}

// Warnings are the thresholds of the early warnings, from the org file's
// warnings: (see DefaultWarnings).
type Warnings struct {
	// SalesBelow: month-to-date sales below this share of the pro-rated
	// monthly target, in hundredths of a percent (7000 is 70%), after day
	// AfterDay of the month.
	SalesBelow int64
	AfterDay   int
	// NegativeCustomers negative customer reports in one region within
	// NegativeDays days.
	NegativeCustomers int
	NegativeDays      int
}

// DefaultWarnings are the thresholds of the issue that asked for them:
// 70% after the 10th; 3 negative reports in 7 days.
var DefaultWarnings = Warnings{SalesBelow: 7000, AfterDay: 10, NegativeCustomers: 3, NegativeDays: 7}
