package orgfile

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/value"
	"go.yaml.in/yaml/v3"
)

// Marshal writes org as an org file that Parse reads back as the same
// organisation, leavers with their left: time included. Ids on the given
// platforms come in that order, then those on any other platform.
func Marshal(org *bot.Org, platforms []bot.Platform) ([]byte, error) {
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{orgNode(org, platforms)}}
	doc.HeadComment = "fieldloop org file, written by fieldloop org export. orgfile/demo.yaml documents every key."
	return encode(doc)
}

func encode(doc *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("write the org file: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("write the org file: %w", err)
	}
	return b.Bytes(), nil
}

// topDefaults are what the top-level keys mean when absent: Marshal leaves
// them out then.
func topDefaults() map[string]*yaml.Node {
	return map[string]*yaml.Node{
		"timezone": text("UTC"), "language": text(string(bot.English)),
		"currency": text(value.DefaultCurrency), "warnings": warningsNode(bot.DefaultWarnings),
	}
}

// orgNode is the top-level mapping of org's file.
func orgNode(org *bot.Org, platforms []bot.Platform) *yaml.Node {
	top := mappingNode(0)
	s := org.Settings()
	add := func(key string, v *yaml.Node) {
		if d := topDefaults()[key]; d == nil || !sameNode(d, v) {
			top.Content = append(top.Content, text(key), v)
		}
	}
	add("timezone", text(s.Timezone))
	add("language", text(string(s.Language)))
	add("currency", text(s.Currency))
	if len(s.Holidays) > 0 {
		add("holidays", daysNode(s.Holidays, 0))
	}
	add("warnings", warningsNode(s.Warnings))
	if len(s.NamePolicies) > 0 {
		add("unknown_names", namePoliciesNode(s.NamePolicies))
	}
	if chans := orgChannels(s.Channels, platforms); len(chans.Content) > 0 {
		add("channels", chans)
	}
	if len(org.Regions) > 0 {
		regions := &yaml.Node{Kind: yaml.SequenceNode}
		for i := range org.Regions {
			regions.Content = append(regions.Content, regionNode(&org.Regions[i], platforms))
		}
		add("regions", regions)
	}
	people := &yaml.Node{Kind: yaml.SequenceNode}
	for i := range org.People {
		people.Content = append(people.Content, personNode(&org.People[i], org.Location, platforms))
	}
	add("people", people)
	return top
}

func orgChannels(chans map[string]bot.Accounts, platforms []bot.Platform) *yaml.Node {
	m := mappingNode(0)
	for _, name := range channelKeys {
		if acc, ok := chans[name]; ok {
			m.Content = append(m.Content, text(name), accountsNode(acc, platforms))
		}
	}
	return m
}

func regionNode(r *bot.Region, platforms []bot.Platform) *yaml.Node {
	m := mappingNode(0)
	set(m, "id", r.ID)
	set(m, "name", r.Name)
	if len(r.Channels) > 0 {
		m.Content = append(m.Content, text("channels"), accountsNode(r.Channels, platforms))
	}
	set(m, "calendar_token", r.CalendarToken)
	if len(r.Managers) > 0 {
		m.Content = append(m.Content, text("managers"), listNode(r.Managers))
	}
	if len(r.Holidays) > 0 {
		m.Content = append(m.Content, text("holidays"), daysNode(r.Holidays, yaml.FlowStyle))
	}
	return m
}

func personNode(p *bot.Person, loc *time.Location, platforms []bot.Platform) *yaml.Node {
	m := mappingNode(0)
	set(m, "id", p.ID)
	set(m, "name", p.Name)
	roles := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		roles[i] = string(r)
	}
	m.Content = append(m.Content, text("roles"), listNode(roles))
	set(m, "region", p.Region)
	set(m, "manager", p.Manager)
	acc := accountsNode(p.Accounts, platforms)
	m.Content = append(m.Content, acc.Content...)
	set(m, "language", string(p.Lang))
	set(m, "timezone", p.Timezone)
	if p.Left() {
		m.Content = append(m.Content, text("left"), plainText(leftText(p.LeftAt, loc)))
	}
	return m
}

// leftText writes a leaving time as the day, when it is the start of a
// day in the org's zone, else as the time to the second.
func leftText(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	if y, mo, d := t.Date(); t.Equal(time.Date(y, mo, d, 0, 0, 0, 0, loc)) {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

func warningsNode(w bot.Warnings) *yaml.Node {
	m := mappingNode(0)
	pct := strconv.FormatFloat(float64(w.SalesBelow)/100, 'f', -1, 64) + "%"
	m.Content = append(m.Content,
		text("sales_below_target"), plainText(pct),
		text("after_day"), plainText(strconv.Itoa(w.AfterDay)),
		text("negative_customers"), plainText(strconv.Itoa(w.NegativeCustomers)),
		text("negative_days"), plainText(strconv.Itoa(w.NegativeDays)))
	return m
}

// accountsNode is a flow mapping of ids by platform: the platforms given
// first, in order, then any other by name.
func accountsNode(acc bot.Accounts, platforms []bot.Platform) *yaml.Node {
	m := mappingNode(yaml.FlowStyle)
	keys := slices.Sorted(func(yield func(bot.Platform) bool) {
		for p := range acc {
			if !slices.Contains(platforms, p) && !yield(p) {
				return
			}
		}
	})
	for _, p := range append(slices.Clone(platforms), keys...) {
		set(m, string(p), acc[p])
	}
	return m
}

func daysNode(days []bot.DateRange, style yaml.Style) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: style}
	for _, d := range days {
		n.Content = append(n.Content, plainText(d.String()))
	}
	return n
}

func listNode(items []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range items {
		n.Content = append(n.Content, text(s))
	}
	return n
}

func mappingNode(style yaml.Style) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Style: style}
}

// set adds key: v to m unless v is "".
func set(m *yaml.Node, key, v string) {
	if v != "" {
		m.Content = append(m.Content, text(key), text(v))
	}
}

// text is a string, quoted when YAML would read it as something else (an
// id of digits as a number).
func text(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// plainText is a value written as it is: a date, a range, a number.
func plainText(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }
