// Package discord is the Discord adapter: it verifies Discord's signed
// HTTP interactions (or takes them from the gateway), registers
// fieldloop's commands as typed application commands, turns commands,
// button clicks and modal submissions into core commands, renders
// replies, forms and buttons as Discord messages and modals, and delivers
// the outbox with the REST API.
package discord

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// draftTTL is how long a refused form's values are kept for its "Fix it"
// button: the life of the interaction token that showed it.
const draftTTL = 15 * time.Minute

// longIDTTL is how long a command line too long for a custom id is kept
// for the button that carries its key.
const longIDTTL = 24 * time.Hour

// tokenLife is how long an interaction's token takes follow-ups and
// edits after the interaction reaches us: Discord gives 15 minutes from
// when it made the interaction, and a little is kept back for the time
// the interaction took to come and a request takes to go.
const tokenLife = 15*time.Minute - 10*time.Second

// maxWebhookTries bounds how often one follow-up or edit is sent while
// Discord answers it with 429s.
const maxWebhookTries = 5

// deliverWait is the longest an outbox post waits for Discord's rate
// limits: a longer wait goes back to the outbox as a RetryAfterError, so
// that one full bucket does not hold up the sender.
const deliverWait = 5 * time.Second

// Config is what New needs.
type Config struct {
	// BotToken is the bot's token from the Developer Portal, without the
	// "Bot " prefix. REST calls (registration, sending) and the gateway
	// use it.
	BotToken string
	// PublicKey is the application's public key (hex), which verifies
	// HTTP interactions; without it every HTTP interaction is refused.
	PublicKey string
	// AppID is the application's id; asked of Discord when empty.
	AppID string
	// GuildID, when set, registers the commands in that server only,
	// where they appear at once (handy while testing).
	GuildID string
	// APIURL replaces DefaultAPIURL (tests, proxies).
	APIURL string
	Router *bot.Router
	// DirectChannels keeps the direct-message channels Discord opened, so
	// that a restart does not open them all again (a request each);
	// memory only when nil.
	DirectChannels bot.DirectChannels
	Logger         *slog.Logger
	Now            func() time.Time
	// HTTPClient makes every call to Discord; one with a 10 s timeout when
	// nil.
	HTTPClient *http.Client
}

// Adapter connects the core to Discord. Make it with New.
type Adapter struct {
	router   *bot.Router
	verifier *Verifier
	rest     *rest
	http     *http.Client
	logger   *slog.Logger
	now      func() time.Time
	guildID  string

	// Deadline is how long a command may run before Discord is answered
	// with a deferred response and the reply follows as an edit of it.
	// Discord gives up on an answer after 3 s.
	Deadline time.Duration

	appMu sync.Mutex
	appID string

	inflight sync.WaitGroup // replies still being sent after their interaction was answered
	drafts   *memo[draft]   // forms to reopen, by draft id
	longIDs  *memo[string]  // custom ids too long for Discord, by key
	dms      *bot.DirectChannelCache
}

var _ bot.Deliverer = (*Adapter)(nil)

// New returns an adapter for one Discord application.
func New(c Config) *Adapter {
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.APIURL == "" {
		c.APIURL = DefaultAPIURL
	}
	logger := c.Logger.With("platform", "discord")
	key, err := ParsePublicKey(c.PublicKey)
	if err != nil && c.PublicKey != "" {
		logger.Error("DISCORD_PUBLIC_KEY is not valid: every HTTP interaction will be refused", "err", err)
	}
	return &Adapter{
		router:   c.Router,
		verifier: &Verifier{PublicKey: key, Now: c.Now},
		rest: &rest{base: strings.TrimRight(c.APIURL, "/"), token: "Bot " + strings.TrimPrefix(c.BotToken, "Bot "), http: c.HTTPClient,
			limits: newLimiter(c.Now)},
		http:     c.HTTPClient,
		logger:   logger,
		now:      c.Now,
		guildID:  c.GuildID,
		Deadline: 2500 * time.Millisecond,
		appID:    c.AppID,
		drafts:   newMemo[draft](draftTTL, c.Now),
		longIDs:  newMemo[string](longIDTTL, c.Now),
		dms:      &bot.DirectChannelCache{Store: c.DirectChannels, Platform: Platform},
	}
}

