package discord_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	discordadapter "github.com/fieldloop/fieldloop/adapters/discord"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/apptest"
	"github.com/fieldloop/fieldloop/internal/discordtest"
	"github.com/fieldloop/fieldloop/storage"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// Discord ids of the demo org's people, and channels.
const (
	alice    = "800000000000000001"
	bob      = "800000000000000002" // no language of his own
	chen     = "800000000000000003" // language: zh
	stranger = "812345678901234567"
	appID    = "100000000000000001"
	east     = "900000000000000003"
	mkt      = "900000000000000001"
)

// env is a running fieldloop, as apptest builds it on the Discord
// platform, with its Discord adapter talking to a fake Discord;
// interactions are signed with a key made for the test.
type env struct {
	t       testing.TB
	discord *discordtest.Server
	app     *apptest.App
	adapter *discordadapter.Adapter
	server  *httptest.Server // none in a synctest bubble
	client  *discordtest.Client
	clock   func() time.Time // the adapter's
	db      *storage.DB
	key     ed25519.PrivateKey
	seq     int
}

// envCommands are the commands the Discord tests register, and so the
// golden file of the registration lists: fieldloop's /report, /lang,
// /whoami and /help, then each test's extra commands.
var envCommands = []string{"report", "lang", "whoami", "help"}

func newEnv(t testing.TB, extra ...bot.Command) *env {
	t.Helper()
	return newEnvConfig(t, nil, extra...)
}

// newEnvConfig is newEnv with the adapter's configuration changed by
// configure.
func newEnvConfig(t testing.TB, configure func(*discordadapter.Config), extra ...bot.Command) *env {
	t.Helper()
	return buildEnv(t, apptest.Options{}, false, configure, extra...)
}

// newBubbleEnv is newEnvConfig for a test in a synctest bubble: the fake
// Discord and the interactions endpoint are reached in process (a
// goroutine waiting on a socket would keep the bubble's clock still), and
// the adapter and the fake read the bubble's clock, which moves on by
// itself whenever everything in the bubble waits.
func newBubbleEnv(t *testing.T, configure func(*discordadapter.Config), extra ...bot.Command) *env {
	t.Helper()
	return buildEnv(t, apptest.Options{}, true, configure, extra...)
}

// buildEnv builds the env on the fieldloop o describes, on Discord, with
// envCommands unless o names the commands.
func buildEnv(t testing.TB, o apptest.Options, bubble bool, configure func(*discordadapter.Config), extra ...bot.Command) *env {
	t.Helper()
	o.Platform = discordadapter.Platform
	if o.Commands == nil {
		o.Commands = envCommands
	}
	e := &env{t: t, app: apptest.New(t, o)}
	e.app.Router.Register(extra...)
	e.db = e.app.DB
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	e.key = priv
	c := discordadapter.Config{BotToken: "test-bot-token", PublicKey: hex.EncodeToString(pub), AppID: appID,
		Router: e.app.Router, DirectChannels: e.app.DB, Logger: e.app.Logger, Now: e.app.Now}
	if bubble {
		e.discord = discordtest.NewInProcess(t)
		c.Now, c.HTTPClient = time.Now, e.discord.Client()
	} else {
		e.discord = discordtest.New(t)
		// The fake times its rate limits by the clock the adapter reads.
		e.discord.Now = e.app.Now
	}
	c.APIURL = e.discord.APIURL()
	if configure != nil {
		configure(&c)
	}
	e.clock = c.Now
	e.adapter = discordadapter.New(c)
	mux := http.NewServeMux()
	e.adapter.Register(mux)
	e.client = &discordtest.Client{URL: "http://fieldloop.test", HTTP: discordtest.InProcess(mux)}
	if !bubble {
		e.server = httptest.NewServer(mux)
		t.Cleanup(e.server.Close)
		e.client = &discordtest.Client{URL: e.server.URL}
	}
	return e
}

// now is the time of the adapter's clock.
func (e *env) now() time.Time { return e.clock() }

// post sends body to the interactions endpoint signed as Discord signs
// it, timestamped now.
func (e *env) post(body []byte) (int, string) {
	e.t.Helper()
	return e.postSigned(body, e.now(), e.key)
}

func (e *env) postSigned(body []byte, at time.Time, key ed25519.PrivateKey) (int, string) {
	e.t.Helper()
	client := *e.client
	client.Key, client.Now = key, func() time.Time { return at }
	resp, out, err := client.Interaction(body)
	if err != nil {
		e.t.Fatal(err)
	}
	if resp.StatusCode == http.StatusOK && resp.Header.Get("Content-Type") != "application/json" {
		e.t.Errorf("Content-Type %q", resp.Header.Get("Content-Type"))
	}
	return resp.StatusCode, out
}

