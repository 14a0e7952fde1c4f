package slack

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

// Slack's worked example from "Verifying requests from Slack", byte for byte.
const (
	docSecret = "8f742231b10e8888abcd99yyyzzz85a5"
	docTS     = "1531420618"
	docBody   = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	docSig    = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

func TestVerifierSlackExample(t *testing.T) {
	signedAt := time.Unix(1531420618, 0)
	header := func(sig, ts string) http.Header {
		h := http.Header{}
		h.Set("X-Slack-Signature", sig)
		h.Set("X-Slack-Request-Timestamp", ts)
		return h
	}
	tests := []struct {
		name string
		now  time.Time
		h    http.Header
		body string
		want error
	}{
		{"the example", signedAt, header(docSig, docTS), docBody, nil},
		{"4 minutes later", signedAt.Add(4 * time.Minute), header(docSig, docTS), docBody, nil},
		{"6 minutes later", signedAt.Add(6 * time.Minute), header(docSig, docTS), docBody, ErrStale},
		{"6 minutes early", signedAt.Add(-6 * time.Minute), header(docSig, docTS), docBody, ErrStale},
		{"body changed", signedAt, header(docSig, docTS), docBody + "&x=1", ErrSignature},
		{"timestamp changed", signedAt, header(docSig, "1531420619"), docBody, ErrSignature},
		{"signature upper-cased", signedAt, header("V0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503", docTS), docBody, ErrSignature},
		{"no signature", signedAt, header("", docTS), docBody, ErrNoSignature},
		{"no timestamp", signedAt, header(docSig, ""), docBody, ErrNoSignature},
		{"bad timestamp", signedAt, header(docSig, "soon"), docBody, ErrNoSignature},
	}
	for _, tt := range tests {
		v := &Verifier{Secret: docSecret, Now: func() time.Time { return tt.now }}
		if err := v.Verify(tt.h, []byte(tt.body)); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	empty := &Verifier{Now: func() time.Time { return signedAt }}
	if err := empty.Verify(header(Sign("", docTS, []byte(docBody)), docTS), []byte(docBody)); !errors.Is(err, ErrNoSecret) {
		t.Errorf("a verifier without a secret accepted a request signed with the empty key: %v", err)
	}
	if got := Sign(docSecret, docTS, []byte(docBody)); got != docSig {
		t.Errorf("Sign = %s, want %s", got, docSig)
	}
}

// slack-go's own fixture, a JSON events body, signed with another secret.
func TestVerifierSlackGoFixture(t *testing.T) {
	body := `{"token":"aF5ynEYQH0dFN9imlgcADxDB","team_id":"XXXXXXXXX","api_app_id":"YYYYYYYYY","event":{"type":"app_mention","user":"AAAAAAAAA","text":"<@EEEEEEEEE> hello world","client_msg_id":"477cc591-ch73-a14z-4db8-g0cd76321bec","ts":"1531431954.000073","channel":"TTTTTTTTT","event_ts":"1531431954.000073"},"type":"event_callback","event_id":"TvBP7LRED7","event_time":1531431954,"authed_users":["EEEEEEEEE"]}`
	h := http.Header{}
	h.Set("X-Slack-Signature", "v0=adada4ed31709aef585c2580ca3267678c6a8eaeb7e0c1aca3ee57b656886b2c")
	h.Set("X-Slack-Request-Timestamp", "1531431954")
	v := &Verifier{Secret: "e6b19c573432dcc6b075501d51b51bb8", Now: func() time.Time { return time.Unix(1531431954, 0) }}
	if err := v.Verify(h, []byte(body)); err != nil {
		t.Errorf("slack-go fixture: %v", err)
	}
}
