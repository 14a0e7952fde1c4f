package commands

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/access"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/value"
)

// listLimit is the most reports /report list prints.
const listLimit = 20

// Report returns /report: file a field report inline or through a form,
// and list, show, edit and delete reports. New reports are forwarded to
// marketing through feed.
func Report(store CampaignStore, schema *bot.Schema, feed *bot.Feed) bot.Command {
	c := &reportCmd{store: store, schema: schema, feed: feed}
	return bot.Command{Name: "report", Subcommands: reportSubcommands(schema), Run: c.run}
}

type reportCmd struct {
	store  CampaignStore
	schema *bot.Schema
	feed   *bot.Feed
}

// subcommands maps what users type, in either language, to a subcommand.
var subcommands = map[string]string{
	"list": "list", "ls": "list", "列表": "list",
	"show": "show", "查看": "show",
	"edit": "edit", "修改": "edit",
	"delete": "delete", "del": "delete", "删除": "delete",
}

func (c *reportCmd) run(ctx context.Context, req *bot.Request) (*bot.Reply, error) {
	args, err := bot.ParseArgs(req.Text)
	if err != nil {
		return nil, err
	}
	if len(args) == 0 || args[0].Pair {
		return c.bare(req, args)
	}
	rest := args[1:]
	switch subcommands[strings.ToLower(args[0].Value)] {
	case "list":
		return c.list(ctx, req, rest)
	case "show":
		return c.show(ctx, req, rest)
	case "edit":
		return c.edit(ctx, req, rest)
	case "delete":
		return c.delete(ctx, req, rest)
	}
	kind := c.schema.Kind(args[0].Value)
	if kind == nil {
		return nil, c.unknownKind(args[0].Value)
	}
	if len(rest) == 0 && len(req.Options) == 0 {
		return &bot.Reply{Form: kind.Form(req.Lang, "/report "+kind.Key, nil)}, nil
	}
	return c.file(ctx, req, kind, rest)
}

// bare answers /report with no kind: the kind form, or, when that form was
// submitted, the chosen kind's form.
func (c *reportCmd) bare(req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	if len(args) > 0 {
		return nil, bot.Errorf(bot.EINVALID, "error.report.kind_first", c.kindList(), c.schema.Kinds[4].Example)
	}
	if name := req.Options["kind"]; name != "" {
		kind := c.schema.Kind(name)
		if kind == nil {
			err := c.unknownKind(name).(*bot.Error)
			err.Field = "kind" // so that forms ask again
			return nil, err
		}
		return &bot.Reply{Form: kind.Form(req.Lang, "/report "+kind.Key, nil)}, nil
	}
	return &bot.Reply{Form: c.schema.KindForm(req.Lang, "/report")}, nil
}

func (c *reportCmd) unknownKind(name string) error {
	return bot.Errorf(bot.EINVALID, "error.report.unknown_kind", bot.Echo(name), c.kindList())
}

func (c *reportCmd) kindList() func(bot.Lang) string {
	return func(lang bot.Lang) string {
		parts := make([]string, len(c.schema.Kinds))
		for i, k := range c.schema.Kinds {
			parts[i] = bot.T("kind.item", k.Key, k.Label()).In(lang)
		}
		return bot.JoinList(lang, parts)
	}
}

// file parses and saves a new report of kind; it replies only once the
// report is committed.
func (c *reportCmd) file(ctx context.Context, req *bot.Request, kind *bot.Kind, args []bot.Arg) (*bot.Reply, error) {
	raw, err := rawValues(kind, args, req.Options)
	if err != nil {
		return nil, err
	}
	fields, err := kind.Parse(raw, parseContext(req))
	if err != nil {
		return nil, err
	}
	if err := c.checkCampaign(ctx, req, fields); err != nil {
		return nil, err
	}
	r := &bot.Report{
		Kind:      kind.Key,
		Person:    req.Person.ID,
		Region:    req.Person.Region,
		Fields:    fields,
		CreatedAt: req.Time,
		Platform:  req.Platform,
		RequestID: req.RequestID,
	}
	author := req.Person
	if err := c.store.CreateReport(ctx, r, func(r *bot.Report) []*bot.Message { return c.feed.Messages(r, author) }); err != nil {
		return nil, fmt.Errorf("save report: %w", err)
	}
	if stored := c.schema.Kind(r.Kind); stored != nil {
		kind = stored // a retried request gets back the report it stored
	}
	return &bot.Reply{Text: req.T("report.saved", bot.FormatID(r.ID), kind.Label(), kind.Summary(r.Fields, req.Lang))}, nil
}

