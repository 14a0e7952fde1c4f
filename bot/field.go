package bot

import (
	"strconv"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/value"
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

// Name returns how messages name the field: its label and, in brackets,
// the key the user types ("Units (units)").
func (f *Field) Name() Text { return T("field.name", f.Label(), f.Key) }

// Parse reads what the user typed for f. An empty string is "not given"
// and is the caller's concern (see Kind.Parse).
func (f *Field) Parse(raw string, pc ParseContext) (Value, error) {
	s := strings.TrimSpace(raw)
	switch f.Type {
	case TypeText, TypeLongText:
		s = value.CleanText(raw, f.Type == TypeLongText)
		if limit := f.MaxLen(); len([]rune(s)) > limit {
			return Value{}, f.err("error.value.too_long", limit)
		}
		return Value{Text: s}, nil
	case TypeInt:
		return f.number(value.Int(s))("error.value.int", f.Example)
	case TypeMoney:
		return f.money(s, pc)
	case TypePercent:
		return f.number(value.Percent(s))("error.value.percent")
	case TypeYesNo:
		if n, ok := value.YesNo(s); ok {
			return Value{Num: n}, nil
		}
		return Value{}, f.err("error.value.yesno")
	case TypeChoice:
		if c := f.choice(s); c != "" {
			return Value{Text: c}, nil
		}
		return Value{}, f.err("error.value.choice", f.choiceList)
	case TypeDate:
		if d, ok := value.Date(s, pc.Now); ok {
			return Value{Text: d}, nil
		}
		return Value{}, f.err("error.value.date")
	case TypePeriod:
		if p, ok := value.ParsePeriod(s); ok {
			return Value{Text: p}, nil
		}
		return Value{}, f.err("error.value.period")
	case TypeCampaign:
		id, ok := ParseID(s)
		if !ok {
			return Value{}, f.err("error.value.campaign")
		}
		return Value{Text: strconv.FormatUint(id, 10)}, nil
	}
	return Value{}, f.err("error.value.text")
}

// money reads an amount in the organisation's currency; one marked in
// another currency is refused with a message that names both.
func (f *Field) money(s string, pc ParseContext) (Value, error) {
	if code := value.ForeignCurrency(s, pc.currency()); code != "" {
		return Value{}, f.err("error.value.currency", Echo(s), T("currency."+code), T("currency."+pc.currency()), f.Key)
	}
	return f.number(value.Money(s, pc.currency()))("error.value.money")
}

// number turns the outcome of reading a number into a Value, or into the
// error that fits: the field's own message for a malformed number, a
// "too large" one for a number beyond the limits.
func (f *Field) number(n int64, res value.Result) func(key string, args ...any) (Value, error) {
	return func(key string, args ...any) (Value, error) {
		switch res {
		case value.OK:
			return Value{Num: n}, nil
		case value.TooBig:
			return Value{}, f.err("error.value.too_big")
		case value.Negative:
			return Value{}, f.err("error.value.negative")
		}
		return Value{}, f.err(key, args...)
	}
}

func (f *Field) err(key string, args ...any) *Error {
	return FieldError(f.Key, key, append([]any{f.Name()}, args...)...)
}

// MaxLen is the most characters a text field takes.
func (f *Field) MaxLen() int {
	if f.Type == TypeLongText {
		return value.MaxLongTextLen
	}
	return value.MaxTextLen
}

// choice finds the choice s names: its value, its label in either
// language or a synonym, ignoring case, width, spaces and dashes ("price
// cut" is price_cut).
func (f *Field) choice(s string) string { return Match(s, "choice."+f.Key+".", f.Choices) }

// choiceList lists the choices as users may type them: the value, and its
// label in lang where that reads differently ("price_cut (降价)").
func (f *Field) choiceList(lang Lang) string {
	parts := make([]string, len(f.Choices))
	for i, c := range f.Choices {
		parts[i] = c
		if l := f.ChoiceLabel(c).In(lang); normName(l) != normName(c) {
			parts[i] = T("choice.item", c, l).In(lang)
		}
	}
	return JoinList(lang, parts)
}

// Display renders v for people, in lang.
func (f *Field) Display(v Value, lang Lang) string {
	switch f.Type {
	case TypeInt:
		return value.GroupThousands(v.Num)
	case TypeMoney:
		return value.FormatMoney(v.Num)
	case TypePercent:
		return value.FormatPercent(v.Num)
	case TypeYesNo:
		if v.Num != 0 {
			return T("value.yes").In(lang)
		}
		return T("value.no").In(lang)
	case TypeChoice:
		return f.ChoiceLabel(v.Text).In(lang)
	case TypeCampaign:
		return "#" + v.Text
	}
	return v.Text
}

// Export renders v for machines: a JSON value that keeps exact decimals
// (money is a string such as "3200.50", never a float).
func (f *Field) Export(v Value) any {
	switch f.Type {
	case TypeInt:
		return v.Num
	case TypeMoney:
		return value.DecimalString(v.Num, 2)
	case TypePercent:
		return jsonNumber(value.TrimZeros(value.DecimalString(v.Num, 2)))
	case TypeYesNo:
		return v.Num != 0
	}
	return v.Text
}

// ExportString renders v as one CSV cell.
func (f *Field) ExportString(v Value) string {
	switch x := f.Export(v).(type) {
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case jsonNumber:
		return string(x)
	case string:
		return x
	}
	return ""
}

// jsonNumber is a decimal written as a JSON number without a float.
type jsonNumber string

// MarshalJSON writes the number as is.
func (n jsonNumber) MarshalJSON() ([]byte, error) { return []byte(n), nil }

// quotedExample is the field's example as it must be typed inline.
func (f *Field) quotedExample(lang Lang) string { return quoteIfNeeded(f.Example(lang)) }

func quoteIfNeeded(s string) string {
	if strings.ContainsAny(s, " \t") {
		return `"` + s + `"`
	}
	return s
}

func (f *Field) formField(lang Lang, current string) FormField {
	ff := FormField{
		Key:      f.Key,
		Label:    f.Label().In(lang),
		Hint:     T("form.hint.example", f.Example(lang)).In(lang),
		Required: f.Required,
		Value:    current,
		Input:    InputText,
		Check: func(answer string, now time.Time) string {
			if _, err := f.Parse(answer, ParseContext{Now: now}); err != nil {
				return ErrorMessage(err, lang)
			}
			return ""
		},
	}
	switch f.Type {
	case TypeLongText:
		ff.Input, ff.MaxLen = InputLongText, value.MaxLongTextLen
	case TypeText, TypeCampaign:
		ff.MaxLen = value.MaxTextLen
	case TypeInt:
		ff.Input, ff.Min, ff.Max = InputInteger, 0, value.MaxInt
	case TypeMoney:
		ff.Input, ff.Hint = InputDecimal, T("form.hint.money").In(lang)
	case TypePercent:
		ff.Input, ff.Min, ff.Max = InputDecimal, 0, 100
	case TypeChoice:
		ff.Input, ff.Hint = InputChoice, ""
		for _, c := range f.Choices {
			ff.Choices = append(ff.Choices, Choice{Value: c, Label: f.ChoiceLabel(c).In(lang)})
		}
	case TypeYesNo:
		ff.Input, ff.Hint = InputChoice, ""
		ff.Choices = []Choice{{Value: "yes", Label: T("value.yes").In(lang)}, {Value: "no", Label: T("value.no").In(lang)}}
	case TypeDate:
		ff.Input = InputDate
	case TypePeriod:
		ff.Hint = T("form.hint.period").In(lang)
	}
	return ff
}

// Money renders an amount in minor units with its currency, an ISO 4217
// code: "CNY 3,200.50" in English, "人民币 3,200.50" in Chinese.
func Money(minor int64, currency string) Text {
	return T("money.amount", value.FormatMoney(minor), T("currency."+currency))
}