// interaction builds an interaction of type typ from user, in a server
// (member.user) as Discord sends it, with a new id.
func (e *env) interaction(typ int, user, locale string, data any) map[string]any {
	e.seq++
	id := strconv.Itoa(1_300_000_000_000_000_000 + e.seq)
	return map[string]any{
		"id": id, "application_id": appID, "type": typ, "token": "token-" + id, "version": 1,
		"guild_id": "290926798626357999", "channel_id": east, "locale": locale, "guild_locale": "en-US",
		"member":          map[string]any{"user": map[string]any{"id": user, "username": "someone"}, "roles": []string{}, "permissions": "2147483647"},
		"app_permissions": "442368", "data": data,
	}
}

// answer is an interaction response as the tests read it.
type answer struct {
	Type int `json:"type"`
	Data struct {
		Content         string           `json:"content"`
		Flags           int              `json:"flags"`
		Components      []map[string]any `json:"components"`
		AllowedMentions *struct {
			Parse []string `json:"parse"`
		} `json:"allowed_mentions"`
		CustomID string `json:"custom_id"`
		Title    string `json:"title"`
	} `json:"data"`
	raw string
}

// send posts an interaction and decodes the answer.
func (e *env) send(it map[string]any) answer {
	e.t.Helper()
	body, _ := json.Marshal(it)
	status, out := e.post(body)
	var a answer
	if err := json.Unmarshal([]byte(out), &a); status != 200 || err != nil {
		e.t.Fatalf("interaction %v: %d %s", it["type"], status, out)
	}
	a.raw = out
	if a.Type == 4 && (a.Data.AllowedMentions == nil || a.Data.AllowedMentions.Parse == nil || len(a.Data.AllowedMentions.Parse) != 0) {
		e.t.Errorf("a message without allowed_mentions {parse: []}: %s", out)
	}
	return a
}

// private checks that a is a private message and returns its text.
func private(t testing.TB, a answer) string {
	t.Helper()
	if a.Type != 4 || a.Data.Flags != 64 {
		t.Errorf("want a private message (type 4, flags 64), got %s", a.raw)
	}
	return a.Data.Content
}

func opt(name string, typ int, value any) map[string]any {
	return map[string]any{"name": name, "type": typ, "value": value}
}

func subcommand(name string, opts ...map[string]any) map[string]any {
	return map[string]any{"name": name, "type": 1, "options": opts}
}

// slash builds a command interaction: /name with options.
func (e *env) slash(user, locale, name string, opts ...map[string]any) map[string]any {
	return e.interaction(2, user, locale, map[string]any{"id": "771825006014889984", "name": name, "type": 1, "options": opts})
}

func (e *env) click(user, customID string) map[string]any {
	return e.interaction(3, user, "en-US", map[string]any{"custom_id": customID, "component_type": 2})
}

// classic is a modal submission in the classic shape: action rows of text
// inputs.
func classic(customID string, values map[string]string) map[string]any {
	var rows []map[string]any
	for k, v := range values {
		rows = append(rows, map[string]any{"type": 1, "components": []map[string]any{{"type": 4, "custom_id": k, "value": v}}})
	}
	return map[string]any{"custom_id": customID, "components": rows}
}

// labelled is a modal submission in the newer shape: Labels (type 18),
// each with a component, as platform-examples.md §0.5 shows.
func labelled(customID string, values map[string]string) map[string]any {
	var parts []map[string]any
	n := 0
	for k, v := range values {
		n += 2
		parts = append(parts, map[string]any{"type": 18, "id": n - 1, "component": map[string]any{"type": 4, "id": n, "custom_id": k, "value": v}})
	}
	return map[string]any{"custom_id": customID, "components": parts}
}

func (e *env) reports() []*bot.Report {
	e.t.Helper()
	rs, err := e.db.FindReports(context.Background(), bot.ReportFilter{IncludeDeleted: true})
	if err != nil {
		e.t.Fatal(err)
	}
	return rs
}

// golden compares v, as indented JSON, with testdata/name.
func golden(t testing.TB, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
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
		t.Errorf("%s differs from the golden file; run go test ./adapters/discord -update and review the diff\ngot:\n%s", name, got)
	}
}

func TestPing(t *testing.T) {
	e := newEnv(t)
	status, body := e.post([]byte(`{"type":1,"id":"1","application_id":"100000000000000001","token":"x","version":1}`))
	if status != 200 || strings.TrimSpace(body) != `{"type":1}` {
		t.Errorf("PING: %d %q", status, body)
	}
}

// Forged, stale, unsigned and oversized requests get 401 and change
// nothing.
func TestRefusedRequestsStoreNothing(t *testing.T) {
	e := newEnv(t)
	body, _ := json.Marshal(e.slash(alice, "en-US", "report", subcommand("sales", opt("units", 4, 3))))
	_, forger, _ := ed25519.GenerateKey(nil)
	tests := []struct {
		name string
		at   time.Time
		key  ed25519.PrivateKey
	}{
		{"forged", e.now(), forger},
		{"stale", e.now().Add(-6 * time.Minute), e.key},
		{"from the future", e.now().Add(6 * time.Minute), e.key},
	}
	for _, tt := range tests {
		if status, _ := e.postSigned(body, tt.at, tt.key); status != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", tt.name, status)
		}
	}
	resp, err := http.Post(e.server.URL+"/discord/interactions", "application/json", bytes.NewReader(body))
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned: %v %v", resp.StatusCode, err)
	}
	big := append(bytes.Repeat([]byte(" "), discordadapter.MaxBody), body...)
	if status, _ := e.post(big); status != http.StatusUnauthorized {
		t.Errorf("oversized body: status %d, want 401", status)
	}
	if n := len(e.reports()); n != 0 {
		t.Errorf("refused requests stored %d reports", n)
	}
	if calls := e.discord.Calls(""); len(calls) != 0 {
		t.Errorf("refused requests called Discord: %v", calls)
	}
}

