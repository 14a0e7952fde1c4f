package discord

import (
	"bytes"
	"cmp"
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Interaction types.
const (
	typePing         = 1
	typeCommand      = 2
	typeComponent    = 3
	typeAutocomplete = 4
	typeModalSubmit  = 5
)

// Component types that fieldloop sends. Submitted modals are read
// whatever their shape (see submittedPart).
const (
	componentRow       = 1
	componentButton    = 2
	componentTextInput = 4
)

// Application command option types.
const (
	optionSubcommand = 1
	optionGroup      = 2
	optionString     = 3
	optionInteger    = 4
	optionNumber     = 10
)

// interaction is the part of an interaction fieldloop reads. It is our
// own small struct rather than discordgo.Interaction: discordgo cannot
// decode a modal submitted with Label components (type 18), and it reads
// NUMBER options as float64, which would turn 3200.55 into 3200.5499….
type interaction struct {
	ID            string          `json:"id"`
	ApplicationID string          `json:"application_id"`
	Type          int             `json:"type"`
	Token         string          `json:"token"`
	GuildID       string          `json:"guild_id"`
	ChannelID     string          `json:"channel_id"`
	Locale        string          `json:"locale"`
	Member        *member         `json:"member"`
	User          *user           `json:"user"`
	Data          json.RawMessage `json:"data"`
}

type member struct {
	User *user `json:"user"`
}

type user struct {
	ID         string `json:"id"`
	Username   string `json:"username"`
	GlobalName string `json:"global_name"` // the display name, when set
}

// userID is who acted: member.user in a guild, user in a direct message.
func (it *interaction) userID() string {
	if it.Member != nil && it.Member.User != nil {
		return it.Member.User.ID
	}
	if it.User != nil {
		return it.User.ID
	}
	return ""
}

// userName is what Discord calls the user who interacted: their display
// name, else their username.
func (it *interaction) userName() string {
	u := it.User
	if it.Member != nil && it.Member.User != nil {
		u = it.Member.User
	}
	if u == nil {
		return ""
	}
	return cmp.Or(u.GlobalName, u.Username)
}

// commandData is the data of an application command (type 2).
type commandData struct {
	Name    string      `json:"name"`
	Options []rawOption `json:"options"`
}

// rawOption is one option the user gave, or a subcommand with its own.
type rawOption struct {
	Name    string          `json:"name"`
	Type    int             `json:"type"`
	Value   json.RawMessage `json:"value"`
	Options []rawOption     `json:"options"`
}

// text returns the option's value as the user typed it: a string as is,
// and a number as Discord wrote it, never through float64, so that money
// stays exact.
func (o rawOption) text() string {
	var s string
	if json.Unmarshal(o.Value, &s) == nil {
		return s
	}
	return string(bytes.TrimSpace(o.Value))
}

// componentData is the data of a button click or a select (type 3).
type componentData struct {
	CustomID      string   `json:"custom_id"`
	ComponentType int      `json:"component_type"`
	Values        []string `json:"values"`
}

// modalData is the data of a modal submission (type 5).
type modalData struct {
	CustomID   string          `json:"custom_id"`
	Components []submittedPart `json:"components"`
}

// submittedPart is one component of a submitted modal, in either shape
// Discord sends: the classic action row (type 1) holding text inputs
// (type 4), or a Label (type 18) holding one component.
type submittedPart struct {
	Type       int             `json:"type"`
	CustomID   string          `json:"custom_id"`
	Value      *string         `json:"value"`
	Values     []string        `json:"values"`
	Components []submittedPart `json:"components"`
	Component  *submittedPart  `json:"component"`
}

// values returns the submitted values by input custom_id (the field key).
func (m *modalData) values() map[string]string {
	out := map[string]string{}
	var walk func(parts []submittedPart)
	walk = func(parts []submittedPart) {
		for _, p := range parts {
			switch {
			case p.Value != nil && p.CustomID != "":
				out[p.CustomID] = *p.Value
			case len(p.Values) > 0 && p.CustomID != "":
				out[p.CustomID] = p.Values[0]
			}
			walk(p.Components)
			if p.Component != nil {
				walk([]submittedPart{*p.Component})
			}
		}
	}
	walk(m.Components)
	return out
}

// quoteArg writes v as one argument of a command line, in quotes when it
// would otherwise split or read as key=value (see bot.ParseArgs).
func quoteArg(v string) string {
	first, _ := utf8.DecodeRuneInString(v)
	plain := v != "" && !strings.ContainsRune(`"“”„「『`, first) && !strings.ContainsFunc(v, func(r rune) bool {
		return unicode.IsSpace(r) || r == '=' || r == '＝'
	})
	if plain {
		return v
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range v {
		if r == '\\' || r == '"' || r == '“' || r == '”' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}
