package discord

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fieldloop/fieldloop/bot"
)

// Discord's limits on application commands.
const (
	maxCommands   = 100  // global commands, and those of one server
	maxCommandLen = 8000 // characters of one command's names, descriptions and choices
	maxNameLen    = 32
	maxDescLen    = 100
	maxChoices    = 25
	maxOptions    = 25
	maxChoiceName = 100
	maxStringLen  = 6000 // max_length of a STRING option
)

// nameRule is what Discord accepts as a command, subcommand or option
// name: lowercase where a letter has case, no spaces, Chinese allowed.
var nameRule = regexp.MustCompile(`^[-_\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

// zhCN is the Discord locale of fieldloop's Chinese.
const zhCN = "zh-CN"

// localized is a text in both of fieldloop's languages.
type localized struct{ en, zh string }

func inBoth(t bot.Text) localized { return localized{t.In(bot.English), t.In(bot.Chinese)} }

// put says how an option's value goes back into the command line the
// core reads, so that one table drives both the registration and the
// reading of what users typed.
type put int

const (
	putWord   put = iota // a word: "42" (quoted if it must be)
	putPair              // key=value in the text: since=7d
	putOption            // Incoming.Options[key], as a form value
	putRaw               // the text as typed: "units=15 note=late"
)

// commandDef is one Discord command or subcommand and how it maps to a
// fieldloop command line.
type commandDef struct {
	name  string
	zh    string // the zh-CN name, "" for none
	desc  localized
	words string // what choosing this subcommand adds to the command line
	opts  []optionDef
	subs  []*commandDef
}

// optionDef is one typed option.
type optionDef struct {
	name     string
	zh       string
	desc     localized
	typ      int
	required bool
	choices  []choiceDef
	min, max *int64
	maxLen   int
	put      put
}

type choiceDef struct {
	value string
	name  localized
}

// commandDefs describes the router's commands as Discord commands: the
// report command from the report schema (a subcommand per kind whose
// options are the kind's fields), lang, help and whoami with the options
// that fit them, and any other command with one free text option.
func commandDefs(cmds []bot.Command, schema *bot.Schema) []*commandDef {
	defs := make([]*commandDef, 0, len(cmds))
	for _, c := range cmds {
		d := &commandDef{name: c.Name, zh: localName(c.Name, "name."+c.Name), desc: inBoth(c.Summary())}
		switch c.Name {
		case "report":
			d.subs = reportSubcommands(schema)
		case "lang":
			o := typed("language", optionString, putWord)
			o.choices = []choiceDef{{"en", inBoth(bot.T("lang.name.en"))}, {"zh", inBoth(bot.T("lang.name.zh"))}}
			d.opts = []optionDef{o}
		case "help":
			o := typed("command", optionString, putWord)
			for _, other := range cmds {
				if len(o.choices) < maxChoices {
					o.choices = append(o.choices, choiceDef{other.Name, localized{other.Name, other.Name}})
				}
			}
			d.opts = []optionDef{o}
		case "whoami":
		default:
			d.opts = []optionDef{typed("text", optionString, putRaw)}
		}
		defs = append(defs, d)
	}
	return defs
}

// typed returns the option called name, with its zh-CN name
// ("name.NAME") and description ("option.NAME") from the
// catalogue. "text" is the one option of a command that Discord cannot
// type more precisely: what follows the command, as typed.
func typed(name string, typ int, p put) optionDef {
	return optionDef{name: name, zh: localName(name, "name."+name), typ: typ, desc: inBoth(bot.T("option." + name)), put: p}
}

// reportSub returns the /report subcommand called name, which adds name
// to the command line, described by "report.sub.NAME".
func reportSub(name string, opts ...optionDef) *commandDef {
	return &commandDef{name: name, zh: localName(name, "name."+name), desc: inBoth(bot.T("report.sub." + name)), words: name, opts: opts}
}

// reportSubcommands returns /report's subcommands: new (the form that
// asks for the kind), one per kind with its fields as options, and list,
// show, edit and delete.
func reportSubcommands(schema *bot.Schema) []*commandDef {
	newForm := reportSub("new")
	newForm.words = "" // /report alone: the form that asks for the kind
	subs := []*commandDef{newForm}
	var kinds []choiceDef
	for _, k := range schema.Kinds {
		kinds = append(kinds, choiceDef{k.Key, inBoth(k.Label())})
		zh := k.Label().In(bot.Chinese)
		if len(k.Aliases) > 0 {
			zh = k.Aliases[0] // the short name people type: 销售, not 终端销售
		}
		sub := &commandDef{name: k.Key, zh: validName(zh), desc: inBoth(bot.T("report.sub.kind", k.Label())), words: k.Key}
		en, cn := k.Form(bot.English, "", nil), k.Form(bot.Chinese, "", nil)
		for i, f := range en.Fields {
			sub.opts = append(sub.opts, fieldOption(f, cn.Fields[i]))
		}
		subs = append(subs, sub)
	}
	id := typed("id", optionInteger, putWord)
	id.required, id.min = true, ptr(1)
	kind := typed("kind", optionString, putWord)
	kind.choices = kinds
	pair := func(name string) optionDef {
		o := typed(name, optionString, putPair)
		o.maxLen = 100
		return o
	}
	changes := typed("changes", optionString, putRaw)
	changes.maxLen = maxStringLen
	return append(subs,
		reportSub("list", kind, pair("since"), pair("person"), pair("region")),
		reportSub("show", id),
		reportSub("edit", id, changes),
		reportSub("delete", id),
	)
}

// fieldOption is a report field as an option, from the field's form
// input in English (en) and Chinese (zh): integers as INTEGER, money and
// percentages as NUMBER, choices and yes/no as STRING with choices, the
// rest as STRING. None is required, whatever the schema says: a kind
// given no option answers with its form, and the core names what is
// missing.
func fieldOption(en, zh bot.FormField) optionDef {
	o := optionDef{name: en.Key, zh: validName(zh.Label), typ: optionString, put: putOption,
		desc: localized{fieldDesc(en, bot.English), fieldDesc(zh, bot.Chinese)}}
	switch en.Input {
	case bot.InputInteger, bot.InputDecimal:
		o.typ = optionInteger
		if en.Input == bot.InputDecimal {
			o.typ = optionNumber
		}
		if en.Max > en.Min {
			o.min, o.max = ptr(en.Min), ptr(en.Max)
		}
	case bot.InputChoice:
		for i, c := range en.Choices {
			o.choices = append(o.choices, choiceDef{c.Value, localized{c.Label, zh.Choices[i].Label}})
		}
	default:
		o.maxLen = min(en.MaxLen, maxStringLen)
	}
	return o
}

// fieldDesc describes a field option: its label, whether it is required,
// and the form's hint ("Units (required) · e.g. 12").
func fieldDesc(f bot.FormField, lang bot.Lang) string {
	d := f.Label
	if f.Required {
		d = bot.T("option.required", d).In(lang)
	}
	if f.Hint != "" {
		d = bot.T("option.hint", d, f.Hint).In(lang)
	}
	return d
}

func ptr(n int64) *int64 { return &n }

// localName returns a name's zh-CN form from the catalogue key, or "" if
// there is none.
func localName(name, key string) string {
	if !bot.HasText(key) {
		return ""
	}
	zh := validName(bot.T(key).In(bot.Chinese))
	if zh == name {
		return ""
	}
	return zh
}

// validName turns a label into a name Discord accepts ("POP发放" →
// "pop发放", "On shelf" → "on_shelf"), or "" if it cannot.
func validName(label string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(label)) {
		switch {
		case unicode.IsSpace(r) || r == '/':
			b.WriteRune('_')
		case unicode.IsLetter(r) || unicode.IsNumber(r) || r == '-' || r == '_' || unicode.Is(unicode.Mn, r):
			b.WriteRune(r)
		}
	}
	s := strings.Trim(b.String(), "_")
	for strings.Contains(s, "__") {
		s = strings.ReplaceAll(s, "__", "_")
	}
	if utf8.RuneCountInString(s) > maxNameLen || !nameRule.MatchString(s) {
		return ""
	}
	return s
}

// find returns the def named name among defs, or nil.
func find(defs []*commandDef, name string) *commandDef {
	for _, d := range defs {
		if d.name == name {
			return d
		}
	}
	return nil
}

// commandLine reads what a user typed into a Discord command as the
// fieldloop command line it stands for: words for the text, and the
// values that go to Options. An option this version does not know (the
// commands registered by another version) is read as key=value.
func (d *commandDef) commandLine(got []rawOption, words []string, options map[string]string) []string {
	if d.words != "" {
		words = append(words, d.words)
	}
	for _, o := range got {
		if o.Type == optionSubcommand || o.Type == optionGroup {
			sub := find(d.subs, o.Name)
			if sub == nil {
				sub = &commandDef{name: o.Name, words: o.Name}
			}
			return sub.commandLine(o.Options, words, options)
		}
	}
	given := map[string]string{}
	for _, o := range got {
		given[o.Name] = o.text()
	}
	for _, def := range d.opts {
		v, ok := given[def.name]
		if !ok {
			continue
		}
		delete(given, def.name)
		switch def.put {
		case putWord:
			words = append(words, quoteArg(v))
		case putPair:
			words = append(words, def.name+"="+quoteArg(v))
		case putOption:
			options[def.name] = v
		case putRaw:
			if v = strings.TrimSpace(v); v != "" {
				words = append(words, v)
			}
		}
	}
	for _, o := range got { // in the order given
		if v, ok := given[o.Name]; ok {
			words = append(words, o.Name+"="+quoteArg(v))
		}
	}
	return words
}

// appCommand is an application command as Discord's bulk overwrite
// takes it.
type appCommand struct {
	Name                     string            `json:"name"`
	NameLocalizations        map[string]string `json:"name_localizations,omitempty"`
	Description              string            `json:"description"`
	DescriptionLocalizations map[string]string `json:"description_localizations,omitempty"`
	Type                     int               `json:"type"` // 1, a slash command
	Options                  []appOption       `json:"options,omitempty"`
	// Contexts: 0 in servers, 1 in direct messages with the bot. Only
	// global commands have them.
	Contexts []int `json:"contexts,omitempty"`
}

type appOption struct {
	Type                     int               `json:"type"`
	Name                     string            `json:"name"`
	NameLocalizations        map[string]string `json:"name_localizations,omitempty"`
	Description              string            `json:"description"`
	DescriptionLocalizations map[string]string `json:"description_localizations,omitempty"`
	Required                 bool              `json:"required,omitempty"`
	Choices                  []appChoice       `json:"choices,omitempty"`
	Options                  []appOption       `json:"options,omitempty"`
	MinValue                 *int64            `json:"min_value,omitempty"`
	MaxValue                 *int64            `json:"max_value,omitempty"`
	MaxLength                int               `json:"max_length,omitempty"`
}

type appChoice struct {
	Name              string            `json:"name"`
	NameLocalizations map[string]string `json:"name_localizations,omitempty"`
	Value             string            `json:"value"`
}

// appCommands renders defs as Discord wants them registered; global
// commands (guild false) also say where they may be used.
func appCommands(defs []*commandDef, guild bool) []appCommand {
	out := make([]appCommand, 0, len(defs))
	for _, d := range defs {
		c := appCommand{Name: d.name, NameLocalizations: zhOnly(d.zh), Type: 1}
		c.Description, c.DescriptionLocalizations = describe(d.desc)
		c.Options = appOptions(d)
		if !guild {
			c.Contexts = []int{0, 1}
		}
		out = append(out, c)
	}
	return out
}

func appOptions(d *commandDef) []appOption {
	var out []appOption
	zhSeen := map[string]bool{}
	localize := func(name, zh string) map[string]string {
		if zh == "" || zh == name || zhSeen[zh] { // two siblings may not share a name in any language
			return nil
		}
		zhSeen[zh] = true
		return zhOnly(zh)
	}
	for _, s := range d.subs {
		o := appOption{Type: optionSubcommand, Name: s.name, NameLocalizations: localize(s.name, s.zh), Options: appOptions(s)}
		o.Description, o.DescriptionLocalizations = describe(s.desc)
		out = append(out, o)
	}
	for _, od := range d.opts {
		o := appOption{Type: od.typ, Name: od.name, NameLocalizations: localize(od.name, od.zh), Required: od.required,
			MinValue: od.min, MaxValue: od.max, MaxLength: od.maxLen}
		o.Description, o.DescriptionLocalizations = describe(od.desc)
		for _, c := range od.choices {
			ch := appChoice{Name: truncate(c.name.en, maxChoiceName), Value: c.value}
			if zh := truncate(c.name.zh, maxChoiceName); zh != ch.Name {
				ch.NameLocalizations = zhOnly(zh)
			}
			o.Choices = append(o.Choices, ch)
		}
		out = append(out, o)
	}
	return out
}

// describe returns a description and its zh-CN form within Discord's 100
// characters.
func describe(l localized) (string, map[string]string) {
	en, zh := truncate(l.en, maxDescLen), truncate(l.zh, maxDescLen)
	if zh == en {
		return en, nil
	}
	return en, zhOnly(zh)
}

func zhOnly(s string) map[string]string {
	if s == "" {
		return nil
	}
	return map[string]string{zhCN: s}
}

// RegisterCommands replaces the application's commands with fieldloop's
// (a bulk overwrite, so that commands removed from fieldloop disappear
// from Discord too): in one server when the adapter has a guild id, which
// takes effect at once, else globally.
func (a *Adapter) RegisterCommands(ctx context.Context) error {
	app, err := a.applicationID(ctx)
	if err != nil {
		return err
	}
	path := "/applications/" + escapePath(app) + "/commands"
	if a.guildID != "" {
		path = "/applications/" + escapePath(app) + "/guilds/" + escapePath(a.guildID) + "/commands"
	}
	cmds := appCommands(a.defs, a.guildID != "")
	if err := checkCommands(cmds); err != nil {
		return fmt.Errorf("register commands: %w", err)
	}
	if err := a.rest.do(ctx, "PUT", path, cmds, nil); err != nil {
		return fmt.Errorf("register commands: %w", err)
	}
	return nil
}

// checkCommands checks cmds against Discord's rules, so that a command
// Discord would refuse is named here rather than by an HTTP 400 for the
// whole set.
func checkCommands(cmds []appCommand) error {
	var errs []error
	if len(cmds) > maxCommands {
		errs = append(errs, fmt.Errorf("%d commands; Discord takes %d", len(cmds), maxCommands))
	}
	names := map[string]bool{}
	for _, c := range cmds {
		errs = append(errs, checkName("/"+c.Name, c.Name, c.NameLocalizations, names),
			checkDesc("/"+c.Name, c.Description, c.DescriptionLocalizations))
		n := length(c.Name) + length(c.Description) + localizedLen(c.NameLocalizations) + localizedLen(c.DescriptionLocalizations)
		n += checkOptions(&errs, "/"+c.Name, c.Options)
		if n > maxCommandLen {
			errs = append(errs, fmt.Errorf("/%s: %d characters; Discord takes %d", c.Name, n, maxCommandLen))
		}
	}
	return errors.Join(errs...)
}

// checkOptions checks one level of options and returns how many
// characters they count.
func checkOptions(errs *[]error, path string, opts []appOption) int {
	if len(opts) > maxOptions {
		*errs = append(*errs, fmt.Errorf("%s: %d options; Discord takes %d", path, len(opts), maxOptions))
	}
	n := 0
	names := map[string]bool{}
	optional := false
	for _, o := range opts {
		p := path + " " + o.Name
		*errs = append(*errs, checkName(p, o.Name, o.NameLocalizations, names), checkDesc(p, o.Description, o.DescriptionLocalizations))
		if o.Required && optional {
			*errs = append(*errs, fmt.Errorf("%s: a required option after an optional one", p))
		}
		optional = optional || !o.Required
		if len(o.Choices) > maxChoices {
			*errs = append(*errs, fmt.Errorf("%s: %d choices; Discord takes %d", p, len(o.Choices), maxChoices))
		}
		n += length(o.Name) + length(o.Description) + localizedLen(o.NameLocalizations) + localizedLen(o.DescriptionLocalizations)
		for _, c := range o.Choices {
			if l := length(c.Name); l == 0 || l > maxChoiceName {
				*errs = append(*errs, fmt.Errorf("%s: choice %q: a name of 1 to %d characters", p, c.Value, maxChoiceName))
			}
			n += length(c.Name) + length(c.Value) + localizedLen(c.NameLocalizations)
		}
		n += checkOptions(errs, p, o.Options)
	}
	return n
}

// checkName checks a name and its translations, and that no sibling
// (seen) has it in any language.
func checkName(path, name string, local map[string]string, seen map[string]bool) error {
	var errs []error
	for _, n := range append([]string{name}, mapValues(local)...) {
		if !nameRule.MatchString(n) || strings.ToLower(n) != n {
			errs = append(errs, fmt.Errorf("%s: %q is not a name Discord takes (lowercase, no spaces, at most 32 characters)", path, n))
		}
		if seen[n] {
			errs = append(errs, fmt.Errorf("%s: the name %q is taken by another at the same level", path, n))
		}
		seen[n] = true
	}
	return errors.Join(errs...)
}

func checkDesc(path, desc string, local map[string]string) error {
	for _, d := range append([]string{desc}, mapValues(local)...) {
		if l := length(d); l == 0 || l > maxDescLen {
			return fmt.Errorf("%s: a description of 1 to %d characters, not %d", path, maxDescLen, l)
		}
	}
	return nil
}

func localizedLen(m map[string]string) int {
	n := 0
	for _, v := range m {
		n += length(v)
	}
	return n
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
