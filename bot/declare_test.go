package bot

import "testing"

// A literal reads its own words in each language, and a catalogue name
// is found for the words that have one.
func TestDeclarationTexts(t *testing.T) {
	l := Literal("Units", "销量")
	if en, zh := l.In(English), l.In(Chinese); en != "Units" || zh != "销量" {
		t.Errorf("Literal: %q, %q", en, zh)
	}
	if got := ChineseName("report"); got != "报告" {
		t.Errorf("ChineseName(report) = %q", got)
	}
	if got := (Command{Name: "nosuch"}).ChineseName(); got != "" {
		t.Errorf("a command without a Chinese name has %q", got)
	}
	lazy := Option{Choices: []OptionChoice{{Value: "a"}}, ChoicesFrom: func() []OptionChoice { return []OptionChoice{{Value: "b"}} }}
	if got := lazy.AllChoices(); len(got) != 1 || got[0].Value != "b" {
		t.Errorf("AllChoices = %v, want what ChoicesFrom gives", got)
	}
	if o := FreeText()[0]; o.Put != PutRaw || o.Zh != "内容" || !HasText(o.Desc.Key) {
		t.Errorf("FreeText = %+v", o)
	}
}
