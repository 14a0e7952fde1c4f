package bot

import (
	"strings"

	"github.com/fieldloop/fieldloop/value"
)

// What people type never looks like the bot's own lines: a bot post
// that shows user text either keeps it on the line it belongs to
// (FoldLines), or sets each of its lines apart (QuoteLines). A note
// cannot then carry a line that reads like another report in
// marketing's feed. Each adapter escapes its own platform's markup
// besides.

// lineMark stands for a line break inside folded user text.
const lineMark = " ⏎ "

// quoteMark starts each line of quoted user text.
const quoteMark = "┃ "

// FoldLines puts user text on one line, marking its line breaks.
func FoldLines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), lineMark)
}

// QuoteLines sets user text apart: each of its lines starts with a
// quote mark, on every platform alike.
func QuoteLines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return quoteMark + strings.ReplaceAll(s, "\n", "\n"+quoteMark)
}

// Echo is what a person typed, as a message quotes it back: on one line,
// and cut to value.ShortLen characters with "…" when it is longer. Every
// message that quotes the user's input (“%[1]s”) is given it through Echo.
func Echo(s string) string { return value.Short(FoldLines(s)) }
