// Package slack is the Slack adapter: it verifies Slack's signed requests,
// turns slash commands, modal submissions, button clicks and direct
// messages into core commands, renders replies and forms as Block Kit, and
// delivers the outbox with the Web API. It runs over HTTP or Socket Mode
// with the same handlers.
package slack

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	slackapi "github.com/slack-go/slack"
)

// Config is what New needs.
type Config struct {
	BotToken      string
	SigningSecret string
	// APIURL is the Web API's base URL, ending in "/"; Slack's own when
	// empty. Tests and proxies set it.
	APIURL string
	Router *bot.Router
	// Outbox carries replies to direct messages, which are not answers to
	// a request and so must be sent like any message of the bot's own.
	Outbox bot.Outbox
	// DirectChannels keeps the direct-message channels Slack gave, so that
	// a restart need not ask for them again; memory only when nil.
	DirectChannels bot.DirectChannels
	Logger         *slog.Logger
	Now            func() time.Time
	// HTTPClient makes every call to Slack; one with a 10 s timeout when
	// nil, since slack-go's default client has none.
	HTTPClient *http.Client
}

// Adapter connects the core to Slack. Make it with New.
type Adapter struct {
	router   *bot.Router
	outbox   bot.Outbox
	verifier *Verifier
	api      *slackapi.Client
	http     *http.Client
	logger   *slog.Logger
	now      func() time.Time
	apiURL   string
	botToken string

	// Deadline is how long after a request arrives its answer may wait
	// before Slack gets an acknowledgement instead and the reply follows
	// through response_url. Slack gives up after 3 s; the rest is for
	// opening a form and the network.
	Deadline time.Duration

	inflight sync.WaitGroup // replies still being sent after their request was answered
	events   *seenSet       // Events API ids already handled
	locales  *localeCache
	dms      *bot.DirectChannelCache
}

var _ bot.Deliverer = (*Adapter)(nil)

// New returns an adapter for one Slack workspace.
func New(c Config) *Adapter {
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	opts := []slackapi.Option{slackapi.OptionHTTPClient(c.HTTPClient)}
	if c.APIURL != "" {
		opts = append(opts, slackapi.OptionAPIURL(withSlash(c.APIURL)))
	}
	a := &Adapter{
		router:   c.Router,
		outbox:   c.Outbox,
		verifier: &Verifier{Secret: c.SigningSecret, Now: c.Now},
		api:      slackapi.New(c.BotToken, opts...),
		http:     c.HTTPClient,
		logger:   c.Logger.With("platform", "slack"),
		now:      c.Now,
		apiURL:   c.APIURL,
		botToken: c.BotToken,
		Deadline: 2 * time.Second,
		events:   newSeenSet(time.Hour, c.Now),
		dms:      &bot.DirectChannelCache{Store: c.DirectChannels, Platform: Platform},
	}
	a.locales = &localeCache{lookup: a.userLocale, now: c.Now}
	return a
}

// withSlash makes sure a base URL ends in "/", as slack-go needs.
func withSlash(u string) string {
	if strings.HasSuffix(u, "/") {
		return u
	}
	return u + "/"
}

// Register adds the adapter's endpoints to mux.
func (a *Adapter) Register(mux *http.ServeMux) {
	mux.HandleFunc("POST /slack/commands", a.verified(a.serveCommand))
	mux.HandleFunc("POST /slack/interactions", a.verified(a.serveInteraction))
	mux.HandleFunc("POST /slack/events", a.verified(a.serveEvent))
}

// Wait returns once every reply still being sent after its request was
// answered has gone out; graceful shutdown calls it.
func (a *Adapter) Wait() { a.inflight.Wait() }

// verified checks a request's signature before anything else reads it: a
// request that is not Slack's gets 401 and is neither parsed nor stored.
func (a *Adapter) verified(next func(ctx context.Context, body []byte) (any, int)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := a.verifier.readVerified(r)
		if err != nil && isSSLCheck(body) {
			// Slack's certificate check may come unsigned; it asks for
			// nothing but a 200, so answering it is safe.
			w.WriteHeader(http.StatusOK)
			return
		}
		if err != nil {
			a.logger.Warn("refused request", "path", r.URL.Path, "err", err)
			http.Error(w, "invalid request signature", http.StatusUnauthorized)
			return
		}
		resp, status := next(r.Context(), body)
		writeJSON(w, status, resp)
	}
}

