package orgfile

import (
	"strconv"
	"strings"

	"github.com/fieldloop/fieldloop/bot"
	"go.yaml.in/yaml/v3"
)

var warningKeys = []string{"sales_below_target", "after_day", "negative_customers", "negative_days"}

// warnings reads the early-warning thresholds; every key is optional and
// falls back to bot.DefaultWarnings.
func (p *parser) warnings(top mapping) bot.Warnings {
	w := bot.DefaultWarnings
	n := top.values["warnings"]
	if n == nil {
		return w
	}
	m, ok := p.mapping(n, "warnings", warningKeys, "a mapping such as {sales_below_target: 70%, after_day: 10}")
	if !ok {
		return w
	}
	if v := p.text(m, "sales_below_target", false); v != "" {
		if pct, ok := percent(v); ok {
			w.SalesBelow = pct
		} else {
			p.fieldf(m, "sales_below_target", "%q is not a share of the target like 70%% or 0.7", v)
		}
	}
	p.whole(m, "after_day", 1, 28, &w.AfterDay)
	p.whole(m, "negative_customers", 1, 1000, &w.NegativeCustomers)
	p.whole(m, "negative_days", 1, 365, &w.NegativeDays)
	return w
}

// percent reads "70%", "70" or "0.7" as hundredths of a percent.
func percent(v string) (int64, bool) {
	v = strings.TrimSpace(v)
	f, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
	if err != nil || f <= 0 {
		return 0, false
	}
	if !strings.HasSuffix(v, "%") && f <= 1 {
		f *= 100
	}
	if f > 100 {
		return 0, false
	}
	return int64(f*100 + 0.5), true
}

// whole reads a whole number in [lo, hi] at key into *dst, if given.
func (p *parser) whole(m mapping, key string, lo, hi int, dst *int) {
	v := p.text(m, key, false)
	if v == "" {
		return
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		p.fieldf(m, key, "%q is not a whole number from %d to %d", v, lo, hi)
		return
	}
	*dst = n
}

// namePolicyKeys are unknown_names:'s keys, the lists' names as
// `fieldloop import` calls them.
var namePolicyKeys = []string{"outlets", "customers", "products"}

// namePolicies reads unknown_names:, what a report does with a name not on
// a list; absent keys keep bot.DefaultNamePolicies.
func (p *parser) namePolicies(top mapping) bot.NamePolicies {
	n := top.values["unknown_names"]
	if n == nil {
		return nil
	}
	m, ok := p.mapping(n, "unknown_names", namePolicyKeys, "a mapping such as {outlets: propose, customers: refuse, products: refuse}")
	if !ok {
		return nil
	}
	out := bot.NamePolicies{}
	for i, key := range namePolicyKeys {
		v := bot.NamePolicy(p.text(m, key, false))
		switch v {
		case "":
		case bot.NameAccept, bot.NamePropose, bot.NameRefuse:
			out[bot.RecordKinds[i]] = v
		default:
			p.fieldf(m, key, "%q is not accept, propose or refuse", v)
		}
	}
	return out
}

func namePoliciesNode(np bot.NamePolicies) *yaml.Node {
	m := mappingNode(yaml.FlowStyle)
	for i, key := range namePolicyKeys {
		if v := np[bot.RecordKinds[i]]; v != "" {
			m.Content = append(m.Content, text(key), plainText(string(v)))
		}
	}
	return m
}
