package bot

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// The catalogue's grammar, one mechanism for every entry instead of
// "if n == 1" at the call sites:
//
//	{2:version|versions}  the word for the count in argument 2: the first
//	                      form for the language's "one" (CLDR cardinal
//	                      rules), the second for every other count
//	{a:1} {A:1}           "a" or "an" (capitalised: "A", "An") for the
//	                      text of argument 1, as it sounds
//
// Arguments are numbered as in the format verbs (%[2]d), from 1. Chinese
// needs neither: its entries just do not use them.
var (
	pluralForm  = regexp.MustCompile(`\{(\d+):([^{}|]*)\|([^{}|]*)\}`)
	articleForm = regexp.MustCompile(`\{([aA]):(\d+)\}`)
)

// inflect resolves the plural and article forms of format with args,
// already rendered in lang (Text arguments are strings by now).
func inflect(format string, lang Lang, args []any) string {
	if !strings.Contains(format, "{") {
		return format
	}
	format = pluralForm.ReplaceAllStringFunc(format, func(m string) string {
		parts := pluralForm.FindStringSubmatch(m)
		n, ok := countArg(args, parts[1])
		if !ok {
			return m
		}
		if pluralOne(lang, n) {
			return parts[2]
		}
		return parts[3]
	})
	return articleForm.ReplaceAllStringFunc(format, func(m string) string {
		parts := articleForm.FindStringSubmatch(m)
		word, ok := argAt(args, parts[2]).(string)
		if !ok {
			return m
		}
		article := indefiniteArticle(word)
		if parts[1] == "A" {
			article = strings.ToUpper(article[:1]) + article[1:]
		}
		return article
	})
}

// argAt returns the argument numbered index from 1, nil when there is none.
func argAt(args []any, index string) any {
	i, err := strconv.Atoi(index)
	if err != nil || i < 1 || i > len(args) {
		return nil
	}
	return args[i-1]
}

// countArg reads argument index as a whole number.
func countArg(args []any, index string) (int, bool) {
	switch n := argAt(args, index).(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case int32:
		return int(n), true
	case uint:
		return int(n), true
	case uint64:
		return int(n), true
	}
	return 0, false
}

// pluralOne reports whether n takes lang's "one" form.
func pluralOne(lang Lang, n int) bool {
	if n < 0 {
		n = -n
	}
	tag := language.English
	if lang == Chinese {
		tag = language.Chinese
	}
	return plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0) == plural.One
}

// indefiniteArticle returns "a" or "an" for word by how it sounds: by its
// first letter, with the common exceptions where the letter and the sound
// differ ("a unit", "a one-off", "an hour", "an SKU").
func indefiniteArticle(word string) string {
	w := strings.TrimLeft(word, "“\"'(")
	lower := strings.ToLower(w)
	for _, p := range []string{"uni", "use", "usu", "uti", "eu", "one", "once"} {
		if strings.HasPrefix(lower, p) {
			return "a"
		}
	}
	for _, p := range []string{"hour", "honest", "honour", "heir"} {
		if strings.HasPrefix(lower, p) {
			return "an"
		}
	}
	// An abbreviation is read letter by letter: "an SKU", "an FAQ", "a KPI".
	if isUpperWord(firstWord(w)) {
		if strings.ContainsRune("AEFHILMNORSX", rune(w[0])) {
			return "an"
		}
		return "a"
	}
	if lower != "" && strings.ContainsRune("aeiou", rune(lower[0])) {
		return "an"
	}
	return "a"
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " -/&"); i >= 0 {
		return s[:i]
	}
	return s
}

func isUpperWord(s string) bool {
	if len(s) < 2 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}
