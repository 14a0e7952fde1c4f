package slack

import (
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/internal/kit"
)

// A request whose signature headers are missing, malformed or stale is
// refused after reading at most a kilobyte of its body, so that unsigned
// megabytes cost nothing; a well-formed one is read whole and verified.
func TestSignatureHeadersCheckedBeforeTheBody(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	v := &Verifier{Secret: "s3cret", Now: func() time.Time { return now }}
	fresh, stale := strconv.FormatInt(now.Unix(), 10), strconv.FormatInt(now.Add(-time.Hour).Unix(), 10)
	good := "v0=" + strings.Repeat("ab", 32)
	cases := []struct {
		name, sig, ts string
		readsAll      bool
	}{
		{"no headers", "", "", false},
		{"not a v0 signature", "sha1=abc", fresh, false},
		{"short signature", "v0=abc", fresh, false},
		{"stale", good, stale, false},
		{"well formed, wrong", good, fresh, true},
	}
	for _, c := range cases {
		body := &kit.CountingReader{R: strings.NewReader(strings.Repeat("x", MaxBody))}
		req := httptest.NewRequest("POST", "/slack/commands", body)
		req.Header.Set("X-Slack-Signature", c.sig)
		req.Header.Set("X-Slack-Request-Timestamp", c.ts)
		if _, err := v.readVerified(req); err == nil {
			t.Errorf("%s: accepted", c.name)
		}
		if c.readsAll != (body.N > maxUnsigned) || body.N > MaxBody+1 {
			t.Errorf("%s: read %d bytes of the body", c.name, body.N)
		}
	}
}
