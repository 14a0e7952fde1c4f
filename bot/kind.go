package bot

import (
	"maps"
	"slices"
	"strings"
	"sync"
)

// Kind is a kind of field report: a stable key, catalogue labels under
// "kind.KEY", and at most MaxFields fields (so that one modal holds the
// whole form on every platform).
type Kind struct {
	Key    string
	Fields []Field
	// Aliases are short names users may type for the kind, such as 销售
	// for sales: the full Chinese labels are long to type on a phone.
	Aliases []string

	index  sync.Once
	fields map[string]*Field // normalised name → field
}

// MaxFields is the most fields a kind may have: the smallest modal of the
// platforms we speak holds five inputs.
const MaxFields = 5

// Label returns the kind's catalogue label.
func (k *Kind) Label() Text { return T("kind." + k.Key) }

// Field returns the field named by name (its key, its label in either
// language or one of its synonyms, ignoring case, width, spaces, dashes
// and underscores), or nil.
func (k *Kind) Field(name string) *Field {
	k.index.Do(k.buildIndex)
	return k.fields[normName(name)]
}

// buildIndex maps every name of every field once: lookups run on every
// command, labels do not change.
func (k *Kind) buildIndex() {
	k.fields = map[string]*Field{}
	for name, key := range newNameIndex("field.", k.keys()) {
		k.fields[name] = k.field(key)
	}
}

// keys returns the keys of the kind's fields, in order.
func (k *Kind) keys() []string {
	keys := make([]string, len(k.Fields))
	for i, f := range k.Fields {
		keys[i] = f.Key
	}
	return keys
}

// field returns the field with key key, or nil.
func (k *Kind) field(key string) *Field {
	for i := range k.Fields {
		if k.Fields[i].Key == key {
			return &k.Fields[i]
		}
	}
	return nil
}

// HasField reports whether the kind has a field with key key.
func (k *Kind) HasField(key string) bool { return k.field(key) != nil }

// FieldErrors is the list of problems with one submission, one per field,
// so that a form can show each next to its input.
type FieldErrors []*Error

func (e FieldErrors) Error() string {
	msgs := make([]string, len(e))
	for i, err := range e {
		msgs[i] = err.Error()
	}
	return strings.Join(msgs, "\n")
}

// Parse reads a whole submission of kind k: raw maps field keys to what the
// user typed. Every problem is reported (as FieldErrors, in field order),
// so that the user can fix them all at once; nothing partial is returned.
func (k *Kind) Parse(raw map[string]string, pc ParseContext) (map[string]Value, error) {
	fields := make(map[string]Value, len(raw))
	var errs FieldErrors
	for i := range k.Fields {
		f := &k.Fields[i]
		v, err := f.Parse(raw[f.Key], pc)
		switch {
		case err != nil && strings.TrimSpace(raw[f.Key]) != "":
			errs = append(errs, err.(*Error))
		case err != nil || (v == Value{} && (f.Type == TypeText || f.Type == TypeLongText)):
			// Not given, or nothing left once cleaned.
			if f.Required {
				errs = append(errs, FieldError(f.Key, "error.value.required", f.Name(), f.Key, f.quotedExample))
			}
		default:
			fields[f.Key] = v
		}
	}
	unknown := slices.Sorted(maps.Keys(raw))
	for _, key := range unknown {
		if !k.HasField(key) {
			errs = append(errs, k.unknownField(key))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return fields, nil
}

func (k *Kind) unknownField(name string) *Error {
	return FieldError(name, "error.field.unknown", k.Label(), Echo(name), NameList("field.", k.keys()), k.Key, k.Example)
}

// Example returns an inline command line that files a valid report of kind
// k with its required fields: "units=12".
func (k *Kind) Example(lang Lang) string {
	var parts []string
	for _, f := range k.Fields {
		if f.Required {
			parts = append(parts, f.Key+"="+quoteIfNeeded(f.Example(lang)))
		}
	}
	return strings.Join(parts, " ")
}

// Summary renders a report's fields on one line, in field order: "Outlet:
// Carrefour · Units: 12".
func (k *Kind) Summary(fields map[string]Value, lang Lang) string {
	var parts []string
	for i := range k.Fields {
		f := &k.Fields[i]
		if v, ok := fields[f.Key]; ok {
			parts = append(parts, T("summary.pair", f.Label(), FoldLines(f.Display(v, lang))).In(lang))
		}
	}
	return strings.Join(parts, " · ")
}

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
