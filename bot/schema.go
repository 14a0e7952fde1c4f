package bot

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/fieldloop/fieldloop/value"
)

// Schema is the set of report kinds. One Schema drives inline parsing,
// forms on every platform, validation, storage, exports and digests.
type Schema struct {
	Kinds []*Kind

	index sync.Once
	kinds map[string]*Kind // normalised name → kind
}

// Kind returns the kind named by name (its key or its label in either
// language), or nil.
func (s *Schema) Kind(name string) *Kind {
	s.index.Do(func() {
		s.kinds = map[string]*Kind{}
		for _, k := range s.Kinds {
			for _, n := range append(names(k.Key, k.Label()), k.Aliases...) {
				s.kinds[normName(n)] = k
			}
		}
	})
	return s.kinds[normName(name)]
}

// Keys returns the kinds' keys in order.
func (s *Schema) Keys() []string {
	keys := make([]string, len(s.Kinds))
	for i, k := range s.Kinds {
		keys[i] = k.Key
	}
	return keys
}

// normName folds case and width and drops spaces, dashes and
// underscores, so that "On shelf", "on-shelf", "on_shelf" and "ｏｎ ｓｈｅｌｆ"
// are one name.
func normName(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		r = value.FoldRune(r)
		switch {
		case r == ' ' || r == '-' || r == '_' || r == '\t':
		case r >= 'A' && r <= 'Z':
			b = append(b, byte(r+'a'-'A'))
		case r < 0x80:
			b = append(b, byte(r))
		default:
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
	}
	return string(b)
}

// ReportSchema returns the field report kinds of DESIGN.md. Keys and field
// keys are part of the external contract: exports and integrations use them.
func ReportSchema() *Schema {
	text := func(key string, required bool) Field { return Field{Key: key, Type: TypeText, Required: required} }
	note := Field{Key: "note", Type: TypeLongText}
	return &Schema{Kinds: []*Kind{
		{Key: "display", Aliases: []string{"陈列"}, Fields: []Field{
			text("outlet", true),
			{Key: "facings", Type: TypeInt},
			{Key: "position", Type: TypeChoice, Choices: []string{"eye", "top", "bottom", "endcap", "floor"}},
			{Key: "compliant", Type: TypeYesNo},
			note,
		}},
		{Key: "stock", Aliases: []string{"理货"}, Fields: []Field{
			text("outlet", true),
			text("sku", false),
			{Key: "on_shelf", Type: TypeInt},
			{Key: "out_of_stock", Type: TypeYesNo},
			note,
		}},
		{Key: "pop", Fields: []Field{
			text("material", true),
			{Key: "quantity", Type: TypeInt, Required: true},
			text("outlets", false),
			{Key: "campaign", Type: TypeCampaign},
			note,
		}},
		{Key: "outlets", Aliases: []string{"网点"}, Fields: []Field{
			{Key: "new_outlets", Type: TypeInt, Required: true},
			{Key: "total_outlets", Type: TypeInt},
			{Key: "coverage", Type: TypePercent},
			text("area", false),
			note,
		}},
		{Key: "sales", Aliases: []string{"销售"}, Fields: []Field{
			text("outlet", false),
			text("sku", false),
			{Key: "units", Type: TypeInt, Required: true},
			{Key: "amount", Type: TypeMoney},
			note,
		}},
		{Key: "promo", Aliases: []string{"促销", "促销反馈"}, Fields: []Field{
			{Key: "campaign", Type: TypeCampaign, Required: true},
			text("outlet", false),
			{Key: "response", Type: TypeChoice, Choices: []string{"strong", "ok", "weak"}},
			note,
		}},
		{Key: "region", Aliases: []string{"区域"}, Fields: []Field{
			{Key: "period", Type: TypePeriod, Required: true},
			{Key: "revenue", Type: TypeMoney, Required: true},
			{Key: "highlights", Type: TypeLongText},
			note,
		}},
		{Key: "competitor", Aliases: []string{"竞品"}, Fields: []Field{
			text("brand", true),
			{Key: "activity", Type: TypeChoice, Choices: []string{"price_cut", "promotion", "new_product", "display", "other"}},
			{Key: "price", Type: TypeMoney},
			text("outlet", false),
			note,
		}},
		{Key: "customer", Aliases: []string{"客户"}, Fields: []Field{
			text("customer", true),
			{Key: "sentiment", Type: TypeChoice, Choices: []string{"positive", "neutral", "negative"}},
			text("topic", false),
			{Key: "note", Type: TypeLongText, Required: true},
		}},
		{Key: "payment", Aliases: []string{"回款"}, Fields: []Field{
			text("customer", true),
			{Key: "due", Type: TypeMoney, Required: true},
			{Key: "collected", Type: TypeMoney},
			{Key: "due_date", Type: TypeDate},
			note,
		}},
	}}
}

// KindForm returns the first form of a bare /report: which kind to file.
// Submitting it (Options["kind"]) runs command again, which then answers
// with that kind's form.
func (s *Schema) KindForm(lang Lang, command string) *Form {
	ff := FormField{Key: "kind", Label: T("form.kind").In(lang), Input: InputChoice, Required: true, Reload: true}
	for _, k := range s.Kinds {
		ff.Choices = append(ff.Choices, Choice{Value: k.Key, Label: k.Label().In(lang)})
	}
	return &Form{ID: "report:kind", Title: T("form.report.title").In(lang), Command: command,
		Submit: T("form.next").In(lang), Cancel: T("form.close").In(lang), Fields: []FormField{ff}}
}
