package discord

import (
	"regexp"
	"strings"
	"testing"
)

// Text typed by a user shows as written: no links, headings, quotes,
// lists, mentions or emphasis of its own; addresses stay whole.
func TestEscapeMarkdown(t *testing.T) {
	cases := []struct{ in, want string }{
		{"[Official price list](https://evil.example)", `\[Official price list\](https://evil.example)`},
		{"# URGENT\nbuy now", "\\# URGENT\nbuy now"},
		{"> quoted\n- item\n+ item\n1. first", "\\> quoted\n\\- item\n\\+ item\n1\\. first"},
		{"**bold** _it_ ~~x~~ `code` ||spoiler||", `\*\*bold\*\* \_it\_ \~\~x\~\~ \` + "`code\\`" + ` \|\|spoiler\|\|`},
		{"hi <@123456789012345678> and <#1>", `hi \<@123456789012345678> and \<#1>`},
		{"a - b > c # d", "a - b > c # d"}, // only at a line's start
		{"  # indented", "  \\# indented"},
		{"see https://fl.example.com/calendar/east.ics?token=ab_cd-EF*x now", "see https://fl.example.com/calendar/east.ics?token=ab_cd-EF*x now"},
		{`back\slash`, `back\\slash`},
		{"2026-12-01 · 3,200.50 · 销售额", "2026-12-01 · 3,200.50 · 销售额"},
	}
	for _, c := range cases {
		if got := escapeMarkdown(c.in); got != c.want {
			t.Errorf("escapeMarkdown(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// A long message is never cut between a backslash and what it escapes,
// whatever escaped backslashes come before it, and no part starts with
// markdown that the text had in the middle of a line (the cut makes a
// new message, so a new line start).
func TestSplitKeepsEscapes(t *testing.T) {
	var texts []string
	for k := range 5 {
		texts = append(texts, strings.Repeat("a", maxContent-k)+`\*b`, strings.Repeat("a", maxContent-k)+`\\_b`)
	}
	for _, md := range []string{"- item", "# heading", "> quote", "+ item", "12. item", "3) item", "  - indented"} {
		texts = append(texts, strings.Repeat("x", maxContent-1)+" "+md)
	}
	for _, text := range texts {
		parts := split(escapeMarkdown(text))
		if len(parts) < 2 {
			t.Fatalf("%q…: not split", text[len(text)-12:])
		}
		for i, part := range parts {
			if n := len(part) - len(strings.TrimRight(part, `\`)); n%2 == 1 {
				t.Errorf("%q…: part %d ends in a lone backslash: …%q", text[len(text)-12:], i, part[max(0, len(part)-10):])
			}
			if i > 0 && lineMarkdown.MatchString(part) {
				t.Errorf("%q…: part %d starts with markdown: %q", text[len(text)-12:], i, part[:min(len(part), 12)])
			}
			if length(part) > maxContent {
				t.Errorf("part %d has %d characters", i, length(part))
			}
		}
	}
}

// lineMarkdown is what makes a heading, a quote or a list at a line's
// start.
var lineMarkdown = regexp.MustCompile(`^[ \t]*([#>+-]|[0-9]+[.)])`)
