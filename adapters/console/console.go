// Package console is the console adapter: it reads commands from a reader,
// one per line, runs them through the core as a person of the org, and
// writes the replies, and every message the bot sends, to a writer. It is
// how anyone tries fieldloop in one command, and how tests drive the real
// bot over buffers.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// Platform is the console's name. The console addresses people and
// channels by their fieldloop ids.
const Platform bot.Platform = "console"

// Adapter runs the console. Input lines are "/command args", or
// "@person /command args" to act as someone else for one line; "@person"
// alone switches who the following lines act as. Lines starting with # are
// comments.
type Adapter struct {
	Router *bot.Router
	In     io.Reader
	Out    io.Writer
	// As is the fieldloop id of the person lines act as by default.
	As string
	// Interactive prints a prompt before each line (standard input is a
	// terminal).
	Interactive bool
	// AfterCommand runs after each command; main delivers the outbox there
	// so that what a command caused is printed right after its reply.
	AfterCommand func(ctx context.Context)
	Now          func() time.Time

	mu       sync.Mutex // serialises writes to Out
	lines    *bufio.Scanner
	pushback *string // a line read by a form that belongs to the main loop
}

var _ bot.Deliverer = (*Adapter)(nil)

// Run reads and answers lines until the input ends (then it returns nil)
// or ctx is done.
func (a *Adapter) Run(ctx context.Context) error {
	a.lines = bufio.NewScanner(a.In)
	a.lines.Buffer(make([]byte, 64*1024), 1024*1024)
	for ctx.Err() == nil {
		line, ok := a.readLine("> ")
		if !ok {
			return a.lines.Err()
		}
		a.runLine(ctx, line)
		if a.AfterCommand != nil {
			a.AfterCommand(ctx)
		}
	}
	return nil
}

func (a *Adapter) runLine(ctx context.Context, line string) {
	line = strings.TrimSpace(line)
	if line == "" || strings.HasPrefix(line, "#") {
		return
	}
	as := a.As
	if strings.HasPrefix(line, "@") {
		who, rest, _ := strings.Cut(line[1:], " ")
		rest = strings.TrimSpace(rest)
		if rest == "" {
			a.switchTo(who)
			return
		}
		as, line = who, rest
	}
	if !strings.HasPrefix(line, "/") && !strings.HasPrefix(line, "／") {
		a.printf("%s\n", bot.T("console.slash").In(a.lang(&bot.Incoming{UserID: as})))
		return
	}
	name, text := bot.SplitCommandLine(line)
	in := &bot.Incoming{Platform: Platform, UserID: as, Name: name, Text: text, Time: a.now()}
	a.answer(ctx, in, a.Router.Handle(ctx, in))
}

// switchTo makes later lines act as person id.
func (a *Adapter) switchTo(id string) {
	p := a.Router.Org.Load().Person(id)
	if p == nil {
		a.printf("%s\n", bot.T("error.person.unknown", id).In(a.Router.Org.Load().Language))
		return
	}
	a.As = id
	a.printf("%s\n", bot.T("console.acting", p.Name, p.ID).In(a.lang(&bot.Incoming{UserID: id})))
}

// answer prints reply; a form is filled in by prompting field by field and
// submitted as the same person, until it is saved, cancelled or the input
// ends.
func (a *Adapter) answer(ctx context.Context, in *bot.Incoming, reply *bot.Reply) {
	for {
		a.printReply(reply)
		if reply.Form == nil {
			return
		}
		values := map[string]string{}
		if !a.fill(in, reply.Form, values, nil) {
			return
		}
		for {
			name, text := bot.SplitCommandLine(reply.Form.Command)
			sub := &bot.Incoming{Platform: Platform, UserID: in.UserID, Name: name, Text: text, Options: values, Form: true, Time: a.now()}
			next := a.Router.Handle(ctx, sub)
			if len(next.Errors) == 0 {
				reply, in = next, sub
				break
			}
			a.printf("%s\n", next.Text)
			if !a.fill(in, reply.Form, values, next.Errors) {
				return
			}
		}
	}
}