// /report sales with typed options is saved at once for the right person,
// the NUMBER amount exact to the cent, and nobody is pinged by what the
// user typed.
func TestTypedReport(t *testing.T) {
	e := newEnv(t)
	a := e.send(e.slash(alice, "en-US", "report", subcommand("sales",
		opt("outlet", 3, "@everyone Metro"), opt("units", 4, 12), opt("amount", 10, json.Number("3200.55")))))
	if text := private(t, a); !strings.Contains(text, "Saved report #1") || !strings.Contains(text, "3,200.55") {
		t.Errorf("reply %q", text)
	}
	rs := e.reports()
	if len(rs) != 1 {
		t.Fatalf("stored %d reports", len(rs))
	}
	r := rs[0]
	if r.Person != "alice" || r.Platform != discordadapter.Platform || r.Fields["amount"].Num != 320055 || r.Fields["units"].Num != 12 || r.Fields["outlet"].Text != "@everyone Metro" {
		t.Errorf("stored %+v", r)
	}
	// The feed post goes to marketing's Discord channel.
	pending := e.app.Pending()
	if len(pending) != 1 || pending[0].To.String() != "discord:#"+mkt {
		t.Errorf("feed: %+v", pending)
	}

	// list, show, edit and delete, typed.
	if text := private(t, e.send(e.slash(alice, "en-US", "report", subcommand("list", opt("kind", 3, "sales"), opt("since", 3, "7d"))))); !strings.Contains(text, "#1") {
		t.Errorf("list: %q", text)
	}
	if text := private(t, e.send(e.slash(alice, "en-US", "report", subcommand("show", opt("id", 4, 1))))); !strings.Contains(text, "#1 · Outlet sales") {
		t.Errorf("show: %q", text)
	}
	if text := private(t, e.send(e.slash(alice, "en-US", "report", subcommand("edit", opt("id", 4, 1), opt("changes", 3, `units=15 note="late delivery"`))))); !strings.Contains(text, "Updated report #1") {
		t.Errorf("edit: %q", text)
	}
	if r := e.reports()[0]; r.Fields["units"].Num != 15 || r.Fields["note"].Text != "late delivery" {
		t.Errorf("after edit: %+v", r.Fields)
	}
	if text := private(t, e.send(e.slash(alice, "en-US", "report", subcommand("delete", opt("id", 4, 1))))); !strings.Contains(text, "Deleted report #1") {
		t.Errorf("delete: %q", text)
	}
	// Commands with a free text option and none.
	if text := private(t, e.send(e.slash(alice, "en-US", "whoami"))); !strings.Contains(text, "You are Alice Wang") {
		t.Errorf("whoami: %q", text)
	}
	if text := private(t, e.send(e.slash(alice, "en-US", "help", opt("command", 3, "report")))); !strings.Contains(text, "/report list") {
		t.Errorf("help report: %q", text)
	}
}

// inputs returns a modal's text inputs in order.
func inputs(t testing.TB, a answer) []map[string]any {
	t.Helper()
	if a.Type != 9 {
		t.Fatalf("want a modal (type 9), got %s", a.raw)
	}
	var out []map[string]any
	for _, row := range a.Data.Components {
		for _, c := range row["components"].([]any) {
			out = append(out, c.(map[string]any))
		}
	}
	return out
}

// /report sales with no option opens the kind's modal; its submission is
// saved, in either shape Discord sends, and a submission that reaches us
// twice is stored once.
func TestModalSubmission(t *testing.T) {
	e := newEnv(t)
	a := e.send(e.slash(alice, "en-US", "report", subcommand("sales")))
	var modal any
	json.Unmarshal([]byte(a.raw), &modal)
	golden(t, "modal-sales-en.json", modal)
	in := inputs(t, a)
	if a.Data.CustomID != "fm:/report sales" || len(in) != 5 || in[2]["custom_id"] != "units" || in[2]["required"] != true || in[0]["required"] != false {
		t.Errorf("modal: %s", a.raw)
	}

	submit := e.interaction(5, alice, "en-US", classic(a.Data.CustomID, map[string]string{
		"outlet": "Metro", "sku": "", "units": "15", "amount": "3,200.50", "note": "",
	}))
	if text := private(t, e.send(submit)); !strings.Contains(text, "Saved report #1") {
		t.Errorf("classic submission: %q", text)
	}
	if text := private(t, e.send(submit)); !strings.Contains(text, "Saved report #1") { // the same interaction again
		t.Errorf("repeated submission: %q", text)
	}
	if text := private(t, e.send(e.interaction(5, alice, "en-US", labelled(a.Data.CustomID, map[string]string{
		"outlet": "Lotus", "units": "3", "amount": "", "note": "label shape",
	})))); !strings.Contains(text, "Saved report #2") {
		t.Errorf("label submission: %q", text)
	}
	rs := e.reports()
	if len(rs) != 2 || rs[0].Fields["units"].Num != 15 || rs[0].Fields["amount"].Num != 320050 || rs[1].Fields["note"].Text != "label shape" || rs[1].Person != "alice" {
		t.Fatalf("stored %+v", rs)
	}
}

