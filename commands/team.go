package commands

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/team"
	"github.com/fieldloop/fieldloop/value"
)

// Team returns /team: the people and regions of the live organisation,
// listed, shown, added, edited, removed (a leaver is kept, marked) and
// restored, with their history. Admins change everything; a manager
// changes the reps of the regions they manage, and never anyone's roles.
func Team(t *team.Team, joins bot.JoinStore, platforms []bot.Platform, lang func(context.Context, *bot.Person) bot.Lang) bot.Command {
	c := &teamCmd{team: t, joins: joins, join: &joinCmd{store: joins, platforms: platforms, lang: lang}}
	return bot.Command{Name: "team", Options: bot.FreeText(), Run: c.run}
}

type teamCmd struct {
	team  *team.Team
	joins bot.JoinStore
	join  *joinCmd // its platforms and languages, for the answers to requests
}

// personFields are what /team add and edit set on a person, besides the
// platforms' accounts, whose keys are the platforms' names.
var personFields = []string{"id", "name", "roles", "region", "manager", "language", "timezone"}

// regionFields are what /team region add and edit set.
var regionFields = []string{"id", "name", "managers", "holidays"}

func (c *teamCmd) run(ctx context.Context, req *bot.Request) (*bot.Reply, error) {
	args, err := bot.ParseArgs(req.Text)
	if err != nil {
		return nil, err
	}
	sub, args := subcommand(args)
	if sub == "region" {
		return c.region(ctx, req, args)
	}
	if err := c.mayRead(req); err != nil {
		return nil, err
	}
	switch sub {
	case "", "list":
		return c.list(req, args)
	case "show":
		return c.show(req, args)
	case "add":
		return c.add(ctx, req, args)
	case "edit":
		return c.edit(ctx, req, args)
	case "remove", "rm":
		return c.leave(ctx, req, args, true)
	case "restore":
		return c.leave(ctx, req, args, false)
	case "history":
		return c.history(ctx, req, args)
	case "approve":
		return c.approve(ctx, req, args)
	case "deny":
		return c.deny(ctx, req, args)
	case "requests":
		return c.requests(ctx, req)
	}
	return nil, bot.Errorf(bot.EINVALID, "error.team.sub", bot.Echo(sub))
}

// subcommand splits off the first bare word of args, lowercased.
func subcommand(args []bot.Arg) (string, []bot.Arg) {
	if len(args) > 0 && !args[0].Pair {
		return strings.ToLower(args[0].Value), args[1:]
	}
	return "", args
}

// mayRead refuses whoever neither administers nor manages.
func (c *teamCmd) mayRead(req *bot.Request) error {
	if req.Person.Has(bot.RoleAdmin) || len(req.Org.ManagedRegions(req.Person)) > 0 {
		return nil
	}
	return bot.Errorf(bot.EPERMISSION, "error.team.permission")
}

// mayChange refuses a change to person p (as it is before and after the
// change; before is nil for someone new) by anyone but an admin, or a
// manager of the regions of a rep, before and after, who leaves roles as
// they are (a manager adds reps only).
func (c *teamCmd) mayChange(req *bot.Request, before, after *bot.Person) error {
	me := req.Person
	if me.Has(bot.RoleAdmin) {
		return nil
	}
	managed := req.Org.ManagedRegions(me)
	for _, p := range []*bot.Person{before, after} {
		if p != nil && (!slices.Contains(managed, p.Region) || p.ID == me.ID) {
			return bot.Errorf(bot.EPERMISSION, "error.team.not_yours", p.ID, bot.List(managed))
		}
	}
	roles := []bot.Role{bot.RoleRep}
	if before != nil {
		roles = before.Roles
	}
	if !slices.Equal(roles, after.Roles) {
		return bot.Errorf(bot.EPERMISSION, "error.team.roles")
	}
	return nil
}

