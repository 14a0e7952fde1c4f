package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/fieldloop/fieldloop/bot"
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
