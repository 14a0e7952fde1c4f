package commands

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/team"
	"github.com/fieldloop/fieldloop/value"
)

// maxJoinNote bounds the note of a request to join, in characters.
const maxJoinNote = 300

// Join returns /join, which someone not in the organisation runs (or the
// Request access button runs for them) to ask to be let in: the admins,
// and the managers of the region they name, get one message with Approve
// and Deny buttons. A second /join from the same account updates the same
// request.
func Join(store bot.JoinStore, platforms []bot.Platform, lang func(context.Context, *bot.Person) bot.Lang) bot.Command {
	c := &joinCmd{store: store, platforms: platforms, lang: lang}
	return bot.Command{Name: "join", Options: bot.FreeText(), Run: c.run, Strangers: true}
}

type joinCmd struct {
	store     bot.JoinStore
	platforms []bot.Platform
	lang      func(context.Context, *bot.Person) bot.Lang
}

func (c *joinCmd) run(ctx context.Context, req *bot.Request) (*bot.Reply, error) {
	if req.Person != nil {
		return &bot.Reply{Text: req.T("join.member", req.Person.Name)}, nil
	}
	r, err := c.read(req)
	if err != nil {
		return nil, err
	}
	saved, created, err := c.store.RequestJoin(ctx, r, func(n *bot.JoinRequest) []*bot.Message {
		return c.notices(ctx, req.Org, n)
	})
	if err != nil {
		return nil, err
	}
	if !created {
		return &bot.Reply{Text: req.T("join.waiting", bot.FormatID(saved.ID))}, nil
	}
	return &bot.Reply{Text: req.T("join.sent", bot.FormatID(saved.ID))}, nil
}

// read reads [region=ID] and the rest as a note.
func (c *joinCmd) read(req *bot.Request) (*bot.JoinRequest, error) {
	args, err := bot.ParseArgs(req.Text)
	if err != nil {
		return nil, err
	}
	r := &bot.JoinRequest{Platform: req.Platform, UserID: req.UserID, UserName: value.CleanText(req.UserName, false)}
	if l, ok := bot.ParseLang(req.Locale); ok {
		r.Lang = l // what their platform says they read; else the org's
	}
	var note []string
	for _, a := range args {
		if a.Pair && bot.Match(a.Key, "name.", []string{"region"}) == "region" {
			if req.Org.Region(a.Value) == nil {
				return nil, bot.FieldError("region", "error.region.unknown", bot.Echo(a.Value), regionList(req.Org))
			}
			r.Region = a.Value
			continue
		}
		if a.Pair {
			note = append(note, a.Key+"="+a.Value)
		} else {
			note = append(note, a.Value)
		}
	}
	r.Note = value.CleanText(strings.Join(note, " "), false)
	if utf8.RuneCountInString(r.Note) > maxJoinNote {
		return nil, bot.FieldError("note", "error.join.note_long", maxJoinNote)
	}
	return r, nil
}

// notices are the messages to the people who may decide on r: the admins
// and the managers of its region, each in their language.
func (c *joinCmd) notices(ctx context.Context, org *bot.Org, r *bot.JoinRequest) []*bot.Message {
	var msgs []*bot.Message
	for _, id := range deciders(org, r.Region) {
		p := org.Person(id)
		d, ok := org.PersonDestination(id, c.platforms)
		if !ok {
			continue
		}
		lang := c.lang(ctx, p)
		msgs = append(msgs, &bot.Message{To: d, Text: joinText(org, r, lang), Buttons: decisionButtons(r.ID, lang)})
	}
	return msgs
}

// deciders are the admins, then the managers of region not already named.
func deciders(org *bot.Org, region string) []string {
	var out []string
	for i := range org.People {
		if p := &org.People[i]; p.Has(bot.RoleAdmin) && !p.Left() {
			out = append(out, p.ID)
		}
	}
	if region != "" {
		for _, m := range team.RegionManagers(org, region) {
			if !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// joinText describes a request for those who decide on it.
func joinText(org *bot.Org, r *bot.JoinRequest, lang bot.Lang) string {
	who := r.UserID
	if r.UserName != "" {
		who = bot.T("field.name", bot.FoldLines(r.UserName), r.UserID).In(lang)
	}
	lines := []string{bot.T("join.notice", bot.FormatID(r.ID), who, bot.PlatformName(r.Platform)).In(lang)}
	if r.Region != "" {
		lines = append(lines, bot.T("join.notice_region", org.RegionName(r.Region)).In(lang))
	}
	if r.Note != "" {
		lines = append(lines, bot.QuoteLines(r.Note))
	}
	lines = append(lines, bot.T("join.notice_how", bot.FormatID(r.ID)).In(lang))
	return strings.Join(lines, "\n")
}

// decisionButtons approve or deny request id, as the one who clicks.
func decisionButtons(id uint64, lang bot.Lang) []bot.Button {
	n := strconv.FormatUint(id, 10)
	return []bot.Button{
		{Label: bot.T("join.approve").In(lang), Command: "/team approve " + n, Style: "primary"},
		{Label: bot.T("join.deny").In(lang), Command: "/team deny " + n, Style: "danger"},
	}
}
