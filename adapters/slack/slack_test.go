package slack_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	slackadapter "github.com/fieldloop/fieldloop/adapters/slack"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/apptest"
	"github.com/fieldloop/fieldloop/internal/slacktest"
	"github.com/fieldloop/fieldloop/storage"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const secret = "8f742231b10e8888abcd99yyyzzz85a5"

// env is a running fieldloop, as apptest builds it on the Slack platform,
// with its Slack adapter talking to a fake Slack.
type env struct {
	t        testing.TB
	slack    *slacktest.Server
	app      *apptest.App
	adapter  *slackadapter.Adapter
	server   *httptest.Server
	db       *storage.DB
	triggers int // trigger ids handed out
}

// newEnv starts fieldloop's Slack adapter on apptest's fieldloop, with
// extra commands registered after fieldloop's own.
func newEnv(t testing.TB, extra ...bot.Command) *env {
	t.Helper()
	return newEnvWith(t, apptest.Options{}, extra...)
}

// newEnvWith is newEnv on the fieldloop o describes, on Slack.
func newEnvWith(t testing.TB, o apptest.Options, extra ...bot.Command) *env {
	t.Helper()
	o.Platform = slackadapter.Platform
	e := &env{t: t, slack: slacktest.New(t), app: apptest.New(t, o)}
	e.app.Router.Register(extra...)
	e.db = e.app.DB
	e.slack.Now = e.app.Now
	e.slack.Locales = map[string]string{"U0BOB": "zh-CN"}
	e.slack.RetryAfter = 7
	e.adapter = slackadapter.New(slackadapter.Config{BotToken: "xoxb-test", SigningSecret: secret, APIURL: e.slack.APIURL(),
		Router: e.app.Router, Outbox: e.db, Logger: e.app.Logger, Now: e.app.Now})
	mux := http.NewServeMux()
	e.adapter.Register(mux)
	e.server = httptest.NewServer(mux)
	t.Cleanup(e.server.Close)
	return e
}

// now is the time of the test's clock.
func (e *env) now() time.Time { return e.app.Now() }

// client returns a client that signs with key, stamping requests at.
func (e *env) client(key string, at time.Time) *slacktest.Client {
	return &slacktest.Client{URL: e.server.URL, Secret: key, Now: func() time.Time { return at }}
}

// post sends body to path signed as Slack signs it, timestamped now.
func (e *env) post(path, body string) (int, string) {
	e.t.Helper()
	return e.postSigned(path, body, e.now(), secret)
}

func (e *env) postSigned(path, body string, at time.Time, key string) (int, string) {
	e.t.Helper()
	return e.answer(e.client(key, at).Post(path, body))
}

// answer is a request's answer, or the end of the test if none came.
func (e *env) answer(resp *http.Response, body string, err error) (int, string) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.StatusCode, body
}

// command sends a slash command as user.
func (e *env) command(user, command, text string) (int, string) {
	e.t.Helper()
	e.triggers++
	form := url.Values{
		"token": {"ignored"}, "team_id": {"T1"}, "channel_id": {"C0EAST"}, "user_id": {user}, "user_name": {"someone"},
		"command": {command}, "text": {text}, "response_url": {e.slack.ResponseURL(user)},
		"trigger_id": {"trigger-" + strconv.Itoa(e.triggers) + "-" + text}, "api_app_id": {"A1"},
	}
	return e.post("/slack/commands", form.Encode())
}

// interact sends an interaction payload.
func (e *env) interact(payload any) (int, string) {
	e.t.Helper()
	return e.answer(e.client(secret, e.now()).Interaction(payload))
}

func (e *env) reports() []*bot.Report {
	e.t.Helper()
	rs, err := e.db.FindReports(context.Background(), bot.ReportFilter{IncludeDeleted: true})
	if err != nil {
		e.t.Fatal(err)
	}
	return rs
}

func responseText(t *testing.T, body string) string {
	t.Helper()
	var m struct {
		ResponseType string `json:"response_type"`
		Text         string `json:"text"`
	}
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("response %q: %v", body, err)
	}
	if m.ResponseType != "ephemeral" {
		t.Errorf("response_type = %q, want ephemeral", m.ResponseType)
	}
	return m.Text
}

