// Package digest builds what a manager reads instead of every report: a
// region's (or one rep's) reports over a span, summed into the reporting
// figures per schedule (deadlines met on time, late or missed, judged as
// the scheduler judges them), sales against the target and the period
// before, the top outlets, competitor intel and negative customer
// feedback, the field's feedback on active campaigns, payment collection
// and the broadcasts not yet acknowledged; and renders it for chat,
// Markdown or text. The chat command, the scheduled digests and
// `fieldloop digest` all build it here, from a Query made the same way.
package digest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/value"
)

// Source is what a digest reads.
type Source struct {
	Org       *bot.LiveOrg
	Schema    *bot.Schema
	Reports   bot.ReportStore
	Targets   bot.TargetStore
	Campaigns bot.CampaignStore
	Schedules bot.ScheduleStore
	// Settings gives people's days away, which the reporting figures
	// leave out as the scheduler does; none when nil.
	Settings bot.SettingsStore
}

// Digest is what a manager reads instead of every report.
type Digest struct {
	Region     string             `json:"region"`
	Currency   string             `json:"currency"` // what the amounts are in
	Person     string             `json:"person,omitempty"`
	Period     string             `json:"period,omitempty"`
	From       string             `json:"from"`
	To         string             `json:"to"` // the last day, included
	Reports    int                `json:"reports"`
	Reporting  []Rate             `json:"reporting"`
	Sales      Sales              `json:"sales"`
	TopOutlets []Outlet           `json:"top_outlets"`
	Competitor []string           `json:"competitor"`
	Negative   []string           `json:"negative_customer_feedback"`
	Campaigns  []CampaignFeedback `json:"campaigns"`
	Payments   Payments           `json:"payments"`
	Unacked    []Unacked          `json:"unacknowledged"`
}

// Sales is the sales total against the target and the period
// before; amounts are decimal strings.
type Sales struct {
	Total      string `json:"total"`
	Units      int64  `json:"units"`
	Previous   string `json:"previous"`
	Change     string `json:"change"`
	Target     string `json:"target,omitempty"`
	Attainment string `json:"attainment,omitempty"`
	// Prorated says Target is not one set for the span but the share of
	// the span in the targets of the periods it touches (see Target).
	Prorated bool `json:"target_prorated,omitempty"`

	total, previous, target int64
}

// Outlet is one outlet's sales.
type Outlet struct {
	Outlet string `json:"outlet"`
	Amount string `json:"amount"`
	Units  int64  `json:"units"`
	amount int64
}

// CampaignFeedback is the field's feedback on one active campaign.
type CampaignFeedback struct {
	Campaign uint64 `json:"campaign"`
	Title    string `json:"title"`
	Covered  int    `json:"covered"`
	Of       int    `json:"of"`
	Strong   int    `json:"strong"`
	OK       int    `json:"ok"`
	Weak     int    `json:"weak"`
}

// Payments sums payment collection and lists the overdue items.
type Payments struct {
	Due       string   `json:"due"`
	Collected string   `json:"collected"`
	Overdue   []string `json:"overdue"`

	due, collected int64
}

// Unacked is a broadcast some of the region have not acknowledged.
type Unacked struct {
	Campaign uint64   `json:"campaign"`
	Title    string   `json:"title"`
	Missing  []string `json:"missing"`
}

