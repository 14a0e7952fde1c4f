package commands

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/value"
)

// Outlet, Customer and Product return /outlet, /customer and /product:
// the master data that reports name, listed, searched, shown, added,
// edited, removed (kept, so that reports naming them stay readable) and
// merged. Marketing and admins manage all of it; managers the outlets of
// the regions they manage; everyone reads what concerns them.
func Outlet(store bot.RecordStore) bot.Command {
	return recordCommand(store, bot.RecordOutlet)
}

// Customer returns /customer (see Outlet).
func Customer(store bot.RecordStore) bot.Command { return recordCommand(store, bot.RecordCustomer) }

// Product returns /product (see Outlet).
func Product(store bot.RecordStore) bot.Command { return recordCommand(store, bot.RecordProduct) }

func recordCommand(store bot.RecordStore, kind bot.RecordKind) bot.Command {
	c := &recordCmd{store: store, kind: kind}
	return bot.Command{Name: string(kind), Options: bot.FreeText(), Run: c.run}
}

type recordCmd struct {
	store bot.RecordStore
	kind  bot.RecordKind
}

// recordFields are what add and edit set, by kind.
var recordFields = map[bot.RecordKind][]string{
	bot.RecordOutlet:   {"id", "name", "name_alt", "aliases", "region", "owner", "customer", "address", "lat", "lon"},
	bot.RecordCustomer: {"id", "name", "name_alt", "aliases", "region"},
	bot.RecordProduct:  {"id", "name", "name_alt", "aliases", "category", "list_price"},
}

// recordListMax is how many records a list shows.
const recordListMax = 30

func (c *recordCmd) run(ctx context.Context, req *bot.Request) (*bot.Reply, error) {
	args, err := bot.ParseArgs(req.Text)
	if err != nil {
		return nil, err
	}
	sub, args := subcommand(args)
	switch sub {
	case "", "list":
		return c.list(ctx, req, args)
	case "show":
		return c.show(ctx, req, args)
	case "add":
		return c.add(ctx, req, args)
	case "edit":
		return c.edit(ctx, req, args)
	case "remove", "rm":
		return c.remove(ctx, req, args)
	case "merge":
		return c.merge(ctx, req, args)
	}
	return nil, bot.Errorf(bot.EINVALID, "error.record.sub", "/"+string(c.kind), bot.Echo(sub), c.example("add"))
}

// example is a command line of the kind's subcommand sub, for messages.
func (c *recordCmd) example(sub string) string {
	switch c.kind {
	case bot.RecordCustomer:
		return map[string]string{"add": `/customer add name="Hualian" name_alt=华联 region=east`, "edit": "/customer edit C-0001 region=north"}[sub]
	case bot.RecordProduct:
		return map[string]string{"add": `/product add name="Green Tea 500ml" name_alt=绿茶500ml category=tea list_price=4.5`, "edit": "/product edit P-0001 list_price=4.8"}[sub]
	}
	return map[string]string{"add": `/outlet add name="Carrefour Gubei" name_alt=家乐福古北 region=east owner=alice`, "edit": "/outlet edit O-0001 owner=bob"}[sub]
}

// key is how names are compared: case, width and spacing aside.
func key(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(value.Fold(s)), ""))
}

// mayManage reports whether req's person may change r (as it is before
// and after a change).
func (c *recordCmd) mayManage(req *bot.Request, rs ...*bot.Record) bool {
	p := req.Person
	if p.SeesAll() {
		return true
	}
	if c.kind != bot.RecordOutlet {
		return false
	}
	managed := req.Org.ManagedRegions(p)
	for _, r := range rs {
		if r != nil && !slices.Contains(managed, r.Region) {
			return false
		}
	}
	return len(managed) > 0
}

// mayRead reports whether req's person may see r: marketing and admins
// all; others the products, their own outlets, and the outlets and
// customers of their regions (and those of no region).
func mayRead(req *bot.Request, r *bot.Record) bool {
	p := req.Person
	switch {
	case p.SeesAll(), r.Kind == bot.RecordProduct, r.Owner == p.ID:
		return true
	case r.Region == "":
		return r.Kind == bot.RecordCustomer
	}
	return r.Region == p.Region || slices.Contains(req.Org.ManagedRegions(p), r.Region)
}

// visibleRecords returns the records of the kind req's person may see,
// removed ones left out.
func (c *recordCmd) visibleRecords(ctx context.Context, req *bot.Request) ([]*bot.Record, error) {
	all, err := c.store.Records(ctx, c.kind)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(r *bot.Record) bool { return r.Removed() || !mayRead(req, r) }), nil
}

