package discord

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/fieldloop/fieldloop/bot"
)

// Discord's limits on messages, components and modals.
const (
	maxContent     = 2000 // characters of a message
	maxCustomID    = 100
	maxModalTitle  = 45
	maxInputLabel  = 45
	maxPlaceholder = 100
	maxInputValue  = 4000
	maxButtonLabel = 80
	maxPerRow      = 5
	maxRows        = 5
	maxModalInputs = 5
)

// Interaction callback types.
const (
	callbackPong         = 1
	callbackMessage      = 4
	callbackDeferred     = 5
	callbackAutocomplete = 8
	callbackModal        = 9
	flagEphemeral        = 64
	buttonPrimary        = 1
	buttonSecondary      = 2
	buttonDanger         = 4
	textInputShort       = 1
	textInputParagraph   = 2
)

// Custom id prefixes: what a button, a choice or a modal does when used.
const (
	idCommand = "fl:" // a button: run the command line that follows
	idChoice  = "fc:" // a choice button of a one-question form: "fc:kind=sales /report"
	idDraft   = "fx:" // reopen a kept form (fix a refused submission): "fx:" + draft id
	idModal   = "fm:" // a modal: its submission runs the command line that follows
	idLong    = "fk:" // any of the above that did not fit in 100 characters, kept server-side
)

// response is an interaction response.
type response struct {
	Type int `json:"type"`
	Data any `json:"data,omitempty"`
}

// message is a message's content as every endpoint that creates or edits
// one takes it.
type message struct {
	Content         string          `json:"content"`
	Flags           int             `json:"flags,omitempty"`
	Components      []actionRow     `json:"components,omitempty"`
	AllowedMentions allowedMentions `json:"allowed_mentions"`
	Nonce           string          `json:"nonce,omitempty"`
	EnforceNonce    bool            `json:"enforce_nonce,omitempty"`
}

// messageEdit is what Edit Webhook Message (and so the edit of an
// interaction's answer) takes of a message. It has no flags: that edit
// takes only SUPPRESS_EMBEDS and IS_COMPONENTS_V2, and a message's
// privacy was set by the answer it edits.
type messageEdit struct {
	Content         string          `json:"content"`
	Components      []actionRow     `json:"components,omitempty"`
	AllowedMentions allowedMentions `json:"allowed_mentions"`
}

// edit returns m as an edit of a message already sent.
func (m message) edit() messageEdit {
	return messageEdit{Content: m.Content, Components: m.Components, AllowedMentions: m.AllowedMentions}
}

// allowedMentions with an empty parse list: nothing a user typed
// ("@everyone", "<@123>") pings anyone.
type allowedMentions struct {
	Parse []string `json:"parse"`
}

var noMentions = allowedMentions{Parse: []string{}}

type actionRow struct {
	Type       int   `json:"type"` // 1
	Components []any `json:"components"`
}

type button struct {
	Type     int    `json:"type"` // 2
	Style    int    `json:"style"`
	Label    string `json:"label"`
	CustomID string `json:"custom_id"`
}

type modal struct {
	CustomID   string      `json:"custom_id"`
	Title      string      `json:"title"`
	Components []actionRow `json:"components"`
}

type textInput struct {
	Type        int    `json:"type"` // 4
	CustomID    string `json:"custom_id"`
	Style       int    `json:"style"`
	Label       string `json:"label"`
	Placeholder string `json:"placeholder,omitempty"`
	Value       string `json:"value,omitempty"`
	Required    bool   `json:"required"` // Discord's default is true: always say
	MaxLength   int    `json:"max_length,omitempty"`
}