// Build reads and sums what q asks for. Text is in lang (competitor
// and customer lines are report summaries).
func Build(ctx context.Context, src Source, q Query, lang bot.Lang) (*Digest, error) {
	if q.Now.IsZero() {
		return nil, errors.New("digest: the query has no Now")
	}
	loc := src.Org.Load().Location
	d := &Digest{Region: q.Region, Currency: src.Org.Load().Currency, Person: q.Person, Period: q.Period,
		From: q.From.In(loc).Format(time.DateOnly), To: q.To.Add(-time.Nanosecond).In(loc).Format(time.DateOnly)}
	f := bot.ReportFilter{Regions: []string{q.Region}, Person: q.Person, Since: q.From, Until: q.To}
	reports, err := src.Reports.FindReports(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("read reports: %w", err)
	}
	d.Reports = len(reports)
	if err := d.sales(ctx, src, q, reports); err != nil {
		return nil, err
	}
	d.signals(src.Schema, reports, Today(src.Org.Load(), q.Now), lang)
	if err := d.reporting(ctx, src, q); err != nil {
		return nil, err
	}
	if q.Person == "" {
		if err := d.campaigns(ctx, src, q, reports); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (d *Digest) sales(ctx context.Context, src Source, q Query, reports []*bot.Report) error {
	total, units := bot.SalesTotal(reports)
	prevF := bot.ReportFilter{Kind: "sales", Regions: []string{q.Region}, Person: q.Person, Since: q.From.Add(-q.To.Sub(q.From)), Until: q.From}
	if q.Period != "" {
		if start, end, err := value.PeriodRange(value.PreviousPeriod(q.Period), src.Org.Load().Location); err == nil {
			prevF.Since, prevF.Until = start, end
		}
	}
	prev, err := src.Reports.FindReports(ctx, prevF)
	if err != nil {
		return fmt.Errorf("read previous sales: %w", err)
	}
	previous, _ := bot.SalesTotal(prev)
	s := Sales{Total: value.DecimalString(total, 2), Units: units, Previous: value.DecimalString(previous, 2),
		Change: change(total, previous), total: total, previous: previous}
	if q.Person == "" && src.Targets != nil {
		ts, err := src.Targets.Targets(ctx, q.Region)
		if err != nil {
			return fmt.Errorf("read targets: %w", err)
		}
		if amount, prorated, ok := Target(ts, q.Region, q.Period, q.From, q.To, src.Org.Load().Location); ok {
			s.target, s.Target, s.Attainment = amount, value.DecimalString(amount, 2), bot.Attainment(total, amount)
			s.Prorated = prorated
		}
	}
	d.Sales = s
	outlets := map[string]*Outlet{}
	for _, r := range reports {
		name := r.Fields["outlet"].Text
		if r.Kind != "sales" || name == "" {
			continue
		}
		o := outlets[name]
		if o == nil {
			o = &Outlet{Outlet: name}
			outlets[name] = o
		}
		o.amount += r.Fields["amount"].Num
		o.Units += r.Fields["units"].Num
	}
	for _, o := range outlets {
		o.Amount = value.DecimalString(o.amount, 2)
		d.TopOutlets = append(d.TopOutlets, *o)
	}
	slices.SortFunc(d.TopOutlets, func(a, b Outlet) int {
		return cmp.Or(cmp.Compare(b.amount, a.amount), cmp.Compare(b.Units, a.Units), strings.Compare(a.Outlet, b.Outlet))
	})
	return nil
}

// change renders the change from previous to total: "+12.5%", "−3%", or
// "new" when there was nothing before.
func change(total, previous int64) string {
	if previous == 0 {
		if total == 0 {
			return "0%"
		}
		return "new"
	}
	pct := (total - previous) * 10000 / previous
	sign := "+"
	if pct < 0 {
		sign, pct = "−", -pct
	}
	return sign + value.FormatPercent(pct)
}

// Today is the day of now in the org's zone, the one day against which
// every due date is judged, whoever asks and wherever they are.
func Today(org *bot.Org, now time.Time) string {
	return now.In(org.Location).Format(time.DateOnly)
}

// Overdue reports whether payment report r is past its due date on day
// today (see Today) with less collected than due. The digest and the
// early warnings both ask it.
func Overdue(r *bot.Report, today string) bool {
	date, open := r.OpenDue()
	return open && date < today
}

// signals collects competitor intel, negative customer feedback and
// payments, judging overdue ones against the day today.
func (d *Digest) signals(schema *bot.Schema, reports []*bot.Report, today string, lang bot.Lang) {
	var due, collected int64
	for _, r := range reports {
		k := schema.Kind(r.Kind)
		if k == nil {
			continue
		}
		switch r.Kind {
		case "competitor":
			d.Competitor = append(d.Competitor, bot.FormatID(r.ID)+" "+k.Summary(r.Fields, lang))
		case "customer":
			if r.Fields["sentiment"].Text == "negative" {
				d.Negative = append(d.Negative, bot.FormatID(r.ID)+" "+k.Summary(r.Fields, lang))
			}
		case "payment":
			due += r.Fields["due"].Num
			collected += r.Fields["collected"].Num
			if Overdue(r, today) {
				d.Payments.Overdue = append(d.Payments.Overdue, bot.FormatID(r.ID)+" "+k.Summary(r.Fields, lang))
			}
		}
	}
	d.Payments.Due, d.Payments.Collected = value.DecimalString(due, 2), value.DecimalString(collected, 2)
	d.Payments.due, d.Payments.collected = due, collected
}

// campaigns gives the feedback on the campaigns active in the span, and
// the broadcasts the region has not all acknowledged.
func (d *Digest) campaigns(ctx context.Context, src Source, q Query, reports []*bot.Report) error {
	if src.Campaigns == nil {
		return nil
	}
	all, err := src.Campaigns.Campaigns(ctx)
	if err != nil {
		return err
	}
	reps := (bot.Audience{Regions: []string{q.Region}}).Members(src.Org.Load())
	last := q.To.Add(-time.Nanosecond).In(src.Org.Load().Location).Format(time.DateOnly)
	for _, c := range all {
		if c.Cancelled || !slices.Contains(c.RegionIDs(src.Org.Load()), q.Region) || c.Start > last || c.End < d.From {
			continue
		}
		if !c.IsTraining() {
			d.Campaigns = append(d.Campaigns, campaignFeedback(c, reps, reports))
		}
		if !c.BroadcastAt.IsZero() {
			u := Unacked{Campaign: c.ID, Title: c.Title}
			for _, p := range reps {
				if !c.Acknowledged(p.ID) {
					u.Missing = append(u.Missing, p.ID)
				}
			}
			if len(u.Missing) > 0 {
				d.Unacked = append(d.Unacked, u)
			}
		}
	}
	return nil
}

func campaignFeedback(c *bot.Campaign, reps []*bot.Person, reports []*bot.Report) CampaignFeedback {
	line := CampaignFeedback{Campaign: c.ID, Title: c.Title, Of: len(reps)}
	id := fmt.Sprint(c.ID)
	covered := map[string]bool{}
	for _, r := range reports {
		if r.Kind != "promo" || r.Deleted || r.Fields["campaign"].Text != id {
			continue
		}
		covered[r.Person] = true
		switch r.Fields["response"].Text {
		case "strong":
			line.Strong++
		case "ok":
			line.OK++
		case "weak":
			line.Weak++
		}
	}
	for _, p := range reps {
		if covered[p.ID] {
			line.Covered++
		}
	}
	return line
}