func TestInlineReportEveryKind(t *testing.T) {
	e := newEnv(t)
	lines := []string{
		`display outlet="Carrefour Pudong" facings=6 position=endcap compliant=yes`,
		`stock outlet=Lotus on_shelf=40 out_of_stock=no`,
		`pop material="shelf talker" quantity=20 campaign=1`,
		`outlets new_outlets=4 coverage=37.5%`,
		`sales outlet=Metro units=1,200 amount=3,200.55`,
		`promo campaign=#1 response=strong`,
		`region period=2026-Q4 revenue=1.5万`,
		`competitor brand=BrandX activity="price cut" price=¥39.90`,
		`customer customer=华联超市 sentiment=negative note="late deliveries"`,
		`payment customer=Metro due=10000 due_date=2026-12-31`,
	}
	e.command("U0MIA", "/campaign", `add kind=promotion title="Double 12" start=2026-11-20 end=2026-12-12 regions=all`)
	for i, line := range lines {
		status, body := e.command("U0ALICE", "/report", line)
		want := fmt.Sprintf("Saved report #%d", i+1)
		if text := responseText(t, body); status != 200 || !strings.Contains(text, want) {
			t.Errorf("%s: %d %q, want %q", line, status, text, want)
		}
	}
	rs := e.reports()
	if len(rs) != len(lines) {
		t.Fatalf("stored %d reports, want %d", len(rs), len(lines))
	}
	if rs[4].Person != "alice" || rs[4].Platform != slackadapter.Platform || rs[4].Fields["amount"].Num != 320055 {
		t.Errorf("sales report = %+v", rs[4])
	}
	pending := e.app.Pending()
	if len(pending) != len(lines) || pending[0].To.String() != "slack:#C0MKT" {
		t.Errorf("feed: %d pending, first to %v", len(pending), pending[0].To)
	}
}

func TestUmbrellaAndPrefixedCommands(t *testing.T) {
	e := newEnv(t)
	_, body := e.command("U0ALICE", "/fl", "whoami")
	if !strings.Contains(responseText(t, body), "You are Alice Wang") {
		t.Errorf("/fl whoami: %s", body)
	}
	_, body = e.command("U0ALICE", "/fl-whoami", "")
	if !strings.Contains(responseText(t, body), "You are Alice Wang") {
		t.Errorf("/fl-whoami: %s", body)
	}
}

func TestRefusedRequestsStoreNothing(t *testing.T) {
	e := newEnv(t)
	body := url.Values{"command": {"/report"}, "text": {"sales units=3"}, "user_id": {"U0ALICE"}, "trigger_id": {"t"}}.Encode()
	tests := []struct {
		name string
		at   time.Time
		key  string
	}{
		{"forged", e.now(), "not-the-secret"},
		{"stale", e.now().Add(-6 * time.Minute), secret},
		{"from the future", e.now().Add(6 * time.Minute), secret},
	}
	for _, tt := range tests {
		if status, _ := e.postSigned("/slack/commands", body, tt.at, tt.key); status != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", tt.name, status)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, e.server.URL+"/slack/commands", strings.NewReader(body))
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned: %v %v", resp.StatusCode, err)
	}
	big := strings.Repeat("x", slackadapter.MaxBody+1)
	if status, _ := e.post("/slack/commands", big); status != http.StatusUnauthorized {
		t.Errorf("oversized body: status %d, want 401", status)
	}
	if n := len(e.reports()); n != 0 {
		t.Errorf("refused requests stored %d reports", n)
	}
}

func TestUnknownUser(t *testing.T) {
	e := newEnv(t)
	status, body := e.command("U0STRANGER", "/report", "sales units=3")
	if text := responseText(t, body); status != 200 || !strings.Contains(text, "your Slack id is U0STRANGER") || !strings.Contains(text, "Ask to join") {
		t.Errorf("%d %q", status, text)
	}
	if n := len(e.reports()); n != 0 {
		t.Errorf("stored %d reports for a stranger", n)
	}
}

