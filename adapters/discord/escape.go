package discord

import (
	"strings"
	"unicode"
)

// escapeMarkdown makes text show as written on Discord: every character
// that Discord's markdown gives a meaning to is escaped with a backslash,
// so that text typed by a user cannot become a link ("[price
// list](https://…)"), a heading ("# URGENT"), a quote, a list, a mention
// or emphasis inside a post of the bot's. fieldloop's own texts use no
// markdown, so the whole message is escaped. Addresses (http://, https://)
// are left whole: Discord links them as they are, and a backslash would
// break them.
func escapeMarkdown(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	lineStart := true
	for i := 0; i < len(s); {
		if n := urlAt(s[i:]); n > 0 {
			b.WriteString(s[i : i+n])
			i, lineStart = i+n, false
			continue
		}
		c := s[i]
		mark := -1
		if lineStart {
			mark = lineMark(s[i:])
		}
		switch {
		case strings.IndexByte(`\*_~`+"`"+`|[]<`, c) >= 0:
			b.WriteByte('\\')
		case mark == 0:
			b.WriteByte('\\') // a heading, a quote or a list item
		case mark > 0:
			// "1. item" is a numbered list: escape its dot.
			b.WriteString(s[i:i+mark] + `\`)
			i, lineStart = i+mark, false
			continue
		}
		b.WriteByte(c)
		switch {
		case c == '\n':
			lineStart = true
		case c == ' ' || c == '\t':
			// Indentation keeps a line's markdown meaning.
		default:
			lineStart = false
		}
		i++
	}
	return b.String()
}

// lineMark returns where a backslash keeps s, at the start of a line,
// from being markdown: before the mark of a heading, a quote or a list
// item (0), or before the dot of a numbered item ("12. item"); -1 when s
// starts with none.
func lineMark(s string) int {
	if s != "" && strings.IndexByte("#>-+", s[0]) >= 0 {
		return 0
	}
	j := 0
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j > 0 && j < len(s) && (s[j] == '.' || s[j] == ')') {
		return j
	}
	return -1
}

// escapeLineStart escapes the line-start markdown of escaped text that
// now starts a line (the next part of a split message): a mark that was
// harmless in the middle of a line ("price - 10%", "see 12. below").
func escapeLineStart(s string) string {
	indent := len(s) - len(strings.TrimLeft(s, " \t"))
	if j := lineMark(s[indent:]); j >= 0 {
		return s[:indent+j] + `\` + s[indent+j:]
	}
	return s
}

// urlAt returns the length of the address at the start of s, 0 if none.
func urlAt(s string) int {
	if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
		return 0
	}
	end := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '<' || r == '>' })
	if end < 0 {
		return len(s)
	}
	return end
}
