package bot

// Feed builds the marketing feed: every new field report, summarised, is
// posted to marketing's channel so that marketing sees the field without
// asking. Posts are coalesced by the outbox.Sender, so a busy sales force never
// floods the channel.
type Feed struct {
	Org       *Org
	Schema    *Schema
	Platforms []Platform // where the bot posts
	// Kinds limits the feed to these report kinds; nil forwards all.
	Kinds []string
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
	lang := f.Org.Language
	who := author.Name
	if reg := f.Org.Region(r.Region); reg != nil {
		who = T("feed.author_region", author.Name, reg.Name).In(lang)
	}
	text := T("feed.report", FormatID(r.ID), kind.Label(), who, kind.Summary(r.Fields, lang)).In(lang)
	var out []*Message
	for _, d := range f.Org.ChannelDestinations(ChannelMarketing, f.Platforms) {
		out = append(out, &Message{To: d, Text: text, Coalesce: FeedCoalesce, CreatedAt: r.CreatedAt})
	}
	return out
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
