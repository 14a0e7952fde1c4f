package discord

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/internal/apptest"
	"github.com/fieldloop/fieldloop/internal/discordtest"
)

// Discord ids of the demo org's people and of the east region's channel.
const (
	fuzzAlice = "800000000000000001"
	fuzzChen  = "800000000000000003" // language: zh
	fuzzMia   = "800000000000000004" // marketing: runs campaigns
	fuzzEast  = "900000000000000003"
	fuzzApp   = "100000000000000001"
)

// fuzzKey signs the fuzzer's interactions as Discord would.
var fuzzKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))

// fuzzTarget is an adapter on fieldloop as apptest builds it (a real store
// in a temporary directory, the demo org, every command), serving its
// endpoint on mux, and the fake Discord it talks to.
type fuzzTarget struct {
	a       *Adapter
	mux     *http.ServeMux
	discord *discordtest.Server
}

func newFuzzTarget(f *testing.F) *fuzzTarget {
	discord := discordtest.New(f)
	app := apptest.New(f, apptest.Options{Platform: Platform})
	a := New(Config{BotToken: "fuzz-bot-token", PublicKey: hex.EncodeToString(fuzzKey.Public().(ed25519.PublicKey)), AppID: fuzzApp,
		APIURL: discord.APIURL(), Router: app.Router, Logger: app.Logger, Now: app.Now,
		HTTPClient: &http.Client{Timeout: 5 * time.Second}})
	// Long enough that only a hang misses it: the fuzzer reports an input
	// that runs for 10 s.
	a.Deadline = 5 * time.Second
	mux := http.NewServeMux()
	a.Register(mux)
	return &fuzzTarget{a: a, mux: mux, discord: discord}
}

// post sends body, signed, to the interactions endpoint, waits for
// whatever the interaction left running, and checks the answer: 401 for
// a body over MaxBody, else a 200 with JSON or a 400. The fake forgets
// the calls, which would otherwise pile up over the fuzzer's inputs.
func (ft *fuzzTarget) post(t testing.TB, body []byte) {
	a := ft.a
	r := discordtest.NewRequest("/discord/interactions", fuzzKey, a.verifier.Now(), body)
	w := httptest.NewRecorder()
	ft.mux.ServeHTTP(w, r)
	a.Wait()
	ft.discord.Reset()
	switch {
	case len(body) > MaxBody:
		if w.Code != http.StatusUnauthorized {
			t.Errorf("a body of %d bytes: status %d, want 401", len(body), w.Code)
		}
	case w.Code == http.StatusOK:
		if ct := w.Header().Get("Content-Type"); ct != "application/json" || !json.Valid(w.Body.Bytes()) {
			t.Errorf("200 with Content-Type %q and a body that may not be JSON: %q", ct, w.Body.Bytes())
		}
	case w.Code != http.StatusBadRequest:
		t.Errorf("status %d, want 200 or 400", w.Code)
	}
}

