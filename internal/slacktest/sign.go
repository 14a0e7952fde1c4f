package slacktest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/internal/kit"
)

// Sign returns the X-Slack-Signature Slack sends with body at timestamp
// ts (Unix seconds, as X-Slack-Request-Timestamp has it), signed with
// secret: "v0=" and the hex HMAC-SHA256 of "v0:{ts}:{body}". It is
// written apart from the adapter's verifier, so that a test of one
// checks the other.
func Sign(secret, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:%s", ts, body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// NewRequest returns a POST of body to target as Slack sends it: signed
// with secret, stamped at, with Slack's Content-Type (JSON for a body
// that starts with "{", a form otherwise). Like httptest.NewRequest, it
// panics if target is not a URL.
func NewRequest(target, secret string, at time.Time, body string) *http.Request {
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(body))
	if err != nil {
		panic("slacktest: " + err.Error())
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if strings.HasPrefix(body, "{") {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", Sign(secret, ts, []byte(body)))
	return req
}

// Client sends fieldloop's Slack endpoints requests signed as Slack
// signs them.
type Client struct {
	// URL is fieldloop's base URL, "http://127.0.0.1:8080".
	URL string
	// Secret is the app's signing secret.
	Secret string
	// Now stamps the requests; time.Now when nil.
	Now func() time.Time
	// HTTP sends the requests; http.DefaultClient when nil.
	HTTP *http.Client
}

// Post sends body to path, signed, and returns the answer, its body read
// and closed, with the body.
func (c *Client) Post(path, body string) (*http.Response, string, error) {
	at := time.Now()
	if c.Now != nil {
		at = c.Now()
	}
	return kit.Send(c.HTTP, NewRequest(c.URL+path, c.Secret, at, body))
}

// Command posts a slash command's form to /slack/commands.
func (c *Client) Command(form url.Values) (*http.Response, string, error) {
	return c.Post("/slack/commands", form.Encode())
}

// Interaction posts an interaction payload (block_actions,
// view_submission) to /slack/interactions, in its form field "payload".
func (c *Client) Interaction(payload any) (*http.Response, string, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return nil, "", err
	}
	return c.Post("/slack/interactions", url.Values{"payload": {string(b)}}.Encode())
}

// Event posts an Events API body (JSON) to /slack/events.
func (c *Client) Event(body string) (*http.Response, string, error) {
	return c.Post("/slack/events", body)
}
