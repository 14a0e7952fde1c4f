package value

import (
	"regexp"
	"slices"
	"strings"
)

// DefaultCurrency is the currency of an organisation that names none.
const DefaultCurrency = "CNY"

// currencies are the currencies fieldloop knows, by ISO 4217 code, each
// with the marks people write beside an amount in it: symbols, codes and
// Chinese names. A mark that several currencies write ($ for the dollars,
// ¥ for the yuan and the yen) names none of them: an amount marked so is
// read in the organisation's own currency. Full-width marks (￥, ＄) fold
// to these.
var currencies = []struct {
	code  string
	marks []string
}{
	{"CNY", []string{"¥", "元", "块", "RMB", "CNY", "人民币"}},
	{"USD", []string{"$", "US$", "USD", "美元", "美金"}},
	{"EUR", []string{"€", "EUR", "欧元"}},
	{"GBP", []string{"£", "GBP", "英镑"}},
	{"JPY", []string{"¥", "JP¥", "JPY", "日元", "円"}},
	{"HKD", []string{"$", "HK$", "HKD", "港元", "港币"}},
	{"TWD", []string{"$", "NT$", "TWD", "新台币"}},
	{"SGD", []string{"$", "S$", "SGD", "新加坡元", "新币"}},
	{"AUD", []string{"$", "A$", "AUD", "澳元"}},
	{"CAD", []string{"$", "C$", "CAD", "加元", "加币"}},
	{"KRW", []string{"₩", "KRW", "韩元"}},
	{"CHF", []string{"CHF", "瑞士法郎"}},
}

// Currencies returns the ISO 4217 codes of the currencies fieldloop
// knows, the default first.
func Currencies() []string {
	codes := make([]string, len(currencies))
	for i, c := range currencies {
		codes[i] = c.code
	}
	return codes
}

// KnownCurrency reports whether code is the ISO 4217 code (upper case) of
// a currency fieldloop knows.
func KnownCurrency(code string) bool { return slices.Contains(Currencies(), code) }

// CurrencyOf returns the ISO 4217 code of the currency that mark (a
// symbol, code or Chinese name, such as RMB, € or 美元) names, or "" when
// it names none or several.
func CurrencyOf(mark string) string {
	code, _ := markCurrency(Fold(mark))
	return code
}

// markCurrency returns the currency that mark names: its code, "" for a
// mark that several currencies write, and ok false for no mark at all.
// Codes match in any case (rmb is RMB).
func markCurrency(mark string) (code string, ok bool) {
	for _, c := range currencies {
		if slices.ContainsFunc(c.marks, func(m string) bool { return strings.EqualFold(m, mark) }) {
			if ok {
				return "", true // written by a second currency too
			}
			code, ok = c.code, true
		}
	}
	return code, ok
}

// marks lists every mark of every currency, longest first, so that US$
// is found before $ and 美元 before 元.
var marks = func() []string {
	var all []string
	for _, c := range currencies {
		all = append(all, c.marks...)
	}
	slices.SortStableFunc(all, func(a, b string) int { return len(b) - len(a) })
	return slices.Compact(all)
}()

// unmark takes the currency marks off an amount, one before the number and
// one after, each with the spaces beside it: "RMB 3 200" → "3 200",
// "3.2万元" → "3.2万". named lists the currencies the marks name.
func unmark(s string) (num string, named []string) {
	s, named = cutMark(s, named, atStart)
	return cutMark(s, named, atEnd)
}

// atStart and atEnd cut mark off the start or the end of s, in any case.
func atStart(s, mark string) (string, bool) {
	return s[len(mark):], strings.EqualFold(s[:len(mark)], mark)
}

func atEnd(s, mark string) (string, bool) {
	return s[:len(s)-len(mark)], strings.EqualFold(s[len(s)-len(mark):], mark)
}

// cutMark takes off s the longest mark that cut finds at its end, adding
// the currency it names to named.
func cutMark(s string, named []string, cut func(s, mark string) (rest string, ok bool)) (string, []string) {
	for _, m := range marks {
		if len(s) <= len(m) {
			continue
		}
		if rest, ok := cut(s, m); ok {
			if code, _ := markCurrency(m); code != "" {
				named = append(named, code)
			}
			return strings.TrimSpace(rest), named
		}
	}
	return s, named
}

// maxNumberLen is the most bytes of a number with its marks that
// ContinuesNumber extends: a trillion in cents, grouped, with a code.
const maxNumberLen = 40

// Thousands grouped with spaces, so far, and the next group.
var (
	groupedSoFar = regexp.MustCompile(`^\d{1,3}( \d{3})*$`)
	nextGroup    = regexp.MustCompile(`^\d{3}([^\d=][^=]*)?$`)
)

// ContinuesNumber reports whether next, a word typed after a space, is
// the next group of thousands of the amount or number sofar: "200" after
// "3" or "¥3", "000.50" after "1 200". An argument lexer keeps such words
// together, so that "3 200" is one number and never a number and a note.
func ContinuesNumber(sofar, next string) bool {
	if len(sofar) > maxNumberLen {
		return false // no amount is that long; and a line of groups stays linear
	}
	_, num := cutMinus(Fold(sofar))
	num, _ = cutMark(num, nil, atStart)
	return groupedSoFar.MatchString(num) && nextGroup.MatchString(Fold(next))
}

// ForeignCurrency returns the currency, other than currency (the
// organisation's; "" for the default), that the amount s is marked in:
// "EUR" for "€200" in a CNY organisation, "" for "¥200", "$200" or "200".
func ForeignCurrency(s, currency string) string {
	if currency == "" {
		currency = DefaultCurrency
	}
	_, rest := cutMinus(Fold(s))
	_, named := unmark(rest)
	for _, code := range named {
		if code != currency {
			return code
		}
	}
	return ""
}

// Money reads an amount in currency (the organisation's; "" for the
// default): "3200", "3,200.50", "3 200", "¥3200", "3200元", "RMB 3200",
// "3.2万" (ten thousands, as Chinese sales teams write it; also 千 and
// 亿). The result is in minor units. An amount marked in another currency
// ("€200", "US$200") is Foreign: see ForeignCurrency.
func Money(s, currency string) (int64, Result) {
	if ForeignCurrency(s, currency) != "" {
		return 0, Foreign
	}
	minus, rest := cutMinus(Fold(s))
	num, _ := unmark(rest)
	return amount(minus + num)
}

// cutMinus takes a leading minus sign off s, so that "-¥5" is read as a
// negative amount rather than as no amount.
func cutMinus(s string) (minus, rest string) {
	for _, m := range []string{"-", "−"} {
		if r, ok := strings.CutPrefix(s, m); ok {
			return "-", strings.TrimSpace(r)
		}
	}
	return "", s
}

// multipliers are the Chinese words for large round numbers, and the
// fraction digits each allows beyond the two of whole cents: 3.2万 is
// 32,000.00, that is 3.2 × 10^6 minor units.
var multipliers = []struct {
	word  string
	zeros int
}{{"千", 3}, {"万", 4}, {"亿", 8}}

// amount reads a number of money without its currency marks.
func amount(s string) (int64, Result) {
	if negative(s, amount) {
		return 0, Negative
	}
	for _, m := range multipliers {
		if w, ok := strings.CutSuffix(s, m.word); ok {
			return Decimal(strings.TrimSpace(w), 2+m.zeros, MaxMoneyMinor)
		}
	}
	return Decimal(s, 2, MaxMoneyMinor)
}
