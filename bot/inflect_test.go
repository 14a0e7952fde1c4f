package bot

import "testing"

func TestInflect(t *testing.T) {
	for _, c := range []struct {
		format string
		lang   Lang
		args   []any
		want   string
	}{
		{"%[1]d {1:report|reports}", English, []any{1}, "%[1]d report"},
		{"%[1]d {1:report|reports}", English, []any{0}, "%[1]d reports"},
		{"%[1]d {1:report|reports}", English, []any{2}, "%[1]d reports"},
		{"%[1]d {1:report|reports}", English, []any{int64(-1)}, "%[1]d report"},
		{"%[2]d of %[1]d {1:rep|reps}", English, []any{1, 0}, "%[2]d of %[1]d rep"},
		{"{1:x|y}", English, []any{"not a number"}, "{1:x|y}"},
		{"{3:x|y}", English, []any{1}, "{3:x|y}"},
		{"{A:1} %[1]s report", English, []any{"Outlet sales"}, "An %[1]s report"},
		{"and {a:1} %[1]s report", English, []any{"Shelf display"}, "and a %[1]s report"},
		{"{a:1}", English, []any{"Event"}, "an"},
		{"{a:1}", English, []any{"unit"}, "a"},
		{"{a:1}", English, []any{"hour"}, "an"},
		{"{a:1}", English, []any{"SKU count"}, "an"},
		{"{a:1}", English, []any{"POP placement"}, "a"},
		{"{a:1}", English, []any{"“Outlet”"}, "an"},
		{"no braces", English, []any{1}, "no braces"},
		{"{literal}", English, nil, "{literal}"},
	} {
		if got := inflect(c.format, c.lang, c.args); got != c.want {
			t.Errorf("inflect(%q, %v) = %q, want %q", c.format, c.args, got, c.want)
		}
	}
}

// The forms are resolved before the verbs, so a rendered Text reads whole.
func TestTextInInflects(t *testing.T) {
	for n, want := range map[int]string{
		0: "Reminded 0 people who had not acknowledged.",
		1: "Reminded 1 person who had not acknowledged.",
		2: "Reminded 2 people who had not acknowledged.",
	} {
		if got := T("campaign.reminded", n).In(English); got != want {
			t.Errorf("%d: got %q, want %q", n, got, want)
		}
	}
	if got := T("campaign.reminded", 1).In(Chinese); got != "已提醒 1 位尚未确认的人。" {
		t.Errorf("Chinese: %q", got)
	}
}