// isSSLCheck reports whether body is Slack's certificate check and
// nothing else.
func isSSLCheck(body []byte) bool {
	form, err := url.ParseQuery(string(body))
	return err == nil && form.Get("ssl_check") == "1" && form.Get("command") == "" && form.Get("payload") == ""
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	if v == nil {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // Slack reads "&" as is; our text is escaped for mrkdwn already
	_ = enc.Encode(v)
}

func (a *Adapter) serveCommand(ctx context.Context, body []byte) (any, int) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, http.StatusBadRequest
	}
	if form.Get("ssl_check") == "1" {
		return nil, http.StatusOK
	}
	cmd := slackapi.SlashCommand{
		TeamID: form.Get("team_id"), ChannelID: form.Get("channel_id"), UserID: form.Get("user_id"), UserName: form.Get("user_name"),
		Command: form.Get("command"), Text: form.Get("text"), ResponseURL: form.Get("response_url"),
		TriggerID: form.Get("trigger_id"), APIAppID: form.Get("api_app_id"),
	}
	return a.command(ctx, cmd), http.StatusOK
}

func (a *Adapter) serveInteraction(ctx context.Context, body []byte) (any, int) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, http.StatusBadRequest
	}
	var cb slackapi.InteractionCallback
	if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
		return nil, http.StatusBadRequest
	}
	return a.interaction(ctx, &cb), http.StatusOK
}

func (a *Adapter) serveEvent(ctx context.Context, body []byte) (any, int) {
	var env eventEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, http.StatusBadRequest
	}
	if env.Type == "url_verification" {
		return map[string]string{"challenge": env.Challenge}, http.StatusOK
	}
	a.event(ctx, &env)
	return nil, http.StatusOK
}

// commandName reads which fieldloop command a Slack command runs. Each
// fieldloop command is its own Slack command ("/report"), optionally with
// a prefix where a workspace already uses the name ("/fl-away", as the
// manifest registers Slack's own names); "/fl" and "/fieldloop" run the
// command named by their first word.
func commandName(command, text string) (name, rest string) {
	name = strings.TrimPrefix(strings.ToLower(command), "/")
	if "/"+name == umbrellaCommand || name == "fieldloop" {
		return bot.SplitCommandLine(text)
	}
	name = strings.TrimPrefix(strings.TrimPrefix(name, "fieldloop-"), commandPrefix)
	return name, strings.TrimSpace(text)
}

// command answers a slash command: the reply in the response body, a form
// opened as a modal with the command's trigger, or, if the command runs
// past the deadline, an acknowledgement now and the reply through
// response_url.
func (a *Adapter) command(ctx context.Context, cmd slackapi.SlashCommand) any {
	deadline := time.Now().Add(a.Deadline) // the real clock: Slack's 3 s are real
	name, text := commandName(cmd.Command, slackText(cmd.Text))
	in := &bot.Incoming{Platform: Platform, UserID: cmd.UserID, UserName: cmd.UserName, ChannelID: cmd.ChannelID, Name: name, Text: text,
		RequestID: cmd.TriggerID, Locale: a.locales.get(ctx, cmd.UserID)}
	meta := formMeta{Channel: cmd.ChannelID, ResponseURL: cmd.ResponseURL}
	reply, ok := a.handleWithin(ctx, in, deadline, func(late *bot.Reply) {
		a.respond(cmd.ResponseURL, cmd.UserID, late)
	})
	if !ok {
		return message{ResponseType: "ephemeral", Text: escape(a.text(ctx, cmd.UserID, "slack.working"))}
	}
	if reply.Form != nil {
		if err := a.openForm(ctx, cmd.TriggerID, reply.Form, meta); err != nil {
			a.logger.Error("open modal", "command", name, "err", err)
			return message{ResponseType: "ephemeral", Text: escape(a.text(ctx, cmd.UserID, "slack.form_failed"))}
		}
		return nil
	}
	if len(reply.Text) > maxInline {
		// Too big for an answer body (Socket Mode refuses acks over
		// 20 KB): acknowledge, and post it through response_url.
		a.later(func() { a.respond(cmd.ResponseURL, cmd.UserID, reply) })
		return nil
	}
	return replyMessage(reply)
}

