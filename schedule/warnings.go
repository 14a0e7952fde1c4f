package schedule

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/digest"
	"github.com/fieldloop/fieldloop/value"
)

// NotifyWarning is the type of an early warning, to marketing's channel
// ("#marketing") or a manager: the warnings of one kind
// (Notification.Warning) for one region found at one check (Due), listing
// the items not yet warned about to that recipient (Items).
const NotifyWarning = "warning"

// warningEvery spaces the early-warning checks by default, which read a
// month of sales reports: warnings are about days, not minutes.
const warningEvery = time.Hour

// paymentLookback bounds how far back the due dates of the payments
// checked go.
const paymentLookback = 180 * 24 * time.Hour

// maxWarningItems is how many items one warning message lists, and
// warningLen how long it may grow doing so: the rest are counted, and the
// command that lists them all follows.
const (
	maxWarningItems = 10
	warningLen      = 1800
)

// warning is one condition found, before it is addressed.
type warning struct {
	kind   string // sales, negative or payment
	item   string // what, recorded once warned about: "sales|east|2026-11", "payment|29"
	region string
	text   func(bot.Lang) string // the warning on its own, a sentence
	line   func(bot.Lang) string // the warning as an item of a list
	list   digest.Query          // the digest that lists it with the others of its kind
}

// planWarnings adds the early warnings not yet sent, to marketing's
// channel and to the region's managers: sales well below the pro-rated
// target, a wave of negative customer feedback, overdue payments.
func (s *Scheduler) planWarnings(ctx context.Context, st *tickState, t *bot.Tick) error {
	every := cmp.Or(s.WarningEvery, warningEvery)
	if s.Digests == nil || (!s.lastWarnings.IsZero() && every > 0 && st.now.Sub(s.lastWarnings) < every) {
		return nil
	}
	s.lastWarnings = st.now
	var found []warning
	for _, check := range []func(context.Context, digest.Source, time.Time) ([]warning, error){s.salesWarnings, s.negativeWarnings, s.paymentWarnings} {
		ws, err := check(ctx, *s.Digests, st.now.In(s.org().Location))
		if err != nil {
			return err
		}
		found = append(found, ws...)
	}
	notes, err := s.gatherWarnings(ctx, found, st.now)
	if err != nil {
		return err
	}
	return s.keep(ctx, st, notes, t)
}

// gatherWarnings addresses the warnings found at now: one notification
// per kind, region and recipient, holding what was not warned about to
// that recipient before. A thousand overdue payments are one message.
func (s *Scheduler) gatherWarnings(ctx context.Context, found []warning, now time.Time) ([]*bot.Notification, error) {
	var order []string
	groups := map[string][]warning{}
	for _, w := range found {
		key := w.kind + "|" + w.region
		if groups[key] == nil {
			order = append(order, key)
		}
		groups[key] = append(groups[key], w)
	}
	var notes []*bot.Notification
	for _, key := range order {
		ws := groups[key]
		for _, to := range s.warningRecipients(ws[0].region) {
			n := &bot.Notification{Type: NotifyWarning, To: to, Warning: ws[0].kind, Region: ws[0].region, Due: now, At: now}
			fresh, err := s.unwarned(ctx, n, ws)
			if err != nil {
				return nil, err
			}
			if len(fresh) == 0 {
				continue
			}
			for _, w := range fresh {
				n.Items = append(n.Items, w.item)
			}
			n.Text = warningText(fresh, s.org().RegionName(n.Region), s.recipientLang(ctx, to))
			notes = append(notes, n)
		}
	}
	return notes, nil
}

// unwarned returns the warnings of ws not yet warned about to n's
// recipient.
func (s *Scheduler) unwarned(ctx context.Context, n *bot.Notification, ws []warning) ([]warning, error) {
	probe := *n
	probe.Items = make([]string, len(ws))
	for i, w := range ws {
		probe.Items[i] = w.item
	}
	keys := probe.ItemKeys()
	done, err := s.Store.Notified(ctx, keys)
	if err != nil {
		return nil, err
	}
	var out []warning
	for i, w := range ws {
		if !done[keys[i]] {
			out = append(out, w)
		}
	}
	return out, nil
}

// warningText writes warnings of one kind for one region in lang: one on
// its own; several as a count, a list cut at maxWarningItems or
// warningLen with the rest counted, and the command that lists them all.
func warningText(ws []warning, region string, lang bot.Lang) string {
	if len(ws) == 1 {
		return "⚠️ " + ws[0].text(lang)
	}
	var b strings.Builder
	b.WriteString("⚠️ " + bot.T("warning.many", bot.T("warning.title."+ws[0].kind), region, len(ws)).In(lang))
	all := "\n" + bot.T("warning.all", ws[0].list.Command()).In(lang)
	// Room for the "and N more" line, whatever N.
	room := warningLen - utf8.RuneCountInString(all) - 40
	shown := 0
	for _, w := range ws[:min(len(ws), maxWarningItems)] {
		line := "\n- " + w.line(lang)
		if utf8.RuneCountInString(b.String())+utf8.RuneCountInString(line) > room {
			break
		}
		b.WriteString(line)
		shown++
	}
	if shown < len(ws) {
		b.WriteString("\n- " + bot.T("warning.more", len(ws)-shown).In(lang))
	}
	return b.String() + all
}

