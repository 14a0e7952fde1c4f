package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/fieldloop/fieldloop/access"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/value"
)

// TargetStore is what /target needs.
type TargetStore interface {
	bot.TargetStore
	bot.ReportStore
}

// Target returns /target: sales targets per region and period, set by
// marketing and admins, shown with the actual sales and the attainment.
func Target(store TargetStore) bot.Command {
	return bot.Command{Name: "target", Options: bot.FreeText(), Run: func(ctx context.Context, req *bot.Request) (*bot.Reply, error) {
		args, err := bot.ParseArgs(req.Text)
		if err != nil {
			return nil, err
		}
		sub := "show"
		if len(args) > 0 && !args[0].Pair {
			sub, args = strings.ToLower(args[0].Value), args[1:]
		}
		switch sub {
		case "set":
			return setTarget(ctx, store, req, args)
		case "show", "list":
			return showTargets(ctx, store, req, args)
		}
		return nil, bot.Errorf(bot.EINVALID, "error.target.sub", bot.Echo(sub))
	}}
}

// splitUnits are what split= takes, in either language.
var splitUnits = map[string]string{"": "", "quarterly": value.UnitQuarter, "按季": value.UnitQuarter, "季度": value.UnitQuarter,
	"monthly": value.UnitMonth, "按月": value.UnitMonth, "月度": value.UnitMonth}

// setTarget reads region=R period=P amount=M [split=quarterly|monthly].
// A yearly target splits into quarters or months, a quarter's into
// months, shared evenly with the remainder in the last part; each part can
// then be set on its own.
func setTarget(ctx context.Context, store TargetStore, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	if err := access.Check(req, access.SetTargets, access.Target{}); err != nil {
		return nil, err
	}
	opts, errs := options(args, []string{"region", "period", "amount", "split"}, "/target set region=east period=2026-11 amount=500,000")
	if len(errs) > 0 {
		return nil, errs
	}
	period, amount, unit, errs := targetValues(req, opts)
	if len(errs) > 0 {
		return nil, errs
	}
	region := value.Fold(opts["region"])
	targets := []*bot.Target{{Region: region, Period: period, Amount: amount, SetBy: req.Person.ID, SetAt: req.Time}}
	if parts := value.SubPeriods(period, unit); len(parts) > 0 {
		each := amount / int64(len(parts))
		for i, p := range parts {
			a := each
			if i == len(parts)-1 {
				a = amount - each*int64(len(parts)-1)
			}
			targets = append(targets, &bot.Target{Region: region, Period: p, Amount: a, SetBy: req.Person.ID, SetAt: req.Time})
		}
	}
	if err := store.SetTargets(ctx, targets); err != nil {
		return nil, fmt.Errorf("set targets: %w", err)
	}
	money := func(minor int64) bot.Text { return bot.Money(minor, req.Org.Currency) }
	lines := []string{req.T("target.set", regionName(req.Org, region), period, money(amount))}
	for _, t := range targets[1:] {
		lines = append(lines, req.T("target.part", t.Period, money(t.Amount)))
	}
	return &bot.Reply{Text: strings.Join(lines, "\n")}, nil
}

// targetValues checks the options of /target set: a region, a year,
// quarter or month, an amount in the org's currency and how to split it.
// Every problem is reported.
func targetValues(req *bot.Request, opts map[string]string) (period string, amount int64, unit string, errs bot.FieldErrors) {
	if req.Org.Region(value.Fold(opts["region"])) == nil {
		errs = append(errs, bot.FieldError("region", "error.target.region", bot.Echo(opts["region"]), regionList(req.Org)))
	}
	period, ok := value.ParsePeriod(opts["period"])
	if !ok || strings.Contains(period, "W") {
		errs = append(errs, bot.FieldError("period", "error.target.period", bot.Echo(opts["period"])))
	}
	amountField := bot.Field{Key: "amount", Type: bot.TypeMoney, Required: true}
	v, err := amountField.Parse(opts["amount"], parseContext(req))
	switch e, _ := err.(*bot.Error); {
	case e != nil && e.Text.Key == "error.value.currency":
		errs = append(errs, e)
	case err != nil || opts["amount"] == "":
		errs = append(errs, bot.FieldError("amount", "error.target.amount", bot.Echo(opts["amount"])))
	}
	unit, known := splitUnits[strings.ToLower(value.Fold(opts["split"]))]
	if !known || (unit != "" && ok && value.SubPeriods(period, unit) == nil) {
		errs = append(errs, bot.FieldError("split", "error.target.split", bot.Echo(opts["split"])))
	}
	return period, v.Num, unit, errs
}

// showTargets reads [period] [region]: the current month and the
// caller's regions by default.
func showTargets(ctx context.Context, store TargetStore, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	period := value.PeriodOf(localNow(req), value.UnitMonth)
	regions := access.Regions(req)
	for _, a := range args {
		v := value.Fold(a.Value)
		if p, ok := value.ParsePeriod(v); ok && (!a.Pair || a.Key == "period") {
			period = p
			continue
		}
		if req.Org.Region(v) != nil && (!a.Pair || a.Key == "region") {
			if err := access.Check(req, access.ReadTargets, access.Region(v)); err != nil {
				return nil, err
			}
			regions = []string{v}
			continue
		}
		return nil, bot.Errorf(bot.EINVALID, "error.target.show", bot.Echo(v))
	}
	if len(regions) == 0 {
		return nil, bot.Errorf(bot.EPERMISSION, "error.target.no_region")
	}
	start, end, err := value.PeriodRange(period, req.Org.Location)
	if err != nil {
		return nil, err
	}
	targets, err := store.Targets(ctx, "")
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, region := range regions {
		reports, err := store.FindReports(ctx, bot.ReportFilter{Kind: "sales", Regions: []string{region}, Since: start, Until: end})
		if err != nil {
			return nil, err
		}
		actual, _ := bot.SalesTotal(reports)
		if target, ok := bot.TargetFor(targets, region, period); ok {
			lines = append(lines, req.T("target.line", regionName(req.Org, region), period, bot.Money(target, req.Org.Currency), bot.Money(actual, req.Org.Currency), bot.Attainment(actual, target)))
		} else {
			lines = append(lines, req.T("target.none", regionName(req.Org, region), period, bot.Money(actual, req.Org.Currency)))
		}
	}
	return &bot.Reply{Text: strings.Join(lines, "\n")}, nil
}
