package bot

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/value"
)

func TestSchemaShape(t *testing.T) {
	s := ReportSchema()
	want := []string{"display", "stock", "pop", "outlets", "sales", "promo", "region", "competitor", "customer", "payment"}
	if got := s.Keys(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("kinds = %v, want %v", got, want)
	}
	for _, k := range s.Kinds {
		if len(k.Fields) > MaxFields {
			t.Errorf("%s has %d fields; a modal holds %d", k.Key, len(k.Fields), MaxFields)
		}
		if k.Example(English) == "" {
			t.Errorf("%s has no required field to show in examples", k.Key)
		}
	}
}

func TestKindLookup(t *testing.T) {
	s := ReportSchema()
	for name, want := range map[string]string{
		"sales": "sales", "SALES": "sales", "Outlet sales": "sales", "终端销售": "sales",
		"竞品市场信息": "competitor", "nope": "",
	} {
		got := ""
		if k := s.Kind(name); k != nil {
			got = k.Key
		}
		if got != want {
			t.Errorf("Kind(%q) = %q, want %q", name, got, want)
		}
	}
	if f := s.Kind("stock").Field("on shelf"); f == nil || f.Key != "on_shelf" {
		t.Errorf(`Field("on shelf") = %v`, f)
	}
	if f := s.Kind("sales").Field("销量"); f == nil || f.Key != "units" {
		t.Errorf(`Field("销量") = %v`, f)
	}
}

var now = time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)

func field(kind, key string) *Field {
	k := ReportSchema().Kind(kind)
	for i := range k.Fields {
		if k.Fields[i].Key == key {
			return &k.Fields[i]
		}
	}
	panic("no field " + key)
}