// FuzzInteraction posts arbitrary interaction JSON, correctly signed, to
// the interactions endpoint: pings, commands with typed options, button
// clicks, modal submissions in both shapes, and anything else.
func FuzzInteraction(f *testing.F) {
	for _, body := range []string{
		// platform-examples.md §0.4, §0.5 (the submission, its comments and
		// "...additionalInteractionFields" left out) and §0.6.
		`{"type":2,"token":"A_UNIQUE_TOKEN","member":{"user":{"id":"53908232506183680","username":"Mason","avatar":"a_d5efa99b3eeaa7dd43acca82f5692432","discriminator":"1337","public_flags":131141},"roles":["539082325061836999"],"premium_since":null,"permissions":"2147483647","pending":false,"nick":null,"mute":false,"joined_at":"2017-03-13T19:19:14.040000+00:00","is_pending":false,"deaf":false},"id":"786008729715212338","guild_id":"290926798626357999","app_permissions":"442368","guild_locale":"en-US","locale":"en-US","data":{"options":[{"type":3,"name":"cardname","value":"The Gitrog Monster"}],"type":1,"name":"cardsearch","id":"771825006014889984"},"channel_id":"645027906669510667"}`,
		`{"type":5,"data":{"custom_id":"game_feedback_modal","components":[{"type":18,"id":1,"component":{"type":4,"id":2,"custom_id":"game_feedback","value":"The recent changes to acceleration feel much better, but shadows still need help"}}]}}`,
		`{"type":1,"id":"1","application_id":"100000000000000001","token":"x","version":1}`,
		`{"type":4,"data":{"name":"report"}}`,
		`{"type":99}`,
		`{"type":2,"data":"not an object"}`,
		`[`,
	} {
		f.Add([]byte(body))
	}

	// newInteraction is an interaction of type typ, with a new id, from a
	// user in the east region's channel, as the adapter reads it.
	seq := 0
	newInteraction := func(typ int, userID, locale string, data any) []byte {
		seq++
		raw, _ := json.Marshal(data)
		b, _ := json.Marshal(interaction{ID: strconv.Itoa(1_300_000_000_000_000_000 + seq), ApplicationID: fuzzApp, Type: typ,
			Token: "fuzz-token-" + strconv.Itoa(seq), GuildID: "290926798626357999", ChannelID: fuzzEast, Locale: locale,
			Member: &member{User: &user{ID: userID}}, Data: raw})
		return b
	}
	option := func(name string, typ int, value string) rawOption {
		return rawOption{Name: name, Type: typ, Value: json.RawMessage(value)}
	}
	sub := func(name string, opts ...rawOption) rawOption {
		return rawOption{Name: name, Type: optionSubcommand, Options: opts}
	}
	slash := func(from, locale, name string, opts ...rawOption) []byte {
		return newInteraction(typeCommand, from, locale, commandData{Name: name, Options: opts})
	}
	click := func(from, customID string) []byte {
		return newInteraction(typeComponent, from, "en-US", componentData{CustomID: customID, ComponentType: componentButton})
	}
	text := func(key, value string) submittedPart {
		return submittedPart{Type: componentTextInput, CustomID: key, Value: &value}
	}
	// classic is a modal submitted as action rows of text inputs.
	classic := func(from, customID string, inputs ...submittedPart) []byte {
		var rows []submittedPart
		for _, in := range inputs {
			rows = append(rows, submittedPart{Type: componentRow, Components: []submittedPart{in}})
		}
		return newInteraction(typeModalSubmit, from, "en-US", modalData{CustomID: customID, Components: rows})
	}
	// labelled is a modal submitted as Labels (type 18), each holding one
	// component.
	labelled := func(from, customID string, inputs ...submittedPart) []byte {
		var parts []submittedPart
		for _, in := range inputs {
			parts = append(parts, submittedPart{Type: 18, Component: &in})
		}
		return newInteraction(typeModalSubmit, from, "zh-CN", modalData{CustomID: customID, Components: parts})
	}
	for _, body := range [][]byte{
		slash(fuzzAlice, "en-US", "report", sub("sales", option("outlet", optionString, `"Carrefour Pudong"`),
			option("units", optionInteger, `12`), option("amount", optionNumber, `3200.55`), option("note", optionString, `"@everyone <@123> late"`))),
		slash(fuzzAlice, "en-US", "report", sub("new")),
		slash(fuzzAlice, "en-US", "report", sub("sales")),
		slash(fuzzChen, "zh-CN", "report", sub("payment", option("customer", optionString, `"华联"`), option("due", optionNumber, `5000`),
			option("due_date", optionString, `"2026-12-31"`))),
		slash(fuzzAlice, "en-US", "report", sub("sales", option("units", optionInteger, `1e3`), option("amount", optionNumber, `-0.001`))),
		slash(fuzzAlice, "en-US", "report", sub("list", option("kind", optionString, `"sales"`), option("since", optionString, `"7d"`),
			option("region", optionString, `"east"`))),
		slash(fuzzAlice, "en-US", "report", sub("show", option("id", optionInteger, `1`))),
		slash(fuzzAlice, "en-US", "report", sub("edit", option("id", optionInteger, `1`), option("changes", optionString, `"units=3 note=\"ok\""`))),
		slash(fuzzAlice, "en-US", "report", sub("delete", option("id", optionInteger, `1`))),
		slash(fuzzMia, "en-US", "campaign", option("text", optionString,
			`"add kind=promotion title=\"Double 11\" start=2026-11-01 end=2026-11-11 regions=all"`)),
		slash(fuzzMia, "en-US", "campaign", option("text", optionString, `"broadcast 1"`)),
		slash(fuzzAlice, "en-US", "ack", option("text", optionString, `"1"`)),
		slash(fuzzChen, "zh-CN", "lang", option("language", optionString, `"en"`)),
		slash(fuzzAlice, "en-US", "help", option("command", optionString, `"report"`)),
		slash(fuzzAlice, "en-US", "whoami"),
		slash("812345678901234567", "fr", "report", rawOption{Name: "old", Type: optionGroup, Options: []rawOption{sub("sales")}}),
		click(fuzzAlice, idCommand+"/whoami"),
		click(fuzzAlice, idCommand+"/report sales"),
		click(fuzzAlice, idChoice+"kind=sales /report"),
		click(fuzzAlice, idCommand+"/ack 1"),
		click(fuzzAlice, idDraft+"AAAAAAAAAAAA"),
		click(fuzzAlice, idLong+"AAAAAAAAAAAAAAAA"),
		classic(fuzzAlice, idModal+"/report sales", text("outlet", "Metro"), text("units", "15"), text("amount", "3,200.50"), text("note", "")),
		classic(fuzzAlice, idModal+"/report sales", text("units", "1.5")),
		labelled(fuzzChen, idModal+"/report payment", text("customer", "华联"), text("due", "3.2万"), text("due_date", "2026-12-31")),
		labelled(fuzzAlice, idModal+"/report display", submittedPart{Type: 3, CustomID: "position", Values: []string{"eye"}}, text("outlet", "Metro")),
		classic(fuzzAlice, "game_feedback_modal", text("game_feedback", "fine")),
	} {
		f.Add(body)
	}
	ft := newFuzzTarget(f)
	// The fuzzer seldom makes inputs this large: a body over MaxBody is
	// refused before it is parsed, however valid it is.
	ft.post(f, append(bytes.Repeat([]byte(" "), MaxBody), slash(fuzzAlice, "en-US", "whoami")...))
	f.Fuzz(func(t *testing.T, body []byte) {
		ft.post(t, body)
	})
}
