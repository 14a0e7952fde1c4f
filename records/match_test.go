package records

import (
	"fmt"
	"slices"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/fieldloop/fieldloop/bot"
)

func outlets() []*bot.Record {
	return []*bot.Record{
		{Kind: bot.RecordOutlet, ID: "O-0001", Name: "Carrefour Gubei", NameAlt: "家乐福古北", Aliases: []string{"CF Gubei"}, Region: "east", Owner: "alice"},
		{Kind: bot.RecordOutlet, ID: "O-0002", Name: "Carrefour Pudong", NameAlt: "家乐福浦东", Region: "east", Owner: "bob"},
		{Kind: bot.RecordOutlet, ID: "O-0003", Name: "Hualian Xujiahui", NameAlt: "华联徐家汇", Region: "east"},
		{Kind: bot.RecordOutlet, ID: "O-0004", Name: "Wumart", NameAlt: "物美", Region: "north"},
		{Kind: bot.RecordOutlet, ID: "O-0005", Name: "Wumart", NameAlt: "物美二店", Region: "north"},
		{Kind: bot.RecordOutlet, ID: "O-0006", Name: "Old Gubei kiosk", Region: "east", MergedInto: "O-0001"},
		{Kind: bot.RecordOutlet, ID: "O-0007", Name: "Closed shop", Region: "east", RemovedAt: time.Unix(1, 0)},
	}
}