// list lists the records req's person may see, of one region or matching
// q= in any of their names.
func (c *recordCmd) list(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	opts, errs := options(args, []string{"region", "q"}, "/"+string(c.kind)+" list region=east q=carrefour")
	if len(errs) > 0 {
		return nil, errs
	}
	if r := opts["region"]; r != "" && req.Org.Region(r) == nil {
		return nil, bot.FieldError("region", "error.region.unknown", bot.Echo(r), regionList(req.Org))
	}
	recs, err := c.visibleRecords(ctx, req)
	if err != nil {
		return nil, err
	}
	q := key(opts["q"])
	var lines []string
	for _, r := range recs {
		if opts["region"] != "" && r.Region != opts["region"] || q != "" && !matchesAny(r, q) {
			continue
		}
		lines = append(lines, "• "+recordLine(req, r))
	}
	if len(lines) == 0 {
		return &bot.Reply{Text: req.T("record.none", req.T("record.kinds."+string(c.kind)))}, nil
	}
	head := req.T("record.list", len(lines), req.T("record.kinds."+string(c.kind)))
	if len(lines) > recordListMax {
		head += " " + req.T("record.list_more", recordListMax)
		lines = lines[:recordListMax]
	}
	return &bot.Reply{Text: head + "\n" + strings.Join(lines, "\n")}, nil
}

// matchesAny reports whether any of r's names or its id contains the key q.
func matchesAny(r *bot.Record, q string) bool {
	for _, s := range append([]string{r.ID, r.Name, r.NameAlt}, r.Aliases...) {
		if strings.Contains(key(s), q) {
			return true
		}
	}
	return false
}

// recordLine is one record on a line: name (id), its other name, and where
// it belongs.
func recordLine(req *bot.Request, r *bot.Record) string {
	parts := []string{req.T("field.name", r.Name, r.ID)}
	if r.NameAlt != "" {
		parts = append(parts, r.NameAlt)
	}
	if r.Region != "" {
		parts = append(parts, regionName(req.Org, r.Region))
	}
	if r.Owner != "" {
		parts = append(parts, req.T("record.owner", req.Org.PersonName(r.Owner, req.Lang)))
	}
	if r.Category != "" {
		parts = append(parts, r.Category)
	}
	if r.ListPrice != 0 {
		parts = append(parts, value.FormatMoney(r.ListPrice))
	}
	return strings.Join(parts, " · ")
}