// A person with no language of their own is answered in Slack's locale.
func TestSlackLocale(t *testing.T) {
	e := newEnv(t)
	_, body := e.command("U0BOB", "/report", "sales units=x")
	if text := responseText(t, body); !strings.Contains(text, "销量（units）必须是整数") {
		t.Errorf("bob (zh-CN in Slack) got %q", text)
	}
	_, body = e.command("U0ALICE", "/report", "sales units=x")
	if text := responseText(t, body); !strings.Contains(text, "Units (units) must be a whole number") {
		t.Errorf("alice got %q", text)
	}
}

func TestSSLCheckAndURLVerification(t *testing.T) {
	e := newEnv(t)
	if status, body := e.post("/slack/commands", "ssl_check=1&token=x"); status != 200 || body != "" {
		t.Errorf("ssl_check: %d %q", status, body)
	}
	resp, err := http.Post(e.server.URL+"/slack/commands", "application/x-www-form-urlencoded", strings.NewReader("ssl_check=1&token=x"))
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("unsigned ssl_check: %v %v", resp.StatusCode, err)
	}
	resp, _ = http.Post(e.server.URL+"/slack/commands", "application/x-www-form-urlencoded", strings.NewReader("ssl_check=1&command=/report&text=sales+units=1&user_id=U0ALICE"))
	if resp.StatusCode != http.StatusUnauthorized || len(e.reports()) != 0 {
		t.Errorf("an unsigned command dressed as ssl_check: %d", resp.StatusCode)
	}
	status, body := e.post("/slack/events", `{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	if status != 200 || !strings.Contains(body, `"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"`) {
		t.Errorf("url_verification: %d %q", status, body)
	}
}

// golden compares v, as indented JSON, with testdata/name. The fake's
// address, which changes with every run, reads as http://slack.test.
func (e *env) golden(name string, v any) {
	t := e.t
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(bytes.ReplaceAll(got, []byte(e.slack.URL), []byte("http://slack.test")), '\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test ./adapters/slack -update and review the diff\ngot:\n%s", name, got)
	}
}

// opened returns the view of the last views.open call, and checks that it
// used the command's trigger id.
func (e *env) opened(trigger string) map[string]any {
	e.t.Helper()
	calls := e.slack.Calls("/api/views.open")
	if len(calls) == 0 {
		e.t.Fatal("no views.open call")
	}
	last := calls[len(calls)-1].JSON
	if !strings.HasPrefix(last["trigger_id"].(string), trigger) {
		e.t.Errorf("views.open trigger_id = %v, want %s…", last["trigger_id"], trigger)
	}
	return last["view"].(map[string]any)
}

func TestFormsOpenAsModals(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		user, text, golden string
	}{
		{"U0ALICE", "", "modal-kind-en.json"},
		{"U0ALICE", "sales", "modal-sales-en.json"},
		{"U0CHEN", "payment", "modal-payment-zh.json"},
		{"U0ALICE", "display", "modal-display-en.json"},
	}
	for _, tt := range tests {
		status, body := e.command(tt.user, "/report", tt.text)
		if status != 200 || body != "" {
			t.Errorf("/report %s: %d %q, want an empty 200", tt.text, status, body)
		}
		e.golden(tt.golden, e.opened("trigger-"))
	}
}

// viewSubmission builds a view_submission payload the way Slack fills
// view.state.values: one entry per block, keyed by action id.
func viewSubmission(user, viewID string, view map[string]any, values map[string]map[string]any) map[string]any {
	state := map[string]any{}
	for block, v := range values {
		state[block] = map[string]any{block: v}
	}
	return map[string]any{
		"type": "view_submission", "user": map[string]any{"id": user}, "trigger_id": "t-submit",
		"view": map[string]any{
			"id": viewID, "callback_id": view["callback_id"], "private_metadata": view["private_metadata"],
			"blocks": view["blocks"], "state": map[string]any{"values": state},
		},
	}
}

func text(v string) map[string]any   { return map[string]any{"type": "plain_text_input", "value": v} }
func number(v string) map[string]any { return map[string]any{"type": "number_input", "value": v} }
func option(v string) map[string]any {
	return map[string]any{"type": "static_select", "selected_option": map[string]any{"value": v}}
}

func TestModalSubmission(t *testing.T) {
	e := newEnv(t)
	e.command("U0ALICE", "/report", "")
	kindView := e.opened("trigger-")

	// The kind, then the kind's form in the same modal.
	status, body := e.interact(viewSubmission("U0ALICE", "V1", kindView, map[string]map[string]any{"kind": option("sales")}))
	var next struct {
		ResponseAction string         `json:"response_action"`
		View           map[string]any `json:"view"`
	}
	if err := json.Unmarshal([]byte(body), &next); status != 200 || err != nil || next.ResponseAction != "update" {
		t.Fatalf("kind submission: %d %s", status, body)
	}
	e.golden("modal-sales-update-en.json", next.View)

	// A bad number comes back on its block, in the user's language.
	_, body = e.interact(viewSubmission("U0ALICE", "V1", next.View, map[string]map[string]any{
		"outlet": text("Metro"), "units": number("1.5"), "amount": number("3200.5"),
	}))
	want := `{"errors":{"units":"Units (units) must be a whole number, like 12."},"response_action":"errors"}`
	if strings.TrimSpace(body) != want {
		t.Errorf("bad number: %s\nwant %s", body, want)
	}
	if n := len(e.reports()); n != 0 {
		t.Fatalf("a refused submission stored %d reports", n)
	}

	// A good one is saved, closes the modal, and is confirmed privately.
	good := viewSubmission("U0ALICE", "V1", next.View, map[string]map[string]any{
		"outlet": text("Metro"), "units": number("15"), "amount": number("3200.5"), "sku": text(""),
		"note": map[string]any{"type": "plain_text_input", "value": nil},
	})
	if status, body := e.interact(good); status != 200 || body != "" {
		t.Errorf("good submission: %d %q, want an empty 200", status, body)
	}
	e.interact(good) // a second submission of the same view
	e.adapter.Wait()
	rs := e.reports()
	if len(rs) != 1 || rs[0].Fields["units"].Num != 15 || rs[0].Fields["amount"].Num != 320050 || rs[0].Fields["outlet"].Text != "Metro" {
		t.Fatalf("stored %+v", rs)
	}
	confirm := e.slack.Calls("/respond/U0ALICE")
	if len(confirm) == 0 || !strings.Contains(confirm[0].JSON["text"].(string), "Saved report #1") || confirm[0].JSON["response_type"] != "ephemeral" {
		t.Errorf("confirmation: %+v", confirm)
	}
}

func TestModalSubmissionInChinese(t *testing.T) {
	e := newEnv(t)
	e.command("U0CHEN", "/report", "payment")
	view := e.opened("trigger-")
	_, body := e.interact(viewSubmission("U0CHEN", "V9", view, map[string]map[string]any{
		"customer": text("华联"), "due": number("abc"),
		"due_date": map[string]any{"type": "datepicker", "selected_date": "2026-12-31"},
	}))
	if !strings.Contains(body, `"due":"应收金额（due）必须是金额`) {
		t.Errorf("zh errors: %s", body)
	}
	e.interact(viewSubmission("U0CHEN", "V9", view, map[string]map[string]any{
		"customer": text("华联"), "due": number("5000"), "due_date": map[string]any{"type": "datepicker", "selected_date": "2026-12-31"},
	}))
	rs := e.reports()
	if len(rs) != 1 || rs[0].Fields["due_date"].Text != "2026-12-31" || rs[0].Person != "chen" {
		t.Errorf("stored %+v", rs)
	}
}