// visible reports whether req's person may see p.
func visible(req *bot.Request, p *bot.Person) bool {
	return req.Person.Has(bot.RoleAdmin) || slices.Contains(req.Org.ManagedRegions(req.Person), p.Region)
}

// list lists the people req's person may see, filtered by region=, role=,
// and the leavers instead with "left".
func (c *teamCmd) list(req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	var left bool
	var pairs []bot.Arg
	for _, a := range args {
		if !a.Pair && bot.Match(a.Value, "value.", []string{"left"}) == "left" {
			left = true
			continue
		}
		pairs = append(pairs, a)
	}
	opts, errs := options(pairs, []string{"region", "role"}, "/team list region=east role=rep")
	if len(errs) > 0 {
		return nil, errs
	}
	if r := opts["region"]; r != "" && req.Org.Region(r) == nil {
		return nil, bot.FieldError("region", "error.region.unknown", bot.Echo(r), regionList(req.Org))
	}
	role, err := parseRole(opts["role"])
	if err != nil {
		return nil, err
	}
	var lines []string
	for i := range req.Org.People {
		p := &req.Org.People[i]
		switch {
		case p.Left() != left, !visible(req, p),
			opts["region"] != "" && p.Region != opts["region"],
			role != "" && !p.Has(role):
			continue
		}
		lines = append(lines, "• "+personLine(req, p))
	}
	if len(lines) == 0 {
		return &bot.Reply{Text: req.T("team.list_none")}, nil
	}
	head := req.T("team.list", len(lines))
	if left {
		head = req.T("team.list_left", len(lines))
	}
	return &bot.Reply{Text: head + "\n" + strings.Join(lines, "\n")}, nil
}

// parseRole reads a role by its key or its name in either language; ""
// for none.
func parseRole(s string) (bot.Role, *bot.Error) {
	if s == "" {
		return "", nil
	}
	keys := roleKeys()
	if k := bot.Match(s, "role.", keys); k != "" {
		return bot.Role(k), nil
	}
	return "", bot.FieldError("roles", "team.error.role", bot.Echo(s), bot.NameList("role.", keys))
}

func roleKeys() []string {
	keys := make([]string, len(bot.Roles))
	for i, r := range bot.Roles {
		keys[i] = string(r)
	}
	return keys
}

// personLine is one person on a line: name (id) · roles · region ·
// manager, and when they left.
func personLine(req *bot.Request, p *bot.Person) string {
	parts := []string{req.T("field.name", p.Name, p.ID), roleNames(req, p.Roles)}
	if p.Region != "" {
		parts = append(parts, regionName(req.Org, p.Region))
	}
	if p.Manager != "" {
		parts = append(parts, req.T("team.manager_of", req.Org.PersonName(p.Manager, req.Lang)))
	}
	if p.Left() {
		parts = append(parts, req.T("team.left_on", localTime(req, p.LeftAt)))
	}
	return strings.Join(parts, " · ")
}

func roleNames(req *bot.Request, roles []bot.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = req.T("role." + string(r))
	}
	return bot.JoinList(req.Lang, names)
}

// person finds the one person args name, who req's person may see.
func (c *teamCmd) person(req *bot.Request, args []bot.Arg, example string) (*bot.Person, []bot.Arg, error) {
	if len(args) == 0 || args[0].Pair {
		return nil, nil, bot.Errorf(bot.EINVALID, "error.team.who", example)
	}
	p := req.Org.Person(args[0].Value)
	if p == nil || !visible(req, p) {
		return nil, nil, bot.Errorf(bot.ENOTFOUND, "error.person.unknown", bot.Echo(args[0].Value))
	}
	return p, args[1:], nil
}