// A bad number is refused naming the field; "Fix it" reopens the form
// with what was typed, and the fixed submission is saved.
func TestBadValueFixIt(t *testing.T) {
	e := newEnv(t)
	a := e.send(e.interaction(5, alice, "en-US", classic("fm:/report sales", map[string]string{
		"outlet": "Metro", "units": "1.5", "amount": "3200.5", "note": "busy",
	})))
	text := private(t, a)
	if !strings.Contains(text, "Units (units) must be a whole number, like 12.") {
		t.Errorf("refusal %q", text)
	}
	if n := len(e.reports()); n != 0 {
		t.Fatalf("a refused submission stored %d reports", n)
	}
	fix := fixButton(t, a)
	if !strings.HasPrefix(fix, "fx:") || len(fix) > 100 {
		t.Fatalf("fix button: %s", fix)
	}

	// Someone else cannot open it.
	if text := private(t, e.send(e.click(bob, fix))); !strings.Contains(text, "expired") {
		t.Errorf("bob clicking alice's draft: %q", text)
	}
	reopened := e.send(e.click(alice, fix))
	values := map[string]any{}
	for _, in := range inputs(t, reopened) {
		values[in["custom_id"].(string)] = in["value"]
	}
	if values["outlet"] != "Metro" || values["units"] != "1.5" || values["amount"] != "3200.5" || values["note"] != "busy" || reopened.Data.CustomID != "fm:/report sales" {
		t.Errorf("reopened with %v (%s)", values, reopened.Data.CustomID)
	}
	if text := private(t, e.send(e.interaction(5, alice, "en-US", classic(reopened.Data.CustomID, map[string]string{
		"outlet": "Metro", "units": "2", "amount": "3200.5", "note": "busy",
	})))); !strings.Contains(text, "Saved report #1") {
		t.Errorf("fixed: %q", text)
	}

	// Drafts last the interaction token's 15 minutes.
	e.app.Clock.Add(16 * time.Minute)
	if text := private(t, e.send(e.click(alice, fix))); !strings.Contains(text, "expired") {
		t.Errorf("an old draft: %q", text)
	}
}

// A bare /report (here /report new) asks for the kind with a button per
// kind; a click opens that kind's modal.
func TestKindButtons(t *testing.T) {
	e := newEnv(t)
	a := e.send(e.slash(alice, "en-US", "report", subcommand("new")))
	if text := private(t, a); !strings.Contains(text, "New field report") {
		t.Errorf("kind question %q", text)
	}
	var ids []string
	for _, row := range a.Data.Components {
		for _, b := range row["components"].([]any) {
			ids = append(ids, b.(map[string]any)["custom_id"].(string))
		}
	}
	if len(a.Data.Components) != 2 || len(ids) != 10 || ids[4] != "fc:kind=sales /report" {
		t.Fatalf("buttons: %v", ids)
	}
	m := e.send(e.click(alice, ids[4]))
	if in := inputs(t, m); m.Data.CustomID != "fm:/report sales" || len(in) != 5 || m.Data.Title != "Outlet sales" {
		t.Errorf("sales modal: %s", m.raw)
	}
}

// A button runs its command as the user who clicked; a button whose
// command answers with a form opens it; a command line too long for a
// custom id still works.
func TestButtonClick(t *testing.T) {
	long := "/report sales outlet=\"" + strings.Repeat("Very Long Outlet Name ", 6) + "\" units=3"
	offer := bot.Command{Name: "offer", Run: func(context.Context, *bot.Request) (*bot.Reply, error) {
		return &bot.Reply{Text: "file one?", Buttons: []bot.Button{
			{Label: "Who am I", Command: "/whoami"}, {Label: "Sales", Command: "/report sales", Style: "primary"}, {Label: "Long", Command: long},
		}}, nil
	}}
	e := newEnv(t, offer)
	a := e.send(e.slash(alice, "en-US", "offer"))
	buttons := a.Data.Components[0]["components"].([]any)
	var ids []string
	for _, b := range buttons {
		ids = append(ids, b.(map[string]any)["custom_id"].(string))
	}
	if len(ids) != 3 || ids[0] != "fl:/whoami" || ids[1] != "fl:/report sales" || !strings.HasPrefix(ids[2], "fk:") || len(ids[2]) > 100 {
		t.Fatalf("custom ids %v", ids)
	}
	if text := private(t, e.send(e.click(bob, ids[0]))); !strings.Contains(text, "You are Bob Zhao") {
		t.Errorf("click /whoami: %q", text)
	}
	if m := e.send(e.click(alice, ids[1])); m.Type != 9 || m.Data.CustomID != "fm:/report sales" {
		t.Errorf("click /report sales: %s", m.raw)
	}
	if text := private(t, e.send(e.click(alice, ids[2]))); !strings.Contains(text, "Saved report #1") {
		t.Errorf("click long: %q", text)
	}
	if r := e.reports(); len(r) != 1 || !strings.HasPrefix(r[0].Fields["outlet"].Text, "Very Long") {
		t.Errorf("stored %+v", r)
	}
	if text := private(t, e.send(e.click(alice, "fk:unknown"))); !strings.Contains(text, "expired") {
		t.Errorf("unknown key: %q", text)
	}
}

