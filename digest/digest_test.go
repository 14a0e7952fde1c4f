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
