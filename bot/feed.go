package bot

import "context"

// Feed builds the marketing feed: every new field report, summarised, is
// posted to marketing's channel so that marketing sees the field without
// asking. Posts are coalesced by the outbox.Sender, so a busy sales force never
// floods the channel.
type Feed struct {
	Org       *LiveOrg
	Schema    *Schema
	Platforms []Platform // where the bot posts
	// Kinds limits the feed to these report kinds; nil forwards all.
	Kinds []string
	// Lang returns the language to write to a person in (their /lang,
	// else the org file's); the org's language when nil.
	Lang func(ctx context.Context, p *Person) Lang
}

// FeedCoalesce is the Coalesce key of feed messages.
const FeedCoalesce = "feed"

// Messages returns the feed posts for a newly filed report r by author.
// Channel posts are in the org's language.
func (f *Feed) Messages(r *Report, author *Person) []*Message {
	if f == nil || !f.forwards(r.Kind) {
		return nil
	}
	kind := f.Schema.Kind(r.Kind)
	if kind == nil {
		return nil
	}
	lang := f.Org.Load().Language
	who := author.Name
	if reg := f.Org.Load().Region(r.Region); reg != nil {
		who = T("feed.author_region", author.Name, reg.Name).In(lang)
	}
	text := T("feed.report", FormatID(r.ID), kind.Label(), who, kind.Summary(r.Fields, lang)).In(lang)
	var out []*Message
	for _, d := range f.Org.Load().ChannelDestinations(ChannelMarketing, f.Platforms) {
		out = append(out, &Message{To: d, Text: text, Coalesce: FeedCoalesce, CreatedAt: r.CreatedAt})
	}
	return out
}

// Changed returns what a change of report r by editor (an edit, or its
// deletion) sends: a correction to marketing's feed, which showed the
// report as first filed, and, when the editor is not the author, a
// direct message telling the author what was done to their report.
func (f *Feed) Changed(ctx context.Context, r *Report, editor *Person) []*Message {
	if f == nil {
		return nil
	}
	kind := f.Schema.Kind(r.Kind)
	if kind == nil {
		return nil
	}
	var out []*Message
	if f.forwards(r.Kind) {
		lang := f.Org.Load().Language
		text := T("feed.edited", FormatID(r.ID), kind.Label(), editor.Name, kind.Summary(r.Fields, lang)).In(lang)
		if r.Deleted {
			text = T("feed.deleted", FormatID(r.ID), kind.Label(), editor.Name).In(lang)
		}
		for _, d := range f.Org.Load().ChannelDestinations(ChannelMarketing, f.Platforms) {
			out = append(out, &Message{To: d, Text: text, Coalesce: FeedCoalesce, CreatedAt: r.UpdatedAt})
		}
	}
	if author := f.Org.Load().Person(r.Person); author != nil && author.ID != editor.ID {
		if d, ok := f.Org.Load().PersonDestination(author.ID, f.Platforms); ok {
			lang := f.lang(ctx, author)
			text := T("report.changed_by_other", editor.Name, FormatID(r.ID), kind.Label(), kind.Summary(r.Fields, lang)).In(lang)
			if r.Deleted {
				text = T("report.deleted_by_other", editor.Name, FormatID(r.ID), kind.Label()).In(lang)
			}
			out = append(out, &Message{To: d, Text: text, CreatedAt: r.UpdatedAt})
		}
	}
	return out
}

func (f *Feed) lang(ctx context.Context, p *Person) Lang {
	if f.Lang == nil {
		return f.Org.Load().Language
	}
	return f.Lang(ctx, p)
}

func (f *Feed) forwards(kind string) bool {
	if f.Kinds == nil {
		return true
	}
	for _, k := range f.Kinds {
		if k == kind {
			return true
		}
	}
	return false
}
