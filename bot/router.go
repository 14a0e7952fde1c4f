package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Command is one slash command: its name (without the slash), what it
// takes, and the function that answers it. Catalogue keys "help.NAME"
// (one line), "usage.NAME" (the full grammar with examples) and
// "name.NAME" (its Chinese name) document it.
type Command struct {
	Name string
	// Subcommands and Options declare the command's arguments for the
	// platforms that type them; the command line that Run reads is made
	// from what the user chose.
	Subcommands []Subcommand
	Options     []Option
	Run         func(ctx context.Context, req *Request) (*Reply, error)
	// Strangers lets people not in the organisation run it (/join, to ask
	// to be let in): Request.Person is nil then. Every other command
	// answers them with the way in.
	Strangers bool
}

// Summary returns the command's one-line help.
func (c Command) Summary() Text { return T("help." + c.Name) }

// Usage returns the command's full help.
func (c Command) Usage() Text { return T("usage." + c.Name) }

// ChineseName returns the command's Chinese name, or "" if it has none.
func (c Command) ChineseName() string { return ChineseName(c.Name) }

// Router maps command names to commands, finds out who is asking and in
// which language to answer, and turns errors into replies.
type Router struct {
	Org      *LiveOrg
	Settings SettingsStore
	Logger   *slog.Logger
	Now      func() time.Time
	// Observe, when set, is told of every command handled: its name
	// ("unknown" for a name no command has), its outcome ("ok", or an
	// error code such as "invalid" or "internal", or "stranger", or "left"
	// for someone who left) and how
	// long it took. Metrics hang here.
	Observe func(command, outcome string, d time.Duration)

	commands []Command
}

// NewRouter returns a router with no commands.
func NewRouter(org *LiveOrg, settings SettingsStore, logger *slog.Logger) *Router {
	return &Router{Org: org, Settings: settings, Logger: logger, Now: time.Now}
}

// Register adds commands; a later command with the same name replaces an
// earlier one.
func (r *Router) Register(cmds ...Command) {
	for _, c := range cmds {
		if i := r.index(c.Name); i >= 0 {
			r.commands[i] = c
			continue
		}
		r.commands = append(r.commands, c)
	}
}

// Commands returns the registered commands in registration order, for help
// and for registering them with platforms.
func (r *Router) Commands() []Command { return r.commands }

