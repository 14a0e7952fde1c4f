package main

import (
	"bufio"
	"encoding/json"
	"os"
	"regexp"
	"slices"
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
		"Added: #1 Outlet sales from East China, daily 18:00 (Asia/Shanghai) · grace 2h · escalates after 4h · next deadline 2026-11-28 18:00",
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

// The README lists every type tick prints with the fields it prints, as
// app.TickFields has them.
func TestTickTypesDocumented(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{} // type → its fields' cell
	for _, line := range strings.Split(string(readme), "\n") {
		cells := strings.Split(strings.ReplaceAll(line, `\|`, "¦"), " | ")
		if len(cells) == 3 && strings.HasPrefix(cells[0], "| `") {
			rows[strings.Trim(cells[0], "| `")] = cells[2]
		}
	}
	name := regexp.MustCompile("`([a-z_]+)`")
	for typ, fields := range app.TickFields {
		cell, ok := rows[typ]
		if !ok {
			t.Errorf("README's list of tick's types lacks %s", typ)
			continue
		}
		// What is in parentheses explains a field.
		cell = regexp.MustCompile(`\([^)]*\)`).ReplaceAllString(cell, "")
		var got []string
		for _, m := range name.FindAllStringSubmatch(cell, -1) {
			got = append(got, m[1])
		}
		if !slices.Equal(got, fields) {
			t.Errorf("README gives %s the fields %v, tick prints %v", typ, got, fields)
		}
	}
}

// lineTypes counts tick's JSON lines by type, and checks that each has a
// type of app.TickFields and its fields (an escalation's overdue may be
// empty), no others.
func lineTypes(t *testing.T, out string) map[string]int {
	t.Helper()
	types := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var fields map[string]any
		if err := json.Unmarshal([]byte(line), &fields); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		typ, _ := fields["type"].(string)
		want, ok := app.TickFields[typ]
		if !ok {
			t.Errorf("%q: no such type", line)
		}
		types[typ]++
		for k := range fields {
			if k != "type" && k != "to" && !slices.Contains(want, k) {
				t.Errorf("%q: %s means nothing for a %s", line, k, typ)
			}
		}
		if len(fields) != len(want)+2 && typ != "escalation" {
			t.Errorf("%q: want the fields %v", line, want)
		}
	}
	return types
}

// Every notification tick queues is printed, with a type from the list
// and only the fields that mean something for it; the text format, too.
func TestTickPrintsEveryNotification(t *testing.T) {
	db := tempDB(t)
	run(t, strings.Join([]string{
		`@ada /schedule add kind=sales audience=east every="daily 18:00" grace=2h escalate=4h`,
		`@alice /report sales units=3`,
		`@max /digest subscribe daily 08:30 east`,
		`@bob /report payment customer=Lotus due=500 due_date=2026-11-20`,
		`@mia /campaign add kind=promotion title="Double 12" start=2026-11-20 end=2026-12-12 regions=east`,
		`@mia /campaign broadcast 1`,
	}, "\n")+"\n", "--db", db)
	pending := func() int {
		out, _, _ := run(t, "", "export", "messages", "--db", db)
		return strings.Count(out, `"status":"pending"`)
	}
	before := pending()
	// Monday 09:00: the 29th's reminders and escalation, the calendar,
	// max's digest, the acknowledgement reminders, the overdue payment.
	at := "2026-11-30T09:00:00+08:00"
	text, _, _ := run(t, "", "tick", "--db", db, "--at", at, "--dry-run", "--format", "text")
	out, errOut, code := run(t, "", "tick", "--db", db, "--at", at)
	if code != 0 {
		t.Fatalf("tick: %s", errOut)
	}
	if strings.Contains(out, "0001-01-01") || strings.Contains(out, `"schedule":0`) {
		t.Errorf("fields that mean nothing:\n%s", out)
	}
	types := lineTypes(t, out)
	for _, typ := range []string{"reminder", "escalation", "calendar", "digest", "ack_reminder", "warning"} {
		if types[typ] == 0 {
			t.Errorf("no %s printed:\n%s", typ, out)
		}
	}
	if n := strings.Count(out, "\n"); pending()-before != n {
		t.Errorf("%d messages queued, %d printed:\n%s", pending()-before, n, out)
	}
	for _, want := range []string{
		`{"type":"reminder","to":"bob","kind":"sales","schedule":1,"due":"2026-11-29T18:00:00+08:00"}`,
		`{"type":"calendar","to":"#east","due":"2026-11-30T09:00:00+08:00","region":"east"}`,
		`{"type":"digest","to":"max","due":"2026-11-30T08:30:00+08:00","region":"east","from":"2026-11-29T08:30:00+08:00"}`,
		`{"type":"ack_reminder","to":"bob","campaign":1}`,
		`{"type":"warning","to":"#marketing","region":"east","warning":"payment","items":["payment|2"]}`,
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("tick lacks %s:\n%s", want, out)
		}
	}
	for _, want := range []string{
		"reminder to bob: sales, schedule #1, due 2026-11-29T18:00:00+08:00\n",
		"escalation to max: sales, schedule #1, due 2026-11-29T18:00:00+08:00 (overdue: alice, bob)\n",
		"calendar to #east: region east, due 2026-11-30T09:00:00+08:00\n",
		"ack_reminder to bob: campaign #1\n",
		"warning to max: payment, region east, items payment|2\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("tick --format text lacks %q:\n%s", want, text)
		}
	}
	if strings.Count(text, "\n") != strings.Count(out, "\n") || strings.Contains(text, "schedule #0") || strings.Contains(text, "0001-01-01") {
		t.Errorf("the text format:\n%s", text)
	}
}
