package digest

import (
	"strings"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/value"
)

// Format says how to render a digest.
type Format struct {
	Lang     bot.Lang
	Markdown bool
	// Brief caps each list at a few items and the whole at MaxLen
	// characters, for chat, and then names FullCommand, which gives the
	// rest.
	Brief       bool
	MaxLen      int
	FullCommand string
}

// briefItems is how many items of each list a brief digest shows.
const briefItems = 5

// ChatLen is the most a digest takes in chat, so that it fits one message
// everywhere (the strictest platform takes 2,000 characters).
const ChatLen = 1900

// Chat renders the digest for one chat message in lang: brief, after
// header when there is one, and ending with the command that prints q's
// digest in full if anything was left out. Chat and the subscriptions
// both send this.
func (d *Digest) Chat(org *bot.Org, q Query, lang bot.Lang, header string) string {
	f := Format{Lang: lang, Brief: true, MaxLen: ChatLen, FullCommand: q.Command()}
	if header == "" {
		return d.Render(org, f)
	}
	f.MaxLen -= len([]rune(header)) + 1
	return header + "\n" + d.Render(org, f)
}

// Render writes the digest as text or Markdown in f.Lang.
func (d *Digest) Render(org *bot.Org, f Format) string {
	var b digestWriter
	b.f, b.org = f, org
	who := org.RegionName(d.Region)
	if d.Person != "" {
		who = org.PersonName(d.Person, f.Lang)
	}
	span := d.Period
	if span == "" {
		span = d.From + " – " + d.To
	}
	b.heading(bot.T("digest.title", who, span))
	b.line(bot.T("digest.reports", d.Reports))
	b.moneySection("digest.sales")
	s := d.Sales
	if s.Target != "" {
		key := "digest.sales_target"
		if s.Prorated {
			key = "digest.sales_target_prorated"
		}
		b.line(bot.T(key, value.FormatMoney(s.total), value.FormatMoney(s.target), s.Attainment, s.Units))
	} else {
		b.line(bot.T("digest.sales_total", value.FormatMoney(s.total), s.Units))
	}
	switch {
	case s.previous == 0 && s.total == 0:
		b.line(bot.T("digest.sales_none"))
	case s.previous == 0:
		b.line(bot.T("digest.sales_new"))
	default:
		b.line(bot.T("digest.sales_change", s.Change, value.FormatMoney(s.previous)))
	}
	if len(d.Reporting) > 0 {
		b.section("digest.reporting")
		for _, r := range d.Reporting {
			b.rate(r)
		}
	}
	b.list("digest.top_outlets", len(d.TopOutlets), func(i int) string {
		o := d.TopOutlets[i]
		return bot.T("digest.outlet", o.Outlet, value.FormatMoney(o.amount), o.Units).In(f.Lang)
	})
	b.list("digest.competitor", len(d.Competitor), func(i int) string { return d.Competitor[i] })
	b.list("digest.negative", len(d.Negative), func(i int) string { return d.Negative[i] })
	b.list("digest.campaigns", len(d.Campaigns), func(i int) string {
		c := d.Campaigns[i]
		return bot.T("digest.campaign", bot.FormatID(c.Campaign), c.Title, c.Covered, c.Of, c.Strong, c.OK, c.Weak).In(f.Lang)
	})
	if d.Payments.due > 0 || len(d.Payments.Overdue) > 0 {
		b.moneySection("digest.payments")
		b.line(bot.T("digest.payments_line", value.FormatMoney(d.Payments.due), value.FormatMoney(d.Payments.collected)))
		b.items(len(d.Payments.Overdue), func(i int) string { return bot.T("digest.overdue", d.Payments.Overdue[i]).In(f.Lang) })
	}
	b.list("digest.unacked", len(d.Unacked), func(i int) string {
		u := d.Unacked[i]
		return bot.T("digest.unacked_line", bot.FormatID(u.Campaign), u.Title, b.names(u.Missing)).In(f.Lang)
	})
	return b.done()
}

type digestWriter struct {
	f         Format
	org       *bot.Org
	b         strings.Builder
	truncated bool
}

