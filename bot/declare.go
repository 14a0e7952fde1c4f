package bot

// A command declares what it takes, so that an adapter whose platform
// types a command's arguments (subcommands to pick, options with types
// and choices) asks for them from one declaration, and reads what users
// chose back into the command line the core parses. Names that a
// platform must reshape (case, spaces, length) are reshaped by its
// adapter.

// OptionType is the type of an option's value.
type OptionType int

// The types an option's value may have.
const (
	OptionString  OptionType = iota // any text, or one of the choices
	OptionInteger                   // a whole number
	OptionNumber                    // a number with decimals: money, percentages
)

// Put says how an option's value goes back into the command line the core
// reads, so that one declaration drives both how a platform asks for an
// argument and how what the user gave is read.
type Put int

// The ways an option's value joins the command line.
const (
	PutWord      Put = iota // a word: "42" (quoted if it must be)
	PutPair                 // key=value in the text: since=7d
	PutFormValue            // Incoming.Options[key], as a submitted form's value
	PutRaw                  // the text as typed: "units=15 note=late"
)

// Subcommand is one of a command's subcommands: "/report list".
type Subcommand struct {
	Name string // the English name, a lowercase word
	Zh   string // the Chinese name, "" for none
	Desc Text
	// Words are what choosing the subcommand adds to the command line:
	// usually its name, "" where the command alone does the work.
	Words   string
	Options []Option
}

// Option is one typed argument of a command or subcommand.
type Option struct {
	Name     string // the English name, a lowercase word
	Zh       string // the Chinese name, "" for none
	Desc     Text
	Type     OptionType
	Required bool
	// Choices are the values the option takes, when it takes only some.
	Choices []OptionChoice
	// ChoicesFrom, when set, gives the choices when they are read: for a
	// list not complete when the command is made, such as /help's, which
	// is every command registered after it.
	ChoicesFrom func() []OptionChoice
	Min, Max    *int64 // bounds of a number, nil for none
	MaxLen      int    // the most characters of a text, 0 for no limit of its own
	Put         Put
}

// OptionChoice is one value an option offers, with its label.
type OptionChoice struct {
	Value string
	Label Text
}

// AllChoices returns the option's choices, resolving ChoicesFrom.
func (o Option) AllChoices() []OptionChoice {
	if o.ChoicesFrom != nil {
		return o.ChoicesFrom()
	}
	return o.Choices
}

// NewOption returns the option called name, with its Chinese name
// ("name.NAME") and description ("option.NAME") from the catalogue.
func NewOption(name string, typ OptionType, put Put) Option {
	return Option{Name: name, Zh: ChineseName(name), Desc: T("option." + name), Type: typ, Put: put}
}

// FreeText declares the one option of a command whose arguments no
// platform can type more precisely: what follows the command, as typed.
func FreeText() []Option {
	return []Option{NewOption("text", OptionString, PutRaw)}
}

// ChineseName returns the Chinese name of a command, subcommand or option
// word from the catalogue ("name.WORD"), or "" if it has none. The
// English name is the word itself.
func ChineseName(word string) string {
	if !HasText("name." + word) {
		return ""
	}
	return T("name." + word).In(Chinese)
}

// Literal returns a Text that reads en in English and zh in Chinese, for
// words that come from elsewhere than the catalogue, such as a form's
// labels, already rendered in each language.
func Literal(en, zh string) Text {
	return T("literal", func(l Lang) string {
		if l == Chinese {
			return zh
		}
		return en
	})
}
