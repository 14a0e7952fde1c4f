package commands_test

import (
	"strings"
	"testing"
)

// Control characters in a campaign's or a training's free text are
// dropped, as in report fields: an escape sequence must not reach an
// export or a terminal. Text too long for its field is refused, naming
// the field.
func TestCampaignTextIsCleaned(t *testing.T) {
	f := newFixture(t)
	f.expect(f.As("mia", "/campaign add kind=promotion title=\"Double\x1b[31m 12\" start=2026-12-01 end=2026-12-12 regions=all "+
		"description=\"ring\x07 the bell\" materials=\"NUL\x00 here\""), "Added")
	f.expect(f.As("mia", `/training add title="Selling points" at="2026-12-09 10:00" audience=all where="hall`+"\x1b"+` 2"`), "Added")
	for _, id := range []string{"1", "2"} {
		show := f.As("mia", "/campaign show "+id).Text
		if strings.ContainsAny(show, "\x1b\x07\x00") {
			t.Errorf("control characters kept: %q", show)
		}
	}
	f.expect(f.As("mia", "/campaign show 1"), "Double[31m 12", "ring the bell", "NUL here")
	f.expect(f.As("mia", "/training show 2"), "hall 2")
	long := strings.Repeat("x", 201)
	f.expect(f.As("mia", "/campaign edit 1 materials="+long), "materials is too long: at most 200 characters")
}