func TestUnknownUser(t *testing.T) {
	e := newEnv(t)
	text := private(t, e.send(e.slash(stranger, "en-US", "report", subcommand("sales", opt("units", 4, 3)))))
	if !strings.Contains(text, "your Discord id is "+stranger) || !strings.Contains(text, "Ask to join") {
		t.Errorf("%q", text)
	}
	if n := len(e.reports()); n != 0 {
		t.Errorf("stored %d reports for a stranger", n)
	}
}

// A person with no language of their own is answered in their Discord
// locale; a direct message (user, not member) works the same.
func TestLocale(t *testing.T) {
	e := newEnv(t)
	bad := subcommand("sales", opt("units", 3, "x"))
	if text := private(t, e.send(e.slash(bob, "zh-CN", "report", bad))); !strings.Contains(text, "销量（units）必须是整数") {
		t.Errorf("bob (zh-CN) got %q", text)
	}
	if text := private(t, e.send(e.slash(alice, "en-US", "report", bad))); !strings.Contains(text, "Units (units) must be a whole number") {
		t.Errorf("alice got %q", text)
	}
	dm := e.slash(bob, "zh-CN", "whoami")
	delete(dm, "member")
	delete(dm, "guild_id")
	dm["user"] = map[string]any{"id": bob}
	if text := private(t, e.send(dm)); !strings.Contains(text, "你是 Bob Zhao") {
		t.Errorf("direct message: %q", text)
	}
	a := e.send(e.slash(chen, "en-US", "report", subcommand("payment"))) // chen's own language wins
	var modal any
	json.Unmarshal([]byte(a.raw), &modal)
	golden(t, "modal-payment-zh.json", modal)
}

// A reply over Discord's 2000 characters is split at line ends: the
// first part answers, the rest follow.
func TestLongReplySplit(t *testing.T) {
	var b strings.Builder
	for i := range 60 {
		fmt.Fprintf(&b, "%02d %s\n", i, strings.Repeat("·", 80))
	}
	text := strings.TrimSuffix(b.String(), "\n")
	long := bot.Command{Name: "long", Run: func(context.Context, *bot.Request) (*bot.Reply, error) {
		return &bot.Reply{Text: text}, nil
	}}
	e := newEnv(t, long)
	first := private(t, e.send(e.slash(alice, "en-US", "long")))
	e.adapter.Wait()
	parts := []string{first}
	for _, c := range e.discord.Calls("POST /webhooks/" + appID + "/token-") {
		m := c.JSON(t)
		if m["flags"] != 64.0 {
			t.Errorf("follow-up not private: %s", c.Body)
		}
		parts = append(parts, m["content"].(string))
	}
	if len(parts) != 3 {
		t.Fatalf("%d parts", len(parts))
	}
	for _, p := range parts {
		if n := len([]rune(p)); n > 2000 {
			t.Errorf("a part of %d characters", n)
		}
	}
	if strings.Join(parts, "\n") != text {
		t.Error("the parts do not add up to the reply")
	}
}

// A command that outlives Discord's 3 seconds is deferred at once and its
// reply replaces the deferred answer when it is done.
func TestSlowCommandDeferred(t *testing.T) {
	release := make(chan struct{})
	slow := bot.Command{Name: "slow", Run: func(context.Context, *bot.Request) (*bot.Reply, error) {
		<-release
		return &bot.Reply{Text: "done at last"}, nil
	}}
	e := newEnv(t, slow)
	e.adapter.Deadline = 20 * time.Millisecond
	a := e.send(e.slash(alice, "en-US", "slow"))
	if a.Type != 5 || a.Data.Flags != 64 {
		t.Errorf("want a private deferred answer, got %s", a.raw)
	}
	close(release)
	e.adapter.Wait()
	got := e.discord.Calls("PATCH /webhooks/" + appID + "/token-")
	if len(got) != 1 || !strings.HasSuffix(got[0].Path, "/messages/@original") || got[0].JSON(t)["content"] != "done at last" || got[0].Auth != "" {
		t.Fatalf("late reply: %+v", got)
	}
	checkEdit(t, got[0])
}