// recipientLang is the language of a warning's recipient: a manager's
// own, or the org's for a channel.
func (s *Scheduler) recipientLang(ctx context.Context, to string) bot.Lang {
	if p := s.org().Person(to); p != nil {
		return s.lang(ctx, p)
	}
	return s.org().Language
}

// warningRecipients are marketing's channel and the managers of region.
func (s *Scheduler) warningRecipients(region string) []string {
	out := []string{"#" + bot.ChannelMarketing}
	for _, p := range s.org().People {
		if p.Has(bot.RoleManager) && slices.Contains(s.org().ManagedRegions(&p), region) {
			out = append(out, p.ID)
		}
	}
	return out
}

// salesWarnings: month-to-date sales below the share of the pro-rated
// monthly target, after the configured day of the month.
func (s *Scheduler) salesWarnings(ctx context.Context, src digest.Source, now time.Time) ([]warning, error) {
	w := s.org().Warnings
	if now.Day() <= w.AfterDay || src.Targets == nil {
		return nil, nil
	}
	month := value.PeriodOf(now, value.UnitMonth)
	start, _, _ := value.PeriodRange(month, s.org().Location)
	targets, err := src.Targets.Targets(ctx, "")
	if err != nil {
		return nil, err
	}
	var out []warning
	for _, region := range s.org().RegionIDs() {
		// The month so far, measured as a digest of it would be.
		prorated, _, ok := digest.Target(targets, region, "", start, now, s.org().Location)
		if !ok || prorated <= 0 {
			continue
		}
		reports, err := src.Reports.FindReports(ctx, bot.ReportFilter{Kind: "sales", Regions: []string{region}, Since: start, Until: now})
		if err != nil {
			return nil, err
		}
		actual, _ := bot.SalesTotal(reports)
		if actual*10000 >= prorated*w.SalesBelow {
			continue
		}
		name := s.org().RegionName(region)
		text := func(l bot.Lang) string {
			return bot.T("warning.sales", name, value.FormatMoney(actual), value.FormatMoney(prorated), bot.Attainment(actual, prorated), month).In(l)
		}
		list, _ := digest.ForPeriod(s.org(), region, month, now)
		out = append(out, warning{kind: "sales", item: "sales|" + region + "|" + month, region: region, text: text, line: text, list: list})
	}
	return out, nil
}

// negativeWarnings: enough negative customer reports in one region
// within the window; once per region and week.
func (s *Scheduler) negativeWarnings(ctx context.Context, src digest.Source, now time.Time) ([]warning, error) {
	w := s.org().Warnings
	since := now.AddDate(0, 0, -w.NegativeDays)
	reports, err := src.Reports.FindReports(ctx, bot.ReportFilter{Kind: "customer", Since: since, Until: now})
	if err != nil {
		return nil, err
	}
	count := map[string]int{}
	for _, r := range reports {
		if r.Fields["sentiment"].Text == "negative" {
			count[r.Region]++
		}
	}
	var out []warning
	for _, region := range s.org().RegionIDs() {
		n := count[region]
		if n < w.NegativeCustomers {
			continue
		}
		name := s.org().RegionName(region)
		text := func(l bot.Lang) string { return bot.T("warning.negative", n, name, w.NegativeDays).In(l) }
		out = append(out, warning{kind: "negative", item: "negative|" + region + "|" + value.PeriodOf(now, value.UnitWeek), region: region,
			text: text, line: text, list: digest.Span(region, since, now, now)})
	}
	return out, nil
}

// paymentWarnings: a payment due in the last paymentLookback with less
// collected than due, judged as the digest judges it; once per report.
// The store's open receivables are read, not the payment reports.
func (s *Scheduler) paymentWarnings(ctx context.Context, src digest.Source, now time.Time) ([]warning, error) {
	since := now.Add(-paymentLookback)
	today := digest.Today(s.org(), now)
	reports, err := src.Reports.OpenReceivables(ctx, since.In(s.org().Location).Format(time.DateOnly), today)
	if err != nil {
		return nil, err
	}
	var out []warning
	for _, r := range reports {
		if !digest.Overdue(r, today) {
			continue
		}
		due, got, date := r.Fields["due"].Num, r.Fields["collected"].Num, r.Fields["due_date"].Text
		args := []any{r.Fields["customer"].Text, value.FormatMoney(due - got), date, bot.FormatID(r.ID), s.org().PersonName(r.Person, s.org().Language), s.org().RegionName(r.Region)}
		out = append(out, warning{kind: "payment", item: fmt.Sprintf("payment|%d", r.ID), region: r.Region,
			text: func(l bot.Lang) string { return bot.T("warning.payment", args...).In(l) },
			line: func(l bot.Lang) string { return bot.T("warning.payment_item", args...).In(l) },
			list: digest.Span(r.Region, since, now, now)})
	}
	return out, nil
}

// warningMessages addresses a warning: to marketing's channel on every
// platform, or to a manager directly.
func (s *Scheduler) warningMessages(n *bot.Notification) []*bot.Message {
	to := n.To[strings.LastIndex(n.To, ">")+1:]
	if to == "#"+bot.ChannelMarketing {
		var out []*bot.Message
		for _, d := range s.org().ChannelDestinations(bot.ChannelMarketing, s.Platforms) {
			out = append(out, &bot.Message{To: d, Text: n.Text, CreatedAt: n.At})
		}
		return out
	}
	if d, ok := s.org().PersonDestination(to, s.Platforms); ok {
		return []*bot.Message{{To: d, Text: n.Text, CreatedAt: n.At}}
	}
	return nil
}
