package orgfile

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/value"
	"go.yaml.in/yaml/v3"
)

// The keys each part of the file may hold.
var (
	topKeys     = []string{"timezone", "language", "currency", "channels", "regions", "people", "holidays", "warnings", "unknown_names"}
	channelKeys = []string{bot.ChannelMarketing, bot.ChannelManagers}
	regionKeys  = []string{"id", "name", "channels", "calendar_token", "managers", "holidays"}
	// personKeys are a person's keys, before the platforms' (see
	// parser.personKeys).
	personKeys = []string{"id", "name", "roles", "region", "manager", "language", "timezone", "left"}
)

var (
	idPattern = regexp.MustCompile(`^[a-z0-9_-]{1,32}$`)
	feedToken = regexp.MustCompile(`^[A-Za-z0-9_-]{16,}$`)
)

// accountKeys are the platforms' keys, in order.
func (p *parser) accountKeys() []string {
	keys := make([]string, len(p.platforms))
	for i, pl := range p.platforms {
		keys[i] = string(pl.Platform)
	}
	return keys
}

// personKeys are the keys a person may have: theirs, then an id on each
// platform, then their language and zone.
func (p *parser) personKeys() []string {
	keys := slices.Clone(personKeys[:5])
	return append(append(keys, p.accountKeys()...), personKeys[5:]...)
}

// regionEntry is a decoded region with the mapping it came from.
type regionEntry struct {
	bot.Region
	m mapping
}

func (r *regionEntry) source() (string, mapping) { return r.ID, r.m }

// personEntry is a decoded person with the mapping it came from.
type personEntry struct {
	bot.Person
	m mapping
}

func (e *personEntry) source() (string, mapping) { return e.ID, e.m }

// org decodes the top-level mapping, checks how its parts refer to each
// other, and builds the Org; nil when anything was wrong.
func (p *parser) org(root *yaml.Node) *bot.Org {
	top, ok := p.mapping(root, "", topKeys, "a mapping with keys such as timezone, regions and people")
	if !ok {
		return nil
	}
	loc, _ := p.location(top, "timezone")
	// A leaving day is a day in the org's zone.
	p.loc = loc
	if p.loc == nil {
		p.loc = time.UTC
	}
	lang := p.language(top)
	currency := p.currency(top)
	channels := p.channels(top)
	regions := p.regions(top)
	people, complete := p.people(top)
	holidays := p.holidays(top)
	warnings := p.warnings(top)
	names := p.namePolicies(top)
	p.check(regions, people, complete)
	if len(p.errs) > 0 {
		return nil
	}
	if loc == nil {
		loc = time.UTC
	}
	org := bot.NewOrg(loc, lang, channels, plain(regions, func(r *regionEntry) bot.Region { return r.Region }),
		plain(people, func(e *personEntry) bot.Person { return e.Person }))
	org.Holidays = holidays
	org.Warnings = warnings
	org.Currency = currency
	org.NamePolicies = names
	return org
}

func plain[E, T any](entries []E, get func(E) T) []T {
	out := make([]T, len(entries))
	for i, e := range entries {
		out[i] = get(e)
	}
	return out
}

// location reads the IANA time zone at key; nil and "" when absent.
func (p *parser) location(m mapping, key string) (*time.Location, string) {
	name := p.text(m, key, false)
	if name == "" {
		return nil, ""
	}
	loc, err := time.LoadLocation(name)
	// "Local" is whatever the server runs in, which the org file cannot know.
	if err != nil || name == "Local" {
		p.fieldf(m, key, "unknown time zone %q; use an IANA name such as Asia/Shanghai or UTC", name)
		return nil, ""
	}
	return loc, name
}

// language reads the language key of m; "" when absent.
func (p *parser) language(m mapping) bot.Lang {
	s := p.text(m, "language", false)
	if s == "" {
		return ""
	}
	lang, ok := bot.ParseLang(s)
	if !ok {
		p.fieldf(m, "language", "unknown language %q; use en or zh", s)
	}
	return lang
}

