package orgfile

import (
	"fmt"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"go.yaml.in/yaml/v3"
)

var holidayKeys = []string{"date", "from", "to", "name"}

// holidays reads m's holidays list, the org's or a region's: each item a
// day ("2026-10-01"), a range ("2026-10-01..2026-10-07"), or a mapping
// with date, or from and to, and an optional name.
func (p *parser) holidays(m mapping) []bot.DateRange {
	items, ok := p.list(m, "holidays", `["2026-10-01..2026-10-07", {date: 2027-01-01, name: New Year}]`)
	if !ok {
		return nil
	}
	var out []bot.DateRange
	for i, n := range items {
		path := fmt.Sprintf("%s[%d]", join(m.path, "holidays"), i)
		var from, to string
		switch n.Kind {
		case yaml.ScalarNode:
			from, to, _ = strings.Cut(n.Value, "..")
			if to == "" {
				to = from
			}
		case yaml.MappingNode:
			m, ok := p.mapping(n, path, holidayKeys, "a mapping with date, or from and to")
			if !ok {
				continue
			}
			if d := p.text(m, "date", false); d != "" {
				from, to = d, d
			} else {
				from, to = p.text(m, "from", true), p.text(m, "to", true)
			}
		default:
			p.errorf(n, path, "expected a date or a range, like 2026-10-01..2026-10-07, found %s", describe(n))
			continue
		}
		if r, ok := p.dateRange(n, path, from, to); ok {
			out = append(out, r)
		}
	}
	return out
}

// dateRange checks that from and to are dates in order.
func (p *parser) dateRange(n *yaml.Node, path, from, to string) (bot.DateRange, bool) {
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	switch {
	case err1 != nil || err2 != nil:
		text := from
		if to != from {
			text += ".." + to
		}
		p.errorf(n, path, "%q is not a date or a range of dates like 2026-10-01..2026-10-07", text)
	case t.Before(f):
		p.errorf(n, path, "the range ends (%s) before it starts (%s)", to, from)
	default:
		return bot.DateRange{From: from, To: to}, true
	}
	return bot.DateRange{}, false
}