// rawValues gathers what the user typed for each field of kind: key=value
// pairs (by key or label), bare words (the note, for kinds that have one)
// and form values. A field given twice is refused rather than guessed.
func rawValues(kind *bot.Kind, args []bot.Arg, options map[string]string) (map[string]string, error) {
	raw := make(map[string]string, len(args)+len(options))
	var words []string
	for i, a := range args {
		if !a.Pair {
			if i > 0 && splitNumber(kind, args[i-1], a) {
				prev := args[i-1]
				return nil, bot.FieldError(prev.Key, "error.value.split", kind.Field(prev.Key).Name(), bot.Echo(prev.Value+" "+a.Value))
			}
			words = append(words, a.Value)
			continue
		}
		key := a.Key
		if f := kind.Field(a.Key); f != nil {
			key = f.Key
		}
		if _, dup := raw[key]; dup {
			return nil, bot.FieldError(key, "error.field.twice", bot.Echo(key))
		}
		raw[key] = a.Value
	}
	for k, v := range options {
		raw[k] = v
	}
	if len(words) > 0 {
		if !kind.HasField("note") {
			return nil, bot.Errorf(bot.EINVALID, "error.report.bare_words", bot.Echo(strings.Join(words, " ")), kind.Key, kind.Example)
		}
		if _, dup := raw["note"]; dup {
			return nil, bot.FieldError("note", "error.field.twice", "note")
		}
		raw["note"] = strings.Join(words, " ")
	}
	return raw, nil
}