// currency reads the ISO 4217 code of the org's currency, in any case;
// value.DefaultCurrency when absent. A currency's mark or name (RMB, 人民币)
// is refused with its code.
func (p *parser) currency(m mapping) string {
	typed := p.text(m, "currency", false)
	code := strings.ToUpper(typed)
	switch c := value.CurrencyOf(typed); {
	case typed == "":
		return value.DefaultCurrency
	case value.KnownCurrency(code):
		return code
	case c != "":
		p.fieldf(m, "currency", "unknown currency %q; use an ISO 4217 code: %s for %s", typed, c, typed)
	default:
		codes := value.Currencies()
		p.fieldf(m, "currency", "unknown currency %q; use an ISO 4217 code: %s or %s", typed,
			strings.Join(codes[:len(codes)-1], ", "), codes[len(codes)-1])
	}
	return ""
}

// channels reads the org's own channels (marketing, managers).
func (p *parser) channels(top mapping) map[string]bot.Accounts {
	chans := map[string]bot.Accounts{}
	n := top.values["channels"]
	if n == nil {
		return chans
	}
	m, ok := p.mapping(n, "channels", channelKeys, "a mapping of the marketing and managers channels")
	if !ok {
		return chans
	}
	for _, name := range channelKeys {
		if c := m.values[name]; c != nil {
			chans[name] = p.channelAccounts(c, join("channels", name))
		}
	}
	return chans
}

// channelAccounts reads a channel's ids, under each platform's name: {PLATFORM: C0MKT, …}.
func (p *parser) channelAccounts(n *yaml.Node, path string) bot.Accounts {
	examples := make([]string, len(p.platforms))
	for i, pl := range p.platforms {
		examples[i] = string(pl.Platform) + ": " + pl.Example
	}
	m, ok := p.mapping(n, path, p.accountKeys(), "a mapping like {"+strings.Join(examples, ", ")+"}")
	if !ok {
		return bot.Accounts{}
	}
	return p.accounts(m, false)
}

// accounts reads the platforms' keys of m, a person's (user) or a
// channel's, each checked by its platform. An invalid id is reported and
// left out. A number is accepted as the id it spells, since YAML reads an
// unquoted id as one; the message then shows it as it was typed.
func (p *parser) accounts(m mapping, user bool) bot.Accounts {
	acc := bot.Accounts{}
	for _, pl := range p.platforms {
		key := string(pl.Platform)
		id := p.text(m, key, false)
		if id == "" {
			continue
		}
		wrong := ""
		if pl.Check != nil {
			wrong = pl.Check(id, user)
		}
		if wrong == "" {
			acc[pl.Platform] = id
			continue
		}
		shown := id
		if m.values[key].ShortTag() == "!!str" {
			shown = fmt.Sprintf("%q", id)
		}
		p.fieldf(m, key, "%s %s", shown, wrong)
	}
	return acc
}

// id reads and checks the id key of m. A malformed id is still returned, so
// that references to it are not reported as unknown too.
func (p *parser) id(m mapping) string {
	id := p.text(m, "id", true)
	if id != "" && !idPattern.MatchString(id) {
		p.fieldf(m, "id", `%q is not a valid id: use at most 32 lowercase letters, digits, "-" or "_"`, id)
	}
	return id
}

func (p *parser) regions(top mapping) []*regionEntry {
	items, _ := p.list(top, "regions", "- {id: east, name: East China}")
	var regions []*regionEntry
	for i, n := range items {
		m, ok := p.mapping(n, fmt.Sprintf("regions[%d]", i), regionKeys, "a region such as {id: east, name: East China}")
		if ok {
			regions = append(regions, p.region(m))
		}
	}
	return regions
}

func (p *parser) region(m mapping) *regionEntry {
	r := &regionEntry{m: m, Region: bot.Region{ID: p.id(m), Name: p.text(m, "name", true)}}
	// bot.Org.ChannelDestinations looks a name up among the org's channels
	// before the regions, so such a region could not be reached.
	if slices.Contains(channelKeys, r.ID) {
		p.fieldf(m, "id", "%q is the name of an org channel; choose another region id", r.ID)
	}
	if c := m.values["channels"]; c != nil {
		r.Channels = p.channelAccounts(c, join(m.path, "channels"))
	}
	r.CalendarToken = p.calendarToken(m)
	r.Managers = p.idList(m, "managers", "managers: [max]")
	r.Holidays = p.holidays(m)
	return r
}