// maxInline is the longest reply sent in the answer to a request itself.
const maxInline = 12_000

// later runs fn after the request is answered, counted for Wait.
func (a *Adapter) later(fn func()) {
	a.inflight.Add(1)
	go func() {
		defer a.inflight.Done()
		fn()
	}()
}

// text renders a catalogue text for a Slack user in their language.
func (a *Adapter) text(ctx context.Context, userID, key string) string {
	lang := a.router.Org.Load().Language
	if l, ok := bot.ParseLang(a.locales.get(ctx, userID)); ok {
		lang = l
	}
	if p := a.router.Org.Load().PersonOn(Platform, userID); p != nil {
		lang = a.router.Lang(ctx, p, lang)
	}
	return bot.T(key).In(lang)
}

// handleWithin runs in through the router, waiting until deadline (see
// bot.Router.HandleWithin).
func (a *Adapter) handleWithin(ctx context.Context, in *bot.Incoming, deadline time.Time, late func(*bot.Reply)) (*bot.Reply, bool) {
	return a.router.HandleWithin(ctx, in, deadline, &a.inflight, late)
}

// openForm opens form as a modal with a trigger id, which Slack honours
// once and within 3 s of the user's action.
func (a *Adapter) openForm(ctx context.Context, trigger string, form *bot.Form, meta formMeta) error {
	meta.Command = form.Command
	ctx, cancel := context.WithTimeout(ctx, time.Second) // the trigger expires anyway
	defer cancel()
	_, err := a.api.OpenViewContext(ctx, trigger, modal(form, meta))
	return err
}

// respond sends a reply after the request was answered: to response_url
// when there is one (it works five times in 30 minutes), else as a direct
// message.
func (a *Adapter) respond(responseURL, userID string, r *bot.Reply) {
	if r == nil {
		return
	}
	if r.Form != nil && r.Text == "" {
		// Too late to open it: a trigger id lasts 3 s.
		r = &bot.Reply{Text: a.text(context.Background(), userID, "slack.form_late")}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	var err error
	if responseURL != "" {
		err = a.postResponse(ctx, responseURL, replyMessage(r))
		if err != nil {
			// Expired (it works five times in 30 minutes) or refused: the
			// reply still reaches the person, as a direct message.
			a.logger.Warn("response_url refused the reply; sending it directly", "user", userID, "err", err)
		}
	}
	if responseURL == "" || err != nil {
		err = a.directMessage(ctx, userID, r)
	}
	if err != nil {
		a.logger.Error("send reply", "user", userID, "err", err)
	}
}

func (a *Adapter) postResponse(ctx context.Context, responseURL string, m message) error {
	body, _ := json.Marshal(m)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, responseURL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.http.Do(req)
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err // its message holds the URL, which is a credential
	}
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("response_url: %s", resp.Status)
	}
	return nil
}

func (a *Adapter) directMessage(ctx context.Context, userID string, r *bot.Reply) error {
	ch, err := a.dmChannel(ctx, userID)
	if err != nil {
		return err
	}
	text, blocks := renderText(r.Text, r.Buttons)
	opts := []slackapi.MsgOption{slackapi.MsgOptionText(text, false), slackapi.MsgOptionDisableMarkdown()}
	if blocks != nil {
		opts = append(opts, slackapi.MsgOptionBlocks(blocks...))
	}
	_, _, err = a.api.PostMessageContext(ctx, ch, opts...)
	return err
}

// interaction answers a modal submission or a button click.
func (a *Adapter) interaction(ctx context.Context, cb *slackapi.InteractionCallback) any {
	switch cb.Type {
	case slackapi.InteractionTypeViewSubmission:
		if cb.View.CallbackID == formCallback {
			return a.submit(ctx, cb)
		}
	case slackapi.InteractionTypeBlockActions:
		a.click(ctx, cb)
	}
	return nil
}