// show shows one person whole.
func (c *teamCmd) show(req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	p, _, err := c.person(req, args, "/team show li_lei")
	if err != nil {
		return nil, err
	}
	lines := []string{personLine(req, p)}
	if p.Lang != "" {
		lines = append(lines, req.T("whoami.lang", req.T("lang.name."+string(p.Lang))))
	}
	lines = append(lines, req.T("whoami.zone", req.Org.Zone(p).String()))
	for _, pl := range c.platforms() {
		if id := p.Accounts.On(pl); id != "" {
			lines = append(lines, req.T("team.account", bot.PlatformName(pl), id))
		}
	}
	if !p.UpdatedAt.IsZero() {
		lines = append(lines, req.T("team.updated", localTime(req, p.UpdatedAt)))
	}
	return &bot.Reply{Text: strings.Join(lines, "\n")}, nil
}

// platforms are the platforms whose accounts /team sets.
func (c *teamCmd) platforms() []bot.Platform {
	out := make([]bot.Platform, len(c.team.Platforms))
	for i, p := range c.team.Platforms {
		out[i] = p.Platform
	}
	return out
}

// known are the fields of a person, and the platforms' accounts.
func (c *teamCmd) known(fields []string) []string {
	out := slices.Clone(fields)
	for _, p := range c.platforms() {
		out = append(out, string(p))
	}
	return out
}

// add adds a person.
func (c *teamCmd) add(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	const example = `/team add id=li_lei name="Li Lei" roles=rep region=east`
	opts, errs := options(args, c.known(personFields), example)
	if len(errs) > 0 {
		return nil, errs
	}
	if opts["id"] == "" {
		return nil, bot.FieldError("id", "error.team.id_needed", example)
	}
	if req.Org.Person(opts["id"]) != nil {
		return nil, bot.FieldError("id", "error.team.exists", bot.Echo(opts["id"]))
	}
	p := bot.Person{ID: opts["id"], Accounts: bot.Accounts{}, Roles: []bot.Role{bot.RoleRep}}
	edit := func(regions []bot.Region, people []bot.Person) ([]bot.Region, []bot.Person, error) {
		if slices.ContainsFunc(people, func(q bot.Person) bool { return q.ID == p.ID }) {
			return nil, nil, bot.FieldError("id", "error.team.exists", bot.Echo(p.ID))
		}
		return regions, append(people, p), nil
	}
	if errs := c.set(req, &p, opts); len(errs) > 0 {
		return nil, append(errs, c.team.Problems(edit)...)
	}
	if err := c.mayChange(req, nil, &p); err != nil {
		return nil, err
	}
	changes, err := c.team.Change(ctx, req.Person.ID, edit)
	if err != nil {
		return nil, err
	}
	return c.done(req, changes)
}

// set applies the options to p: each field as the user typed it, checked
// further by team.Check when the change is made. It returns what it could
// not read, and sets the rest.
func (c *teamCmd) set(req *bot.Request, p *bot.Person, opts map[string]string) bot.FieldErrors {
	var errs bot.FieldErrors
	for key, v := range opts {
		v = value.CleanText(v, false)
		clear := v == "-"
		if clear {
			v = ""
		}
		switch key {
		case "id":
		case "name":
			p.Name = v
		case "roles":
			p.Roles = nil
			for _, s := range splitList(v) {
				r, err := parseRole(s)
				if err != nil {
					errs = append(errs, err)
				} else if !slices.Contains(p.Roles, r) {
					p.Roles = append(p.Roles, r)
				}
			}
		case "region":
			p.Region = v
		case "manager":
			if m := req.Org.Person(v); m != nil && m.Left() {
				errs = append(errs, bot.FieldError("manager", "team.error.manager_left", m.ID))
			}
			p.Manager = v
		case "language":
			l, ok := bot.ParseLang(v)
			if !ok && !clear {
				errs = append(errs, bot.FieldError("language", "error.lang", bot.Echo(v)))
			}
			p.Lang = l
		case "timezone":
			p.Timezone = v
		default: // an account
			p.Accounts[bot.Platform(key)] = v
		}
	}
	return errs
}