// A problem that concerns no field (here: editing someone else's report)
// is shown on the modal's first input rather than lost.
func TestModalRefusalWithoutField(t *testing.T) {
	e := newEnv(t)
	e.command("U0ALICE", "/report", "sales units=1")
	e.command("U0ALICE", "/report", "edit 1")
	view := e.opened("trigger-")
	e.golden("modal-edit-en.json", view)
	_, body := e.interact(viewSubmission("U0BOB", "V2", view, map[string]map[string]any{"units": number("2")}))
	if !strings.Contains(body, `"response_action":"errors"`) || !strings.Contains(body, `"outlet":`) || !strings.Contains(body, "#1") {
		t.Errorf("refusal: %s", body)
	}
}

func TestButtonClickRunsItsCommand(t *testing.T) {
	e := newEnv(t)
	payload := map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "U0ALICE"}, "trigger_id": "t-click",
		"channel": map[string]any{"id": "C0EAST"}, "response_url": e.slack.ResponseURL("click"),
		"actions": []map[string]any{{"type": "button", "action_id": "fieldloop_button_0", "block_id": "fieldloop_buttons", "value": "/whoami"}},
	}
	if status, _ := e.interact(payload); status != 200 {
		t.Fatalf("status %d", status)
	}
	e.adapter.Wait()
	got := e.slack.Calls("/respond/click")
	if len(got) != 1 || !strings.Contains(got[0].JSON["text"].(string), "You are Alice Wang") || got[0].JSON["replace_original"] != false {
		t.Errorf("reply to click: %+v", got)
	}
	payload["actions"] = []map[string]any{{"type": "button", "action_id": "fieldloop_button_0", "block_id": "fieldloop_buttons", "value": "/report sales"}}
	e.interact(payload)
	if v := e.opened("t-click"); v["callback_id"] != "fieldloop_form" {
		t.Errorf("a button whose command opens a form opened %v", v)
	}
}

