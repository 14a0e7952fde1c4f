package schedule

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/digest"
	"github.com/fieldloop/fieldloop/value"
)

// NotifyWarning is the type of an early warning; its Notification.To is
// "<what>><recipient>", the recipient being "#marketing" or a manager.
const NotifyWarning = "warning"

// warningEvery spaces the early-warning checks, which read a month of
// reports: warnings are about days, not minutes.
const warningEvery = time.Hour

// paymentLookback bounds how far back payment reports are checked.
const paymentLookback = 180 * 24 * time.Hour

// warning is one condition found, before it is addressed.
type warning struct {
	key    string // what, for "sent once": "sales|east|2026-11"
	region string
	text   func(bot.Lang) string
}

// planWarnings adds the early warnings not yet sent, to marketing's
// channel and to the region's managers: sales well below the pro-rated
// target, a wave of negative customer feedback, overdue payments.
func (s *Scheduler) planWarnings(ctx context.Context, st *tickState, t *bot.Tick) error {
	if s.Digests == nil || (!s.lastWarnings.IsZero() && st.now.Sub(s.lastWarnings) < warningEvery) {
		return nil
	}
	s.lastWarnings = st.now
	src := *s.Digests
	var found []warning
	for _, check := range []func(context.Context, digest.Source, time.Time) ([]warning, error){s.salesWarnings, s.negativeWarnings, s.paymentWarnings} {
		ws, err := check(ctx, src, st.now.In(s.Org.Location))
		if err != nil {
			return err
		}
		found = append(found, ws...)
	}
	var notes []*bot.Notification
	for _, w := range found {
		for _, to := range s.warningRecipients(w.region) {
			lang := s.Org.Language
			if p := s.Org.Person(to); p != nil {
				lang = s.lang(ctx, p)
			}
			notes = append(notes, &bot.Notification{Type: NotifyWarning, To: w.key + ">" + to, At: st.now, Text: "⚠️ " + w.text(lang)})
		}
	}
	return s.keep(ctx, st, notes, t)
}

// warningRecipients are marketing's channel and the managers of region.
func (s *Scheduler) warningRecipients(region string) []string {
	out := []string{"#" + bot.ChannelMarketing}
	for _, p := range s.Org.People {
		if p.Has(bot.RoleManager) && slices.Contains(s.Org.ManagedRegions(&p), region) {
			out = append(out, p.ID)
		}
	}
	return out
}

// salesWarnings: month-to-date sales below the share of the pro-rated
// monthly target, after the configured day of the month.
func (s *Scheduler) salesWarnings(ctx context.Context, src digest.Source, now time.Time) ([]warning, error) {
	w := s.Org.Warnings
	if now.Day() <= w.AfterDay || src.Targets == nil {
		return nil, nil
	}
	month := value.PeriodOf(now, value.UnitMonth)
	start, _, _ := value.PeriodRange(month, s.Org.Location)
	targets, err := src.Targets.Targets(ctx, "")
	if err != nil {
		return nil, err
	}
	var out []warning
	for _, region := range s.Org.RegionIDs() {
		// The month so far, measured as a digest of it would be.
		prorated, _, ok := digest.Target(targets, region, "", start, now, s.Org.Location)
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
		name := s.Org.RegionName(region)
		out = append(out, warning{key: "sales|" + region + "|" + month, region: region, text: func(l bot.Lang) string {
			return bot.T("warning.sales", name, value.FormatMoney(actual), value.FormatMoney(prorated), bot.Attainment(actual, prorated), month).In(l)
		}})
	}
	return out, nil
}

// negativeWarnings: enough negative customer reports in one region
// within the window; once per region and week.
func (s *Scheduler) negativeWarnings(ctx context.Context, src digest.Source, now time.Time) ([]warning, error) {
	w := s.Org.Warnings
	reports, err := src.Reports.FindReports(ctx, bot.ReportFilter{Kind: "customer", Since: now.AddDate(0, 0, -w.NegativeDays), Until: now})
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
	for _, region := range s.Org.RegionIDs() {
		n := count[region]
		if n < w.NegativeCustomers {
			continue
		}
		name := s.Org.RegionName(region)
		out = append(out, warning{key: "negative|" + region + "|" + value.PeriodOf(now, value.UnitWeek), region: region, text: func(l bot.Lang) string {
			return bot.T("warning.negative", n, name, w.NegativeDays).In(l)
		}})
	}
	return out, nil
}

// paymentWarnings: a payment past its due date with less collected than
// due; once per report.
func (s *Scheduler) paymentWarnings(ctx context.Context, src digest.Source, now time.Time) ([]warning, error) {
	reports, err := src.Reports.FindReports(ctx, bot.ReportFilter{Kind: "payment", Since: now.Add(-paymentLookback), Until: now})
	if err != nil {
		return nil, err
	}
	today := digest.Today(s.Org, now)
	var out []warning
	for _, r := range reports {
		if !digest.Overdue(r, today) {
			continue
		}
		due, got, date := r.Fields["due"].Num, r.Fields["collected"].Num, r.Fields["due_date"].Text
		customer, author := r.Fields["customer"].Text, s.Org.PersonName(r.Person)
		out = append(out, warning{key: fmt.Sprintf("payment|%d", r.ID), region: r.Region, text: func(l bot.Lang) string {
			return bot.T("warning.payment", customer, value.FormatMoney(due-got), date, bot.FormatID(r.ID), author).In(l)
		}})
	}
	return out, nil
}

// warningMessages addresses a warning: to marketing's channel on every
// platform, or to a manager directly.
func (s *Scheduler) warningMessages(n *bot.Notification) []*bot.Message {
	to := n.To[strings.LastIndex(n.To, ">")+1:]
	if to == "#"+bot.ChannelMarketing {
		var out []*bot.Message
		for _, d := range s.Org.ChannelDestinations(bot.ChannelMarketing, s.Platforms) {
			out = append(out, &bot.Message{To: d, Text: n.Text, CreatedAt: n.At})
		}
		return out
	}
	if d, ok := s.Org.PersonDestination(to, s.Platforms); ok {
		return []*bot.Message{{To: d, Text: n.Text, CreatedAt: n.At}}
	}
	return nil
}
