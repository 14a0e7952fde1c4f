package main

import (
	"bufio"
	"encoding/json"
	"strings"
	"testing"

	"github.com/fieldloop/fieldloop/internal/app"
)

func tickLines(t *testing.T, out string) []app.TickLine {
	t.Helper()
	var lines []app.TickLine
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var l app.TickLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		lines = append(lines, l)
	}
	return lines
}

// The check from the issue: a daily 18:00 deadline in Shanghai with 2 h
// grace and 4 h escalation, driven with fieldloop tick --at.
func TestTickAroundADailyDeadline(t *testing.T) {
	db := tempDB(t)
	out, _, _ := run(t, strings.Join([]string{
		`@ada /schedule add kind=sales audience=east every="daily 18:00" grace=2h escalate=4h`,
		`@alice /report sales units=3`,
		`@chen /report sales units=1`,
		`@bob /schedule add kind=sales audience=east every="daily 18:00"`,
		`@ada /schedule add kind=sales audience=east every="daily 25:00"`,
		`@ada /schedule add kind=sales audience=east every="daily 18:00" tz=Mars/Olympus`,
	}, "\n")+"\n", "--db", db)
	for _, want := range []string{
		"Added: #1 Outlet sales from East China, daily 18:00 (Asia/Shanghai) · grace 2h · escalates after 4h · next deadline 2026-11-28 18:00 CST",
		"Only admins and managers can change report schedules.",
		`every: “daily 25:00” is not a schedule`,
		`tz: “Mars/Olympus” is not a time zone`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}

	tick := func(at string, dry bool) []app.TickLine {
		args := []string{"tick", "--db", db, "--at", at}
		if dry {
			args = append(args, "--dry-run")
		}
		out, errOut, code := run(t, "", args...)
		if code != 0 {
			t.Fatalf("tick %s: exit %d: %s", at, code, errOut)
		}
		return tickLines(t, out)
	}
	if got := tick("2026-11-28T19:59:00+08:00", false); len(got) != 0 {
		t.Errorf("before the grace ends: %+v", got)
	}
	want := app.TickLine{Type: "reminder", To: "bob", Kind: "sales", Schedule: 1, Due: "2026-11-28T18:00:00+08:00"}
	for range 2 {
		if got := tick("2026-11-28T20:00:00+08:00", true); len(got) != 1 || got[0].To != want.To || got[0].Type != want.Type || got[0].Due != want.Due {
			t.Errorf("dry run: %+v, want only %+v", got, want)
		}
	}
	if got := tick("2026-11-28T20:00:00+08:00", false); len(got) != 1 || got[0].To != "bob" {
		t.Errorf("tick: %+v", got)
	}
	if got := tick("2026-11-28T20:00:00+08:00", false); len(got) != 0 {
		t.Errorf("second tick at the same time: %+v", got)
	}
	got := tick("2026-11-29T00:00:00+08:00", false)
	if len(got) != 1 || got[0].Type != "escalation" || got[0].To != "max" || strings.Join(got[0].Overdue, ",") != "bob" {
		t.Errorf("escalation: %+v", got)
	}
	msgs, _, _ := run(t, "", "export", "messages", "--db", db)
	if n := strings.Count(msgs, `"status":"pending"`); n != 2 {
		t.Errorf("%d messages queued by tick, want 2 (reminder, escalation):\n%s", n, msgs)
	}
}

// A rep who is away is not reminded.
func TestTickSkipsAway(t *testing.T) {
	db := tempDB(t)
	run(t, strings.Join([]string{
		`@ada /schedule add kind=sales audience=east every="daily 18:00" grace=2h`,
		`@bob /away today..tomorrow`,
	}, "\n")+"\n", "--db", db)
	out, _, _ := run(t, "", "tick", "--db", db, "--at", "2026-11-28T20:00:00+08:00", "--format", "text")
	if strings.Contains(out, "bob") || !strings.Contains(out, "reminder to alice: sales, schedule #1, due 2026-11-28T18:00:00+08:00") {
		t.Errorf("tick:\n%s", out)
	}
}

func TestTickUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"tick", "--at", "8pm"}, {"tick", "--format", "xml"}} {
		if _, errOut, code := run(t, "", append(args, "--db", tempDB(t))...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
}
