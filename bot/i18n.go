package bot

import (
	"fmt"
	"strings"
)

// Lang is a language fieldloop speaks.
type Lang string

// The languages of the catalogue.
const (
	English Lang = "en"
	Chinese Lang = "zh"
)

// ParseLang reads a language name or a platform locale ("zh-CN", "en-US",
// "中文"). ok is false when s names no language we speak.
func ParseLang(s string) (lang Lang, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "en" || s == "english" || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en_"):
		return English, true
	case s == "zh" || s == "chinese" || s == "中文" || strings.HasPrefix(s, "zh-") || strings.HasPrefix(s, "zh_"):
		return Chinese, true
	}
	return "", false
}

// Text is a catalogue message not yet put into a language: a key and the
// arguments for its format verbs. Arguments that are themselves Text are
// localized in the same language, and so are arguments of type
// func(Lang) string (such as Kind.Example), which are called with it.
type Text struct {
	Key  string
	Args []any
}

// T returns the Text for key with args.
func T(key string, args ...any) Text { return Text{Key: key, Args: args} }

// In renders t in lang. A key missing from the catalogue renders as the key
// itself, so a mistake shows up instead of an empty message.
func (t Text) In(lang Lang) string {
	entry, ok := catalogue[t.Key]
	if !ok {
		return t.Key
	}
	format := entry.en
	if lang == Chinese && entry.zh != "" {
		format = entry.zh
	}
	if len(t.Args) == 0 {
		return inflect(format, lang, nil)
	}
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		switch a := a.(type) {
		case Text:
			args[i] = a.In(lang)
		case func(Lang) string:
			args[i] = a(lang)
		default:
			args[i] = a
		}
	}
	format = inflect(format, lang, args)
	if lang == Chinese {
		return spaceArgs(fmt.Sprintf(format, markArgs(args)...))
	}
	return fmt.Sprintf(format, args...)
}

// JoinList joins the items of a list as lang writes one: "a, b, c" in
// English, "a、b、c" in Chinese.
func JoinList(lang Lang, items []string) string {
	return strings.Join(items, T("list.separator").In(lang))
}

// Translations are catalogue entries, English and Chinese by key, that a
// package adds to the catalogue (see AddTexts).
type Translations map[string]struct{ En, Zh string }

// AddTexts adds a package's own texts to the catalogue: an adapter adds
// its messages and its platform's name ("platform.NAME") when its package
// is loaded, in an init function. A key that is already there panics: two
// packages would fight over one text.
func AddTexts(t Translations) {
	for key, e := range t {
		if _, dup := catalogue[key]; dup {
			panic("bot: catalogue key " + key + " added twice")
		}
		catalogue[key] = struct{ en, zh string }{e.En, e.Zh}
	}
}

// HasText reports whether the catalogue has key.
func HasText(key string) bool {
	_, ok := catalogue[key]
	return ok
}

// CatalogueEntry returns the English and Chinese formats of key, "" for
// a language it lacks, for tests of the whole catalogue.
func CatalogueEntry(key string) (en, zh string) {
	e := catalogue[key]
	return e.en, e.zh
}

// CatalogueKeys returns every key of the catalogue, for tests that check
// each has both languages and well-formed verbs.
func CatalogueKeys() []string {
	keys := make([]string, 0, len(catalogue))
	for k := range catalogue {
		keys = append(keys, k)
	}
	return keys
}
