package app

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/team"
)

// actionWords say what happened to a person or region.
var actionWords = map[string]string{
	bot.ChangeAdd: "added", bot.ChangeEdit: "changed", bot.ChangeRemove: "left", bot.ChangeRestore: "back",
}

// writePlan writes what applying a file does, one person, region or the
// settings at a time, then how many changed and whether they were saved.
func writePlan(w io.Writer, plan *team.Plan, chat *team.Edits, o OrgApplyOptions) error {
	var b strings.Builder
	for _, c := range plan.Changes {
		fmt.Fprintf(&b, "%s: %s\n", subjectName(plan.Next, c), actionWords[c.Action])
		for _, f := range c.Fields {
			b.WriteString("  " + fieldLine(c, f))
			if e := chat.Edit(c.Subject, c.ID, f.Field); e != nil && c.Action == bot.ChangeEdit {
				fmt.Fprintf(&b, " (overwrites a change made in chat by %s on %s)", e.By, e.At.In(plan.Next.Location).Format(time.DateOnly))
			}
			b.WriteString("\n")
		}
	}
	b.WriteString(summary(len(plan.Changes), o))
	_, err := io.WriteString(w, b.String())
	return err
}

// subjectName names what a change is about: "person alice (Alice Wang)".
func subjectName(org *bot.Org, c *bot.OrgChange) string {
	switch c.Subject {
	case bot.SubjectPerson:
		if p := org.Person(c.ID); p != nil {
			return fmt.Sprintf("person %s (%s)", c.ID, p.Name)
		}
	case bot.SubjectRegion:
		if r := org.Region(c.ID); r != nil {
			return fmt.Sprintf("region %s (%s)", c.ID, r.Name)
		}
	case bot.SubjectSettings:
		return "settings"
	}
	return c.Subject + " " + c.ID
}

// fieldLine writes a field's new value, and its old one when it had one.
func fieldLine(c *bot.OrgChange, f bot.FieldChange) string {
	if c.Action == bot.ChangeAdd {
		return f.Field + ": " + orNone(f.To)
	}
	return f.Field + ": " + orNone(f.From) + " → " + orNone(f.To)
}

func orNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}

func summary(n int, o OrgApplyOptions) string {
	switch {
	case n == 0:
		return "No change.\n"
	case o.DryRun:
		return fmt.Sprintf("Changes: %d, none saved (--dry-run).\n", n)
	}
	return fmt.Sprintf("Changes: %d, saved from %s.\n", n, o.File)
}