func TestFieldParse(t *testing.T) {
	tests := []struct {
		kind, field, in string
		want            Value
		wantErr         string // catalogue key
	}{
		{"sales", "units", "12", Value{Num: 12}, ""},
		{"sales", "units", "1,200", Value{Num: 1200}, ""},
		{"sales", "units", "-3", Value{}, "error.value.negative"},
		{"sales", "units", "1.5", Value{}, "error.value.int"},
		{"sales", "units", "twelve", Value{}, "error.value.int"},
		{"sales", "amount", "3200", Value{Num: 320000}, ""},
		{"sales", "amount", "3,200.50", Value{Num: 320050}, ""},
		{"sales", "amount", "¥3200", Value{Num: 320000}, ""},
		{"sales", "amount", "￥3,200.5", Value{Num: 320050}, ""},
		{"sales", "amount", "3200元", Value{Num: 320000}, ""},
		{"sales", "amount", "3.2万", Value{Num: 3200000}, ""},
		{"sales", "amount", "0.1", Value{Num: 10}, ""},
		{"sales", "amount", ".5", Value{Num: 50}, ""},
		{"sales", "amount", "3200.505", Value{}, "error.value.money"},
		{"sales", "amount", "1.2345678万", Value{}, "error.value.money"},
		{"sales", "amount", "-5", Value{}, "error.value.negative"},
		{"sales", "amount", "1e5", Value{}, "error.value.money"},
		{"sales", "amount", "99999999999999999999", Value{}, "error.value.too_big"},
		{"sales", "amount", "1,5", Value{}, "error.value.money"},
		{"sales", "amount", "3,2万", Value{}, "error.value.money"},
		{"sales", "amount", "1,234,567.5", Value{Num: 123456750}, ""},
		{"sales", "amount", "12,34", Value{}, "error.value.money"},
		{"sales", "units", "1,2,3", Value{}, "error.value.int"},
		{"sales", "units", "1000000001", Value{}, "error.value.too_big"},
		{"outlets", "coverage", "1,00", Value{}, "error.value.percent"},
		{"outlets", "coverage", "45％", Value{Num: 4500}, ""},
		{"outlets", "coverage", "45", Value{Num: 4500}, ""},
		{"outlets", "coverage", "45%", Value{Num: 4500}, ""},
		{"outlets", "coverage", "37.5%", Value{Num: 3750}, ""},
		{"outlets", "coverage", "101", Value{}, "error.value.percent"},
		{"display", "compliant", "yes", Value{Num: 1}, ""},
		{"display", "compliant", "N", Value{Num: 0}, ""},
		{"display", "compliant", "是", Value{Num: 1}, ""},
		{"display", "compliant", "否", Value{Num: 0}, ""},
		{"display", "compliant", "maybe", Value{}, "error.value.yesno"},
		{"display", "position", "endcap", Value{Text: "endcap"}, ""},
		{"display", "position", "End cap", Value{Text: "endcap"}, ""},
		{"display", "position", "端架", Value{Text: "endcap"}, ""},
		{"display", "position", "window", Value{}, "error.value.choice"},
		{"competitor", "activity", "price cut", Value{Text: "price_cut"}, ""},
		{"competitor", "activity", "降价", Value{Text: "price_cut"}, ""},
		{"payment", "due_date", "2026-12-31", Value{Text: "2026-12-31"}, ""},
		{"payment", "due_date", "2026/12/31", Value{Text: "2026-12-31"}, ""},
		{"payment", "due_date", "tomorrow", Value{Text: "2026-11-29"}, ""},
		{"payment", "due_date", "2026-02-30", Value{}, "error.value.date"},
		{"payment", "due_date", "2026/1/5", Value{Text: "2026-01-05"}, ""},
		{"payment", "due_date", "0001-01-01", Value{}, "error.value.date"},
		{"region", "period", "2026", Value{Text: "2026"}, ""},
		{"region", "period", "2026-q3", Value{Text: "2026-Q3"}, ""},
		{"region", "period", "2026-11", Value{Text: "2026-11"}, ""},
		{"region", "period", "2026-W53", Value{Text: "2026-W53"}, ""},
		{"region", "period", "2025-W53", Value{}, "error.value.period"},
		{"region", "period", "2026-13", Value{}, "error.value.period"},
		{"region", "period", "2026-Q5", Value{}, "error.value.period"},
		{"promo", "campaign", "#7", Value{Text: "7"}, ""},
		{"promo", "campaign", "a b", Value{}, "error.value.campaign"},
		{"promo", "campaign", "abc", Value{}, "error.value.campaign"},
		{"promo", "campaign", "##7", Value{}, "error.value.campaign"},
		{"promo", "campaign", "0", Value{}, "error.value.campaign"},
		{"display", "outlet", "  Carrefour  ", Value{Text: "Carrefour"}, ""},
		{"display", "outlet", strings.Repeat("x", 201), Value{}, "error.value.too_long"},
		{"display", "outlet", "\x15 Metro\x01", Value{Text: "Metro"}, ""},
		{"display", "note", "\x15 0000", Value{Text: "0000"}, ""},
		{"display", "note", "a\x15\nb \x7f", Value{Text: "a\nb"}, ""},
	}
	for _, tt := range tests {
		f := field(tt.kind, tt.field)
		got, err := f.Parse(tt.in, ParseContext{Now: now})
		if tt.wantErr != "" {
			var e *Error
			if !errors.As(err, &e) || e.Text.Key != tt.wantErr || e.Field != tt.field {
				t.Errorf("%s %s=%q: err = %v, want %s on %s", tt.kind, tt.field, tt.in, err, tt.wantErr, tt.field)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s %s=%q = %+v, %v; want %+v", tt.kind, tt.field, tt.in, got, err, tt.want)
		}
	}
}

func TestKindParseReportsEveryProblem(t *testing.T) {
	k := ReportSchema().Kind("payment")
	_, err := k.Parse(map[string]string{"collected": "lots", "colour": "red"}, ParseContext{Now: now})
	var fe FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want FieldErrors", err)
	}
	got := FieldMessages(err, English)
	for _, f := range []string{"customer", "due", "collected", "colour"} {
		if got[f] == "" {
			t.Errorf("no message for %s in %v", f, got)
		}
	}
	if !strings.Contains(got["due"], "due=3,200.50") {
		t.Errorf("required message shows no example: %q", got["due"])
	}
	if !strings.Contains(got["customer"], `customer="Hualian Supermarket"`) {
		t.Errorf("required example is not quoted: %q", got["customer"])
	}
	if !strings.Contains(got["colour"], "customer, Amount due (due), collected, due_date, note") {
		t.Errorf("unknown field message does not list the fields: %q", got["colour"])
	}
	if ErrorCode(err) != EINVALID {
		t.Errorf("code = %q", ErrorCode(err))
	}
}