// A direct message to the bot runs as a command and is answered through
// the outbox; Slack's retry of the same event is handled once.
func TestDirectMessageEvent(t *testing.T) {
	e := newEnv(t)
	event := `{"type":"event_callback","event_id":"Ev1","event":{"type":"message","channel_type":"im","user":"U0ALICE","channel":"D0ALICE","text":"report sales units=2 note=&lt;ok&gt;"}}`
	for range 2 {
		if status, _ := e.post("/slack/events", event); status != 200 {
			t.Fatalf("status %d", status)
		}
	}
	e.adapter.Wait()
	rs := e.reports()
	if len(rs) != 1 || rs[0].Fields["note"].Text != "<ok>" {
		t.Fatalf("stored %+v", rs)
	}
	pending := e.app.Pending()
	var reply *bot.Message
	for _, m := range pending {
		if m.To.ID == "D0ALICE" {
			if reply != nil {
				t.Errorf("two replies to one event")
			}
			reply = m
		}
	}
	if reply == nil || !strings.Contains(reply.Text, "Saved report #1") {
		t.Errorf("reply = %+v", reply)
	}
	bot := `{"type":"event_callback","event_id":"Ev2","event":{"type":"message","channel_type":"im","bot_id":"B1","channel":"D0ALICE","text":"report sales units=2"}}`
	e.post("/slack/events", bot)
	e.adapter.Wait()
	if n := len(e.reports()); n != 1 {
		t.Errorf("the bot's own message ran as a command")
	}
}

// User text is escaped: "<!channel>" typed in a report (which Slack sends
// escaped) is stored as typed and must not ping a channel in the reply.
func TestRepliesAreEscaped(t *testing.T) {
	e := newEnv(t)
	_, body := e.command("U0ALICE", "/report", `sales units=1 outlet="&lt;!channel&gt; &amp; co"`)
	if !strings.Contains(body, `&lt;!channel&gt; &amp; co`) {
		t.Errorf("reply not escaped: %s", body)
	}
	if r := e.reports(); len(r) != 1 || r[0].Fields["outlet"].Text != "<!channel> & co" {
		t.Errorf("stored %+v", r)
	}
}

// Links Slack adds to message text are stored as the text typed.
func TestSlackLinkMarkupIsUndone(t *testing.T) {
	e := newEnv(t)
	e.command("U0ALICE", "/report", `sales units=1 outlet=<http://metro.cn|metro.cn> note="photo <https://x.example/p.jpg>, ask <mailto:a@b.cn|a@b.cn>"`)
	r := e.reports()
	if len(r) != 1 || r[0].Fields["outlet"].Text != "metro.cn" || r[0].Fields["note"].Text != "photo https://x.example/p.jpg, ask a@b.cn" {
		t.Errorf("stored %+v", r[0].Fields)
	}
}

