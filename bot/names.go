package bot

import "strings"

// What people may type for a thing that has a key and a catalogue label
// (a report field, a choice, a command's option, a campaign kind): the key,
// the label in either language, and its synonyms, which the catalogue lists
// once under "synonyms." and the label's key ("synonyms.field.amount": 金额,
// 销售金额), separated by commas or 、. Case, width, spaces, dashes and
// underscores do not matter (see normName).

// synonymsPrefix starts the catalogue keys of synonyms.
const synonymsPrefix = "synonyms."

// nameIndex maps normalised names to the keys they name.
type nameIndex map[string]string

// newNameIndex indexes keys by their names; labels is the catalogue
// prefix of their labels ("field."). A key or a label always wins over a
// synonym, and a synonym that would name two of the keys names neither.
func newNameIndex(labels string, keys []string) nameIndex {
	idx := nameIndex{}
	ambiguous := map[string]bool{}
	for _, key := range keys {
		for _, n := range synonyms(labels + key) {
			if other, dup := idx[n]; dup && other != key {
				ambiguous[n] = true
			}
			idx[n] = key
		}
	}
	for n := range ambiguous {
		delete(idx, n)
	}
	for _, key := range keys {
		for _, n := range names(key, T(labels+key)) {
			idx[n] = key
		}
	}
	return idx
}

// names returns the normalised names a thing answers to before its
// synonyms: its key and its label in each language.
func names(key string, label Text) []string {
	out := []string{normName(key)}
	if HasText(label.Key) {
		out = append(out, normName(label.In(English)), normName(label.In(Chinese)))
	}
	return out
}

// synonyms returns the normalised synonyms the catalogue lists for the
// thing labelled labelKey, in both languages.
func synonyms(labelKey string) []string {
	en, zh := CatalogueEntry(synonymsPrefix + labelKey)
	var out []string
	for _, s := range strings.FieldsFunc(en+","+zh, func(r rune) bool { return r == ',' || r == '、' }) {
		if n := normName(s); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// Match returns which of keys the name s names: a key itself, its label
// (the catalogue's labels+KEY) in either language, or one of its
// synonyms; "" when it names none.
func Match(s, labels string, keys []string) string {
	return newNameIndex(labels, keys)[normName(s)]
}

// NameList lists keys as people may type them, in the reader's language:
// a key's label followed by the key where the two read differently
// ("门店（outlet）"), else the key alone, joined as the language joins a
// list.
func NameList(labels string, keys []string) func(Lang) string {
	return func(lang Lang) string {
		parts := make([]string, len(keys))
		for i, key := range keys {
			parts[i] = key
			if l := T(labels + key); HasText(l.Key) && normName(l.In(lang)) != normName(key) {
				parts[i] = T("field.name", l, key).In(lang)
			}
		}
		return JoinList(lang, parts)
	}
}