// find finds the one record args[0] names, by id or by any of its names,
// among those req's person may see.
func (c *recordCmd) find(ctx context.Context, req *bot.Request, args []bot.Arg, example string) (*bot.Record, []bot.Arg, error) {
	name, rest := nameArgs(args)
	if name == "" {
		return nil, nil, bot.Errorf(bot.EINVALID, "error.record.which", example)
	}
	recs, err := c.visibleRecords(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	k := key(name)
	var found []*bot.Record
	for _, r := range recs {
		if key(r.ID) == k {
			return r, rest, nil
		}
		if slices.ContainsFunc(append([]string{r.Name, r.NameAlt}, r.Aliases...), func(s string) bool { return s != "" && key(s) == k }) {
			found = append(found, r)
		}
	}
	switch len(found) {
	case 1:
		return found[0], rest, nil
	case 0:
		return nil, nil, bot.Errorf(bot.ENOTFOUND, "error.record.unknown", bot.Echo(name), "/"+string(c.kind)+" list q=…")
	}
	ids := make([]string, len(found))
	for i, r := range found {
		ids[i] = req.T("field.name", r.Name, r.ID)
	}
	return nil, nil, bot.Errorf(bot.ECONFLICT, "error.record.ambiguous", bot.Echo(name), bot.List(ids))
}

// nameArgs reads a record's id or name from the bare words that start args
// (a name may have spaces without quotes: /outlet show carrefour gubei),
// up to the first option or "into", and returns the rest.
func nameArgs(args []bot.Arg) (string, []bot.Arg) {
	var words []string
	i := 0
	for ; i < len(args) && !args[i].Pair && !isInto(args[i].Value); i++ {
		words = append(words, args[i].Value)
	}
	return strings.Join(words, " "), args[i:]
}

// isInto reports whether s is merge's "into", in either language.
func isInto(s string) bool { return strings.EqualFold(s, "into") || s == "到" || s == "合并到" }

// show shows one record whole.
func (c *recordCmd) show(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	r, _, err := c.find(ctx, req, args, "/"+string(c.kind)+" show "+c.idExample())
	if err != nil {
		return nil, err
	}
	lines := []string{recordLine(req, r)}
	if len(r.Aliases) > 0 {
		lines = append(lines, req.T("record.aliases", bot.JoinList(req.Lang, r.Aliases)))
	}
	if r.Customer != "" {
		lines = append(lines, req.T("record.customer", r.Customer))
	}
	if r.Address != "" {
		lines = append(lines, req.T("record.address", r.Address))
	}
	if r.Lat != nil && r.Lon != nil {
		lines = append(lines, req.T("record.location", strconv.FormatFloat(*r.Lat, 'f', -1, 64), strconv.FormatFloat(*r.Lon, 'f', -1, 64)))
	}
	return &bot.Reply{Text: strings.Join(lines, "\n")}, nil
}

func (c *recordCmd) idExample() string {
	return map[bot.RecordKind]string{bot.RecordOutlet: "O-0001", bot.RecordCustomer: "C-0001", bot.RecordProduct: "P-0001"}[c.kind]
}

// add adds a record.
func (c *recordCmd) add(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	opts, errs := options(args, recordFields[c.kind], c.example("add"))
	if len(errs) > 0 {
		return nil, errs
	}
	r := &bot.Record{Kind: c.kind, ID: opts["id"]}
	if r.ID != "" {
		if _, err := c.store.Record(ctx, c.kind, r.ID); err == nil {
			return nil, bot.FieldError("id", "error.record.exists", bot.Echo(r.ID))
		}
	}
	if errs := c.set(ctx, req, r, opts); len(errs) > 0 {
		return nil, errs
	}
	if r.Name == "" {
		return nil, bot.FieldError("name", "error.record.name", c.example("add"))
	}
	if !c.mayManage(req, r) {
		return nil, bot.Errorf(bot.EPERMISSION, "error.record.permission", req.T("record.kinds."+string(c.kind)))
	}
	r.UpdatedAt = req.Time
	if err := c.store.PutRecords(ctx, []*bot.Record{r}); err != nil {
		return nil, err
	}
	return &bot.Reply{Text: req.T("record.added", recordLine(req, r))}, nil
}

// edit changes a record's fields.
func (c *recordCmd) edit(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	before, args, err := c.find(ctx, req, args, c.example("edit"))
	if err != nil {
		return nil, err
	}
	opts, errs := options(args, recordFields[c.kind][1:], c.example("edit"))
	if len(errs) > 0 {
		return nil, errs
	}
	if len(opts) == 0 {
		return nil, bot.Errorf(bot.EINVALID, "error.team.nothing", c.example("edit"))
	}
	after := *before
	after.Aliases = slices.Clone(before.Aliases)
	if errs := c.set(ctx, req, &after, opts); len(errs) > 0 {
		return nil, errs
	}
	if after.Name == "" {
		return nil, bot.FieldError("name", "error.record.name", c.example("edit"))
	}
	if !c.mayManage(req, before, &after) {
		return nil, bot.Errorf(bot.EPERMISSION, "error.record.permission", req.T("record.kinds."+string(c.kind)))
	}
	after.UpdatedAt = req.Time
	if err := c.store.PutRecords(ctx, []*bot.Record{&after}); err != nil {
		return nil, err
	}
	return &bot.Reply{Text: req.T("record.changed", recordLine(req, &after))}, nil
}

// set applies the options to r, checking each.
func (c *recordCmd) set(ctx context.Context, req *bot.Request, r *bot.Record, opts map[string]string) bot.FieldErrors {
	var errs bot.FieldErrors
	bad := func(field, k string, args ...any) { errs = append(errs, bot.FieldError(field, k, args...)) }
	for _, k := range recordFields[c.kind] {
		v, given := opts[k]
		if !given {
			continue
		}
		v = value.CleanText(v, false)
		if v == "-" {
			v = ""
		}
		switch k {
		case "id":
			if !recordID(v) {
				bad(k, "error.record.id", bot.Echo(v))
			}
		case "name", "name_alt", "address":
			if utf8.RuneCountInString(v) > 200 || strings.ContainsFunc(v, unicode.IsControl) {
				bad(k, "error.record.text", k, 200)
			}
			*map[string]*string{"name": &r.Name, "name_alt": &r.NameAlt, "address": &r.Address}[k] = v
		case "aliases":
			r.Aliases = splitAliases(v)
		case "region":
			if v != "" && req.Org.Region(v) == nil {
				bad(k, "error.region.unknown", bot.Echo(v), regionList(req.Org))
			}
			r.Region = v
		case "owner":
			if p := req.Org.Person(v); v != "" && (p == nil || p.Left() || !p.Has(bot.RoleRep)) {
				bad(k, "error.record.owner", bot.Echo(v))
			}
			r.Owner = v
		case "customer":
			if _, err := c.store.Record(ctx, bot.RecordCustomer, v); v != "" && err != nil {
				bad(k, "error.record.customer", bot.Echo(v))
			}
			r.Customer = v
		case "lat", "lon":
			f, ok := coordinate(v, map[string]float64{"lat": 90, "lon": 180}[k])
			if !ok {
				bad(k, "error.record.coordinate", k, bot.Echo(v))
			}
			*map[string]**float64{"lat": &r.Lat, "lon": &r.Lon}[k] = f
		case "category":
			r.Category = v
		case "list_price":
			n, res := value.Money(v, req.Org.Currency)
			if v != "" && res != value.OK {
				bad(k, "error.record.price", bot.Echo(v))
			}
			r.ListPrice = n
		}
	}
	if c.kind == bot.RecordOutlet && r.Region == "" {
		bad("region", "error.record.region", regionList(req.Org), c.example("add"))
	}
	return errs
}

// recordID reports whether s can be a record's id: letters, digits, - and
// _, at most 32, starting with a letter or digit.
func recordID(s string) bool {
	if s == "" || len(s) > 32 || s[0] == '-' || s[0] == '_' {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool {
		return !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r == '-' || r == '_')
	})
}