func (w *digestWriter) heading(t bot.Text) {
	if w.f.Markdown {
		w.b.WriteString("## ")
	}
	w.b.WriteString(t.In(w.f.Lang) + "\n")
}

func (w *digestWriter) section(key string) { w.title(bot.T(key)) }

// moneySection is a section of amounts: its title names the org's
// currency, which the amounts below are in.
func (w *digestWriter) moneySection(key string) {
	w.title(bot.T("digest.in_currency", bot.T(key), bot.T("currency."+w.org.Currency)))
}

func (w *digestWriter) title(t bot.Text) {
	title := t.In(w.f.Lang)
	if w.f.Markdown {
		title = "**" + title + "**"
	}
	w.b.WriteString("\n" + title + "\n")
}

func (w *digestWriter) line(t bot.Text) { w.b.WriteString(t.In(w.f.Lang) + "\n") }

// list writes a section with n items, if there are any.
func (w *digestWriter) list(key string, n int, item func(int) string) {
	if n == 0 {
		return
	}
	w.section(key)
	w.items(n, item)
}

func (w *digestWriter) items(n int, item func(int) string) {
	shown := n
	if w.f.Brief && shown > briefItems {
		shown = briefItems
	}
	for i := range shown {
		w.b.WriteString("- " + item(i) + "\n")
	}
	if shown < n {
		w.truncated = true
		w.b.WriteString("- " + bot.T("digest.more", n-shown).In(w.f.Lang) + "\n")
	}
}

// missingMost is how many of those who missed most a rate's line names.
const missingMost = 3

// rate writes one schedule's figures: a line with the totals and who
// missed most, then, in full, a line per person.
func (w *digestWriter) rate(r Rate) {
	label := bot.T("kind." + r.Kind)
	if r.Deadlines == 0 {
		w.line(bot.T("digest.reporting_none", label))
		return
	}
	count := bot.T("digest.deadlines", r.Deadlines)
	line := bot.T("digest.reporting_line", label, count, r.OnTime, r.Owed, r.OnTimeRate, r.Late, r.Missed).In(w.f.Lang)
	var most []string
	for _, p := range r.People[:min(missingMost, len(r.People))] {
		if p.Missed > 0 {
			most = append(most, bot.T("digest.missed_by", w.org.PersonName(p.Person, w.f.Lang), p.Missed).In(w.f.Lang))
		}
	}
	if len(most) > 0 {
		line += bot.T("digest.missing_most", bot.JoinList(w.f.Lang, most)).In(w.f.Lang)
	}
	w.b.WriteString(line + "\n")
	if w.f.Brief {
		w.truncated = true // the people are in the full version
		return
	}
	w.items(len(r.People), func(i int) string {
		p := r.People[i]
		return bot.T("digest.reporting_person", w.org.PersonName(p.Person, w.f.Lang), p.OnTime, p.Owed, p.Late, p.Missed).In(w.f.Lang)
	})
}

// names renders person ids as names, capped in a brief digest.
func (w *digestWriter) names(ids []string) string {
	if len(ids) == 0 {
		return "—"
	}
	var names []string
	for i, id := range ids {
		if w.f.Brief && i == briefItems*2 {
			w.truncated = true
			names = append(names, bot.T("digest.more", len(ids)-i).In(w.f.Lang))
			break
		}
		names = append(names, w.org.PersonName(id, w.f.Lang))
	}
	return bot.JoinList(w.f.Lang, names)
}

// done returns the text, cut to MaxLen at a line end if need be, with the
// command that gives the full version when anything was left out.
func (w *digestWriter) done() string {
	text := strings.TrimRight(w.b.String(), "\n")
	full := ""
	if w.f.FullCommand != "" {
		full = "\n" + bot.T("digest.full", w.f.FullCommand).In(w.f.Lang)
	}
	if w.f.MaxLen > 0 && len([]rune(text))+len([]rune(full)) > w.f.MaxLen {
		r := []rune(text)[:w.f.MaxLen-len([]rune(full))-2]
		text = string(r)
		if i := strings.LastIndex(text, "\n"); i > 0 {
			text = text[:i]
		}
		text += "\n…"
		w.truncated = true
	}
	if w.truncated {
		text += full
	}
	return text
}