// The outbox delivers to channels and people; a 429 is waited out through
// the outbox (Retry-After), a lost channel fails at once.
func TestDeliver(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.db.EnqueueMessages(ctx, []*bot.Message{
		{To: bot.Destination{Platform: slackadapter.Platform, Channel: true, ID: "C0MKT", Name: "marketing"}, Text: "feed <post>"},
		{To: bot.Destination{Platform: slackadapter.Platform, ID: "U0ALICE", Name: "alice"}, Text: "reminder",
			Buttons: []bot.Button{{Label: "File it", Command: "/report sales", Style: "primary"}}},
		{To: bot.Destination{Platform: slackadapter.Platform, Channel: true, ID: "C0GONE", Name: "old"}, Text: "lost"},
	})
	e.slack.Refuse("chat.postMessage", "C0GONE", "channel_not_found")
	e.slack.Script(slacktest.RateLimited)
	sender := e.app.Sender(e.adapter)
	wait, err := sender.DeliverDue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if wait != 7*time.Second {
		t.Errorf("after a 429 with Retry-After: 7 the sender waits %v", wait)
	}
	e.app.Clock.Add(wait)
	if _, err := sender.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	msgs, _ := e.db.FindMessages(ctx, bot.MessageFilter{})
	want := map[string]bot.MessageStatus{"feed <post>": bot.StatusSent, "reminder": bot.StatusSent, "lost": bot.StatusFailed}
	for _, m := range msgs {
		if m.Status != want[m.Text] {
			t.Errorf("%q is %s (%s), want %s", m.Text, m.Status, m.Error, want[m.Text])
		}
	}
	posts := e.slack.Calls("/api/chat.postMessage")
	var toMKT, toDM int
	for _, p := range posts {
		switch p.Form.Get("channel") {
		case "C0MKT":
			toMKT++
			if p.Form.Get("text") != "feed &lt;post&gt;" || p.Form.Get("token") != "xoxb-test" || p.Form.Get("mrkdwn") != "false" {
				t.Errorf("channel post = %v", p.Form)
			}
		case "U0ALICE": // a direct message goes to the user's id
			toDM++
			if !strings.Contains(p.Form.Get("blocks"), `"value":"/report sales"`) {
				t.Errorf("button not rendered: %s", p.Form.Get("blocks"))
			}
			// No markup: the text is plain, whatever a user typed into it.
			if blocks := p.Form.Get("blocks"); strings.Contains(blocks, `"mrkdwn"`) || !strings.Contains(blocks, `"type":"plain_text","text":"reminder"`) {
				t.Errorf("section not plain text: %s", blocks)
			}
		}
	}
	// Posts go concurrently: the 429 fell on one of the three, which went
	// again after the wait.
	if len(posts) != 4 || toMKT < 1 || toDM != 1 && toDM != 2 {
		t.Errorf("%d posts, to C0MKT: %d, to the DM: %d; want one of the three twice (the 429 and the retry)", len(posts), toMKT, toDM)
	}
	if n := len(e.slack.Calls("/api/conversations.open")); n != 0 {
		t.Errorf("conversations.open called %d times; a direct message needs none", n)
	}
}