// fill prompts for the fields of form (only those in errs, when given) and
// puts the answers in values, which keeps what was typed before; it returns
// false when the user cancelled or the input ended.
func (a *Adapter) fill(in *bot.Incoming, form *bot.Form, values map[string]string, errs map[string]string) bool {
	lang := a.lang(in)
	for _, f := range form.Fields {
		if _, typed := values[f.Key]; !typed && f.Value != "" {
			values[f.Key] = f.Value
		}
	}
	if errs == nil {
		a.printf("%s — %s\n", form.Title, bot.T("form.cancel").In(lang))
	}
	for _, f := range form.Fields {
		if errs != nil && errs[f.Key] == "" {
			continue
		}
		v, ok := a.ask(f, lang)
		if !ok {
			a.printf("%s\n", bot.T("form.cancelled").In(lang))
			return false
		}
		values[f.Key] = v // "" is "not given", also over a refused value
	}
	return true
}

// ask prompts for one field until it gets an answer the field can take:
// an empty answer only for optional fields, a listed choice for choices.
func (a *Adapter) ask(f bot.FormField, lang bot.Lang) (string, bool) {
	prompt := a.fieldPrompt(f, lang)
	for {
		a.printf("%s\n", prompt)
		line, ok := a.readLine(f.Label + ": ")
		v := strings.TrimSpace(line)
		if !ok || v == "/cancel" || isCancelAs(v) {
			return "", false
		}
		if strings.HasPrefix(v, "/") || strings.HasPrefix(v, "@") {
			// Another command: the user has moved on. Stop the form and
			// run the command next.
			a.pushback = &line
			return "", false
		}
		switch {
		case v == "-" && !f.Required:
			return "", true // clears a current value
		case v == "" && f.Value != "":
			return f.Value, true
		case v == "" && !f.Required:
			return "", true
		}
		if v == "" {
			continue
		}
		if n, err := strconv.Atoi(v); err == nil && len(f.Choices) > 0 && n >= 1 && n <= len(f.Choices) {
			v = f.Choices[n-1].Value
		}
		if f.Check != nil {
			if msg := f.Check(v, a.now()); msg != "" {
				a.printf("%s\n", msg) // ask again at once, keeping the rest
				continue
			}
		}
		return v, true
	}
}

// isCancelAs reports whether v is "@someone /cancel": a script that names
// who types each line cancels the form so, rather than running /cancel.
func isCancelAs(v string) bool {
	who, rest, ok := strings.Cut(v, " ")
	return ok && strings.HasPrefix(who, "@") && strings.TrimSpace(rest) == "/cancel"
}

func (a *Adapter) fieldPrompt(f bot.FormField, lang bot.Lang) string {
	var b strings.Builder
	if f.Required {
		b.WriteString(bot.T("form.required", f.Label).In(lang))
	} else {
		b.WriteString(bot.T("form.optional", f.Label).In(lang))
	}
	if f.Hint != "" {
		b.WriteString(" — " + f.Hint)
	}
	if f.Value != "" {
		fmt.Fprintf(&b, " [%s]", f.Value)
		if !f.Required {
			b.WriteString(" " + bot.T("form.clear").In(lang))
		}
	}
	for i, c := range f.Choices {
		fmt.Fprintf(&b, "\n  %d) %s (%s)", i+1, c.Label, c.Value)
	}
	return b.String()
}

func (a *Adapter) lang(in *bot.Incoming) bot.Lang {
	org := a.Router.Org.Load()
	if p := org.PersonOn(Platform, in.UserID); p != nil {
		return a.Router.Lang(context.Background(), p, org.Language)
	}
	return org.Language
}

func (a *Adapter) printReply(r *bot.Reply) {
	if r.Text != "" {
		a.printf("%s\n", r.Text)
	}
	for _, b := range r.Buttons {
		a.printf("  [%s] %s\n", b.Label, b.Command)
	}
}

// Deliver prints a message the bot sends on its own, with its destination:
// "[#east] …" for a channel, "[@alice] …" for a direct message.
func (a *Adapter) Deliver(_ context.Context, m *bot.Message) error {
	sigil := "@"
	if m.To.Channel {
		sigil = "#"
	}
	a.printf("[%s%s] %s\n", sigil, m.To.Name, m.Text)
	for _, b := range m.Buttons {
		a.printf("  [%s] %s\n", b.Label, b.Command)
	}
	return nil
}

func (a *Adapter) readLine(prompt string) (string, bool) {
	if a.pushback != nil {
		line := *a.pushback
		a.pushback = nil
		return line, true
	}
	if a.Interactive {
		a.printf("%s", prompt)
	}
	if !a.lines.Scan() {
		return "", false
	}
	return a.lines.Text(), true
}

func (a *Adapter) printf(format string, args ...any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	fmt.Fprintf(a.Out, format, args...)
}

func (a *Adapter) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}