// checkEdit checks that an edit of a message sends only what Discord's
// edit takes (Edit Webhook Message): no flags, whose EPHEMERAL it
// refuses (the deferred answer already made the message private), and
// nothing meant for new messages.
func checkEdit(t *testing.T, c discordtest.Call) {
	t.Helper()
	for key := range c.JSON(t) {
		switch key {
		case "content", "components", "allowed_mentions":
		default:
			t.Errorf("an edit with %q: %s", key, c.Body)
		}
	}
}

// A slow form submission is deferred too, and a refusal that comes late
// still offers "Fix it".
func TestSlowSubmissionRefused(t *testing.T) {
	release := make(chan struct{})
	slowForm := bot.Command{Name: "slowform", Run: func(_ context.Context, req *bot.Request) (*bot.Reply, error) {
		form := &bot.Form{ID: "slow", Title: "Slow", Command: "/slowform", Fields: []bot.FormField{{Key: "n", Label: "N", Input: bot.InputInteger}}}
		if !req.Form {
			return &bot.Reply{Form: form}, nil
		}
		<-release
		return nil, bot.FieldError("n", "error.value.int", "N", "12")
	}}
	e := newEnv(t, slowForm)
	e.adapter.Deadline = 20 * time.Millisecond
	if a := e.send(e.interaction(5, alice, "en-US", classic("fm:/slowform", map[string]string{"n": "x"}))); a.Type != 5 {
		t.Errorf("want a deferred answer, got %s", a.raw)
	}
	close(release)
	e.adapter.Wait()
	got := e.discord.Calls("PATCH /webhooks/")
	if len(got) != 1 || !strings.Contains(string(got[0].Body), `"custom_id":"fx:`) || !strings.Contains(string(got[0].Body), "must be a whole number") {
		t.Fatalf("late refusal: %+v", got)
	}
	checkEdit(t, got[0])
}

// A form too big for one modal is refused loudly (logged, and the user
// told), never cut to five inputs.
func TestFormTooBigForModal(t *testing.T) {
	big := bot.Command{Name: "big", Run: func(context.Context, *bot.Request) (*bot.Reply, error) {
		f := &bot.Form{ID: "big", Title: "Big", Command: "/big"}
		for i := range 6 {
			f.Fields = append(f.Fields, bot.FormField{Key: "f" + strconv.Itoa(i), Label: "F", Input: bot.InputText})
		}
		return &bot.Reply{Form: f}, nil
	}}
	e := newEnv(t, big)
	if text := private(t, e.send(e.slash(alice, "en-US", "big"))); !strings.Contains(text, "could not be opened") {
		t.Errorf("got %q", text)
	}
}

// The outbox delivers to channels and to people (through their direct
// message channel, opened once), with a nonce Discord enforces; a 429
// (Discord's published example) is waited out through the outbox, and a
// lost channel fails at once.
func TestDeliver(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.db.EnqueueMessages(ctx, []*bot.Message{
		{To: bot.Destination{Platform: discordadapter.Platform, Channel: true, ID: mkt, Name: "marketing"}, Text: "feed @everyone"},
		{To: bot.Destination{Platform: discordadapter.Platform, ID: alice, Name: "alice"}, Text: "reminder",
			Buttons: []bot.Button{{Label: "File it", Command: "/report sales", Style: "primary"}}},
		{To: bot.Destination{Platform: discordadapter.Platform, ID: alice, Name: "alice"}, Text: "second"},
		{To: bot.Destination{Platform: discordadapter.Platform, Channel: true, ID: discordtest.UnknownChannel, Name: "old"}, Text: "lost"},
		{To: bot.Destination{Platform: discordadapter.Platform, Channel: true, ID: discordtest.MissingAccess, Name: "private"}, Text: "no access"},
	})
	e.discord.RateLimit(discordtest.UserLimit)
	sender := e.app.Sender(e.adapter)
	sender.Concurrency = 1 // one post at a time, so that the 429 meets the first
	sender.Spacing = 0
	wait, err := sender.DeliverDue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if wait != 64570*time.Millisecond {
		t.Errorf("after a 429 with retry_after 64.57 the sender waits %v", wait)
	}
	e.app.Clock.Add(wait)
	if _, err := sender.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	msgs, _ := e.db.FindMessages(ctx, bot.MessageFilter{})
	want := map[string]bot.MessageStatus{"feed @everyone": bot.StatusSent, "reminder": bot.StatusSent, "second": bot.StatusSent,
		"lost": bot.StatusFailed, "no access": bot.StatusFailed}
	for _, m := range msgs {
		if m.Status != want[m.Text] {
			t.Errorf("%q is %s (%s), want %s", m.Text, m.Status, m.Error, want[m.Text])
		}
		if m.Text == "lost" && (m.Attempts != 1 || !strings.Contains(m.Error, "10003")) {
			t.Errorf("lost: %d attempts, %q", m.Attempts, m.Error)
		}
	}
	var toMkt, toDM int
	var mktNonces []string
	for _, c := range e.discord.Calls("POST /channels/") {
		m := c.JSON(t)
		if c.Auth != "Bot test-bot-token" || m["enforce_nonce"] != true || !strings.HasPrefix(m["nonce"].(string), "f") || len(m["nonce"].(string)) > 25 {
			t.Errorf("post %s: auth %q, body %s", c.Path, c.Auth, c.Body)
		}
		if am, _ := m["allowed_mentions"].(map[string]any); am == nil || len(am["parse"].([]any)) != 0 {
			t.Errorf("post without allowed_mentions: %s", c.Body)
		}
		switch c.Path {
		case "/channels/" + mkt + "/messages":
			toMkt++
			mktNonces = append(mktNonces, m["nonce"].(string))
		case "/channels/DM" + alice + "/messages":
			toDM++
			if m["content"] == "reminder" && !strings.Contains(string(c.Body), `"custom_id":"fl:/report sales"`) {
				t.Errorf("button not rendered: %s", c.Body)
			}
		}
	}
	if toMkt != 2 || toDM != 2 {
		t.Errorf("posts to marketing: %d (the 429 and the retry), to the DM: %d", toMkt, toDM)
	}
	if len(mktNonces) == 2 && mktNonces[0] != mktNonces[1] {
		t.Errorf("the retry has another nonce: %v", mktNonces)
	}
	if n := len(e.discord.Calls("POST /users/@me/channels")); n != 1 {
		t.Errorf("the DM channel was opened %d times", n)
	}
}

