package commands_test

import (
	"context"
	"strings"
	"testing"

	"github.com/fieldloop/fieldloop/bot"
)

// The same request handled twice (a replayed signed body, a platform's
// repeat) changes things once, whatever the command: the second time is
// told it was handled already. A report answers its repeat with the
// report filed.
func TestReplayedRequestsChangeNothingTwice(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cases := []struct {
		who, line, first string
		count            func() int
	}{
		{"ada", `/schedule add kind=sales audience=east every="daily 18:00"`, "Added",
			func() int { s, _ := f.DB.Schedules(ctx); return len(s) }},
		{"mia", `/campaign add kind=promotion title="Double 12" start=2026-12-01 end=2026-12-12 regions=all`, "Added",
			func() int { c, _ := f.DB.Campaigns(ctx); return len(c) }},
		{"mia", `/target set region=east period=2026-12 amount=1000`, "East China",
			func() int { tg, _ := f.DB.Targets(ctx, "east"); return len(tg) }},
	}
	for i, c := range cases {
		name, text := bot.SplitCommandLine(c.line)
		in := func() *bot.Incoming {
			return &bot.Incoming{UserID: c.who, Name: name, Text: text, RequestID: "req-" + string(rune('a'+i))}
		}
		f.expect(f.Handle(in()), c.first)
		before := c.count()
		again := f.Handle(in())
		if !again.Failed || !strings.Contains(again.Text, "handled already") || c.count() != before {
			t.Errorf("%s twice: %q, %d records then %d", c.line, again.Text, before, c.count())
		}
	}
	report := func() *bot.Incoming {
		return &bot.Incoming{UserID: "alice", Name: "report", Text: "sales units=4", RequestID: "req-report"}
	}
	f.expect(f.Handle(report()), "Saved report #1")
	f.expect(f.Handle(report()), "Saved report #1")
	if reports, _ := f.DB.FindReports(ctx, bot.ReportFilter{}); len(reports) != 1 {
		t.Errorf("%d reports after a repeat", len(reports))
	}
}