// submit runs a modal's command with its values. Problems go back onto
// the modal's inputs; a next form replaces the modal; a saved report
// closes it and is confirmed where the command was typed.
func (a *Adapter) submit(ctx context.Context, cb *slackapi.InteractionCallback) any {
	deadline := time.Now().Add(a.Deadline)
	var meta formMeta
	if err := json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta); err != nil {
		a.logger.Warn("modal without metadata", "view", cb.View.ID)
		return nil
	}
	name, text := bot.SplitCommandLine(meta.Command)
	in := &bot.Incoming{Platform: Platform, UserID: cb.User.ID, ChannelID: meta.Channel, Name: name, Text: text,
		Options: formValues(cb.View.State), Form: true, RequestID: "view:" + cb.View.ID, Locale: a.locales.get(ctx, cb.User.ID)}
	reply, ok := a.handleWithin(ctx, in, deadline, func(late *bot.Reply) {
		// Too late to answer in the modal, which has closed: the outcome,
		// saved or refused, goes where the command was typed.
		a.respond(meta.ResponseURL, cb.User.ID, late)
	})
	switch {
	case !ok:
		return nil
	case len(reply.Errors) > 0:
		return viewErrors(reply.Errors)
	case reply.Failed:
		return viewErrors(map[string]string{firstBlock(cb.View): reply.Text})
	case reply.Form != nil:
		meta.Command = reply.Form.Command
		return map[string]any{"response_action": "update", "view": modal(reply.Form, meta)}
	}
	a.later(func() { a.respond(meta.ResponseURL, cb.User.ID, reply) })
	return nil // an empty 200 closes the modal
}

func viewErrors(errs map[string]string) any {
	return map[string]any{"response_action": "errors", "errors": errs}
}

// firstBlock returns the block id of a view's first input, where a
// problem that concerns no one field is shown.
func firstBlock(v slackapi.View) string {
	for _, b := range v.Blocks.BlockSet {
		if in, ok := b.(*slackapi.InputBlock); ok {
			return in.BlockID
		}
	}
	if v.State != nil {
		for id := range v.State.Values {
			return id
		}
	}
	return ""
}

// click runs the command a button carries, as the user who clicked, and
// answers privately in the same conversation.
func (a *Adapter) click(ctx context.Context, cb *slackapi.InteractionCallback) {
	for _, act := range cb.ActionCallback.BlockActions {
		if !strings.HasPrefix(act.ActionID, buttonAction) {
			continue
		}
		name, text := bot.SplitCommandLine(act.Value)
		in := &bot.Incoming{Platform: Platform, UserID: cb.User.ID, UserName: cmp.Or(cb.User.Name, cb.User.Username), ChannelID: cb.Channel.ID, Name: name, Text: text,
			RequestID: "action:" + cb.TriggerID, Locale: a.locales.get(ctx, cb.User.ID)}
		reply, ok := a.handleWithin(ctx, in, time.Now().Add(a.Deadline), func(late *bot.Reply) { a.respond(cb.ResponseURL, cb.User.ID, late) })
		if !ok {
			return
		}
		if reply.Form != nil {
			meta := formMeta{Channel: cb.Channel.ID, ResponseURL: cb.ResponseURL}
			if err := a.openForm(ctx, cb.TriggerID, reply.Form, meta); err == nil {
				return
			}
		}
		a.later(func() { a.respond(cb.ResponseURL, cb.User.ID, reply) })
		return
	}
}

// eventEnvelope is the outer shape of an Events API request.
type eventEnvelope struct {
	Type      string `json:"type"`
	Challenge string `json:"challenge"`
	EventID   string `json:"event_id"`
	Event     struct {
		Type        string `json:"type"`
		Subtype     string `json:"subtype"`
		User        string `json:"user"`
		BotID       string `json:"bot_id"`
		Text        string `json:"text"`
		Channel     string `json:"channel"`
		ChannelType string `json:"channel_type"`
	} `json:"event"`
}

