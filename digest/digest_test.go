package digest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/digest"
	"github.com/fieldloop/fieldloop/internal/app"
	"github.com/fieldloop/fieldloop/internal/apptest"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// cli runs `fieldloop digest` with o on a's database at a's clock. It
// closes a's store first, as the command opens the file itself: chat
// afterwards is not possible.
func cli(t *testing.T, a *apptest.App, o app.DigestOptions) string {
	t.Helper()
	if err := a.DB.Close(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := app.WriteDigest(context.Background(), a.Config, o, app.Options{Now: a.Clock.Now}, &out); err != nil {
		t.Fatalf("fieldloop digest %+v: %v", o, err)
	}
	return out.String()
}

// cliJSON is cli's JSON output, decoded.
func cliJSON(t *testing.T, a *apptest.App, o app.DigestOptions) *digest.Digest {
	t.Helper()
	o.Format = "json"
	out := cli(t, a, o)
	var d digest.Digest
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	return &d
}

// to returns the texts of the pending messages to name.
func to(a *apptest.App, name string) []string {
	var out []string
	for _, m := range a.Pending() {
		if m.To.Name == name {
			out = append(out, m.Text)
		}
	}
	return out
}

// An item is overdue when its due date is before today, in the org's
// zone, whatever the period asked for and whoever asks.
func TestOverdueIsJudgedAgainstToday(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	a.Clock.Set(time.Date(2026, 12, 2, 10, 0, 0, 0, shanghai))
	for _, due := range []string{"2026-12-01", "2026-12-03", "2026-12-10"} {
		a.As("bob", "/report payment customer=C"+due+" due=1000 due_date="+due)
	}
	text := a.As("max", "/digest east 2026-12").Text
	if !strings.Contains(text, "Overdue: #1 ") || strings.Contains(text, "C2026-12-03") || strings.Contains(text, "C2026-12-10") {
		t.Errorf("on 2 December, only the payment due on the 1st is overdue:\n%s", text)
	}

	// Early on the 3rd in Shanghai, still the 2nd in UTC: the payment due
	// on the 2nd is overdue for the chat digest and the command alike.
	a.As("bob", "/report payment customer=Late2nd due=1000 due_date=2026-12-02")
	a.Clock.Set(time.Date(2026, 12, 2, 17, 0, 0, 0, time.UTC)) // a server's clock in UTC
	if text := a.As("max", "/digest east since=30d").Text; !strings.Contains(text, "Late2nd") {
		t.Errorf("chat: the payment due on the 2nd is not overdue on the 3rd:\n%s", text)
	}
	d := cliJSON(t, a, app.DigestOptions{Region: "east", Since: "30d"})
	if got := strings.Join(d.Payments.Overdue, "\n"); !strings.Contains(got, "Late2nd") || strings.Contains(got, "C2026-12-03") {
		t.Errorf("fieldloop digest: overdue %q", d.Payments.Overdue)
	}
}

// One digest, whichever way it is asked for: a subscription, /digest in
// chat and `fieldloop digest` read the same for the same region and
// span, the target included.
func TestOneDigestThreeWays(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	ctx := context.Background()
	a.Clock.Set(time.Date(2026, 11, 27, 8, 0, 0, 0, shanghai))
	a.As("mia", "/target set region=east period=2026-11 amount=30,000")
	a.As("max", "/digest subscribe daily 08:30 east")
	if _, err := a.Scheduler.Tick(ctx, a.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	a.Clock.Set(time.Date(2026, 11, 27, 10, 0, 0, 0, shanghai))
	a.As("alice", "/report sales outlet=Metro units=3 amount=1,200")
	a.As("bob", "/report payment customer=Lotus due=500 due_date=2026-11-20")
	a.Clock.Set(time.Date(2026, 11, 28, 8, 30, 0, 0, shanghai))
	if _, err := a.Scheduler.Tick(ctx, a.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, m := range to(a, "max") {
		if !strings.HasPrefix(m, "⚠️") { // the early warnings also go to max
			msgs = append(msgs, m)
		}
	}
	if len(msgs) != 1 {
		t.Fatalf("the subscription: %q", msgs)
	}
	header, sub, _ := strings.Cut(msgs[0], "\n")
	if header != "Your digest, daily 08:30:" {
		t.Errorf("the subscription's header: %q", header)
	}
	chat := a.As("max", "/digest east since=2026-11-27T08:30:00+08:00").Text
	full := strings.TrimSpace(cli(t, a, app.DigestOptions{Region: "east", Since: "2026-11-27T08:30:00+08:00", Format: "text"}))
	if sub != chat || chat != full {
		t.Errorf("three answers:\nsubscribed:\n%s\n\nchat:\n%s\n\nfieldloop digest:\n%s", sub, chat, full)
	}
	// A day of a 30,000.00 month.
	if want := "1,200.00 of a 1,000.00 target (pro-rated to the span): 120% (3 units)."; !strings.Contains(sub, want) {
		t.Errorf("the subscription lacks %q:\n%s", want, sub)
	}
}