// length is how Discord counts a message's characters: in UTF-16 code
// units, where an emoji outside the basic plane counts two.
func length(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// truncate shortens s to at most n characters, marking the cut.
func truncate(s string, n int) string {
	if length(s) <= n {
		return s
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		if used+utf16.RuneLen(r) > n-1 {
			break
		}
		used += utf16.RuneLen(r)
		b.WriteRune(r)
	}
	return b.String() + "…"
}

// split cuts escaped text into messages of at most maxContent
// characters, at line ends where it can (then at spaces, then anywhere),
// so that no reply is refused for its length.
func split(text string) []string {
	var out []string
	for length(text) > maxContent {
		cut := cutPoint(text, maxContent)
		out = append(out, strings.TrimRight(text[:cut], "\n"))
		rest := text[cut:]
		if text[cut-1] != '\n' {
			// The rest starts a message, and so a line, where it did not.
			rest = escapeLineStart(rest)
		}
		text = strings.TrimLeft(rest, "\n")
	}
	return append(out, strings.TrimRight(text, "\n"))
}

// cutPoint returns the byte offset at which to cut s so that the first
// part has at most n characters.
func cutPoint(s string, n int) int {
	end, used := 0, 0
	for i, r := range s {
		if used+utf16.RuneLen(r) > n {
			break
		}
		used += utf16.RuneLen(r)
		end = i + utf8.RuneLen(r)
	}
	head := s[:end]
	if i := strings.LastIndexByte(head, '\n'); i > 0 {
		return i + 1
	}
	if i := strings.LastIndexByte(head, ' '); i > 0 {
		return i + 1
	}
	// Never between an escaping backslash and what it escapes. Escapes
	// pair up from the start of a run of backslashes (`\\` is one escape,
	// `\\\*` two), so an odd run ends in one that escapes what follows.
	run := 0
	for run < end && s[end-1-run] == '\\' {
		run++
	}
	if run%2 == 1 && end > 1 {
		end--
	}
	return end
}

// buttonRows renders buttons as action rows, five to a row, and at most
// as many as Discord shows (25). Their custom ids come from id.
func buttonRows(buttons []bot.Button, id func(b bot.Button) string) []actionRow {
	var rows []actionRow
	seen := map[string]bool{}
	for i, b := range buttons {
		if i == maxPerRow*maxRows {
			break
		}
		if i%maxPerRow == 0 {
			rows = append(rows, actionRow{Type: componentRow})
		}
		cid := id(b)
		// Two buttons of one message may not share a custom id; a command
		// line is read trimmed, so a trailing space keeps the action.
		for seen[cid] && !strings.HasPrefix(cid, idLong) && len(cid) < maxCustomID {
			cid += " "
		}
		seen[cid] = true
		style := buttonSecondary
		switch b.Style {
		case "primary":
			style = buttonPrimary
		case "danger":
			style = buttonDanger
		}
		row := &rows[len(rows)-1]
		row.Components = append(row.Components, button{Type: componentButton, Style: style, Label: truncate(b.Label, maxButtonLabel), CustomID: cid})
	}
	return rows
}

// messages renders text with buttons as one or more messages of at most
// 2000 characters, markdown escaped; the buttons go with the last.
func messages(text string, buttons []bot.Button, flags int, id func(bot.Button) string) []message {
	parts := split(escapeMarkdown(text))
	out := make([]message, len(parts))
	for i, p := range parts {
		out[i] = message{Content: p, Flags: flags, AllowedMentions: noMentions}
	}
	if len(buttons) > 0 {
		out[len(out)-1].Components = buttonRows(buttons, id)
	}
	return out
}

// errTooManyInputs is the refusal of a form that one modal cannot hold.
var errTooManyInputs = errors.New("a Discord modal holds at most 5 inputs")

// renderModal renders a form as a classic modal: one action row with a
// text input per field, the field's key as the input's custom id. A
// choice field is a text input whose placeholder lists the choices (a
// classic modal has no selects); the core reads the labels in either
// language. A form with more than five fields is refused rather than cut.
func renderModal(f *bot.Form, customID string) (*modal, error) {
	if len(f.Fields) > maxModalInputs {
		return nil, fmt.Errorf("form %s has %d fields: %w", f.ID, len(f.Fields), errTooManyInputs)
	}
	m := &modal{CustomID: customID, Title: truncate(f.Title, maxModalTitle)}
	for _, field := range f.Fields {
		in := textInput{Type: componentTextInput, CustomID: field.Key, Style: textInputShort,
			Label: truncate(field.Label, maxInputLabel), Placeholder: truncate(field.Hint, maxPlaceholder),
			Value: truncate(field.Value, maxInputValue), Required: field.Required}
		if field.Input == bot.InputLongText {
			in.Style = textInputParagraph
		}
		if field.MaxLen > 0 {
			in.MaxLength = min(field.MaxLen, maxInputValue)
		}
		if field.Input == bot.InputChoice {
			labels := make([]string, len(field.Choices))
			for i, c := range field.Choices {
				labels[i] = c.Label
				if c.Value == field.Value {
					in.Value = c.Label // the label reads better than the key
				}
			}
			in.Placeholder = truncate(strings.Join(labels, " / "), maxPlaceholder)
		}
		m.Components = append(m.Components, actionRow{Type: componentRow, Components: []any{in}})
	}
	return m, nil
}

// choiceForm returns the one choice field of a form that asks only that
// (the report kind), which is answered with a button per choice rather
// than a modal; nil for any other form.
func choiceForm(f *bot.Form) *bot.FormField {
	if len(f.Fields) != 1 || f.Fields[0].Input != bot.InputChoice || len(f.Fields[0].Choices) > maxPerRow*maxRows {
		return nil
	}
	return &f.Fields[0]
}
