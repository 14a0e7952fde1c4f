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

// optionTypes are Discord's option types for the core's.
var optionTypes = map[bot.OptionType]int{
	bot.OptionString:  optionString,
	bot.OptionInteger: optionInteger,
	bot.OptionNumber:  optionNumber,
}

// localName returns a Chinese name as Discord takes it, or "" if it
// cannot take it or it would only repeat name.
func localName(name, zh string) string {
	if zh = validName(zh); zh == name {
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

// findCommand returns the command named name among cmds.
func findCommand(cmds []bot.Command, name string) (bot.Command, bool) {
	for _, c := range cmds {
		if c.Name == name {
			return c, true
		}
	}
	return bot.Command{}, false
}

// findSub returns the subcommand named name among subs; one this version
// does not know (registered by another version) adds its name.
func findSub(subs []bot.Subcommand, name string) bot.Subcommand {
	for _, s := range subs {
		if s.Name == name {
			return s
		}
	}
	return bot.Subcommand{Name: name, Words: name}
}

// commandLine reads what a user typed into Discord command c as the
// fieldloop command line it stands for: words for the text, and the
// values that go to options. An option c does not declare (the commands
// registered by another version) is read as key=value.
func commandLine(c bot.Command, got []rawOption, options map[string]string) []string {
	return readOptions(nil, c.Subcommands, c.Options, got, options)
}

// readOptions reads one level of what was typed: a chosen subcommand (or
// group) adds its words and is read in turn; else the level's values.
func readOptions(words []string, subs []bot.Subcommand, decl []bot.Option, got []rawOption, options map[string]string) []string {
	for _, o := range got {
		if o.Type == optionSubcommand || o.Type == optionGroup {
			sub := findSub(subs, o.Name)
			if sub.Words != "" {
				words = append(words, sub.Words)
			}
			return readOptions(words, nil, sub.Options, o.Options, options)
		}
	}
	return readValues(words, decl, got, options)
}

// readValues reads the options given at one level: each declared one
// goes back as its declaration says, and the others as key=value.
func readValues(words []string, decl []bot.Option, got []rawOption, options map[string]string) []string {
	given := map[string]string{}
	for _, o := range got {
		given[o.Name] = o.text()
	}
	for _, def := range decl {
		v, ok := given[def.Name]
		if !ok {
			continue
		}
		delete(given, def.Name)
		words = putValue(words, def, v, options)
	}
	for _, o := range got { // in the order given
		if v, ok := given[o.Name]; ok {
			words = append(words, o.Name+"="+quoteArg(v))
		}
	}
	return words
}

// putValue puts the value v of option def back where def says.
func putValue(words []string, def bot.Option, v string, options map[string]string) []string {
	switch def.Put {
	case bot.PutWord:
		words = append(words, quoteArg(v))
	case bot.PutPair:
		words = append(words, def.Name+"="+quoteArg(v))
	case bot.PutFormValue:
		options[def.Name] = v
	case bot.PutRaw:
		if v = strings.TrimSpace(v); v != "" {
			words = append(words, v)
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

// appCommands renders the declarations of cmds as Discord wants them
// registered; global commands (guild false) also say where they may be
// used.
func appCommands(cmds []bot.Command, guild bool) []appCommand {
	out := make([]appCommand, 0, len(cmds))
	for _, c := range cmds {
		ac := appCommand{Name: c.Name, NameLocalizations: zhOnly(localName(c.Name, c.ChineseName())), Type: 1}
		ac.Description, ac.DescriptionLocalizations = describe(c.Summary())
		ac.Options = appOptions(c.Subcommands, c.Options)
		if !guild {
			ac.Contexts = []int{0, 1}
		}
		out = append(out, ac)
	}
	return out
}

// appOptions renders one level of subcommands and options.
func appOptions(subs []bot.Subcommand, opts []bot.Option) []appOption {
	var out []appOption
	zhSeen := map[string]bool{}
	localize := func(name, zh string) map[string]string {
		zh = localName(name, zh)
		if zh == "" || zhSeen[zh] { // two siblings may not share a name in any language
			return nil
		}
		zhSeen[zh] = true
		return zhOnly(zh)
	}
	for _, s := range subs {
		o := appOption{Type: optionSubcommand, Name: s.Name, NameLocalizations: localize(s.Name, s.Zh), Options: appOptions(nil, s.Options)}
		o.Description, o.DescriptionLocalizations = describe(s.Desc)
		out = append(out, o)
	}
	for _, od := range opts {
		o := appOption{Type: optionTypes[od.Type], Name: od.Name, NameLocalizations: localize(od.Name, od.Zh), Required: od.Required,
			MinValue: od.Min, MaxValue: od.Max, Choices: appChoices(od.AllChoices())}
		if od.MaxLen > 0 {
			o.MaxLength = min(od.MaxLen, maxStringLen)
		}
		o.Description, o.DescriptionLocalizations = describe(od.Desc)
		out = append(out, o)
	}
	return out
}

// appChoices renders an option's choices. More than Discord lists leave
// the option to be typed: the core checks the value either way, and a
// list cut short would hide some.
func appChoices(choices []bot.OptionChoice) []appChoice {
	if len(choices) > maxChoices {
		return nil
	}
	var out []appChoice
	for _, c := range choices {
		ch := appChoice{Name: truncate(c.Label.In(bot.English), maxChoiceName), Value: c.Value}
		if zh := truncate(c.Label.In(bot.Chinese), maxChoiceName); zh != ch.Name {
			ch.NameLocalizations = zhOnly(zh)
		}
		out = append(out, ch)
	}
	return out
}

// describe returns a description and its zh-CN form within Discord's 100
// characters.
func describe(t bot.Text) (string, map[string]string) {
	en, zh := truncate(t.In(bot.English), maxDescLen), truncate(t.In(bot.Chinese), maxDescLen)
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
	cmds := appCommands(a.router.Commands(), a.guildID != "")
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
