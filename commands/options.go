package commands

import (
	"strings"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/value"
)

// options reads the name=value options of /campaign, /training, /schedule
// and /target: each name is one of known, typed as its key, its Chinese
// name or a synonym (the catalogue's "name.KEY", see bot.Match). Bare
// words, unknown names and an option given twice are refused, each with
// its own error; what could be read is returned too, so that a command can
// report every problem at once.
func options(args []bot.Arg, known []string, example string) (map[string]string, bot.FieldErrors) {
	opts := map[string]string{}
	var errs bot.FieldErrors
	for _, a := range args {
		key := bot.Match(a.Key, "name.", known)
		_, twice := opts[key]
		switch {
		case !a.Pair:
			errs = append(errs, bot.Errorf(bot.EINVALID, "error.option.bare", bot.Echo(a.Value), example))
		case key == "":
			errs = append(errs, bot.FieldError(a.Key, "error.option.unknown", bot.Echo(a.Key), bot.NameList("name.", known)))
		case twice:
			errs = append(errs, bot.FieldError(key, "error.option.twice", key))
		default:
			opts[key] = a.Value
		}
	}
	return opts, errs
}

// isAll reports whether s is "all" in either language (all, 全部, 所有…).
func isAll(s string) bool { return bot.Match(s, "value.", []string{"all"}) == "all" }

// splitList splits a list of ids as people type them: separated by
// commas (in either width), 、, semicolons or spaces.
func splitList(s string) []string {
	return strings.FieldsFunc(value.Fold(s), func(r rune) bool { return r == ',' || r == '、' || r == ';' || r == ' ' })
}

// regionList lists the org's region ids as the reader's language lists.
func regionList(org *bot.Org) func(bot.Lang) string {
	return func(lang bot.Lang) string { return bot.JoinList(lang, org.RegionIDs()) }
}