// event handles an Events API callback: a direct message to the bot runs
// as a command ("report sales units=3" or "/report …") and is answered in
// the conversation through the outbox. Slack retries an event it thinks
// was lost; each event id is handled once.
func (a *Adapter) event(ctx context.Context, env *eventEnvelope) {
	if env.Type != "event_callback" || !a.events.add(env.EventID) {
		return
	}
	ev := env.Event
	if ev.Type != "message" || ev.ChannelType != "im" || ev.BotID != "" || ev.Subtype != "" || strings.TrimSpace(ev.Text) == "" {
		return
	}
	name, text := bot.SplitCommandLine(slackText(ev.Text))
	in := &bot.Incoming{Platform: Platform, UserID: ev.User, ChannelID: ev.Channel, Name: name, Text: text,
		RequestID: "event:" + env.EventID, Locale: a.locales.get(ctx, ev.User)}
	a.inflight.Add(1)
	go func() {
		defer a.inflight.Done()
		ctx := context.WithoutCancel(ctx)
		reply := a.router.Handle(ctx, in)
		if reply.Form != nil && reply.Text == "" {
			reply = &bot.Reply{Text: a.text(ctx, ev.User, "slack.form_in_dm")}
		}
		m := &bot.Message{To: bot.Destination{Platform: Platform, Channel: true, ID: ev.Channel, Name: ev.User},
			Text: reply.Text, Buttons: reply.Buttons, CreatedAt: a.now()}
		if err := a.outbox.EnqueueMessages(ctx, []*bot.Message{m}); err != nil {
			a.logger.Error("queue reply to direct message", "user", ev.User, "err", err)
		}
	}()
}

// slackLink matches Slack's markup in message text: <url>, <url|label>,
// <mailto:a@b|a@b>, <@U123>, <#C123|name>.
var slackLink = regexp.MustCompile(`<([^<>|]*)(?:\|([^<>]*))?>`)

// slackText turns the text Slack sends back into what the person typed:
// links it added ("metro.cn" arrives as <http://metro.cn|metro.cn>) become
// their text again, and its escaping of &, < and > is undone, so that a
// report stores what was written.
func slackText(s string) string {
	s = slackLink.ReplaceAllStringFunc(s, func(m string) string {
		parts := slackLink.FindStringSubmatch(m)
		if parts[2] != "" {
			return parts[2]
		}
		return strings.TrimPrefix(parts[1], "mailto:")
	})
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}

var _ bot.Confirmer = (*Adapter)(nil)

// outboxEvent is the event_type of the metadata each outbox post carries:
// the PostKeys of the outbox messages in it, by which Delivered finds it
// again. Slack ignores metadata it finds invalid and posts all the same,
// so the shape is pinned by a test.
const outboxEvent = "fieldloop_outbox"

// Deliver posts an outbox message: to a channel, or to a person through
// their direct-message channel with the bot. The post carries the outbox
// keys as message metadata, invisible to people.
func (a *Adapter) Deliver(ctx context.Context, m *bot.Message) error {
	// A direct message goes to the user's id: Slack opens the
	// conversation itself, which saves a call in a low rate tier per
	// person, and its answer names the channel, kept for lookups.
	ch := m.To.ID
	if m.To.Channel {
		var err error
		if ch, err = a.destination(ctx, m.To); err != nil {
			return classify(err)
		}
	}
	text, blocks := renderText(m.Text, m.Buttons)
	opts := []slackapi.MsgOption{slackapi.MsgOptionText(text, false), slackapi.MsgOptionDisableMarkdown(), slackapi.MsgOptionMetadata(slackapi.SlackMetadata{
		EventType: outboxEvent, EventPayload: map[string]any{"keys": strings.Join(m.PostKeys(), ",")},
	})}
	if blocks != nil {
		opts = append(opts, slackapi.MsgOptionBlocks(blocks...))
	}
	posted, _, err := a.api.PostMessageContext(ctx, ch, opts...)
	if err == nil && !m.To.Channel && posted != "" {
		a.dms.Put(ctx, m.To.ID, posted)
	}
	return classify(err)
}

// maxHistoryPages bounds how much history Delivered reads: the window is
// a few minutes around one post, and a channel busier than this many
// pages of 200 messages in it gets an error, not a guess.
const maxHistoryPages = 5

