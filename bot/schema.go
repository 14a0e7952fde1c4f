package bot

import (
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Field is one field of a report kind. Its labels, hint and example come
// from the catalogue under "field.KEY", "hint.KEY" and "example.KEY";
// choice labels under "choice.KEY.VALUE".
type Field struct {
	Key      string
	Type     Type
	Required bool
	Choices  []string // for TypeChoice
}

// Label returns the field's catalogue label.
func (f *Field) Label() Text { return T("field." + f.Key) }

// ChoiceLabel returns the catalogue label of one of the field's choices.
func (f *Field) ChoiceLabel(value string) Text { return T("choice." + f.Key + "." + value) }

// Example returns a value that the field accepts, in lang.
func (f *Field) Example(lang Lang) string {
	if HasText("example." + f.Key) {
		return T("example." + f.Key).In(lang)
	}
	switch f.Type {
	case TypeInt:
		return "12"
	case TypeMoney:
		return "3,200.50"
	case TypePercent:
		return "45%"
	case TypeYesNo:
		return T("example.yes").In(lang)
	case TypeChoice:
		return f.Choices[0]
	case TypeDate:
		return "2026-12-31"
	case TypePeriod:
		return "2026-Q4"
	case TypeCampaign:
		return "3"
	}
	return T("example.text").In(lang)
}

// Kind is a kind of field report: a stable key, catalogue labels under
// "kind.KEY", and at most MaxFields fields (so that one modal holds the
// whole form on every platform).
type Kind struct {
	Key    string
	Fields []Field
	// Aliases are short names users may type for the kind, such as 销售
	// for sales: the full Chinese labels are long to type on a phone.
	Aliases []string

	index   sync.Once
	fields  map[string]*Field            // normalised name → field
	choices map[string]map[string]string // field key → normalised name → choice
}

// MaxFields is the most fields a kind may have: the smallest modal of the
// platforms we speak holds five inputs.
const MaxFields = 5

// Label returns the kind's catalogue label.
func (k *Kind) Label() Text { return T("kind." + k.Key) }

// Field returns the field named by name (its key or its label in either
// language, ignoring case, spaces, dashes and underscores), or nil.
func (k *Kind) Field(name string) *Field {
	k.index.Do(k.buildIndex)
	return k.fields[normName(name)]
}

// buildIndex maps every name of a field or choice, in both languages, once:
// lookups run on every command, labels do not change.
func (k *Kind) buildIndex() {
	k.fields = map[string]*Field{}
	k.choices = map[string]map[string]string{}
	for i := range k.Fields {
		f := &k.Fields[i]
		for _, n := range names(f.Key, f.Label()) {
			k.fields[n] = f
		}
		if len(f.Choices) == 0 {
			continue
		}
		m := map[string]string{}
		for _, c := range f.Choices {
			for _, n := range names(c, f.ChoiceLabel(c)) {
				m[n] = c
			}
		}
		k.choices[f.Key] = m
	}
}

// names returns the normalised names a thing answers to: its key and its
// label in each language.
func names(key string, label Text) []string {
	return []string{normName(key), normName(label.In(English)), normName(label.In(Chinese))}
}

// HasField reports whether the kind has a field with key key.
func (k *Kind) HasField(key string) bool {
	return slices.ContainsFunc(k.Fields, func(f Field) bool { return f.Key == key })
}

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

// normName folds case and drops spaces, dashes and underscores, so that
// "On shelf", "on-shelf" and "on_shelf" are one name.
func normName(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
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