func (r *Router) index(name string) int {
	for i, c := range r.commands {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// SplitCommandLine splits "/report sales units=3" into "report" and
// "sales units=3". The slash is optional; the name is lower-cased.
func SplitCommandLine(line string) (name, text string) {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(strings.TrimPrefix(line, "/"), "／")
	name, text = line, ""
	// Any space ends the name: a tab, or the full-width space of Chinese
	// input methods.
	if i := strings.IndexFunc(line, unicode.IsSpace); i >= 0 {
		name, text = line[:i], line[i:]
	}
	return strings.ToLower(name), strings.TrimSpace(text)
}

// Handle answers one incoming command. It never fails: a user's mistake is
// explained in their language, and an internal error is logged with a
// reference id that the user also sees.
func (r *Router) Handle(ctx context.Context, in *Incoming) (reply *Reply) {
	if in.Time.IsZero() {
		in.Time = r.Now()
	}
	if r.Observe != nil {
		start := time.Now()
		defer func() { r.Observe(r.observedName(in.Name), outcome(reply), time.Since(start)) }()
	}
	org := r.Org.Load()
	req := &Request{Incoming: *in, Org: org, Lang: org.Language}
	if l, ok := ParseLang(in.Locale); ok {
		req.Lang = l
	}
	req.Person = org.PersonOn(in.Platform, in.UserID)
	name := strings.ToLower(strings.TrimPrefix(in.Name, "/"))
	i := r.index(name)
	switch {
	case req.Person == nil && (i < 0 || !r.commands[i].Strangers):
		r.Logger.Info("unknown user", "platform", in.Platform, "user", in.UserID, "command", in.Name)
		return &Reply{Text: req.T("error.unknown_user", PlatformName(in.Platform), in.UserID), Failed: true, outcome: "stranger",
			Buttons: []Button{{Label: req.T("join.button"), Command: "/join", Style: "primary"}}}
	case req.Person == nil:
	case req.Person.Left():
		r.Logger.Info("a leaver's command", "person", req.Person.ID, "command", in.Name)
		req.Lang = r.lang(ctx, req.Person, req.Lang)
		return &Reply{Text: req.T("error.person.left"), Failed: true, outcome: "left"}
	default:
		req.Lang = r.lang(ctx, req.Person, req.Lang)
	}
	if i < 0 {
		return &Reply{Text: req.T("error.unknown_command", Echo(name)), Failed: true}
	}
	defer func() {
		if p := recover(); p != nil {
			reply = r.internal(req, fmt.Errorf("panic: %v\n%s", p, debug.Stack()))
		}
	}()
	if in.RequestID != "" {
		ctx = WithRequestKey(ctx, RequestKey{Platform: in.Platform, ID: in.RequestID, Handling: randomHex(8)})
	}
	reply, err := r.commands[i].Run(ctx, req)
	if err != nil {
		if ErrorCode(err) == EINTERNAL {
			return r.internal(req, err)
		}
		r.Logger.Debug("command refused", "command", name, "person", req.who(), "code", ErrorCode(err))
		reply := &Reply{Text: ErrorMessage(err, req.Lang), Failed: true, outcome: ErrorCode(err)}
		if in.Form {
			reply.Errors = FieldMessages(err, req.Lang)
		}
		return reply
	}
	if reply == nil {
		reply = &Reply{}
	}
	return reply
}

// Lang returns the language to use with person p: their own setting, else
// the org file's, else fallback.
func (r *Router) Lang(ctx context.Context, p *Person, fallback Lang) Lang {
	return r.lang(ctx, p, fallback)
}

func (r *Router) lang(ctx context.Context, p *Person, fallback Lang) Lang {
	if r.Settings != nil {
		s, err := r.Settings.Settings(ctx, p.ID)
		if err != nil {
			r.Logger.Error("read settings", "person", p.ID, "err", err)
		} else if s.Lang != "" {
			return s.Lang
		}
	}
	if p.Lang != "" {
		return p.Lang
	}
	return fallback
}

// observedName is name if a command has it, else "unknown": metric
// labels must not grow with whatever people type.
func (r *Router) observedName(name string) string {
	name = strings.ToLower(strings.TrimPrefix(name, "/"))
	if r.index(name) < 0 {
		return "unknown"
	}
	return name
}

// outcome classifies a reply for Observe.
func outcome(reply *Reply) string {
	switch {
	case reply == nil:
		return EINTERNAL
	case reply.outcome != "":
		return reply.outcome
	case reply.Failed:
		return "failed"
	}
	return "ok"
}

func (r *Router) internal(req *Request, err error) *Reply {
	ref := randomHex(4)
	r.Logger.Error("command failed", "command", req.Name, "person", req.who(), "platform", req.Platform, "ref", ref, "err", err)
	return &Reply{Text: req.T("error.internal_ref", ref), Failed: true, outcome: EINTERNAL}
}

// randomHex returns n random bytes in hexadecimal: a reference for an
// error report, or the id of one handling of a request.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// PlatformName is how people know platform p: its catalogue name
// ("platform.NAME"), which its adapter adds, else its name.
func PlatformName(p Platform) Text {
	if key := "platform." + string(p); HasText(key) {
		return T(key)
	}
	return Literal(string(p), string(p))
}

// HandleWithin runs in through r, like Handle, but waits for the reply
// only until deadline: chat platforms want an answer within seconds.
// Past it, ok is false and late gets the reply when it comes. The work
// goes on even if ctx is cancelled (the platform hung up), and is counted
// in wg, so that a graceful stop can wait for replies still under way.
func (r *Router) HandleWithin(ctx context.Context, in *Incoming, deadline time.Time, wg *sync.WaitGroup, late func(*Reply)) (reply *Reply, ok bool) {
	ctx = context.WithoutCancel(ctx)
	result := make(chan *Reply, 1)
	wg.Go(func() { result <- r.Handle(ctx, in) })
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case reply = <-result:
		return reply, true
	case <-timer.C:
		wg.Go(func() { late(<-result) })
		return nil, false
	}
}