// Delivered reads the posts to `to` between from and until
// (conversations.history, with their metadata) and returns the outbox keys
// they carry. Reading history needs the channels:history and
// groups:history scopes, and im:history for direct messages.
func (a *Adapter) Delivered(ctx context.Context, to bot.Destination, from, until time.Time) (map[string]bool, error) {
	ch, err := a.destination(ctx, to)
	if err != nil {
		return nil, classify(err)
	}
	keys := map[string]bool{}
	params := &slackapi.GetConversationHistoryParameters{ChannelID: ch, Limit: 200, IncludeAllMetadata: true,
		Oldest: slackTS(from), Latest: slackTS(until), Inclusive: true}
	for range maxHistoryPages {
		page, err := a.api.GetConversationHistoryContext(ctx, params)
		if err != nil {
			return nil, historyError(err)
		}
		for _, msg := range page.Messages {
			if msg.Metadata.EventType != outboxEvent {
				continue
			}
			s, _ := msg.Metadata.EventPayload["keys"].(string)
			for _, key := range strings.Split(s, ",") {
				keys[key] = true
			}
		}
		if !page.HasMore {
			return keys, nil
		}
		params.Cursor = page.ResponseMetaData.NextCursor
	}
	return nil, fmt.Errorf("%s has more than %d messages around the post in question: cannot tell whether it went out", ch, maxHistoryPages*200)
}

// historyError is classify's answer, with what to do about the scope
// that Delivered needs and an app installed before it was asked for
// lacks.
func historyError(err error) error {
	var api slackapi.SlackErrorResponse
	if errors.As(err, &api) && api.Err == "missing_scope" {
		err = fmt.Errorf("%w: add the channels:history, groups:history and im:history scopes (fieldloop slack-manifest has them) and reinstall the app", err)
	}
	return classify(err)
}

// slackTS writes t as a Slack message timestamp, "1764316800.123456".
func slackTS(t time.Time) string {
	return fmt.Sprintf("%d.%06d", t.Unix(), t.Nanosecond()/1000)
}

// destination returns the Slack channel id of an outbox destination.
func (a *Adapter) destination(ctx context.Context, to bot.Destination) (string, error) {
	if to.Channel {
		return to.ID, nil
	}
	return a.dmChannel(ctx, to.ID)
}

// dmChannel returns the id of the direct-message channel with a user,
// opening it the first time (conversations.open).
func (a *Adapter) dmChannel(ctx context.Context, userID string) (string, error) {
	if ch, ok := a.dms.Get(ctx, userID); ok {
		return ch, nil
	}
	c, _, _, err := a.api.OpenConversationContext(ctx, &slackapi.OpenConversationParameters{Users: []string{userID}})
	if err != nil {
		return "", fmt.Errorf("open direct message with %s: %w", userID, err)
	}
	a.dms.Put(ctx, userID, c.ID)
	return c.ID, nil
}

// permanent lists Web API errors that retrying cannot fix.
var permanent = map[string]bool{
	"channel_not_found": true, "not_in_channel": true, "is_archived": true, "invalid_auth": true,
	"account_inactive": true, "token_revoked": true, "no_permission": true, "missing_scope": true,
	"user_not_found": true, "cannot_dm_bot": true, "msg_too_long": true, "invalid_blocks": true,
	"not_authed": true, "restricted_action": true, "user_disabled": true,
}

// classify turns a Web API error into what the outbox understands: wait
// for a rate limit, give up on a permanent error, retry the rest.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var rl *slackapi.RateLimitedError
	var api slackapi.SlackErrorResponse
	var status slackapi.StatusCodeError
	switch {
	case errors.As(err, &rl):
		// Slack's posting ceiling is the workspace's, not one channel's
		// (fieldloop already keeps each channel to one post a second):
		// the whole platform waits, and the outbox paces itself by it.
		return &bot.RetryAfterError{After: rl.RetryAfter, Global: true, Err: err}
	case errors.As(err, &api) && permanent[api.Err]:
		return &bot.PermanentError{Err: err}
	case errors.As(err, &status) && status.Code >= 400 && status.Code < 500:
		return &bot.PermanentError{Err: err}
	}
	return err
}
