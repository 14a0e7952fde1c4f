package bot

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// Every entry has both languages, and both use the same format verbs, so
// a translation never drops or garbles an argument.
func TestCatalogueComplete(t *testing.T) {
	for _, key := range CatalogueKeys() {
		e := catalogue[key]
		if e.en == "" || e.zh == "" {
			t.Errorf("%s: missing a language: en=%q zh=%q", key, e.en, e.zh)
			continue
		}
		en, zh := verb.FindAllString(e.en, -1), verb.FindAllString(e.zh, -1)
		slices.Sort(en)
		slices.Sort(zh)
		if !slices.Equal(en, zh) {
			t.Errorf("%s: verbs differ: en %v, zh %v", key, en, zh)
		}
	}
}

// Every label the schema asks for exists.
func TestSchemaLabelsInCatalogue(t *testing.T) {
	for _, k := range ReportSchema().Kinds {
		need := []string{"kind." + k.Key}
		for _, f := range k.Fields {
			need = append(need, "field."+f.Key)
			for _, c := range f.Choices {
				need = append(need, "choice."+f.Key+"."+c)
			}
		}
		for _, key := range need {
			if !HasText(key) {
				t.Errorf("catalogue has no %q", key)
			}
		}
	}
}

func TestTextIn(t *testing.T) {
	got := T("error.value.int", T("field.name", T("field.units"), "units"), "12").In(Chinese)
	if want := "销量（units）必须是整数，例如 12。"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := T("no.such.key").In(English); got != "no.such.key" {
		t.Errorf("missing key renders %q, want the key", got)
	}
	lazy := func(l Lang) string { return string(l) }
	if got := T("form.hint.example", lazy).In(Chinese); got != "例如：zh" {
		t.Errorf("func arg rendered %q", got)
	}
}

// Every catalogue key written literally in the code exists, so a typo
// shows up here rather than as a raw key in a user's chat.
func TestCatalogueKeysUsedExist(t *testing.T) {
	call := regexp.MustCompile(`(?:\bT|\.T|Errorf|FieldError)\((?:[^"()]*?, )?"([a-z_]+(?:\.[a-z_]+)+)"`)
	files, err := filepath.Glob("../*/*.go")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("../*/*/*.go")
	top, _ := filepath.Glob("../*.go")
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
			if key := m[1]; !HasText(key) && !strings.HasSuffix(key, ".") {
				t.Errorf("%s uses %q, which the catalogue lacks", f, key)
			}
		}
	}
	if found < 50 {
		t.Errorf("found only %d uses; is the pattern still right?", found)
	}
}
