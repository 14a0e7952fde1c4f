package discord

import (
	"crypto/ed25519"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/internal/kit"
)

// A request whose signature headers are missing, malformed or stale is
// refused without reading its body; a well-formed one is read and
// verified.
func TestSignatureHeadersCheckedBeforeTheBody(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	pub, _, _ := ed25519.GenerateKey(nil)
	v := &Verifier{PublicKey: pub, Now: func() time.Time { return now }}
	fresh, stale := strconv.FormatInt(now.Unix(), 10), strconv.FormatInt(now.Add(-time.Hour).Unix(), 10)
	good := strings.Repeat("ab", ed25519.SignatureSize)
	cases := []struct {
		name, sig, ts string
		reads         bool
	}{
		{"no headers", "", "", false},
		{"short signature", "abcd", fresh, false},
		{"not hex", strings.Repeat("zz", ed25519.SignatureSize), fresh, false},
		{"stale", good, stale, false},
		{"well formed, wrong", good, fresh, true},
	}
	for _, c := range cases {
		body := &kit.CountingReader{R: strings.NewReader(strings.Repeat("x", 4096))}
		req := httptest.NewRequest("POST", "/discord/interactions", body)
		req.Header.Set("X-Signature-Ed25519", c.sig)
		req.Header.Set("X-Signature-Timestamp", c.ts)
		if _, err := v.readVerified(req); err == nil {
			t.Errorf("%s: accepted", c.name)
		}
		if c.reads != (body.N > 0) {
			t.Errorf("%s: read %d bytes of the body", c.name, body.N)
		}
	}
}
