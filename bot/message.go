package bot

import (
	"strconv"
	"time"
)

// Incoming is one request from a chat user, as an adapter decoded it: a
// typed slash command, a button click, a form submission or a line typed at a terminal.
type Incoming struct {
	Platform  Platform
	UserID    string            // the user's id on Platform (or the fieldloop id, see Org.AddressByID)
	UserName  string            // what the platform calls the user, if it says (for strangers)
	ChannelID string            // where the command was typed, if anywhere
	Name      string            // command name without the slash: "report"
	Text      string            // everything after the name, as typed
	Options   map[string]string // typed options or form values, by field key
	Locale    string            // the platform's locale for the user, if it says
	RequestID string            // the platform's id for this request, to recognise retries
	Time      time.Time
	// Form is true when Options are the values of a submitted Form, so
	// that problems are reported per field (Reply.Errors).
	Form bool
}

// Request is an Incoming command with what the router learned about it: who sent it
// (a known person: unknown users reach only a command open to strangers,
// with a nil Person), in which language to answer, and the org.
type Request struct {
	Incoming
	Person *Person
	Lang   Lang
	Org    *Org
}

// who names the sender for logs: their id, or their account for a
// stranger.
func (r *Request) who() string {
	if r.Person == nil {
		return string(r.Platform) + ":" + r.UserID
	}
	return r.Person.ID
}

// T renders the catalogue text key in the request's language.
func (r *Request) T(key string, args ...any) string { return T(key, args...).In(r.Lang) }

// Reply is a handler's answer. Adapters render it: chat platforms put it
// in the HTTP response, so it is a return value, never a side effect.
type Reply struct {
	Text    string
	Public  bool // visible to the whole channel; replies are private by default
	Form    *Form
	Buttons []Button
	// Failed marks a refusal or an error, so that an adapter can show it
	// where a form expects problems to go.
	Failed bool
	// Errors, for a refused form submission, maps field keys to what is
	// wrong with each, so that forms can show them next to the inputs.
	// Text then holds all of them in one message.
	Errors map[string]string

	outcome string // for Router.Observe: the error code of a refusal
}

// Button is a clickable action. A click runs Command (a full command line
// such as "/ack 12") as the user who clicked, exactly as if they had typed it.
type Button struct {
	Label   string
	Command string
	Style   string // "", "primary" or "danger"
}

// InputType says what kind of input a form field wants, so that each
// platform can render its best widget (a number input, a select, a date
// picker).
type InputType string

// Input types.
const (
	InputText     InputType = "text"
	InputLongText InputType = "longtext"
	InputInteger  InputType = "integer"
	InputDecimal  InputType = "decimal"
	InputChoice   InputType = "choice"
	InputDate     InputType = "date"
)

// Form asks the user for several values at once (a modal dialog, or prompts
// one field at a time). Submitting it runs Command with the values as
// Options.
type Form struct {
	ID      string // stable id of the form, for adapters' callback ids
	Title   string
	Command string // the command line the submission runs, e.g. "/report sales"
	Submit  string // label of the submit button
	Cancel  string // label of the button that closes the form unsaved
	Fields  []FormField
}

// FormField is one input of a Form.
type FormField struct {
	Key      string
	Label    string
	Hint     string // an example or explanation shown with the input
	Input    InputType
	Required bool
	Choices  []Choice
	Value    string // initial value
	Min, Max int64  // bounds for number inputs, when Max > Min
	MaxLen   int    // for text inputs, when > 0
	// Reload marks a field whose choice changes the rest of the form (the
	// report kind): adapters that can, resubmit the form when it changes.
	Reload bool
	// Check, when set, says what is wrong with one answer as typed, at
	// time now, in the form's language ("" when nothing is), so that an
	// adapter that asks field by field (the console) can ask again at
	// once. The command still checks everything when the form is sent.
	Check func(answer string, now time.Time) string `json:"-"`
}

// Choice is one option of a choice field.
type Choice struct {
	Value string
	Label string
}

// Destination is where an outgoing message goes on one platform: a channel
// or a person (a direct message).
type Destination struct {
	Platform Platform
	Channel  bool   // a channel; false for a direct message
	ID       string // the platform's channel or user id (or the fieldloop name, see Org.AddressByID)
	Name     string // the fieldloop name: "marketing", "east", "alice"
}

// String renders d as "PLATFORM:#C0EAST" for a channel or
// "PLATFORM:@alice" for a person.
func (d Destination) String() string {
	sigil := "@"
	if d.Channel {
		sigil = "#"
	}
	return string(d.Platform) + ":" + sigil + d.ID
}

// MessageStatus is where an outbox message is in its delivery.
type MessageStatus string

// Outbox message statuses.
const (
	StatusPending MessageStatus = "pending"
	StatusSent    MessageStatus = "sent"
	StatusFailed  MessageStatus = "failed"
)

// Message is a message the bot sends on its own (the marketing feed,
// broadcasts, reminders, digests). It is stored in the outbox in the same
// transaction as the change that caused it, then delivered by the outbox.Sender.
type Message struct {
	ID      uint64
	To      Destination
	Text    string
	Buttons []Button `json:",omitzero"`
	// Coalesce, when set, lets the outbox.Sender merge pending messages with the
	// same destination and Coalesce key into one post, at most one post per
	// outbox.Sender.CoalesceEvery unless the posts are full. The marketing feed
	// uses it.
	Coalesce    string `json:",omitzero"`
	Status      MessageStatus
	Attempts    int    `json:",omitzero"`
	RateLimited int    `json:",omitzero"` // attempts answered with a rate limit
	Error       string `json:",omitzero"`
	CreatedAt   time.Time
	NextAttempt time.Time `json:",omitzero"` // zero: as soon as possible
	SentAt      time.Time `json:",omitzero"`
	// Posting is when a post of the message began whose outcome is not
	// known: the process stopped, or the answer was lost, in the middle
	// of it. Set only for platforms that can say afterwards what they
	// took (Confirmer), which are asked before the message is posted again.
	Posting time.Time `json:",omitzero"`
	// Lookups counts the failed attempts to learn that outcome.
	Lookups int `json:",omitzero"`
	// Merged holds the PostKeys of the messages the outbox.Sender merged into
	// one post, for the Deliverer to mark the post with. It is not stored;
	// a field rather than a parameter of Deliver, as it concerns only
	// merged posts on platforms that confirm.
	Merged []string `json:"-"`
}

// PostKey names the message on the platforms that can be asked what they
// took (Confirmer). Its creation time, to the nanosecond, beside its id
// keeps it apart from another message with the same id: from a database
// restored from a backup, which hands out ids again, or from another
// installation posting to the same channel.
func (m *Message) PostKey() string {
	return strconv.FormatUint(m.ID, 10) + "-" + strconv.FormatInt(m.CreatedAt.UnixNano(), 36)
}

// PostKeys returns the PostKeys of the messages a post of m carries.
func (m *Message) PostKeys() []string {
	if len(m.Merged) > 0 {
		return m.Merged
	}
	return []string{m.PostKey()}
}