// idList reads a list of ids at key, none twice; whom they name is
// checked once everyone is read.
func (p *parser) idList(m mapping, key, example string) []string {
	items, _ := p.list(m, key, example)
	var ids []string
	for i, n := range items {
		path := fmt.Sprintf("%s[%d]", join(m.path, key), i)
		id := strings.TrimSpace(n.Value)
		switch {
		case n.Kind != yaml.ScalarNode || id == "":
			p.errorf(n, path, "expected an id, found %s", describe(n))
		case slices.Contains(ids, id):
			p.errorf(n, path, "%q is listed twice", id)
		default:
			ids = append(ids, id)
		}
	}
	return ids
}

// calendarToken reads a region's calendar_token, the secret of its
// calendar feed. The message never shows the value, which is a secret.
func (p *parser) calendarToken(m mapping) string {
	tok := p.text(m, "calendar_token", false)
	if tok == "" || feedToken.MatchString(tok) {
		return tok
	}
	what := `has a character that is not a letter, a digit, "-" or "_"`
	if n := len([]rune(tok)); n < 16 {
		what = fmt.Sprintf("is %d characters long", n)
	}
	p.fieldf(m, "calendar_token", `the token %s; it must be at least 16 characters, each a letter, a digit, "-" or "_". `+
		`Leave it out and fieldloop makes one, or make one with: head -c 24 /dev/urandom | base64 | tr '+/' '-_'`, what)
	return ""
}

// people decodes the people list; complete is false when some item was not
// a person at all, so that checks over everyone can hold back.
func (p *parser) people(top mapping) (people []*personEntry, complete bool) {
	items, ok := p.list(top, "people", "- {id: alice, name: Alice Wang, roles: [rep]}")
	if ok && len(items) == 0 {
		p.fieldf(top, "people", "at least one person is required")
	}
	for i, n := range items {
		m, ok := p.mapping(n, fmt.Sprintf("people[%d]", i), p.personKeys(), "a person such as {id: alice, name: Alice Wang, roles: [rep]}")
		if ok {
			people = append(people, p.person(m))
		}
	}
	return people, ok && len(people) == len(items)
}

func (p *parser) person(m mapping) *personEntry {
	e := &personEntry{m: m}
	e.ID = p.id(m)
	e.Name = p.text(m, "name", true)
	e.Roles = p.roles(m)
	e.Region = p.text(m, "region", false)
	e.Manager = p.text(m, "manager", false)
	e.Lang = p.language(m)
	_, e.Timezone = p.location(m, "timezone")
	e.Accounts = p.accounts(m, true)
	e.LeftAt = p.left(m)
	return e
}

// left reads the day (in the org's zone) or the time (RFC 3339) a person
// left the company; zero when they have not.
func (p *parser) left(m mapping) time.Time {
	s := p.text(m, "left", false)
	if s == "" {
		return time.Time{}
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, p.loc); err == nil {
		return t
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		p.fieldf(m, "left", "%q is not a date like 2026-12-01 or a time like 2026-12-01T18:00:00+08:00", s)
	}
	return t
}

var roleNames = plain(bot.Roles, func(r bot.Role) string { return string(r) })

// roles reads a person's roles: at least one, each known, none twice.
func (p *parser) roles(m mapping) []bot.Role {
	items, ok := p.list(m, "roles", "roles: [rep]")
	if ok && len(items) == 0 {
		p.fieldf(m, "roles", "at least one role is required (%s)", known(roleNames))
	}
	var roles []bot.Role
	for i, n := range items {
		path := fmt.Sprintf("%s.roles[%d]", m.path, i)
		if n.Kind != yaml.ScalarNode {
			p.errorf(n, path, "expected a role, found %s", describe(n))
			continue
		}
		r := bot.Role(strings.TrimSpace(n.Value))
		switch {
		case !slices.Contains(bot.Roles, r):
			p.errorf(n, path, "unknown role %q%s", r, hint(string(r), roleNames))
		case slices.Contains(roles, r):
			p.errorf(n, path, "role %q is listed twice", r)
		default:
			roles = append(roles, r)
		}
	}
	return roles
}
