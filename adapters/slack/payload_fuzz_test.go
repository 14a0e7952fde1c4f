package slack

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/internal/apptest"
	"github.com/fieldloop/fieldloop/internal/slacktest"
)

const fuzzSecret = "fuzz-signing-secret"

// fuzzTarget is an adapter on fieldloop as apptest builds it (a real store
// in a temporary directory, the demo org, every command), and the fake
// Slack it talks to. Every request the adapter makes, response_url posts
// included, goes to the fake, whatever host the payload names.
type fuzzTarget struct {
	a     *Adapter
	slack *slacktest.Server
}

func newFuzzTarget(f *testing.F) *fuzzTarget {
	slack := slacktest.New(f)
	slack.Locales = map[string]string{"U0BOB": "zh-CN"}
	target, _ := url.Parse(slack.URL)
	client := &http.Client{Timeout: 5 * time.Second, Transport: toHost{host: target.Host, next: http.DefaultTransport}}

	app := apptest.New(f, apptest.Options{Platform: Platform})
	a := New(Config{BotToken: "xoxb-fuzz", SigningSecret: fuzzSecret, APIURL: slack.APIURL(), Router: app.Router,
		Outbox: app.DB, Logger: app.Logger, Now: app.Now, HTTPClient: client})
	// Long enough that only a hang misses it: the fuzzer reports an input
	// that runs for 10 s.
	a.Deadline = 5 * time.Second
	return &fuzzTarget{a: a, slack: slack}
}

// toHost sends every request to one host.
type toHost struct {
	host string
	next http.RoundTripper
}

func (t toHost) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = "http", t.host, t.host
	return t.next.RoundTrip(r)
}

// post sends body, signed, to the handler serve through the adapter's
// verification, waits for whatever the request left running, and checks
// that the answer is a 200 (with JSON, if any) or a 400. The fake forgets
// the calls, which would otherwise pile up over the fuzzer's inputs.
func (ft *fuzzTarget) post(t *testing.T, serve func(a *Adapter) http.HandlerFunc, body string) {
	a := ft.a
	r := slacktest.NewRequest("/slack/fuzz", fuzzSecret, a.now(), body)
	w := httptest.NewRecorder()
	serve(a)(w, r)
	a.Wait()
	ft.slack.Reset()
	switch w.Code {
	case http.StatusOK:
		if b := w.Body.Bytes(); len(b) > 0 && !json.Valid(b) {
			t.Errorf("200 with a body that is not JSON: %q", b)
		}
	case http.StatusBadRequest:
	default:
		t.Errorf("status %d, want 200 or 400", w.Code)
	}
}

// FuzzSlashCommand posts arbitrary form-encoded bodies to the slash
// command endpoint.
func FuzzSlashCommand(f *testing.F) {
	for _, body := range []string{
		// platform-examples.md §0.1 and §0.3.
		"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
		"token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&team_domain=example&enterprise_id=E0001&enterprise_name=Globular%20Construct%20Inc&channel_id=C2147483705&channel_name=test&user_id=U2147483697&user_name=Steve&command=/weather&text=94070&response_url=https://hooks.slack.com/commands/1234/5678&trigger_id=13345224609.738474920.8088930838d88f008e0&api_app_id=A123456",
		"ssl_check=1&token=x",
		"%zz",
	} {
		f.Add(body)
	}
	for i, c := range []struct{ user, command, text string }{
		{"U0ALICE", "/report", `sales outlet="Carrefour Pudong" units=12 amount=3,200.50`},
		{"U0ALICE", "/report", ""},
		{"U0ALICE", "/report", "sales"},
		{"U0CHEN", "/report", "销售 销量=12 金额=3.2万"},
		{"U0ALICE", "/report", `customer customer=<http://metro.cn|metro.cn> sentiment=negative &lt;!channel&gt; &amp; late`},
		{"U0ALICE", "/report", "edit 1 units=3"},
		{"U0MAX", "/report", "list since=7d region=east"},
		{"U0ALICE", "/fl", "report show 1"},
		{"U0MIA", "/campaign", `add kind=promotion title="Double 11" start=2026-11-01 end=2026-11-11 regions=all`},
		{"U0MIA", "/campaign", "broadcast 1"},
		{"U0ALICE", "/ack", "1"},
		{"U0BOB", "/fl-lang", "zh"},
		{"U0ALICE", "/fieldloop", "whoami"},
		{"U0NOBODY", "/help", "report"},
	} {
		f.Add(url.Values{"team_id": {"T1"}, "channel_id": {"C0EAST"}, "user_id": {c.user}, "command": {c.command},
			"text": {c.text}, "response_url": {"https://hooks.slack.com/commands/T1/1/x"}, "trigger_id": {"1.2." + strconv.Itoa(i)}}.Encode())
	}
	ft := newFuzzTarget(f)
	f.Fuzz(func(t *testing.T, body string) {
		ft.post(t, func(a *Adapter) http.HandlerFunc { return a.verified(a.serveCommand) }, body)
	})
}

