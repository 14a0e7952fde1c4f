package commands

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/fieldloop/fieldloop/bot"
)

// request reads the number of a join request and loads it, pending.
func (c *teamCmd) request(ctx context.Context, req *bot.Request, args []bot.Arg, example string) (*bot.JoinRequest, []bot.Arg, error) {
	if len(args) == 0 || args[0].Pair {
		return nil, nil, bot.Errorf(bot.EINVALID, "error.join.which", example)
	}
	id, ok := bot.ParseID(args[0].Value)
	if !ok {
		return nil, nil, bot.Errorf(bot.EINVALID, "error.join.which", example)
	}
	r, err := c.joins.JoinRequest(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if r.Status != bot.JoinPending {
		return nil, nil, bot.Errorf(bot.ECONFLICT, "error.join."+string(r.Status), bot.FormatID(r.ID), req.Org.PersonName(r.DecidedBy, req.Lang))
	}
	if !req.Person.Has(bot.RoleAdmin) && (r.Region == "" || !slices.Contains(req.Org.ManagedRegions(req.Person), r.Region)) {
		return nil, nil, bot.Errorf(bot.EPERMISSION, "error.join.not_yours", bot.FormatID(r.ID))
	}
	return r, args[1:], nil
}

// approve lets the requester in: as a rep of the region they asked for
// unless the options say otherwise, with an id and name made from what
// the platform calls them unless given. Without a region to put them in,
// it asks for one.
func (c *teamCmd) approve(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	r, args, err := c.request(ctx, req, args, "/team approve 3 region=east")
	if err != nil {
		return nil, err
	}
	example := fmt.Sprintf("/team approve %d region=east roles=rep", r.ID)
	opts, errs := options(args, c.known(personFields), example)
	if len(errs) > 0 {
		return nil, errs
	}
	if opts["region"] == "" && r.Region == "" {
		return nil, bot.FieldError("region", "error.join.region", bot.FormatID(r.ID), regionList(req.Org), example)
	}
	p := c.newcomer(req.Org, r)
	if errs := c.set(req, &p, opts); len(errs) > 0 {
		return nil, errs
	}
	if other := req.Org.PersonOn(r.Platform, r.UserID); other != nil {
		return nil, bot.Errorf(bot.ECONFLICT, "error.join.member", bot.FormatID(r.ID), other.Name)
	}
	if err := c.mayChange(req, nil, &p); err != nil {
		return nil, err
	}
	reply, err := c.add(ctx, req, personArgs(p))
	if err != nil {
		return nil, err
	}
	org := c.team.Live.Load()
	var msgs []*bot.Message
	if d, ok := org.PersonDestination(p.ID, c.join.platforms); ok {
		msgs = append(msgs, &bot.Message{To: d, Text: bot.T("join.approved", p.Name).In(c.join.lang(ctx, org.Person(p.ID)))})
	}
	if _, err := c.joins.DecideJoin(ctx, r.ID, bot.JoinApproved, req.Person.ID, p.ID, msgs); err != nil {
		return nil, err
	}
	return reply, nil
}

// personArgs writes p as the options of /team add, so that an approval
// adds someone exactly as /team add would.
func personArgs(p bot.Person) []bot.Arg {
	roles := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		roles[i] = string(r)
	}
	args := []bot.Arg{{Key: "id", Value: p.ID, Pair: true}, {Key: "name", Value: p.Name, Pair: true},
		{Key: "roles", Value: strings.Join(roles, ","), Pair: true}}
	for k, v := range map[string]string{"region": p.Region, "manager": p.Manager, "language": string(p.Lang), "timezone": p.Timezone} {
		if v != "" {
			args = append(args, bot.Arg{Key: k, Value: v, Pair: true})
		}
	}
	for pl, id := range p.Accounts {
		args = append(args, bot.Arg{Key: string(pl), Value: id, Pair: true})
	}
	return args
}

// newcomer is who a request makes: a rep of the region asked for, named
// as the platform names them, with their account.
func (c *teamCmd) newcomer(org *bot.Org, r *bot.JoinRequest) bot.Person {
	p := bot.Person{Name: r.UserName, Roles: []bot.Role{bot.RoleRep}, Region: r.Region, Lang: r.Lang, Accounts: bot.Accounts{}}
	if p.Name == "" {
		p.Name = r.UserID
	}
	if org.AddressesByID(r.Platform) {
		p.ID = r.UserID // the platform knows people by their fieldloop id
		return p
	}
	p.Accounts[r.Platform] = r.UserID
	p.ID = freeID(org, slug(r.UserName), slug(r.UserID))
	return p
}

var notID = regexp.MustCompile(`[^a-z0-9_-]+`)

// slug makes an id of a name: lowercase letters, digits, - and _; "" when
// nothing is left (a name in Chinese).
func slug(s string) string {
	s = strings.Trim(notID.ReplaceAllString(strings.ToLower(strings.TrimSpace(s)), "_"), "_-")
	if len(s) > 28 {
		s = s[:28]
	}
	return s
}

// freeID returns the first of the candidates that is nobody's id yet,
// numbered when each is taken.
func freeID(org *bot.Org, candidates ...string) string {
	for _, c := range candidates {
		if c == "" {
			continue
		}
		for n := 1; n < 100; n++ {
			id := c
			if n > 1 {
				id = fmt.Sprintf("%s_%d", c, n)
			}
			if org.Person(id) == nil {
				return id
			}
		}
	}
	return ""
}

// deny turns a request down and tells the requester.
func (c *teamCmd) deny(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	r, _, err := c.request(ctx, req, args, "/team deny 3")
	if err != nil {
		return nil, err
	}
	to := bot.Destination{Platform: r.Platform, ID: r.UserID, Name: r.UserID}
	lang := r.Lang
	if lang == "" {
		lang = req.Org.Language
	}
	msgs := []*bot.Message{{To: to, Text: bot.T("join.denied").In(lang)}}
	if _, err := c.joins.DecideJoin(ctx, r.ID, bot.JoinDenied, req.Person.ID, "", msgs); err != nil {
		return nil, err
	}
	return &bot.Reply{Text: req.T("join.denied_done", bot.FormatID(r.ID), requester(req, r))}, nil
}

// requests lists the pending requests req's person may decide on.
func (c *teamCmd) requests(ctx context.Context, req *bot.Request) (*bot.Reply, error) {
	all, err := c.joins.JoinRequests(ctx)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, r := range all {
		if req.Person.Has(bot.RoleAdmin) || r.Region != "" && slices.Contains(req.Org.ManagedRegions(req.Person), r.Region) {
			line := bot.FormatID(r.ID) + " · " + requester(req, r)
			if r.Region != "" {
				line += " · " + regionName(req.Org, r.Region)
			}
			lines = append(lines, "• "+line)
		}
	}
	if len(lines) == 0 {
		return &bot.Reply{Text: req.T("join.none")}, nil
	}
	return &bot.Reply{Text: req.T("join.list") + "\n" + strings.Join(lines, "\n")}, nil
}

// requester names who asked: their name on the platform and account.
func requester(req *bot.Request, r *bot.JoinRequest) string {
	if r.UserName == "" {
		return r.UserID
	}
	return req.T("field.name", bot.FoldLines(r.UserName), r.UserID)
}