// When Slack's answer to a post is lost (here a 500), the outbox asks
// Slack whether the post went out, by the ids in its metadata, before it
// posts again: a post Slack took is not repeated, one it did not take is.
func TestDeliverAnswerLost(t *testing.T) {
	for _, took := range []bool{true, false} {
		t.Run(fmt.Sprintf("took=%v", took), func(t *testing.T) {
			e := newEnv(t)
			ctx := context.Background()
			e.db.EnqueueMessages(ctx, []*bot.Message{
				{To: bot.Destination{Platform: slackadapter.Platform, Channel: true, ID: "C0EAST", Name: "east"}, Text: "broadcast"},
				{To: bot.Destination{Platform: slackadapter.Platform, ID: "U0ALICE", Name: "alice"}, Text: "reminder"},
			})
			fault := slacktest.Failed
			if took {
				fault = slacktest.FailedTaken
			}
			e.slack.Script(fault, fault)
			sender := e.app.Sender(e.adapter)
			for range 4 {
				wait, err := sender.DeliverDue(ctx)
				if err != nil {
					t.Fatal(err)
				}
				e.app.Clock.Add(wait)
			}
			msgs, _ := e.db.FindMessages(ctx, bot.MessageFilter{})
			for _, m := range msgs {
				if m.Status != bot.StatusSent || !m.Posting.IsZero() {
					t.Errorf("%q: %s (%s), posting %v", m.Text, m.Status, m.Error, m.Posting)
				}
			}
			for _, ch := range []string{"C0EAST", "DU0ALICE"} {
				if n := len(e.slack.History(ch)); n != 1 {
					t.Errorf("%s shows %d posts, want 1", ch, n)
				}
			}
			wantPosts := 4 // the two lost answers and the two posts again
			if took {
				wantPosts = 2
			}
			if posts := e.slack.Calls("/api/chat.postMessage"); len(posts) != wantPosts {
				t.Errorf("%d chat.postMessage calls, want %d", len(posts), wantPosts)
			}
			if asked := e.slack.Calls("/api/conversations.history"); len(asked) != 2 {
				t.Errorf("conversations.history asked %d times, want once per destination", len(asked))
			}
			// Slack drops metadata it finds invalid and posts anyway: pin
			// the shape (an event_type, and string values in the payload).
			msgs, _ = e.db.FindMessages(ctx, bot.MessageFilter{})
			want := `{"event_type":"fieldloop_outbox","event_payload":{"keys":"` + msgs[0].PostKey() + `"}}`
			for _, c := range e.slack.Calls("/api/chat.postMessage") {
				if got := c.Form.Get("metadata"); c.Form.Get("channel") == "C0EAST" && got != want {
					t.Errorf("metadata = %s, want %s", got, want)
				}
			}
		})
	}
}

// Delivered reads as many pages of history as the window holds, finds a
// post among others, refuses to guess when the window holds too many, and
// says which scopes to add when Slack refuses.
func TestDeliveredReadsHistory(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	east := bot.Destination{Platform: slackadapter.Platform, Channel: true, ID: "C0EAST", Name: "east"}
	m := &bot.Message{ID: 7, To: east, Text: "broadcast", CreatedAt: e.now()}
	if err := e.adapter.Deliver(ctx, m); err != nil {
		t.Fatal(err)
	}
	chatter := func(n int) {
		for range n {
			e.slack.AddMessage("C0EAST", "hello")
		}
	}
	chatter(450) // three pages of 200
	from, until := e.now().Add(-time.Minute), e.now().Add(time.Minute)
	keys, err := e.adapter.Delivered(ctx, east, from, until)
	if err != nil || !keys[m.PostKey()] || len(keys) != 1 {
		t.Errorf("Delivered = %v, %v; want just %s", keys, err, m.PostKey())
	}
	if pages := len(e.slack.Calls("/api/conversations.history")); pages != 3 {
		t.Errorf("%d pages read, want 3", pages)
	}
	if keys, err := e.adapter.Delivered(ctx, east, until, until.Add(time.Minute)); err != nil || len(keys) != 0 {
		t.Errorf("outside the window: %v, %v; want nothing", keys, err)
	}
	chatter(600)
	if keys, err := e.adapter.Delivered(ctx, east, from, until); err == nil {
		t.Errorf("1,050 messages in the window: %v, want an error rather than a guess", keys)
	}
	e.slack.Refuse("conversations.history", "", "missing_scope")
	_, err = e.adapter.Delivered(ctx, east, from, until)
	var perm *bot.PermanentError
	if !errors.As(err, &perm) || !strings.Contains(err.Error(), "channels:history") {
		t.Errorf("missing scope: %v; want a permanent error naming the scopes", err)
	}
}

// A command that outlives Slack's 3 seconds is acknowledged at once and
// answered through response_url when it is done.
func TestSlowCommandFinishesThroughResponseURL(t *testing.T) {
	release := make(chan struct{})
	slow := bot.Command{Name: "slow", Run: func(context.Context, *bot.Request) (*bot.Reply, error) {
		<-release
		return &bot.Reply{Text: "done at last"}, nil
	}}
	e := newEnv(t, slow)
	e.adapter.Deadline = 20 * time.Millisecond
	_, body := e.command("U0ALICE", "/slow", "")
	if text := responseText(t, body); text != "Working on it…" {
		t.Errorf("acknowledgement = %q", text)
	}
	close(release)
	e.adapter.Wait()
	got := e.slack.Calls("/respond/U0ALICE")
	if len(got) != 1 || got[0].JSON["text"] != "done at last" {
		t.Errorf("late reply: %+v", got)
	}
}