func TestDisplayAndExport(t *testing.T) {
	tests := []struct {
		kind, field string
		v           Value
		display     string
		export      string
	}{
		{"sales", "amount", Value{Num: 420050}, "4,200.50", "4200.50"},
		{"sales", "amount", Value{Num: 123456789012}, "1,234,567,890.12", "1234567890.12"},
		{"sales", "amount", Value{Num: 5}, "0.05", "0.05"},
		{"sales", "units", Value{Num: 1200}, "1,200", "1200"},
		{"outlets", "coverage", Value{Num: 4550}, "45.5%", "45.5"},
		{"outlets", "coverage", Value{Num: 4000}, "40%", "40"},
		{"display", "compliant", Value{Num: 1}, "yes", "yes"},
		{"display", "position", Value{Text: "endcap"}, "end cap", "endcap"},
	}
	for _, tt := range tests {
		f := field(tt.kind, tt.field)
		if got := f.Display(tt.v, English); got != tt.display {
			t.Errorf("Display(%s %+v) = %q, want %q", tt.field, tt.v, got, tt.display)
		}
		if got := f.ExportString(tt.v); got != tt.export {
			t.Errorf("ExportString(%s %+v) = %q, want %q", tt.field, tt.v, got, tt.export)
		}
	}
}

// Raw is what an edit form is prefilled with; it must parse back to the
// same values.
func TestRawRoundTrip(t *testing.T) {
	for _, k := range ReportSchema().Kinds {
		raw := map[string]string{}
		for _, f := range k.Fields {
			raw[f.Key] = f.Example(English)
		}
		fields, err := k.Parse(raw, ParseContext{Now: now})
		if err != nil {
			t.Fatalf("%s: examples do not parse: %v", k.Key, err)
		}
		again, err := k.Parse(k.Raw(fields), ParseContext{Now: now})
		if err != nil {
			t.Fatalf("%s: Raw does not parse: %v", k.Key, err)
		}
		for key, v := range fields {
			if again[key] != v {
				t.Errorf("%s.%s: %+v became %+v", k.Key, key, v, again[key])
			}
		}
	}
}

// Unknown fields are reported in a stable order, whatever the map order.
func TestKindParseOrderIsStable(t *testing.T) {
	k := ReportSchema().Kind("sales")
	raw := map[string]string{"units": "1", "foo": "1", "bar": "2", "baz": "3"}
	_, first := k.Parse(raw, ParseContext{Now: now})
	for range 20 {
		if _, err := k.Parse(raw, ParseContext{Now: now}); err.Error() != first.Error() {
			t.Fatalf("order changed:\n%v\n%v", first, err)
		}
	}
}

// A required text that is nothing once cleaned is missing, not saved empty.
func TestRequiredTextCleanedEmpty(t *testing.T) {
	k := ReportSchema().Kind("customer")
	_, err := k.Parse(map[string]string{"customer": "\a", "note": " \t "}, ParseContext{Now: now})
	msgs := FieldMessages(err, English)
	if msgs["customer"] == "" || msgs["note"] == "" {
		t.Errorf("errors = %v, want customer and note required", msgs)
	}
}

func TestChoiceErrorInChinese(t *testing.T) {
	_, err := field("competitor", "activity").Parse("foo", ParseContext{Now: now})
	if got := ErrorMessage(err, Chinese); !strings.Contains(got, "price_cut（降价）") && !strings.Contains(got, "price_cut (降价)") {
		t.Errorf("zh choice error = %q", got)
	}
}

func TestKindAliases(t *testing.T) {
	s := ReportSchema()
	for alias, want := range map[string]string{"销售": "sales", "竞品": "competitor", "回款": "payment", "pop": "pop"} {
		if k := s.Kind(alias); k == nil || k.Key != want {
			t.Errorf("Kind(%q) = %v, want %s", alias, k, want)
		}
	}
}

func TestSplitCommandLine(t *testing.T) {
	for line, want := range map[string][2]string{
		"/report sales units=1": {"report", "sales units=1"},
		"/report\u3000sales":    {"report", "sales"},
		"/report\tlist":         {"report", "list"},
		"／Report":               {"report", ""},
		"  /help   report  ":    {"help", "report"},
	} {
		name, text := SplitCommandLine(line)
		if name != want[0] || text != want[1] {
			t.Errorf("SplitCommandLine(%q) = %q, %q; want %q, %q", line, name, text, want[0], want[1])
		}
	}
}

