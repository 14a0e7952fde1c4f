package slack

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fieldloop/fieldloop/bot"
	slackapi "github.com/slack-go/slack"
)

// Block Kit limits that our texts can reach.
const (
	maxTitle       = 24   // modal title, submit and close labels
	maxLabel       = 2000 // input label and hint
	maxPlaceholder = 150
	maxOptionText  = 75 // option and button text
	maxSection     = 3000
	maxButtonValue = 2000
	maxBlocks      = 50
)

// formCallback is the callback_id of every modal fieldloop opens.
const formCallback = "fieldloop_form"

// buttonAction prefixes the action_id of buttons; the value is the command.
const buttonAction = "fieldloop_button"

// formMeta is what a modal carries in its private_metadata so that its
// submission can be answered: the command it runs, and where the command
// was typed.
type formMeta struct {
	Command     string `json:"c"`
	Channel     string `json:"ch,omitempty"`
	ResponseURL string `json:"r,omitempty"`
}

// escape makes text safe for a message's text field: user-typed
// "<!channel>" or "<@U123>" must show as typed, not ping anyone. Slack
// has no escape for its emphasis marks, so messages are sent with mrkdwn
// off and their sections as plain text: fieldloop's own texts use no
// markup, and user text must not become a link, a quote or emphasis.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// truncate shortens s to at most n characters, marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func plain(s string, n int) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.PlainTextType, truncate(s, n), false, false)
}

// message is a reply or an outgoing message as Slack wants it in a
// response body, a response_url post or chat.postMessage.
type message struct {
	ResponseType    string           `json:"response_type,omitempty"`
	Text            string           `json:"text"`
	Mrkdwn          bool             `json:"mrkdwn"` // always false: see escape
	Blocks          []slackapi.Block `json:"blocks,omitempty"`
	ReplaceOriginal bool             `json:"replace_original"`
}

// renderText returns the message for text and buttons: the escaped text
// alone when there are no buttons (up to Slack's 40,000 characters),
// otherwise plain-text sections of at most 3,000 characters and an
// actions block. Plain text is shown as it is, so it is not escaped.
func renderText(text string, buttons []bot.Button) (string, []slackapi.Block) {
	if len(buttons) == 0 {
		return escape(text), nil
	}
	var blocks []slackapi.Block
	for _, part := range chunks(text, maxSection) {
		if len(blocks) == maxBlocks-1 {
			break
		}
		blocks = append(blocks, slackapi.NewSectionBlock(slackapi.NewTextBlockObject(slackapi.PlainTextType, part, true, false), nil, nil))
	}
	blocks = append(blocks, actions(buttons))
	return escape(text), blocks
}

func actions(buttons []bot.Button) *slackapi.ActionBlock {
	var elems []slackapi.BlockElement
	for i, b := range buttons {
		if i == 25 { // an actions block holds 25 elements
			break
		}
		btn := slackapi.NewButtonBlockElement(buttonAction+"_"+strconv.Itoa(i), truncate(b.Command, maxButtonValue), plain(b.Label, maxOptionText))
		switch b.Style {
		case "primary":
			btn.Style = slackapi.StylePrimary
		case "danger":
			btn.Style = slackapi.StyleDanger
		}
		elems = append(elems, btn)
	}
	return slackapi.NewActionBlock("fieldloop_buttons", elems...)
}

// chunks splits s into pieces of at most n characters, at line ends where
// possible.
func chunks(s string, n int) []string {
	var out []string
	for utf8.RuneCountInString(s) > n {
		r := []rune(s)
		cut := n
		if i := strings.LastIndex(string(r[:n]), "\n"); i > 0 {
			cut = utf8.RuneCountInString(string(r[:n])[:i])
		}
		out = append(out, string(r[:cut]))
		s = strings.TrimPrefix(string(r[cut:]), "\n")
	}
	return append(out, s)
}

// replyMessage renders a reply for a response body or response_url.
func replyMessage(r *bot.Reply) message {
	text, blocks := renderText(r.Text, r.Buttons)
	kind := "ephemeral"
	if r.Public {
		kind = "in_channel"
	}
	return message{ResponseType: kind, Text: text, Blocks: blocks}
}

// modal renders a form as a Slack modal. Each field is an input block
// whose block_id and action_id are the field's key, so that a refusal
// can be put back next to the right input.
func modal(f *bot.Form, meta formMeta) slackapi.ModalViewRequest {
	metaJSON, _ := json.Marshal(meta)
	var blocks []slackapi.Block
	for _, field := range f.Fields {
		blocks = append(blocks, input(field))
	}
	v := slackapi.ModalViewRequest{
		Type:            slackapi.VTModal,
		CallbackID:      formCallback,
		Title:           plain(f.Title, maxTitle),
		PrivateMetadata: string(metaJSON),
		Blocks:          slackapi.Blocks{BlockSet: blocks},
	}
	// Slack refuses empty labels; without them it shows its own.
	if f.Submit != "" {
		v.Submit = plain(f.Submit, maxTitle)
	}
	if f.Cancel != "" {
		v.Close = plain(f.Cancel, maxTitle)
	}
	return v
}

// input renders one form field as an input block with the element that
// fits its type: a number input for numbers and money, a select for
// choices, a date picker for dates, a text input otherwise.
func input(f bot.FormField) *slackapi.InputBlock {
	var hint *slackapi.TextBlockObject
	if f.Hint != "" {
		hint = plain(f.Hint, maxLabel)
	}
	block := slackapi.NewInputBlock(f.Key, plain(f.Label, maxLabel), hint, element(f))
	block.Optional = !f.Required
	return block
}

func element(f bot.FormField) slackapi.BlockElement {
	switch f.Input {
	case bot.InputInteger, bot.InputDecimal:
		e := slackapi.NewNumberInputBlockElement(nil, f.Key, f.Input == bot.InputDecimal)
		e.InitialValue = f.Value
		if f.Max > f.Min {
			e.MinValue, e.MaxValue = strconv.FormatInt(f.Min, 10), strconv.FormatInt(f.Max, 10)
		}
		return e
	case bot.InputChoice:
		var opts []*slackapi.OptionBlockObject
		var initial *slackapi.OptionBlockObject
		for _, c := range f.Choices {
			o := slackapi.NewOptionBlockObject(c.Value, plain(c.Label, maxOptionText), nil)
			opts = append(opts, o)
			if c.Value == f.Value {
				initial = o
			}
		}
		e := slackapi.NewOptionsSelectBlockElement(slackapi.OptTypeStatic, nil, f.Key, opts...)
		e.InitialOption = initial
		return e
	case bot.InputDate:
		e := slackapi.NewDatePickerBlockElement(f.Key)
		e.InitialDate = f.Value
		return e
	}
	e := slackapi.NewPlainTextInputBlockElement(nil, f.Key)
	e.Multiline = f.Input == bot.InputLongText
	e.InitialValue = f.Value
	if f.MaxLen > 0 {
		e.MaxLength = f.MaxLen
	}
	return e
}

// formValues reads a modal's state back into field values, whatever the
// element: the typed text, the number, the chosen option or the date.
func formValues(state *slackapi.ViewState) map[string]string {
	values := map[string]string{}
	if state == nil {
		return values
	}
	for blockID, actions := range state.Values {
		for _, a := range actions {
			v := a.Value
			switch {
			case a.SelectedOption.Value != "":
				v = a.SelectedOption.Value
			case a.SelectedDate != "":
				v = a.SelectedDate
			}
			values[blockID] = v
		}
	}
	return values
}