// A global 429 holds back every destination on Discord, not just the one
// that met it; a 5xx is worth retrying.
func TestDeliverGlobalLimit(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.db.EnqueueMessages(ctx, []*bot.Message{
		{To: bot.Destination{Platform: discordadapter.Platform, Channel: true, ID: mkt, Name: "marketing"}, Text: "one"},
		{To: bot.Destination{Platform: discordadapter.Platform, Channel: true, ID: east, Name: "east"}, Text: "two"},
	})
	e.discord.RateLimit(discordtest.GlobalLimit)
	sender := e.app.Sender(e.adapter)
	sender.Concurrency = 1 // one post at a time, to see which met the limit
	wait, err := sender.DeliverDue(ctx)
	if err != nil || wait != 64570*time.Millisecond {
		t.Fatalf("after a global 429: wait %v, %v", wait, err)
	}
	if posts := e.discord.Calls("POST /channels/"); len(posts) != 1 {
		t.Errorf("%d posts during a global rate limit, want only the one that met it", len(posts))
	}
	e.app.Clock.Add(wait)
	if _, err := sender.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	if posts := e.discord.Calls("POST /channels/"); len(posts) != 3 {
		t.Errorf("%d posts after the wait, want 3", len(posts))
	}

	err = e.adapter.Deliver(ctx, &bot.Message{ID: 10, To: bot.Destination{Platform: discordadapter.Platform, Channel: true, ID: discordtest.BrokenChannel}, Text: "x"})
	var ra *bot.RetryAfterError
	var perm *bot.PermanentError
	if err == nil || errors.As(err, &ra) || errors.As(err, &perm) {
		t.Errorf("502: %v, want a plain error", err)
	}
}

// The gateway path has its own test (gateway_test.go); this checks that
// commands register with Discord as the golden file says: /report with a
// subcommand per kind, localized for zh-CN, within Discord's limits.
func TestRegisterCommands(t *testing.T) {
	e := newEnv(t)
	if err := e.adapter.RegisterCommands(context.Background()); err != nil {
		t.Fatal(err)
	}
	puts := e.discord.Calls("PUT /applications/" + appID + "/commands")
	if len(puts) != 1 || puts[0].Auth != "Bot test-bot-token" {
		t.Fatalf("registration calls: %+v", puts)
	}
	var cmds []map[string]any
	if err := json.Unmarshal(puts[0].Body, &cmds); err != nil {
		t.Fatal(err)
	}
	golden(t, "commands.json", cmds)
	checkCommands(t, cmds)
}

// checkCommands checks what the adapter's own check of Discord's rules
// does not: /report has a subcommand per kind.
func checkCommands(t *testing.T, cmds []map[string]any) {
	t.Helper()
	for _, c := range cmds {
		if c["name"] != "report" {
			continue
		}
		kinds := 0
		for _, o := range c["options"].([]any) {
			sub := o.(map[string]any)
			if sub["type"] == 1.0 && bot.ReportSchema().Kind(sub["name"].(string)) != nil && len(sub["options"].([]any)) > 0 {
				kinds++
			}
		}
		if kinds != 10 {
			t.Errorf("/report has %d kind subcommands with options, want 10", kinds)
		}
		return
	}
	t.Fatal("no /report")
}