func TestKey(t *testing.T) {
	for in, want := range map[string]string{
		"Carrefour Gubei":   "carrefourgubei",
		" carrefour  GUBEI": "carrefourgubei",
		"Ｃａｒｒｅｆｏｕｒ　Ｇｕｂｅｉ": "carrefourgubei",
		"carrefour-gubei": "carrefourgubei",
		"家乐福·古北":          "家乐福古北",
		"家乐福 古北":          "家乐福古北",
		"O-0012":          "o0012",
		"":                "",
	} {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFind(t *testing.T) {
	x := NewIndex(outlets())
	for _, c := range []struct {
		text, want string
		ambiguous  int
	}{
		{"Carrefour Gubei", "O-0001", 0},
		{"carrefour gubei", "O-0001", 0},
		{"家乐福古北", "O-0001", 0},
		{"家乐福 古北", "O-0001", 0},
		{"ｃｆ ｇｕｂｅｉ", "O-0001", 0},
		{"o-0002", "O-0002", 0},
		{"O-0006", "O-0001", 0}, // merged: the survivor
		{"Old Gubei kiosk", "", 0},
		{"O-0007", "O-0007", 0}, // removed: found by id, the caller refuses it
		{"Closed shop", "", 0},
		{"Wumart", "", 2},
		{"物美二店", "O-0005", 0},
		{"Carrefour", "", 0},
		{"", "", 0},
	} {
		got, amb := x.Find(c.text)
		id := ""
		if got != nil {
			id = got.ID
		}
		if id != c.want || len(amb) != c.ambiguous {
			t.Errorf("Find(%q) = %q, %d ambiguous; want %q, %d", c.text, id, len(amb), c.want, c.ambiguous)
		}
	}
}

func ids(rs []*bot.Record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func TestSuggest(t *testing.T) {
	x := NewIndex(outlets())
	for _, c := range []struct {
		text  string
		first string
	}{
		{"carefour gubie", "O-0001"},
		{"Carrefour Gubei Road", "O-0001"},
		{"古北", "O-0001"},
		{"家乐福浦", "O-0002"},
		{"hualian", "O-0003"},
		{"wumrt", "O-0004"},
	} {
		got := x.Suggest(c.text, 5, nil)
		if len(got) == 0 || got[0].ID != c.first {
			t.Errorf("Suggest(%q) = %v, want %s first", c.text, ids(got), c.first)
		}
		if len(got) > 5 || slices.Contains(ids(got), "O-0006") || slices.Contains(ids(got), "O-0007") {
			t.Errorf("Suggest(%q) = %v: too many, or records out of use", c.text, ids(got))
		}
	}
	if got := x.Suggest("zzzz", 5, nil); len(got) != 0 {
		t.Errorf("nothing alike suggested %v", ids(got))
	}
	east := func(r *bot.Record) bool { return r.Region == "east" }
	if got := x.Suggest("wumart", 5, east); len(got) != 0 {
		t.Errorf("suggested outside what may be seen: %v", ids(got))
	}
}

func TestSearch(t *testing.T) {
	x := NewIndex(outlets())
	mine := func(r *bot.Record) int {
		if r.Owner == "bob" {
			return 0
		}
		return 1
	}
	if got := ids(x.Search("carre", 10, nil, mine)); !slices.Equal(got, []string{"O-0002", "O-0001"}) {
		t.Errorf("carre: %v", got)
	}
	if got := ids(x.Search("gubei", 10, nil, nil)); !slices.Equal(got, []string{"O-0001"}) {
		t.Errorf("gubei: %v", got)
	}
	if got := ids(x.Search("家乐福", 10, nil, nil)); len(got) != 2 {
		t.Errorf("家乐福: %v", got)
	}
	if got := ids(x.Search("", 3, nil, mine)); len(got) != 3 || got[0] != "O-0002" {
		t.Errorf("empty query: %v", got)
	}
	if got := ids(x.Search("o-000", 10, func(r *bot.Record) bool { return r.Region == "north" }, nil)); !slices.Equal(got, []string{"O-0004", "O-0005"}) {
		t.Errorf("by id within north: %v", got)
	}
	if got := x.Search("shop", 10, nil, nil); len(got) != 0 {
		t.Errorf("a removed record searched: %v", ids(got))
	}
}

// FuzzMatch checks that no input makes the matcher fail or answer with a
// record that does not carry what was typed.
func FuzzMatch(f *testing.F) {
	for _, s := range []string{"Carrefour Gubei", "家乐福古北", "ｃｆ", "O-0001", "", "\x00", "wumart", "a"} {
		f.Add(s)
	}
	x := NewIndex(outlets())
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if r, amb := x.Find(s); r != nil {
			if len(amb) != 0 {
				t.Fatalf("Find(%q): a record and ambiguity", s)
			}
			k := Key(s)
			if Key(r.ID) != k && !slices.ContainsFunc(Names(r), func(n string) bool { return Key(n) == k }) && x.byID[k] != r {
				t.Fatalf("Find(%q) = %s, which has no such name", s, r.ID)
			}
		}
		if got := x.Suggest(s, 5, nil); len(got) > 5 {
			t.Fatalf("Suggest(%q): %d", s, len(got))
		}
		for _, r := range x.Search(s, 5, nil, nil) {
			if r.Removed() {
				t.Fatalf("Search(%q) found %s, out of use", s, r.ID)
			}
		}
	})
}

// bigIndex is n outlets named as a real list is: a chain and a district,
// in both languages.
func bigIndex(n int) *Index {
	chains := []string{"Carrefour", "Hualian", "Wumart", "Lianhua", "Walmart", "RT-Mart", "Tesco", "Metro"}
	zh := []string{"家乐福", "华联", "物美", "联华", "沃尔玛", "大润发", "乐购", "麦德龙"}
	recs := make([]*bot.Record, n)
	for i := range recs {
		c := i % len(chains)
		recs[i] = &bot.Record{Kind: bot.RecordOutlet, ID: fmt.Sprintf("O-%05d", i+1),
			Name: fmt.Sprintf("%s Store %d", chains[c], i), NameAlt: fmt.Sprintf("%s%d店", zh[c], i), Region: "east"}
	}
	return NewIndex(recs)
}

func BenchmarkFind(b *testing.B) {
	x := bigIndex(100_000)
	b.ResetTimer()
	for b.Loop() {
		if r, _ := x.Find("carrefour store 76000"); r == nil {
			b.Fatal("not found")
		}
	}
}

func BenchmarkSuggest(b *testing.B) {
	x := bigIndex(100_000)
	b.ResetTimer()
	for b.Loop() {
		x.Suggest("carefour stor 7600", 5, nil)
	}
}

func BenchmarkSearch(b *testing.B) {
	x := bigIndex(100_000)
	b.ResetTimer()
	for b.Loop() {
		x.Search("carre", 100, nil, nil)
	}
}
