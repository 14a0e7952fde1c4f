package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/value"
)

// These tests run here, where every package that adds to the catalogue is
// linked in.

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// Every entry of the catalogue, the core's and the adapters', has both languages, and both use the same format verbs, so
// a translation never drops or garbles an argument.
func TestCatalogueComplete(t *testing.T) {
	for _, key := range bot.CatalogueKeys() {
		enText, zhText := bot.CatalogueEntry(key)
		if enText == "" || zhText == "" {
			t.Errorf("%s: missing a language: en=%q zh=%q", key, enText, zhText)
			continue
		}
		en, zh := verb.FindAllString(enText, -1), verb.FindAllString(zhText, -1)
		slices.Sort(en)
		slices.Sort(zh)
		if !slices.Equal(en, zh) {
			t.Errorf("%s: verbs differ: en %v, zh %v", key, en, zh)
		}
	}
}

// Every catalogue key written literally in the code exists, so a typo
// shows up here rather than as a raw key in a user's chat.
func TestCatalogueKeysUsedExist(t *testing.T) {
	call := regexp.MustCompile(`(?:\bT|\.T|Errorf|FieldError)\((?:[^"()]*?, )?"([a-z_]+(?:\.[a-z_]+)+)"`)
	files, err := filepath.Glob("*/*.go")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("*/*/*.go")
	top, _ := filepath.Glob("*.go")
	found := 0
	for _, f := range append(append(files, more...), top...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			found++
			if key := m[1]; !bot.HasText(key) && !strings.HasSuffix(key, ".") {
				t.Errorf("%s uses %q, which the catalogue lacks", f, key)
			}
		}
	}
	if found < 50 {
		t.Errorf("found only %d uses; is the pattern still right?", found)
	}
}

// English counts and articles go through the catalogue's grammar ({2:rep|reps},
// {a:1}, see bot/inflect.go), so no entry reads "1 reports", "person(s)"
// or "a Outlet sales report"; and every form refers to an argument of the
// right verb.
func TestCatalogueEnglishGrammar(t *testing.T) {
	plural := regexp.MustCompile(`\{(\d+):[^{}|]*\|[^{}|]*\}`)
	article := regexp.MustCompile(`\{[aA]:(\d+)\}`)
	bareCount := regexp.MustCompile(`%(\[\d+\])?d [a-z]+[^s\W]*s\b`)
	bareArticle := regexp.MustCompile(`(^|[^\w])(a|an|A|An) %(\[\d+\])?s`)
	for _, key := range bot.CatalogueKeys() {
		en, _ := bot.CatalogueEntry(key)
		if strings.Contains(en, "(s)") {
			t.Errorf("%s: %q writes a plural as (s); use {N:one|other}", key, en)
		}
		rest := plural.ReplaceAllString(en, "FORM")
		if m := bareCount.FindString(rest); m != "" && !strings.HasSuffix(m, "ss") {
			t.Errorf("%s: %q counts %q without a plural form", key, en, m)
		}
		if m := bareArticle.FindString(en); m != "" {
			t.Errorf("%s: %q puts a fixed article before an argument (%q); use {a:N}", key, en, m)
		}
		for _, m := range plural.FindAllStringSubmatch(en, -1) {
			if !strings.Contains(en, "%["+m[1]+"]d") {
				t.Errorf("%s: %q: plural form %s refers to no %%[%s]d", key, en, m[0], m[1])
			}
		}
		for _, m := range article.FindAllStringSubmatch(en, -1) {
			if !strings.Contains(en, "%["+m[1]+"]s") {
				t.Errorf("%s: %q: article form refers to no %%[%s]s", key, en, m[1])
			}
		}
	}
}

// Every reason value gives for refusing a value is in the catalogue, so
// that bot.ValueProblem never falls back to a raw key.
func TestValueProblemsInCatalogue(t *testing.T) {
	for _, key := range value.ProblemKeys {
		if !bot.HasText("value." + key) {
			t.Errorf("catalogue lacks value.%s", key)
		}
	}
	for _, field := range value.CronFields {
		if !bot.HasText("value.cron.field." + field) {
			t.Errorf("catalogue lacks value.cron.field.%s", field)
		}
	}
}
