package bot

import (
	"strings"
	"unicode"
)

// Chinese text puts a space between a Chinese character and a Latin word
// or a number ("查看 Alice Wang 的报告", "East China 区域"), as zh-CN
// software writes it. The catalogue's own formats are written so; the
// space an argument needs depends on what it turns out to be (陈静 takes
// none, Alice Wang does), so Text.In marks where each string argument
// begins and ends and spaceArgs puts in the space that is missing there,
// never inside an argument: what a user wrote is shown as written.
const (
	argStart = '\uE000' // private-use characters: no text has them
	argEnd   = '\uE001'
)

// markArgs returns args with each string between argStart and argEnd.
func markArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if s, ok := a.(string); ok {
			s = strings.Map(func(r rune) rune {
				if r == argStart || r == argEnd {
					return -1
				}
				return r
			}, s)
			a = string(argStart) + s + string(argEnd)
		}
		out[i] = a
	}
	return out
}

// spaceArgs removes the marks of markArgs, with a space where a mark
// stands between a Chinese character and a letter or digit.
func spaceArgs(s string) string {
	if !strings.ContainsRune(s, argStart) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	var last rune // the last rune written
	runes := []rune(s)
	for i, r := range runes {
		if r != argStart && r != argEnd {
			b.WriteRune(r)
			last = r
			continue
		}
		next := rune(0)
		for _, n := range runes[i+1:] {
			if n != argStart && n != argEnd {
				next = n
				break
			}
		}
		if han(last) && latin(next) || latin(last) && han(next) {
			b.WriteByte(' ')
			last = ' '
		}
	}
	return b.String()
}

func han(r rune) bool { return unicode.Is(unicode.Han, r) }

// latin is a letter or digit of ASCII, or the # of an id (#12).
func latin(r rune) bool {
	return r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '#')
}
