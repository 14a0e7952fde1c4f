package discordtest

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"

	"github.com/fieldloop/fieldloop/internal/kit"
)

// Sign returns the X-Signature-Ed25519 Discord sends with body at
// timestamp ts (Unix seconds, as X-Signature-Timestamp has it): the hex
// Ed25519 signature, with key, of ts followed by body. It is written
// apart from the adapter's verifier, so that a test of one checks the
// other.
func Sign(key ed25519.PrivateKey, ts string, body []byte) string {
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(append(msg, ts...), body...)
	return hex.EncodeToString(ed25519.Sign(key, msg))
}

// NewRequest returns a POST of the interaction body to target as
// Discord sends it: JSON, signed with key, stamped at. Like
// httptest.NewRequest, it panics if target is not a URL.
func NewRequest(target string, key ed25519.PrivateKey, at time.Time, body []byte) *http.Request {
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		panic("discordtest: " + err.Error())
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature-Ed25519", Sign(key, ts, body))
	return req
}

// Client sends fieldloop's interactions endpoint interactions signed as
// Discord signs them.
type Client struct {
	// URL is fieldloop's base URL, "http://127.0.0.1:8080".
	URL string
	// Key is the application's private key, whose public half fieldloop
	// has.
	Key ed25519.PrivateKey
	// Now stamps the requests; time.Now when nil.
	Now func() time.Time
	// HTTP sends the requests; http.DefaultClient when nil.
	HTTP *http.Client
}

// Interaction posts body to /discord/interactions, signed, and returns
// the answer, its body read and closed, with the body.
func (c *Client) Interaction(body []byte) (*http.Response, string, error) {
	at := time.Now()
	if c.Now != nil {
		at = c.Now()
	}
	return kit.Send(c.HTTP, NewRequest(c.URL+"/discord/interactions", c.Key, at, body))
}
