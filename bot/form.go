package bot

import (
	"strconv"

	"github.com/fieldloop/fieldloop/value"
)

// Form returns the form that files a report of kind k, in lang, with
// initial values (field key → text as the user would type it) and the
// command line its submission runs.
func (k *Kind) Form(lang Lang, command string, values map[string]string) *Form {
	form := &Form{
		ID:      "report:" + k.Key,
		Title:   k.Label().In(lang),
		Command: command,
		Submit:  T("form.submit").In(lang),
		Cancel:  T("form.close").In(lang),
	}
	for i := range k.Fields {
		form.Fields = append(form.Fields, k.Fields[i].formField(lang, values[k.Fields[i].Key]))
	}
	return form
}

func (f *Field) formField(lang Lang, current string) FormField {
	ff := FormField{
		Key:      f.Key,
		Label:    f.Label().In(lang),
		Hint:     T("form.hint.example", f.Example(lang)).In(lang),
		Required: f.Required,
		Value:    current,
		Input:    InputText,
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

// Raw returns fields as the user would type them, for prefilling an edit
// form or re-parsing after an edit.
func (k *Kind) Raw(fields map[string]Value) map[string]string {
	raw := make(map[string]string, len(fields))
	for i := range k.Fields {
		f := &k.Fields[i]
		if v, ok := fields[f.Key]; ok {
			raw[f.Key] = f.ExportString(v)
		}
	}
	return raw
}

// FormatID renders a record id as users type it: "#42".
func FormatID(id uint64) string { return "#" + strconv.FormatUint(id, 10) }

// ParseID reads "#42" or "42".
func ParseID(s string) (uint64, bool) {
	n, err := strconv.ParseUint(trimHash(s), 10, 64)
	return n, err == nil && n > 0
}

func trimHash(s string) string {
	if len(s) > 0 && (s[0] == '#' || s[0] == '@') {
		return s[1:]
	}
	return s
}