// In one server (DISCORD_GUILD_ID), commands go to that server's list,
// which has no contexts; without an application id, Discord is asked.
func TestRegisterCommandsInGuild(t *testing.T) {
	e := newEnvConfig(t, func(c *discordadapter.Config) { c.AppID, c.GuildID = "", "290926798626357999" })
	if err := e.adapter.RegisterCommands(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(e.discord.Calls("GET /applications/@me")); n != 1 {
		t.Errorf("asked for the application id %d times", n)
	}
	puts := e.discord.Calls("PUT /applications/" + appID + "/guilds/290926798626357999/commands")
	if len(puts) != 1 || strings.Contains(string(puts[0].Body), `"contexts"`) {
		t.Errorf("guild registration: %+v", puts)
	}
}

// fixButton returns the custom id of a reply's "Fix it" button.
func fixButton(t *testing.T, a answer) string {
	t.Helper()
	for _, row := range a.Data.Components {
		for _, c := range row["components"].([]any) {
			if b := c.(map[string]any); b["label"] == "Fix it" {
				return b["custom_id"].(string)
			}
		}
	}
	t.Fatalf("no Fix it button: %s", a.raw)
	return ""
}

// A mistake in typed options offers the form with what was typed, so that
// nothing has to be typed twice.
func TestTypedMistakeOffersForm(t *testing.T) {
	e := newEnv(t)
	a := e.send(e.slash(alice, "en-US", "report", subcommand("region", opt("period", 3, "2026-Q5"), opt("revenue", 10, json.Number("1500000.5")))))
	if text := private(t, a); !strings.Contains(text, "Period (period) must be a period") {
		t.Errorf("refusal %q", text)
	}
	m := e.send(e.click(alice, fixButton(t, a)))
	in := inputs(t, m)
	if m.Data.CustomID != "fm:/report region" || in[0]["value"] != "2026-Q5" || in[1]["value"] != "1500000.5" {
		t.Errorf("form: %s", m.raw)
	}
}

// A reply meant for the channel is not private; nobody is pinged by it.
func TestPublicReply(t *testing.T) {
	announce := bot.Command{Name: "announce", Run: func(context.Context, *bot.Request) (*bot.Reply, error) {
		return &bot.Reply{Text: "@everyone the new calendar is out", Public: true}, nil
	}}
	e := newEnv(t, announce)
	if a := e.send(e.slash(alice, "en-US", "announce")); a.Type != 4 || a.Data.Flags != 0 || a.Data.Content != "@everyone the new calendar is out" {
		t.Errorf("public reply: %s", a.raw)
	}
}

// A form that comes too late to be opened as the answer (a modal must be
// the first answer) comes as a button that opens it.
func TestLateForm(t *testing.T) {
	release := make(chan struct{})
	slow := bot.Command{Name: "slowform", Run: func(_ context.Context, req *bot.Request) (*bot.Reply, error) {
		<-release
		return &bot.Reply{Form: &bot.Form{ID: "s", Title: "Slow", Command: "/slowform", Fields: []bot.FormField{{Key: "n", Label: "N", Input: bot.InputInteger}}}}, nil
	}}
	e := newEnv(t, slow)
	e.adapter.Deadline = 20 * time.Millisecond
	if a := e.send(e.slash(alice, "en-US", "slowform")); a.Type != 5 {
		t.Fatalf("want a deferred answer, got %s", a.raw)
	}
	close(release)
	e.adapter.Wait()
	edits := e.discord.Calls("PATCH /webhooks/")
	if len(edits) != 1 {
		t.Fatalf("edits: %+v", edits)
	}
	var late answer
	json.Unmarshal(edits[0].Body, &late.Data)
	b := late.Data.Components[0]["components"].([]any)[0].(map[string]any)
	if late.Data.Content != "Press the button to open the form." || b["label"] != "Open the form" {
		t.Fatalf("late form: %s", edits[0].Body)
	}
	if m := e.send(e.click(alice, b["custom_id"].(string))); m.Type != 9 || m.Data.CustomID != "fm:/slowform" {
		t.Errorf("the button opened %s", m.raw)
	}
}

// A direct message's channel, once opened, is kept in the database: after
// a restart the adapter posts to it at once instead of opening it again
// (a request each, which halved the rate of a fan-out of reminders).
func TestDirectChannelsOutliveARestart(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	dm := bot.Destination{Platform: discordadapter.Platform, ID: alice, Name: "alice"}
	if err := e.adapter.Deliver(ctx, &bot.Message{ID: 1, To: dm, Text: "one"}); err != nil {
		t.Fatal(err)
	}
	restarted := discordadapter.New(discordadapter.Config{BotToken: "test-bot-token", AppID: appID, APIURL: e.discord.APIURL(),
		Router: e.app.Router, DirectChannels: e.app.DB, Logger: e.app.Logger, Now: e.app.Now})
	if err := restarted.Deliver(ctx, &bot.Message{ID: 2, To: dm, Text: "two"}); err != nil {
		t.Fatal(err)
	}
	if n := len(e.discord.Calls("POST /users/@me/channels")); n != 1 {
		t.Errorf("the direct channel was opened %d times over a restart, want once", n)
	}
	if n := len(e.discord.Calls("POST /channels/DM" + alice + "/messages")); n != 2 {
		t.Errorf("%d posts to the direct channel, want 2", n)
	}
}
