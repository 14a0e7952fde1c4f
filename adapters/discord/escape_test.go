package discord

import (
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

// A long message is never cut between a backslash and what it escapes.
func TestSplitKeepsEscapes(t *testing.T) {
	text := escapeMarkdown(strings.Repeat("a", maxContent-1) + "*b")
	for _, part := range split(text) {
		if n := len(part); n > 0 && part[n-1] == '\\' {
			t.Errorf("a part ends in a lone backslash: …%q", part[max(0, n-10):])
		}
	}
}
