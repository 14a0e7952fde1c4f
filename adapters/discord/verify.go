package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxBody bounds the requests Discord sends us; its largest, a modal
// submission, is a few kilobytes.
const MaxBody = 1 << 20

// MaxSkew is how far a request's timestamp may be from now. Discord signs
// the timestamp but does not check it for us; without this bound a
// captured request could be replayed forever.
const MaxSkew = 5 * time.Minute

// Verifier checks Discord's request signatures: an Ed25519 signature, by
// the application's key, of X-Signature-Timestamp followed by the body.
// Unlike discordgo.VerifyInteraction it bounds the body, refuses stale
// timestamps and takes its clock as a field.
type Verifier struct {
	PublicKey ed25519.PublicKey
	Now       func() time.Time
}

// Errors Verify returns; each means 401.
var (
	ErrNoSignature = errors.New("missing or malformed X-Signature-Ed25519 or X-Signature-Timestamp")
	ErrStale       = errors.New("timestamp too far from now")
	ErrSignature   = errors.New("signature does not match")
	ErrNoKey       = errors.New("no public key is configured")
)

// ParsePublicKey reads an application's public key as the Developer
// Portal shows it: 64 hexadecimal digits.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("not an Ed25519 public key: want %d hexadecimal digits", 2*ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(b), nil
}

// Verify checks the signature headers h against body.
func (v *Verifier) Verify(h http.Header, body []byte) error {
	sig, err := v.checkHeaders(h)
	if err != nil {
		return err
	}
	ts := h.Get("X-Signature-Timestamp")
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(append(msg, ts...), body...)
	if !ed25519.Verify(v.PublicKey, msg, sig) {
		return ErrSignature
	}
	return nil
}

// checkHeaders checks what can be checked before the body is read (a key,
// a signature of the right form, a fresh timestamp) and returns the
// signature. A request that fails here costs no body read.
func (v *Verifier) checkHeaders(h http.Header) ([]byte, error) {
	if len(v.PublicKey) != ed25519.PublicKeySize {
		return nil, ErrNoKey
	}
	sigHex, ts := h.Get("X-Signature-Ed25519"), h.Get("X-Signature-Timestamp")
	sig, err := hex.DecodeString(sigHex)
	if err != nil || len(sig) != ed25519.SignatureSize || ts == "" {
		return nil, ErrNoSignature
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: timestamp %q", ErrNoSignature, ts)
	}
	if d := v.Now().Sub(time.Unix(secs, 0)); d > MaxSkew || d < -MaxSkew {
		return nil, fmt.Errorf("%w: %s", ErrStale, d.Round(time.Second))
	}
	return sig, nil
}

// Sign returns the X-Signature-Ed25519 for body sent at timestamp ts (Unix
// seconds, as a string). Tests use it to sign requests as Discord does.
func Sign(key ed25519.PrivateKey, ts string, body []byte) string {
	return hex.EncodeToString(ed25519.Sign(key, append([]byte(ts), body...)))
}

// readVerified reads r's body, at most MaxBody bytes, and verifies it. The
// body is only returned, and so only parsed, once it is known to be
// Discord's.
func (v *Verifier) readVerified(r *http.Request) ([]byte, error) {
	if _, err := v.checkHeaders(r.Header); err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if len(body) > MaxBody {
		return nil, errors.New("body too large")
	}
	if err := v.Verify(r.Header, body); err != nil {
		return nil, err
	}
	return body, nil
}
