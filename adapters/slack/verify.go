package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxBody bounds the requests Slack sends us; its largest, a modal
// submission, is a few kilobytes.
const MaxBody = 1 << 20

// maxUnsigned is the most read of a request whose signature headers are
// wrong: enough for Slack's unsigned ssl_check, too little to cost much.
const maxUnsigned = 1 << 10

// MaxSkew is how far a request's timestamp may be from now: Slack's own
// advice against replayed requests.
const MaxSkew = 5 * time.Minute

// Verifier checks Slack's request signatures: "v0=" and the hex
// HMAC-SHA256, keyed with the app's signing secret, of
// "v0:{X-Slack-Request-Timestamp}:{body}". Unlike slack-go's verifier it
// takes its clock as a field, so that Slack's published example can be
// checked at the time it was signed.
type Verifier struct {
	Secret string
	Now    func() time.Time
}

// Errors Verify returns; each means 401.
var (
	ErrNoSignature = errors.New("missing X-Slack-Signature or X-Slack-Request-Timestamp")
	ErrStale       = errors.New("timestamp too far from now")
	ErrSignature   = errors.New("signature does not match")
	ErrNoSecret    = errors.New("no signing secret is configured")
)

// Verify checks the signature headers h against body.
func (v *Verifier) Verify(h http.Header, body []byte) error {
	if err := v.checkHeaders(h); err != nil {
		return err
	}
	sig, ts := h.Get("X-Slack-Signature"), h.Get("X-Slack-Request-Timestamp")
	want := Sign(v.Secret, ts, body)
	// Constant time, so that timing does not reveal how much matched.
	if !hmac.Equal([]byte(sig), []byte(want)) {
		return ErrSignature
	}
	return nil
}

// checkHeaders checks what can be checked before the body is read: a
// secret to verify with, both headers, a signature of the right form and a
// fresh timestamp. A request that fails here costs no body read.
func (v *Verifier) checkHeaders(h http.Header) error {
	if v.Secret == "" {
		// Anyone can sign with an empty key: refuse rather than trust it.
		return ErrNoSecret
	}
	sig, ts := h.Get("X-Slack-Signature"), h.Get("X-Slack-Request-Timestamp")
	if sig == "" || ts == "" {
		return ErrNoSignature
	}
	if hexSig, ok := strings.CutPrefix(strings.ToLower(sig), "v0="); !ok || len(hexSig) != 2*sha256.Size {
		return fmt.Errorf("%w: not a v0= signature", ErrNoSignature)
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: %q", ErrNoSignature, ts)
	}
	if d := v.Now().Sub(time.Unix(secs, 0)); d > MaxSkew || d < -MaxSkew {
		return fmt.Errorf("%w: %s", ErrStale, d.Round(time.Second))
	}
	return nil
}

// Sign returns the X-Slack-Signature for body sent at timestamp ts (Unix
// seconds, as a string). Tests and the load generator use it to sign
// requests as Slack does.
func Sign(secret, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// readVerified reads r's body, at most MaxBody bytes, and verifies it. The
// body is only returned, and so only parsed, once it is known to be Slack's.
func (v *Verifier) readVerified(r *http.Request) ([]byte, error) {
	if err := v.checkHeaders(r.Header); err != nil {
		// Read no more than Slack's unsigned certificate check can be.
		body, _ := io.ReadAll(io.LimitReader(r.Body, maxUnsigned))
		return body, err
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if len(body) > MaxBody {
		return nil, errors.New("body too large")
	}
	if err := v.Verify(r.Header, body); err != nil {
		return body, err // the body only for isSSLCheck; callers must not parse it
	}
	return body, nil
}