// edit changes a person's fields.
func (c *teamCmd) edit(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	const example = "/team edit li_lei region=north"
	before, args, err := c.person(req, args, example)
	if err != nil {
		return nil, err
	}
	opts, errs := options(args, c.known(personFields[1:]), example)
	if len(errs) > 0 {
		return nil, errs
	}
	if len(opts) == 0 {
		return nil, bot.Errorf(bot.EINVALID, "error.team.nothing", example)
	}
	after := before.Clone()
	if after.Accounts == nil {
		after.Accounts = bot.Accounts{}
	}
	if errs := c.set(req, &after, opts); len(errs) > 0 {
		return nil, errs
	}
	return c.replace(ctx, req, before, after)
}

// replace saves after in the place of before, if req's person may.
func (c *teamCmd) replace(ctx context.Context, req *bot.Request, before *bot.Person, after bot.Person) (*bot.Reply, error) {
	if err := c.mayChange(req, before, &after); err != nil {
		return nil, err
	}
	if err := c.taken(req, &after); err != nil {
		return nil, err
	}
	changes, err := c.team.Change(ctx, req.Person.ID, func(regions []bot.Region, people []bot.Person) ([]bot.Region, []bot.Person, error) {
		i := slices.IndexFunc(people, func(q bot.Person) bool { return q.ID == after.ID })
		if i < 0 {
			return nil, nil, bot.Errorf(bot.ENOTFOUND, "error.person.unknown", after.ID)
		}
		people[i] = after
		return regions, people, nil
	})
	if err != nil {
		return nil, err
	}
	return c.done(req, changes)
}