// FuzzInteraction posts arbitrary payload= JSON to the interactivity
// endpoint: modal submissions, button clicks and anything else.
func FuzzInteraction(f *testing.F) {
	meta := func(command string) string {
		b, _ := json.Marshal(formMeta{Command: command, Channel: "C0EAST", ResponseURL: "https://hooks.slack.com/actions/T1/1/x"})
		return string(b)
	}
	submission := func(user, command string, values map[string]any) map[string]any {
		state := map[string]any{}
		for block, v := range values {
			state[block] = map[string]any{block: v}
		}
		return map[string]any{
			"type": "view_submission", "user": map[string]any{"id": user}, "trigger_id": "t-submit",
			"view": map[string]any{"id": "V1", "callback_id": formCallback, "private_metadata": meta(command),
				"blocks": []any{map[string]any{"type": "input", "block_id": "outlet", "label": map[string]any{"type": "plain_text", "text": "Outlet"},
					"element": map[string]any{"type": "plain_text_input", "action_id": "outlet"}}},
				"state": map[string]any{"values": state}},
		}
	}
	value := func(typ, v string) map[string]any { return map[string]any{"type": typ, "value": v} }
	click := func(user, command string) map[string]any {
		return map[string]any{
			"type": "block_actions", "user": map[string]any{"id": user}, "trigger_id": "t-click",
			"channel": map[string]any{"id": "C0EAST"}, "response_url": "https://hooks.slack.com/actions/T1/2/y",
			"actions": []any{map[string]any{"type": "button", "action_id": buttonAction + "_0", "block_id": "fieldloop_buttons", "value": command}},
		}
	}
	for _, p := range []any{
		submission("U0ALICE", "/report", map[string]any{"kind": map[string]any{"type": "static_select", "selected_option": map[string]any{"value": "sales"}}}),
		submission("U0ALICE", "/report sales", map[string]any{"outlet": value("plain_text_input", "Metro"), "units": value("number_input", "15"),
			"amount": value("number_input", "3200.5"), "note": map[string]any{"type": "plain_text_input", "value": nil}}),
		submission("U0ALICE", "/report sales", map[string]any{"units": value("number_input", "1.5")}),
		submission("U0CHEN", "/report payment", map[string]any{"customer": value("plain_text_input", "华联"), "due": value("number_input", "5000"),
			"due_date": map[string]any{"type": "datepicker", "selected_date": "2026-12-31"}}),
		submission("U0BOB", "/report edit 1", map[string]any{"units": value("number_input", "2")}),
		click("U0ALICE", "/whoami"),
		click("U0ALICE", "/report sales"),
		click("U0ALICE", "/ack 1"),
		map[string]any{"type": "view_closed", "user": map[string]any{"id": "U0ALICE"}},
		map[string]any{"type": "view_submission", "view": map[string]any{"callback_id": formCallback, "private_metadata": "not json"}},
	} {
		b, _ := json.Marshal(p)
		f.Add(string(b))
	}
	ft := newFuzzTarget(f)
	f.Fuzz(func(t *testing.T, payload string) {
		ft.post(t, func(a *Adapter) http.HandlerFunc { return a.verified(a.serveInteraction) }, url.Values{"payload": {payload}}.Encode())
	})
}

// FuzzEvent posts arbitrary JSON to the Events API endpoint.
func FuzzEvent(f *testing.F) {
	for _, body := range []string{
		// platform-examples.md §0.2.
		`{"token":"aF5ynEYQH0dFN9imlgcADxDB","team_id":"XXXXXXXXX","api_app_id":"YYYYYYYYY","event":{"type":"app_mention","user":"AAAAAAAAA","text":"<@EEEEEEEEE> hello world","client_msg_id":"477cc591-ch73-a14z-4db8-g0cd76321bec","ts":"1531431954.000073","channel":"TTTTTTTTT","event_ts":"1531431954.000073"},"type":"event_callback","event_id":"TvBP7LRED7","event_time":1531431954,"authed_users":["EEEEEEEEE"]}`,
		`{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`,
		`{"type":"event_callback","event_id":"Ev1","event":{"type":"message","channel_type":"im","user":"U0ALICE","channel":"D0ALICE","text":"report sales units=2 note=&lt;ok&gt;"}}`,
		`{"type":"event_callback","event_id":"Ev2","event":{"type":"message","channel_type":"im","user":"U0CHEN","channel":"D0CHEN","text":"/report 销售 销量=3"}}`,
		`{"type":"event_callback","event_id":"Ev3","event":{"type":"message","channel_type":"im","user":"U0ALICE","channel":"D0ALICE","text":"report"}}`,
		`{"type":"event_callback","event_id":"Ev4","event":{"type":"message","channel_type":"im","bot_id":"B1","channel":"D0ALICE","text":"report sales units=2"}}`,
		`{"type":"event_callback","event_id":"Ev5","event":{"type":"message","subtype":"message_changed","channel_type":"im","user":"U0ALICE","channel":"D0ALICE","text":"help"}}`,
	} {
		f.Add(body)
	}
	ft := newFuzzTarget(f)
	f.Fuzz(func(t *testing.T, body string) {
		ft.post(t, func(a *Adapter) http.HandlerFunc { return a.verified(a.serveEvent) }, body)
	})
}