// splitNumber reports whether word, typed after the pair prev, reads as
// the rest of prev's number rather than the start of a note: "amount=3 20"
// or "units=12 34" (groups of three, "3 200", are joined by the lexer).
// Such a value is refused: it is 3 and a note "20", or 320, or a typo,
// and a wrong amount must not be saved.
func splitNumber(kind *bot.Kind, prev, word bot.Arg) bool {
	f := kind.Field(prev.Key)
	if !prev.Pair || f == nil || (f.Type != bot.TypeInt && f.Type != bot.TypeMoney && f.Type != bot.TypePercent) {
		return false
	}
	v, w := value.Fold(prev.Value), value.Fold(word.Value)
	return v != "" && w != "" && isDigit(v[len(v)-1]) && strings.Trim(w, "0123456789.,%") == "" && isDigit(w[0])
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

func parseContext(req *bot.Request) bot.ParseContext {
	return bot.ParseContext{Now: localNow(req), Currency: req.Org.Currency}
}

// reportArg reads the report id that show, edit and delete take and loads
// the report, refusing reports the person may not see.
func (c *reportCmd) reportArg(ctx context.Context, req *bot.Request, args []bot.Arg, sub string) (*bot.Report, *bot.Kind, error) {
	if len(args) == 0 || args[0].Pair {
		return nil, nil, bot.Errorf(bot.EINVALID, "error.report.id_missing", sub)
	}
	id, ok := bot.ParseID(args[0].Value)
	if !ok {
		return nil, nil, bot.Errorf(bot.EINVALID, "error.report.id_bad", bot.Echo(args[0].Value), sub)
	}
	r, err := c.store.Report(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if err := access.Check(req, access.ReadReport, access.Report(r)); err != nil {
		return nil, nil, err
	}
	kind := c.schema.Kind(r.Kind)
	if kind == nil {
		return nil, nil, fmt.Errorf("report %d has unknown kind %q", r.ID, r.Kind)
	}
	return r, kind, nil
}

// mayChange checks that req's person may edit or delete r now. A deleted
// report is refused first, admins included: that is the report's state,
// not anyone's right, so the policy leaves it to the command.
func mayChange(req *bot.Request, r *bot.Report) error {
	if r.Deleted {
		return bot.Errorf(bot.ECONFLICT, "error.report.deleted", bot.FormatID(r.ID))
	}
	return access.Check(req, access.ChangeReport, access.Report(r))
}

func (c *reportCmd) edit(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	r, kind, err := c.reportArg(ctx, req, args, "edit")
	if err != nil {
		return nil, err
	}
	if err := mayChange(req, r); err != nil {
		return nil, err
	}
	current := kind.Raw(r.Fields)
	if len(args) == 1 && len(req.Options) == 0 {
		cmd := "/report edit " + bot.FormatID(r.ID)
		return &bot.Reply{Form: kind.Form(req.Lang, cmd, current)}, nil
	}
	changes, err := rawValues(kind, args[1:], req.Options)
	if err != nil {
		return nil, err
	}
	for k, v := range changes {
		current[k] = v // an empty value clears an optional field
	}
	fields, err := kind.Parse(current, parseContext(req))
	if err != nil {
		return nil, err
	}
	if err := c.checkCampaign(ctx, req, fields); err != nil {
		return nil, err
	}
	if maps.Equal(fields, r.Fields) {
		return &bot.Reply{Text: req.T("report.unchanged", bot.FormatID(r.ID))}, nil
	}
	r.Fields, r.UpdatedAt, r.Version, r.ChangedBy = fields, req.Time, r.Version+1, req.Person.ID
	if err := c.store.UpdateReport(ctx, r, c.feed.Changed(ctx, r, req.Person)); err != nil {
		return nil, err
	}
	return &bot.Reply{Text: req.T("report.updated", bot.FormatID(r.ID), kind.Label(), kind.Summary(r.Fields, req.Lang))}, nil
}

func (c *reportCmd) delete(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	r, kind, err := c.reportArg(ctx, req, args, "delete")
	if err != nil {
		return nil, err
	}
	if err := mayChange(req, r); err != nil {
		return nil, err
	}
	r.Deleted, r.DeletedAt, r.UpdatedAt, r.Version, r.ChangedBy = true, req.Time, req.Time, r.Version+1, req.Person.ID
	if err := c.store.UpdateReport(ctx, r, c.feed.Changed(ctx, r, req.Person)); err != nil {
		return nil, err
	}
	return &bot.Reply{Text: req.T("report.deleted", bot.FormatID(r.ID), kind.Label())}, nil
}

func (c *reportCmd) show(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	r, kind, err := c.reportArg(ctx, req, args, "show")
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s · %s\n", bot.FormatID(r.ID), kind.Label().In(req.Lang))
	fmt.Fprintln(&b, req.T("report.show.by", personName(req, r.Person), regionName(req.Org, r.Region), localTime(req, r.CreatedAt)))
	for i := range kind.Fields {
		f := &kind.Fields[i]
		if v, ok := r.Fields[f.Key]; ok {
			shown := f.Display(v, req.Lang)
			if strings.Contains(shown, "\n") { // a note of several lines, set apart
				fmt.Fprintln(&b, req.T("summary.block", f.Label(), bot.QuoteLines(shown)))
				continue
			}
			fmt.Fprintln(&b, req.T("summary.pair", f.Label(), shown))
		}
	}
	edits := r.Version - 1
	if r.Deleted {
		edits-- // the deletion is a version too, but no edit
	}
	if edits > 0 {
		fmt.Fprintln(&b, req.T("report.show.edited", localTime(req, r.UpdatedAt), edits))
	}
	if r.Deleted {
		fmt.Fprintln(&b, req.T("report.show.deleted", localTime(req, r.DeletedAt), personName(req, cmp.Or(r.ChangedBy, r.Person))))
	}
	return &bot.Reply{Text: strings.TrimRight(b.String(), "\n")}, nil
}

func (c *reportCmd) list(ctx context.Context, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	f, err := c.listFilter(req, args)
	if err != nil {
		return nil, err
	}
	reports, err := c.store.FindReports(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	if len(reports) == 0 {
		return &bot.Reply{Text: req.T("report.list.none")}, nil
	}
	var b strings.Builder
	if len(reports) == listLimit {
		fmt.Fprintln(&b, req.T("report.list.newest", listLimit))
	}
	showAuthor := f.Person == ""
	for _, r := range reports {
		b.WriteString(c.listLine(req, r, showAuthor))
		b.WriteByte('\n')
	}
	return &bot.Reply{Text: strings.TrimRight(b.String(), "\n")}, nil
}

func (c *reportCmd) listLine(req *bot.Request, r *bot.Report, showAuthor bool) string {
	kind := c.schema.Kind(r.Kind)
	parts := []string{bot.FormatID(r.ID), localTime(req, r.CreatedAt)}
	if kind != nil {
		parts = append(parts, kind.Label().In(req.Lang))
	}
	if showAuthor {
		parts = append(parts, personName(req, r.Person))
	}
	if kind != nil {
		parts = append(parts, kind.Summary(r.Fields, req.Lang))
	}
	return strings.Join(parts, " · ")
}

// listFilter reads /report list [KIND] [since=7d] [person=ID] [region=ID]
// and limits it to what the person may see: a rep their own reports, a
// manager their regions', marketing and admins everything.
func (c *reportCmd) listFilter(req *bot.Request, args []bot.Arg) (bot.ReportFilter, error) {
	f := bot.ReportFilter{Limit: listLimit}
	for _, a := range args {
		var err error
		switch {
		case !a.Pair:
			k := c.schema.Kind(a.Value)
			if k == nil {
				return f, c.unknownKind(a.Value)
			}
			f.Kind = k.Key
		case a.Key == "since":
			f.Since, err = bot.ParseSince("since", a.Value, localNow(req))
		case a.Key == "person":
			f.Person = value.Fold(a.Value)
			if req.Org.Person(f.Person) == nil {
				return f, bot.Errorf(bot.ENOTFOUND, "error.person.unknown_known", bot.Echo(a.Value), strings.Join(req.Org.PersonIDs(), ", "))
			}
		case a.Key == "region":
			f.Regions = []string{value.Fold(a.Value)}
			if req.Org.Region(f.Regions[0]) == nil {
				return f, bot.Errorf(bot.ENOTFOUND, "error.region.unknown", bot.Echo(a.Value), strings.Join(req.Org.RegionIDs(), ", "))
			}
		default:
			return f, bot.Errorf(bot.EINVALID, "error.report.list_option", bot.Echo(a.Key))
		}
		if err != nil {
			return f, err
		}
	}
	return access.LimitReports(req, f)
}

// checkCampaign makes sure a report's campaign field names a campaign
// (not a training) that exists and concerns its author, so that feedback
// is tied to the campaign it answers; the error lists the active ones.
func (c *reportCmd) checkCampaign(ctx context.Context, req *bot.Request, fields map[string]bot.Value) error {
	v, ok := fields["campaign"]
	if !ok {
		return nil
	}
	id, _ := bot.ParseID(v.Text)
	camp, err := c.store.Campaign(ctx, id)
	if err != nil && bot.ErrorCode(err) != bot.ENOTFOUND {
		return err
	}
	if err == nil && !camp.IsTraining() && !camp.Cancelled && access.May(req, access.ReadCampaign, access.Campaign(camp)) {
		return nil
	}
	all, err := c.store.Campaigns(ctx)
	if err != nil {
		return err
	}
	today := localNow(req).Format(time.DateOnly)
	var active []string
	for _, a := range all {
		if !a.IsTraining() && a.Status(today) == bot.CampaignActive && access.May(req, access.ReadCampaign, access.Campaign(a)) {
			active = append(active, fmt.Sprintf("%s %s", bot.FormatID(a.ID), a.Title))
		}
	}
	if len(active) == 0 {
		return bot.FieldError("campaign", "error.report.campaign_none", bot.FormatID(id))
	}
	return bot.FieldError("campaign", "error.report.campaign_unknown", bot.FormatID(id), func(lang bot.Lang) string {
		return strings.Join(active, bot.T("list.semicolon").In(lang))
	})
}