// Register adds the interactions endpoint to mux.
func (a *Adapter) Register(mux *http.ServeMux) {
	mux.HandleFunc("POST /discord/interactions", a.serveHTTP)
}

// Wait returns once every reply still being sent after its interaction
// was answered has gone out; graceful shutdown calls it, after Close.
func (a *Adapter) Wait() { a.inflight.Wait() }

// Close gives up every wait for Discord's rate limits, now and to come,
// so that Wait returns soon at shutdown rather than after a wait of up
// to the 15 minutes of an interaction token: a request that would wait
// is not sent (and is logged), one that need not goes as before.
func (a *Adapter) Close() { a.rest.limits.close() }

// serveHTTP answers one HTTP interaction. Its signature is checked before
// anything reads the body: a request that is not Discord's gets 401 and
// is neither parsed nor stored (Discord sends bad ones on purpose to test
// the endpoint).
func (a *Adapter) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := a.verifier.readVerified(r)
	if err != nil {
		a.logger.Warn("refused request", "path", r.URL.Path, "err", err)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var it interaction
	if err := json.Unmarshal(body, &it); err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	acked := make(chan struct{})
	defer close(acked)
	resp := a.interaction(r.Context(), &it, acked)
	if resp == nil {
		http.Error(w, "unsupported interaction type", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(resp)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}

// exchange is one interaction being answered.
type exchange struct {
	*interaction
	// acked is closed once the answer is out: Discord refuses follow-ups
	// and edits before the interaction is acknowledged.
	acked <-chan struct{}
	// deadline is when the answer must be ready, counted from the
	// interaction's arrival.
	deadline time.Time
	// expires is when the token stops taking follow-ups and edits, by the
	// adapter's clock.
	expires time.Time
}

// interaction answers one interaction, however it arrived.
func (a *Adapter) interaction(ctx context.Context, it *interaction, acked <-chan struct{}) *response {
	// What is started here finishes even if the request's connection goes:
	// late replies and follow-ups outlive it.
	ctx = context.WithoutCancel(ctx)
	x := &exchange{interaction: it, acked: acked, deadline: time.Now().Add(a.Deadline), expires: a.now().Add(tokenLife)}
	switch it.Type {
	case typePing:
		return &response{Type: callbackPong}
	case typeCommand:
		return a.command(ctx, x)
	case typeComponent:
		return a.component(ctx, x)
	case typeModalSubmit:
		return a.submit(ctx, x)
	case typeAutocomplete:
		// fieldloop registers no autocomplete option; say "no suggestions".
		return &response{Type: callbackAutocomplete, Data: map[string]any{"choices": []any{}}}
	}
	a.logger.Warn("unsupported interaction", "type", it.Type)
	return nil
}

// incoming is the part of a core command that every interaction gives.
// The interaction id is the request id: Discord does not resend an
// interaction, but a click or a submission reaching us twice is stored
// once.
func (it *interaction) incoming() *bot.Incoming {
	return &bot.Incoming{Platform: Platform, UserID: it.userID(), UserName: it.userName(), ChannelID: it.ChannelID, Locale: it.Locale, RequestID: it.ID}
}

// command runs an application command, its typed options read back
// into the command line the core understands.
func (a *Adapter) command(ctx context.Context, x *exchange) *response {
	var data commandData
	if err := json.Unmarshal(x.Data, &data); err != nil {
		a.logger.Warn("malformed command", "err", err)
		return a.say(ctx, x, "discord.expired")
	}
	cmd, ok := findCommand(a.router.Commands(), data.Name)
	if !ok { // registered by another version of fieldloop
		cmd = bot.Command{Name: data.Name, Options: bot.FreeText()}
	}
	in := x.incoming()
	options := map[string]string{}
	in.Name, in.Text = data.Name, strings.Join(commandLine(cmd, data.Options, options), " ")
	if len(options) == 0 {
		return a.run(ctx, x, in, nil)
	}
	// Typed form values (a report's fields): a mistake in one should not
	// mean typing them all again, so a refusal offers the form with them.
	in.Options = options
	return a.run(ctx, x, in, a.fixer(ctx, x, "/"+in.Name+" "+in.Text, options))
}

// component answers a button click: a command button runs its command as
// the user who clicked, a choice button answers its one-question form,
// and "Fix it" reopens a refused form with the values it had.
func (a *Adapter) component(ctx context.Context, x *exchange) *response {
	var data componentData
	_ = json.Unmarshal(x.Data, &data)
	id, ok := a.resolve(data.CustomID)
	if !ok {
		return a.say(ctx, x, "discord.expired")
	}
	in := x.incoming()
	switch {
	case strings.HasPrefix(id, idCommand):
		in.Name, in.Text = bot.SplitCommandLine(strings.TrimPrefix(id, idCommand))
		return a.run(ctx, x, in, nil)
	case strings.HasPrefix(id, idChoice):
		pair, line, _ := strings.Cut(strings.TrimPrefix(id, idChoice), " ")
		key, value, _ := strings.Cut(pair, "=")
		in.Name, in.Text = bot.SplitCommandLine(line)
		in.Options, in.Form = map[string]string{key: value}, true
		return a.run(ctx, x, in, nil)
	case strings.HasPrefix(id, idDraft):
		d, ok := a.drafts.get(strings.TrimPrefix(id, idDraft))
		if !ok || d.user != x.userID() {
			return a.say(ctx, x, "discord.expired")
		}
		return a.openModal(ctx, x, d.form)
	}
	return a.say(ctx, x, "discord.expired")
}

// submit runs a modal's command with the submitted values. A refusal is
// answered with the core's message, which names each field, and a "Fix
// it" button that reopens the form with what was typed.
func (a *Adapter) submit(ctx context.Context, x *exchange) *response {
	var data modalData
	_ = json.Unmarshal(x.Data, &data)
	id, ok := a.resolve(data.CustomID)
	if !ok || !strings.HasPrefix(id, idModal) {
		return a.say(ctx, x, "discord.expired")
	}
	line := strings.TrimPrefix(id, idModal)
	values := data.values()
	in := x.incoming()
	in.Name, in.Text = bot.SplitCommandLine(line)
	in.Options, in.Form = values, true
	return a.run(ctx, x, in, a.fixer(ctx, x, line, values))
}

// fixer returns what adds a "Fix it" button to a refusal of command line
// with values: the button reopens the command's form with the values.
func (a *Adapter) fixer(ctx context.Context, x *exchange, line string, values map[string]string) func(*bot.Reply) []actionRow {
	return func(r *bot.Reply) []actionRow {
		if !r.Failed && len(r.Errors) == 0 || a.router.Org.Load().PersonOn(Platform, x.userID()) == nil {
			return nil
		}
		return a.fixButton(ctx, x, line, values)
	}
}

// fixButton keeps the form of command line with values for a while and
// returns a row with the button that reopens it, or nil if the command
// has no form to reopen.
func (a *Adapter) fixButton(ctx context.Context, x *exchange, line string, values map[string]string) []actionRow {
	in := x.incoming()
	in.Name, in.Text = bot.SplitCommandLine(line)
	in.RequestID = "" // only asks for the form: nothing is stored
	form := a.router.Handle(ctx, in).Form
	if form == nil {
		return nil
	}
	for i, f := range form.Fields {
		if v, ok := values[f.Key]; ok {
			form.Fields[i].Value = v
		}
	}
	return a.draftButton(ctx, x, form, "discord.fix_it")
}

// draftButton keeps form for the user and returns a row with a button,
// labelled with catalogue key label, that opens it.
func (a *Adapter) draftButton(ctx context.Context, x *exchange, form *bot.Form, label string) []actionRow {
	id := randomID()
	a.drafts.put(id, draft{user: x.userID(), form: form})
	b := button{Type: componentButton, Style: buttonPrimary, Label: truncate(a.text(ctx, x, label), maxButtonLabel), CustomID: idDraft + id}
	return []actionRow{{Type: componentRow, Components: []any{b}}}
}

// run handles in by the deadline and answers with its reply. Past it,
// Discord is told to wait (a deferred, private answer), and the reply
// replaces that answer when it comes. fix, if not nil, adds rows of
// buttons to the reply.
func (a *Adapter) run(ctx context.Context, x *exchange, in *bot.Incoming, fix func(*bot.Reply) []actionRow) *response {
	reply, ok := a.handleWithin(ctx, in, x.deadline, func(late *bot.Reply) {
		<-x.acked
		a.sendLate(ctx, x, late, fix)
	})
	if !ok {
		return &response{Type: callbackDeferred, Data: map[string]any{"flags": flagEphemeral}}
	}
	if reply.Form != nil && x.Type != typeModalSubmit { // a modal cannot answer a modal
		return a.openForm(ctx, x, reply)
	}
	msgs := a.replyMessages(ctx, x, reply, fix)
	a.sendFollowUps(x, msgs[1:])
	return &response{Type: callbackMessage, Data: msgs[0]}
}

// handleWithin runs in through the router, waiting until deadline (see
// bot.Router.HandleWithin).
func (a *Adapter) handleWithin(ctx context.Context, in *bot.Incoming, deadline time.Time, late func(*bot.Reply)) (*bot.Reply, bool) {
	return a.router.HandleWithin(ctx, in, deadline, &a.inflight, late)
}

// openForm answers with a reply's form: a one-question form as a button
// per choice, any other as a modal.
func (a *Adapter) openForm(ctx context.Context, x *exchange, reply *bot.Reply) *response {
	form := reply.Form
	if field := choiceForm(form); field != nil {
		buttons := make([]bot.Button, len(field.Choices))
		for i, c := range field.Choices {
			buttons[i] = bot.Button{Label: c.Label, Command: idChoice + field.Key + "=" + c.Value + " " + form.Command}
		}
		text := strings.TrimSpace(form.Title + "\n" + field.Label)
		return &response{Type: callbackMessage, Data: message{Content: text, Flags: flagEphemeral,
			Components: buttonRows(buttons, func(b bot.Button) string { return a.customID(b.Command) }), AllowedMentions: noMentions}}
	}
	return a.openModal(ctx, x, form)
}

// openModal answers with form as a modal.
func (a *Adapter) openModal(ctx context.Context, x *exchange, form *bot.Form) *response {
	m, err := renderModal(form, a.customID(idModal+form.Command))
	if err != nil {
		a.logger.Error("render modal", "form", form.ID, "err", err)
		return a.say(ctx, x, "discord.form_failed")
	}
	return &response{Type: callbackModal, Data: m}
}

// replyMessages renders a reply as the messages that answer an
// interaction (private unless the reply is public), split at 2000
// characters. A form that cannot be opened here (after a modal, or too
// late) becomes a button that opens it.
func (a *Adapter) replyMessages(ctx context.Context, x *exchange, r *bot.Reply, fix func(*bot.Reply) []actionRow) []message {
	flags := flagEphemeral
	if r.Public {
		flags = 0
	}
	text := r.Text
	var rows []actionRow
	if r.Form != nil {
		if text == "" {
			text = a.text(ctx, x, "discord.form_next")
		}
		rows = a.draftButton(ctx, x, r.Form, "discord.form_open")
	}
	if fix != nil {
		rows = append(rows, fix(r)...)
	}
	if text == "" && len(r.Buttons) == 0 && rows == nil {
		text = a.text(ctx, x, "discord.done")
	}
	msgs := messages(text, r.Buttons, flags, a.commandID)
	if last := &msgs[len(msgs)-1]; len(rows) > 0 && len(last.Components)+len(rows) <= maxRows {
		last.Components = append(last.Components, rows...)
	}
	return msgs
}

// say answers with one private message from the catalogue.
func (a *Adapter) say(ctx context.Context, x *exchange, key string) *response {
	return &response{Type: callbackMessage, Data: message{Content: a.text(ctx, x, key), Flags: flagEphemeral, AllowedMentions: noMentions}}
}

// text renders a catalogue text for the interaction's user in their
// language: their own, else Discord's locale, else the org's.
func (a *Adapter) text(ctx context.Context, x *exchange, key string) string {
	org := a.router.Org.Load()
	lang := org.Language
	if l, ok := bot.ParseLang(x.Locale); ok {
		lang = l
	}
	if p := org.PersonOn(Platform, x.userID()); p != nil {
		lang = a.router.Lang(ctx, p, lang)
	}
	return bot.T(key).In(lang)
}

// sendLate sends a reply that came after the deadline: it replaces the
// deferred answer, and what does not fit follows.
func (a *Adapter) sendLate(ctx context.Context, x *exchange, r *bot.Reply, fix func(*bot.Reply) []actionRow) {
	msgs := a.replyMessages(ctx, x, r, fix)
	ctx, cancel := context.WithTimeout(ctx, x.expires.Sub(a.now()))
	defer cancel()
	path := "/webhooks/" + escapePath(a.appFor(x.interaction)) + "/" + escapePath(x.Token) + "/messages/@original"
	if err := a.webhook(ctx, x, http.MethodPatch, path, msgs[0].edit()); err != nil {
		a.unsent(x, "send late reply", err)
		return
	}
	a.postFollowUps(ctx, x, msgs[1:])
}

// sendFollowUps posts msgs as follow-ups once the interaction is
// answered.
func (a *Adapter) sendFollowUps(x *exchange, msgs []message) {
	if len(msgs) == 0 {
		return
	}
	a.inflight.Go(func() {
		<-x.acked
		ctx, cancel := context.WithTimeout(context.Background(), x.expires.Sub(a.now()))
		defer cancel()
		a.postFollowUps(ctx, x, msgs)
	})
}

// postFollowUps posts msgs as follow-ups, in order; after one that could
// not be sent, the rest are not either.
func (a *Adapter) postFollowUps(ctx context.Context, x *exchange, msgs []message) {
	path := "/webhooks/" + escapePath(a.appFor(x.interaction)) + "/" + escapePath(x.Token)
	for _, m := range msgs {
		if err := a.webhook(ctx, x, http.MethodPost, path, m); err != nil {
			a.unsent(x, "send follow-up", err)
			return
		}
	}
}

// webhook sends body to one of the interaction's webhook endpoints (a
// follow-up, or the edit of the answer). Discord takes nothing that it
// answers with a 429, so such a request goes again once the rate limits
// allow (they learnt the wait from the 429), while the token lives.
// Nothing else is sent again: Discord may have taken it.
func (a *Adapter) webhook(ctx context.Context, x *exchange, method, path string, body any) error {
	for try := 1; ; try++ {
		err := a.rest.doBy(ctx, x.expires, method, path, body, nil)
		var api *APIError
		if try == maxWebhookTries || !errors.As(err, &api) || api.Status != http.StatusTooManyRequests {
			return err
		}
	}
}

// unsent logs a part of a reply that was not sent. The error names the
// route, never the token in its path.
func (a *Adapter) unsent(x *exchange, what string, err error) {
	var limited *waitError
	if errors.As(err, &limited) {
		a.logger.Error(what+": given up, as Discord's rate limit outlasts the interaction token", "user", x.userID(), "err", err)
		return
	}
	a.logger.Error(what, "user", x.userID(), "err", err)
}

// appFor returns the application an interaction belongs to.
func (a *Adapter) appFor(it *interaction) string {
	if it.ApplicationID != "" {
		return it.ApplicationID
	}
	a.appMu.Lock()
	defer a.appMu.Unlock()
	return a.appID
}

// applicationID returns the application's id: the configured one, else
// Discord's answer for the bot's token.
func (a *Adapter) applicationID(ctx context.Context) (string, error) {
	a.appMu.Lock()
	defer a.appMu.Unlock()
	if a.appID != "" {
		return a.appID, nil
	}
	var app struct {
		ID string `json:"id"`
	}
	if err := a.rest.do(ctx, http.MethodGet, "/applications/@me", nil, &app); err != nil {
		return "", fmt.Errorf("read the application id: %w", err)
	}
	a.appID = app.ID
	return app.ID, nil
}

// customID returns id if Discord can carry it, else a short key under
// which it is kept.
func (a *Adapter) customID(id string) string {
	if len(id) <= maxCustomID { // bytes: never fewer than characters
		return id
	}
	key := idLong + hashID(id)
	a.longIDs.put(key, id)
	return key
}

// commandID is the custom id of a button that runs b's command.
func (a *Adapter) commandID(b bot.Button) string { return a.customID(idCommand + b.Command) }

// resolve returns what a custom id stands for.
func (a *Adapter) resolve(id string) (string, bool) {
	if strings.HasPrefix(id, idLong) {
		return a.longIDs.get(id)
	}
	return id, true
}

// Deliver posts an outbox message: to a channel, or to a person through
// their direct-message channel with the bot. A long message goes as
// several. Each post carries a nonce that Discord enforces, so that it
// drops a repeat of a post that was under way when the process stopped.
// A post waits a little for Discord's rate limits; when they would hold
// it longer, it is not made, and a *bot.RetryAfterError says how long.
func (a *Adapter) Deliver(ctx context.Context, m *bot.Message) error {
	by := a.now().Add(deliverWait)
	ch := m.To.ID
	if !m.To.Channel {
		var err error
		if ch, err = a.dmChannel(ctx, by, m.To.ID); err != nil {
			return classify(err)
		}
	}
	msgs := messages(m.Text, m.Buttons, 0, a.commandID)
	for i, msg := range msgs {
		if m.ID != 0 {
			msg.Nonce, msg.EnforceNonce = nonce(m.ID, i, msg.Content), true
		}
		if err := a.rest.doBy(ctx, by, http.MethodPost, "/channels/"+escapePath(ch)+"/messages", msg, nil); err != nil {
			return classify(err)
		}
	}
	return nil
}

// nonce names part i, with content, of outbox message id, in Discord's 25
// characters. The content counts: a coalesced post (the feed) carries
// the id of its first message, and a later post that merges more must
// not be taken for a repeat.
func nonce(id uint64, part int, content string) string {
	sum := sha256.Sum256([]byte(strconv.Itoa(part) + "\x00" + content))
	return "f" + strconv.FormatUint(id, 36) + "." + hex.EncodeToString(sum[:5])
}

// dmChannel returns the id of the direct-message channel with a user,
// opening it the first time (by then, see rest.doBy).
func (a *Adapter) dmChannel(ctx context.Context, by time.Time, userID string) (string, error) {
	if ch, ok := a.dms.Get(ctx, userID); ok {
		return ch, nil
	}
	var c struct {
		ID string `json:"id"`
	}
	if err := a.rest.doBy(ctx, by, http.MethodPost, "/users/@me/channels", map[string]string{"recipient_id": userID}, &c); err != nil {
		return "", fmt.Errorf("open direct message with %s: %w", userID, err)
	}
	a.dms.Put(ctx, userID, c.ID)
	return c.ID, nil
}
