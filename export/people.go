package export

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// personLine is one person in JSON Lines.
type personLine struct {
	ID       string            `json:"id"`
	Name     string            `json:"name"`
	Roles    []string          `json:"roles"`
	Region   string            `json:"region"`
	Manager  string            `json:"manager"`
	Accounts map[string]string `json:"accounts"` // platform → id
	Language string            `json:"language"`
	Timezone string            `json:"timezone"`
	Active   bool              `json:"active"`
	// LeftAt and UpdatedAt are RFC 3339 in the org's zone, "" when zero.
	LeftAt    string `json:"left_at"`
	UpdatedAt string `json:"updated_at"`
}

// People writes everyone in org, leavers included (active false), in
// format (JSON Lines or CSV). CSV has one accounts.PLATFORM column for
// each of platforms, then one for any other platform someone has an
// account on, so that the columns stay the same from one export to the
// next.
func People(w io.Writer, format string, org *bot.Org, platforms []bot.Platform) error {
	if err := CheckFormat(format); err != nil {
		return err
	}
	lines := make([]personLine, len(org.People))
	for i := range org.People {
		lines[i] = personRecord(&org.People[i], org.Location)
	}
	if format == CSV {
		return peopleCSV(w, lines, accountColumns(org, platforms))
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			return fmt.Errorf("write person %s: %w", l.ID, err)
		}
	}
	return nil
}

func personRecord(p *bot.Person, loc *time.Location) personLine {
	l := personLine{ID: p.ID, Name: p.Name, Roles: []string{}, Region: p.Region, Manager: p.Manager,
		Accounts: map[string]string{}, Language: string(p.Lang), Timezone: p.Timezone, Active: !p.Left(),
		LeftAt: rfc3339(p.LeftAt, loc), UpdatedAt: rfc3339(p.UpdatedAt, loc)}
	for _, r := range p.Roles {
		l.Roles = append(l.Roles, string(r))
	}
	for pl, id := range p.Accounts {
		if id != "" {
			l.Accounts[string(pl)] = id
		}
	}
	return l
}

// accountColumns are the platforms of the CSV's account columns: those
// given, then the others people have accounts on, by name.
func accountColumns(org *bot.Org, platforms []bot.Platform) []string {
	cols := make([]string, 0, len(platforms))
	for _, p := range platforms {
		cols = append(cols, string(p))
	}
	others := map[string]bool{}
	for _, p := range org.People {
		for pl := range p.Accounts {
			if !slices.Contains(cols, string(pl)) {
				others[string(pl)] = true
			}
		}
	}
	return append(cols, slices.Sorted(maps.Keys(others))...)
}

func peopleCSV(w io.Writer, lines []personLine, platforms []string) error {
	cw := csv.NewWriter(w)
	head := []string{"id", "name", "roles", "region", "manager"}
	for _, p := range platforms {
		head = append(head, "accounts."+p)
	}
	_ = cw.Write(append(head, "language", "timezone", "active", "left_at", "updated_at"))
	for _, l := range lines {
		row := []string{l.ID, defuse(l.Name), strings.Join(l.Roles, ";"), l.Region, l.Manager}
		for _, p := range platforms {
			row = append(row, l.Accounts[p])
		}
		_ = cw.Write(append(row, l.Language, l.Timezone, strconv.FormatBool(l.Active), l.LeftAt, l.UpdatedAt))
	}
	cw.Flush()
	return cw.Error()
}
