package value

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Fold puts what a person typed into the form the parsers read, and is
// where every value parser starts: Chinese input methods type digits,
// letters and punctuation in their full-width forms (１２０, ，, ：), which
// Unicode width folding turns into ASCII; the spaces that do not break a
// line (U+00A0, U+202F, and the figure and thin spaces), which spreadsheets
// put between thousands, become plain spaces; and the ends are trimmed.
func Fold(s string) string {
	return strings.TrimSpace(strings.Map(FoldRune, s))
}

// FoldRune folds one character as Fold does: "，" is ",", "＝" is "=".
func FoldRune(r rune) rune {
	switch r {
	case '\u00a0', '\u202f', '\u2007', '\u2009':
		return ' '
	}
	if f := width.LookupRune(r).Folded(); r >= 0x80 && f != 0 {
		return f
	}
	return r
}

// ShortLen is the most characters of what a person typed that a message
// quotes back: enough to recognise it, never a wall of text.
const ShortLen = 40

// Short cuts s to ShortLen characters, ending it with "…" when it was
// longer.
func Short(s string) string {
	if utf8.RuneCountInString(s) <= ShortLen {
		return s
	}
	return string([]rune(s)[:ShortLen-1]) + "…"
}
