package discord

import (
	"net/http"
	"testing"
	"time"
)

// A 429 is waited out for as long as its body says, else its Retry-After,
// else its bucket's X-RateLimit-Reset-After; the global flag comes from
// the body or the headers.
func TestAPIErrorWait(t *testing.T) {
	tests := []struct {
		name    string
		headers map[string]string
		body    string
		wait    time.Duration
		global  bool
	}{
		{"body", map[string]string{"Retry-After": "65", "X-RateLimit-Reset-After": "64.57"}, `{"retry_after": 64.57, "global": false}`, 64570 * time.Millisecond, false},
		{"Retry-After", map[string]string{"Retry-After": "65", "X-RateLimit-Global": "true"}, `{}`, 65 * time.Second, true},
		{"X-RateLimit-Reset-After", map[string]string{"X-RateLimit-Reset-After": "2.5001"}, `not json`, 2501 * time.Millisecond, false},
		{"nothing", nil, `{"global": true}`, time.Second, true},
	}
	for _, tt := range tests {
		resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{}}
		for k, v := range tt.headers {
			resp.Header.Set(k, v)
		}
		if e := apiError(resp, []byte(tt.body)); e.RetryAfter != tt.wait || e.Global != tt.global {
			t.Errorf("%s: wait %v, global %v; want %v, %v", tt.name, e.RetryAfter, e.Global, tt.wait, tt.global)
		}
	}
}

// Requests are counted against their route and its top-level resource;
// interaction callbacks are not tracked.
func TestRateRoute(t *testing.T) {
	tests := []struct {
		method, path string
		route, major string
		tracked      bool
	}{
		{"POST", "/channels/900000000000000001/messages", "POST /channels/{channels}/messages", "900000000000000001", true},
		{"POST", "/users/@me/channels", "POST /users/@me/channels", "", true},
		{"PUT", "/applications/100000000000000001/guilds/290926798626357999/commands", "PUT /applications/{id}/guilds/{id}/commands", "", true},
		{"POST", "/webhooks/100000000000000001/aW50ZXJhY3Rpb24", "POST /webhooks/{webhooks}/{token}", "100000000000000001", true},
		{"PATCH", "/webhooks/100000000000000001/aW50ZXJhY3Rpb24/messages/@original", "PATCH /webhooks/{webhooks}/{token}/messages/@original", "100000000000000001", true},
		{"POST", "/interactions/1300000000000000001/aW50ZXJhY3Rpb24/callback", "", "", false},
	}
	for _, tt := range tests {
		route, major, tracked := rateRoute(tt.method, tt.path)
		if route != tt.route || major != tt.major || tracked != tt.tracked {
			t.Errorf("rateRoute(%s %s) = %q, %q, %v", tt.method, tt.path, route, major, tracked)
		}
	}
}