// splitAliases splits a list of aliases at ; 、 or |.
func splitAliases(s string) []string {
	var out []string
	for _, a := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' || r == '、' || r == '|' }) {
		if a = strings.TrimSpace(a); a != "" && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// coordinate reads a latitude or longitude within ±limit; nil for "".
func coordinate(s string, limit float64) (*float64, bool) {
	if s == "" {
		return nil, true
	}
	f, err := strconv.ParseFloat(value.Fold(s), 64)
	if err != nil || f < -limit || f > limit {
		return nil, false
	}
	return &f, true
}

// remove takes a record out of use; reports naming it keep it.
func (c *recordCmd) remove(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	r, _, err := c.find(ctx, req, args, "/"+string(c.kind)+" remove "+c.idExample())
	if err != nil {
		return nil, err
	}
	if !c.mayManage(req, r) {
		return nil, bot.Errorf(bot.EPERMISSION, "error.record.permission", req.T("record.kinds."+string(c.kind)))
	}
	out := *r
	out.RemovedAt, out.UpdatedAt = req.Time, req.Time
	if err := c.store.PutRecords(ctx, []*bot.Record{&out}); err != nil {
		return nil, err
	}
	return &bot.Reply{Text: req.T("record.removed", req.T("field.name", r.Name, r.ID))}, nil
}

// merge folds one record into another: the first leaves use and points at
// the second, which the reports naming either then name.
func (c *recordCmd) merge(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	example := "/" + string(c.kind) + " merge " + c.idExample() + " into " + strings.Replace(c.idExample(), "1", "2", 1)
	from, rest, err := c.find(ctx, req, args, example)
	if err != nil {
		return nil, err
	}
	if len(rest) < 2 || rest[0].Pair || !isInto(rest[0].Value) {
		return nil, bot.Errorf(bot.EINVALID, "error.record.merge", example)
	}
	into, _, err := c.find(ctx, req, rest[1:], example)
	if err != nil {
		return nil, err
	}
	if into.ID == from.ID {
		return nil, bot.Errorf(bot.EINVALID, "error.record.merge_self", example)
	}
	if !c.mayManage(req, from, into) {
		return nil, bot.Errorf(bot.EPERMISSION, "error.record.permission", req.T("record.kinds."+string(c.kind)))
	}
	gone, kept := *from, *into
	gone.MergedInto, gone.UpdatedAt = into.ID, req.Time
	for _, a := range append([]string{from.Name, from.NameAlt}, from.Aliases...) {
		if a != "" && !slices.ContainsFunc(append([]string{kept.Name, kept.NameAlt}, kept.Aliases...), func(s string) bool { return key(s) == key(a) }) {
			kept.Aliases = append(slices.Clone(kept.Aliases), a) // the old names still find it
		}
	}
	kept.UpdatedAt = req.Time
	if err := c.store.PutRecords(ctx, []*bot.Record{&gone, &kept}); err != nil {
		return nil, err
	}
	return &bot.Reply{Text: req.T("record.merged", req.T("field.name", from.Name, from.ID), req.T("field.name", into.Name, into.ID))}, nil
}