// taken refuses an account of p that someone else in the company holds,
// naming them. team.Check finds it too, but names whichever of the two
// comes first in the organisation, who may be p.
func (c *teamCmd) taken(req *bot.Request, p *bot.Person) error {
	var errs bot.FieldErrors
	for _, pl := range c.platforms() {
		id := p.Accounts.On(pl)
		if owner := req.Org.PersonOn(pl, id); id != "" && owner != nil && owner.ID != p.ID && !owner.Left() {
			errs = append(errs, bot.FieldError(string(pl), "team.error.account_twice", bot.PlatformName(pl), id, owner.ID))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// leave marks a person as left (or back, when !leaving).
func (c *teamCmd) leave(ctx context.Context, req *bot.Request, args []bot.Arg, leaving bool) (*bot.Reply, error) {
	example := "/team remove li_lei"
	if !leaving {
		example = "/team restore li_lei"
	}
	before, _, err := c.person(req, args, example)
	if err != nil {
		return nil, err
	}
	gapsBefore := c.team.Gaps(ctx, req.Org)
	switch {
	case leaving && before.Left():
		return nil, bot.Errorf(bot.ECONFLICT, "error.team.left_already", before.Name)
	case !leaving && !before.Left():
		return nil, bot.Errorf(bot.ECONFLICT, "error.team.not_left", before.Name)
	case leaving && before.ID == req.Person.ID:
		return nil, bot.Errorf(bot.EINVALID, "error.team.self")
	}
	after := before.Clone()
	after.LeftAt = time.Time{}
	if leaving {
		after.LeftAt = req.Time
	}
	reply, err := c.replace(ctx, req, before, after)
	if err != nil || !leaving {
		return reply, err
	}
	if gaps := team.New(gapsBefore, c.team.Gaps(ctx, c.team.Live.Load())); len(gaps) > 0 {
		reply.Text += "\n" + req.T("team.gaps") + "\n• " + strings.Join(gapTexts(req, gaps), "\n• ")
	}
	return reply, nil
}

// gapTexts renders what a change left without a manager.
func gapTexts(req *bot.Request, gaps []team.Gap) []string {
	out := make([]string, len(gaps))
	for i, g := range gaps {
		out[i] = g.Text.In(req.Lang)
	}
	return out
}

// done answers a change with what changed.
func (c *teamCmd) done(req *bot.Request, changes []*bot.OrgChange) (*bot.Reply, error) {
	if len(changes) == 0 {
		return &bot.Reply{Text: req.T("team.unchanged")}, nil
	}
	now := *req // the names as they are after the change
	now.Org = c.team.Live.Load()
	lines := make([]string, len(changes))
	for i, ch := range changes {
		lines[i] = changeText(&now, ch)
	}
	return &bot.Reply{Text: strings.Join(lines, "\n")}, nil
}

// changeText is one change on a line: what happened to whom, and each
// field before → after.
func changeText(req *bot.Request, ch *bot.OrgChange) string {
	var name string
	switch ch.Subject {
	case bot.SubjectPerson:
		name = req.Org.PersonName(ch.ID, req.Lang)
		if p := req.Org.Person(ch.ID); p != nil {
			name = req.T("field.name", p.Name, p.ID)
		}
	case bot.SubjectRegion:
		name = req.T("field.name", req.Org.RegionName(ch.ID), ch.ID)
	default:
		name = req.T("team.settings")
	}
	s := req.T("team.change."+ch.Action, name)
	var fields []string
	for _, f := range ch.Fields {
		from, to := f.From, f.To
		if from == "" {
			from = "—"
		}
		if to == "" {
			to = "—"
		}
		if ch.Action == bot.ChangeAdd {
			fields = append(fields, req.T("team.field_set", f.Field, bot.Echo(to)))
			continue
		}
		fields = append(fields, req.T("team.field_changed", f.Field, bot.Echo(from), bot.Echo(to)))
	}
	if len(fields) > 0 {
		s = req.T("team.change_fields", s, strings.Join(fields, req.T("team.field_separator")))
	}
	return s
}

// historyLimit is how many changes /team history shows.
const historyLimit = 20

// history lists the latest changes, of one person or region if named.
func (c *teamCmd) history(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	id := ""
	if len(args) > 0 {
		id = args[0].Value
		p, r := req.Org.Person(id), req.Org.Region(id)
		switch {
		case p != nil && !visible(req, p), p == nil && r == nil:
			return nil, bot.Errorf(bot.ENOTFOUND, "error.person.unknown", bot.Echo(id))
		case r != nil && !req.Person.Has(bot.RoleAdmin) && !slices.Contains(req.Org.ManagedRegions(req.Person), id):
			return nil, bot.Errorf(bot.ENOTFOUND, "error.person.unknown", bot.Echo(id))
		}
	}
	changes, err := c.team.History(ctx, id, historyLimit*10)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, ch := range changes {
		if len(lines) == historyLimit {
			break
		}
		if ch.Subject == bot.SubjectPerson && !req.Person.Has(bot.RoleAdmin) {
			if p := req.Org.Person(ch.ID); p == nil || !visible(req, p) {
				continue
			}
		}
		by := req.T("team.by_file", ch.Source)
		if ch.By != "" {
			by = req.Org.PersonName(ch.By, req.Lang)
		}
		lines = append(lines, "• "+req.T("team.history_line", localTime(req, ch.At), by, changeText(req, ch)))
	}
	if len(lines) == 0 {
		return &bot.Reply{Text: req.T("team.history_none")}, nil
	}
	return &bot.Reply{Text: req.T("team.history") + "\n" + strings.Join(lines, "\n")}, nil
}

// region runs /team region add|edit|list, for admins.
func (c *teamCmd) region(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	sub, args := subcommand(args)
	if sub == "" || sub == "list" {
		if err := c.mayRead(req); err != nil {
			return nil, err
		}
		return c.regions(req)
	}
	if !req.Person.Has(bot.RoleAdmin) {
		return nil, bot.Errorf(bot.EPERMISSION, "error.team.regions")
	}
	var before *bot.Region
	example := `/team region add id=west name="West China"`
	known := c.known(regionFields)
	switch sub {
	case "add":
	case "edit":
		example = `/team region edit west managers=wang`
		if len(args) == 0 || args[0].Pair {
			return nil, bot.Errorf(bot.EINVALID, "error.team.which_region", example)
		}
		if before = req.Org.Region(args[0].Value); before == nil {
			return nil, bot.Errorf(bot.ENOTFOUND, "error.region.unknown", bot.Echo(args[0].Value), regionList(req.Org))
		}
		args, known = args[1:], known[1:]
	default:
		return nil, bot.Errorf(bot.EINVALID, "error.team.sub", bot.Echo("region "+sub))
	}
	opts, errs := options(args, known, example)
	if len(errs) > 0 {
		return nil, errs
	}
	r := bot.Region{ID: opts["id"], Channels: bot.Accounts{}}
	if before != nil {
		r = before.Clone()
		if r.Channels == nil {
			r.Channels = bot.Accounts{}
		}
	} else if r.ID == "" {
		return nil, bot.FieldError("id", "error.team.id_needed", example)
	} else if req.Org.Region(r.ID) != nil {
		return nil, bot.FieldError("id", "error.team.region_exists", bot.Echo(r.ID))
	}
	if err := setRegion(&r, opts); err != nil {
		return nil, err
	}
	changes, err := c.team.Change(ctx, req.Person.ID, func(regions []bot.Region, people []bot.Person) ([]bot.Region, []bot.Person, error) {
		i := slices.IndexFunc(regions, func(x bot.Region) bool { return x.ID == r.ID })
		switch {
		case i >= 0 && before == nil:
			return nil, nil, bot.FieldError("id", "error.team.region_exists", bot.Echo(r.ID))
		case i >= 0:
			regions[i] = r
		default:
			regions = append(regions, r)
		}
		return regions, people, nil
	})
	if err != nil {
		return nil, err
	}
	return c.done(req, changes)
}

// setRegion applies the options to r.
func setRegion(r *bot.Region, opts map[string]string) error {
	for key, v := range opts {
		v = value.CleanText(v, false)
		if v == "-" {
			v = ""
		}
		switch key {
		case "id":
		case "name":
			r.Name = v
		case "managers":
			r.Managers = splitList(v)
		case "holidays":
			days, err := holidays(v)
			if err != nil {
				return err
			}
			r.Holidays = days
		default:
			r.Channels[bot.Platform(key)] = v
		}
	}
	return nil
}

// holidays reads days and ranges of days: 2026-12-24..2026-12-26,2027-01-01.
func holidays(s string) ([]bot.DateRange, error) {
	var out []bot.DateRange
	for _, item := range splitList(s) {
		from, to, isRange := strings.Cut(item, "..")
		if !isRange {
			to = from
		}
		a, errA := time.Parse(time.DateOnly, from)
		b, errB := time.Parse(time.DateOnly, to)
		if errA != nil || errB != nil || b.Before(a) {
			return nil, bot.FieldError("holidays", "error.team.holidays", bot.Echo(item))
		}
		out = append(out, bot.DateRange{From: from, To: to})
	}
	return out, nil
}

// regions lists the regions with their managers and people.
func (c *teamCmd) regions(req *bot.Request) (*bot.Reply, error) {
	var lines []string
	for _, r := range req.Org.Regions {
		if !req.Person.Has(bot.RoleAdmin) && !slices.Contains(req.Org.ManagedRegions(req.Person), r.ID) {
			continue
		}
		n := 0
		for i := range req.Org.People {
			if p := &req.Org.People[i]; p.Region == r.ID && !p.Left() {
				n++
			}
		}
		line := req.T("team.region_line", req.T("field.name", r.Name, r.ID), n)
		if ms := team.RegionManagers(req.Org, r.ID); len(ms) > 0 {
			names := make([]string, len(ms))
			for i, m := range ms {
				names[i] = req.Org.PersonName(m, req.Lang)
			}
			line += " · " + req.T("team.manager_of", bot.JoinList(req.Lang, names))
		}
		lines = append(lines, "• "+line)
	}
	return &bot.Reply{Text: req.T("team.regions") + "\n" + strings.Join(lines, "\n")}, nil
}