// A reply too long for an answer body (Socket Mode refuses acks over
// 20 KB) is acknowledged empty and posted through response_url.
func TestLongReplyGoesThroughResponseURL(t *testing.T) {
	long := strings.Repeat("报告内容很长。", 2500)
	e := newEnv(t, bot.Command{Name: "long", Run: func(context.Context, *bot.Request) (*bot.Reply, error) {
		return &bot.Reply{Text: long}, nil
	}})
	status, body := e.command("U0ALICE", "/long", "")
	if status != 200 || body != "" {
		t.Errorf("answer: %d, %d bytes", status, len(body))
	}
	e.adapter.Wait()
	got := e.slack.Calls("/respond/U0ALICE")
	if len(got) != 1 || got[0].JSON["text"] != long {
		t.Errorf("response_url got %d posts", len(got))
	}
}

// The check of the broadcasts issue over Slack: a broadcast reaches the
// east channel exactly once although Slack answers 429 twice first, and a
// click on its button and /ack are both recorded.
func TestBroadcastOverSlack(t *testing.T) {
	e := newEnv(t)
	_, body := e.command("U0MIA", "/campaign", `add kind=promotion title="Double 12" start=2026-11-28 end=2026-12-12 regions=east`)
	if !strings.Contains(responseText(t, body), "Added: 📣 Promotion #1 Double 12") {
		t.Fatalf("add: %s", body)
	}
	_, body = e.command("U0ALICE", "/campaign", `add kind=promotion title=x start=2026-12-01 end=2026-12-02 regions=east`)
	if !strings.Contains(responseText(t, body), "Only marketing and admins") {
		t.Errorf("a rep adding a campaign: %s", body)
	}
	e.command("U0MIA", "/campaign", "broadcast 1")
	ctx := context.Background()
	e.slack.Script(slacktest.RateLimited, slacktest.RateLimited)
	sender := e.app.Sender(e.adapter)
	for range 5 {
		wait, err := sender.DeliverDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		e.app.Clock.Add(wait)
	}
	var delivered int
	for _, c := range e.slack.Calls("/api/chat.postMessage") {
		if c.Form.Get("channel") == "C0EAST" {
			delivered++
			if !strings.Contains(c.Form.Get("blocks"), `"value":"/ack 1"`) {
				t.Errorf("no Acknowledge button: %s", c.Form.Get("blocks"))
			}
		}
	}
	if delivered != 3 { // two 429s, then the post
		t.Errorf("%d attempts to C0EAST, want 3 (429, 429, posted)", delivered)
	}
	msgs, _ := e.db.FindMessages(ctx, bot.MessageFilter{})
	if len(msgs) != 1 || msgs[0].Status != bot.StatusSent || msgs[0].Attempts != 3 {
		t.Errorf("outbox: %+v", msgs)
	}

	click := map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "U0BOB"}, "trigger_id": "t-ack",
		"channel": map[string]any{"id": "C0EAST"}, "response_url": e.slack.ResponseURL("bob"),
		"actions": []map[string]any{{"type": "button", "action_id": "fieldloop_button_0", "block_id": "fieldloop_buttons", "value": "/ack 1"}},
	}
	e.interact(click)
	e.adapter.Wait()
	_, body = e.command("U0ALICE", "/ack", "1")
	if !strings.Contains(responseText(t, body), "Thanks, acknowledged") {
		t.Errorf("/ack: %s", body)
	}
	camp, _ := e.db.Campaign(ctx, 1)
	if !camp.Acknowledged("alice") || !camp.Acknowledged("bob") {
		t.Errorf("acks: %v", camp.Acks)
	}
	_, body = e.command("U0MIA", "/campaign", "show 1")
	if text := responseText(t, body); !strings.Contains(text, "2 of 2 acknowledged") || !strings.Contains(text, "slack #east sent") {
		t.Errorf("show: %s", text)
	}
}
