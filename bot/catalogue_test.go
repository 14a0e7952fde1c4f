package bot

import (
	"testing"
)

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