func TestMoneyInTheOrgsCurrency(t *testing.T) {
	amount := field("sales", "amount")
	tests := []struct {
		in, currency string
		want         int64
		en, zh       string // the message, when refused
	}{
		{"$200", "CNY", 20000, "", ""},
		{"RMB200", "CNY", 20000, "", ""},
		{"3 200", "", 320000, "", ""},
		{"€200", "CNY", 0, "Amount (amount): “€200” is in EUR; this organisation counts in CNY. Example: amount=3,200.50",
			"销售额（amount）：“€200”是欧元，本公司统一以人民币计价。示例：amount=3,200.50"},
		{"US$200", "", 0, "Amount (amount): “US$200” is in USD; this organisation counts in CNY. Example: amount=3,200.50",
			"销售额（amount）：“US$200”是美元，本公司统一以人民币计价。示例：amount=3,200.50"},
		{"RMB200", "USD", 0, "Amount (amount): “RMB200” is in CNY; this organisation counts in USD. Example: amount=3,200.50",
			"销售额（amount）：“RMB200”是人民币，本公司统一以美元计价。示例：amount=3,200.50"},
	}
	for _, tt := range tests {
		got, err := amount.Parse(tt.in, ParseContext{Now: now, Currency: tt.currency})
		if tt.en == "" {
			if err != nil || got.Num != tt.want {
				t.Errorf("%q in %q = %+v, %v; want %d", tt.in, tt.currency, got, err, tt.want)
			}
			continue
		}
		if en, zh := ErrorMessage(err, English), ErrorMessage(err, Chinese); en != tt.en || zh != tt.zh {
			t.Errorf("%q in %q: messages\n%s\n%s\nwant\n%s\n%s", tt.in, tt.currency, en, zh, tt.en, tt.zh)
		}
	}
}

// Every currency the parser knows has a name in the catalogue.
func TestCurrencyNames(t *testing.T) {
	for _, code := range value.Currencies() {
		if !HasText("currency." + code) {
			t.Errorf("catalogue has no currency.%s", code)
		}
	}
	if got := Money(320050, "CNY").In(English); got != "CNY 3,200.50" {
		t.Errorf("Money in English = %q", got)
	}
	if got := Money(320050, "USD").In(Chinese); got != "美元 3,200.50" {
		t.Errorf("Money in Chinese = %q", got)
	}
}

// Every synonym of a field names it in every kind that has it: no synonym
// collides with another field's key, label or synonym within a kind.
func TestFieldSynonymsNameTheirField(t *testing.T) {
	for _, k := range ReportSchema().Kinds {
		for _, f := range k.Fields {
			en, zh := CatalogueEntry("synonyms.field." + f.Key)
			for _, name := range strings.FieldsFunc(en+","+zh, func(r rune) bool { return r == ',' || r == '、' }) {
				if got := k.Field(name); got == nil || got.Key != f.Key {
					t.Errorf("%s: %q names %v, not %s", k.Key, name, got, f.Key)
				}
			}
		}
	}
}

func TestFieldNames(t *testing.T) {
	s := ReportSchema()
	tests := []struct{ kind, name, want string }{
		{"sales", "金额", "amount"},
		{"sales", "数量", "units"},
		{"pop", "数量", "quantity"}, // its label: units' synonym is not pop's
		{"sales", "ｕｎｉｔｓ", "units"},
		{"sales", "网点", "outlet"},
		{"outlets", "网点", ""},
		{"region", "营业额", "revenue"},
		{"payment", "回款", "collected"},
		{"customer", "反馈", "note"},
		{"outlets", "新增网点", "new_outlets"},
		{"sales", "颜色", ""},
	}
	for _, tt := range tests {
		got := ""
		if f := s.Kind(tt.kind).Field(tt.name); f != nil {
			got = f.Key
		}
		if got != tt.want {
			t.Errorf("%s: Field(%q) = %q, want %q", tt.kind, tt.name, got, tt.want)
		}
	}
}

func TestUnknownFieldListsNames(t *testing.T) {
	_, err := ReportSchema().Kind("sales").Parse(map[string]string{"units": "1", "颜色": "红"}, ParseContext{Now: now})
	want := "终端销售报告没有“颜色”这个字段。可用字段：门店（outlet）、产品编码（sku）、销量（units）、销售额（amount）、备注（note）。示例：/report sales units=12"
	if got := ErrorMessage(err, Chinese); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestEcho(t *testing.T) {
	tests := []struct{ in, want string }{
		{"short", "short"},
		{strings.Repeat("x", 40), strings.Repeat("x", 40)},
		{strings.Repeat("x", 100_000), strings.Repeat("x", 39) + "…"},
		{strings.Repeat("字", 41), strings.Repeat("字", 39) + "…"},
		{"two\nlines", "two ⏎ lines"},
	}
	for _, tt := range tests {
		if got := Echo(tt.in); got != tt.want {
			t.Errorf("Echo(%.50q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
