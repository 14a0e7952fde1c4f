package commands_test

import (
	"strings"
	"testing"
)

// The commands that read a region's figures ask the access policy, and
// their users see what they always saw: a rep their own region, max (a
// manager of east, and of north through chen) both, marketing all.
// access's own table test covers the rules; this checks the wiring.
func TestFiguresFollowThePolicy(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		who, line string
		want      string
		refused   bool
	}{
		{"alice", "/target show north", "North China is not one of your regions; you read the figures of East China.", true},
		{"alice", "/target show east", "East China, 2026-11: no target set", false},
		{"alice", "/target set region=east period=2026-11 amount=5", "Only marketing and admins can set targets.", true},
		{"mia", "/target set region=north period=2026-11 amount=5", "North China, 2026-11", false},
		{"max", "/target show north", "North China, 2026-11: target CNY 5.00", false},
		{"chen", "/digest east", "East China 不在你负责的区域内；你可以查看 North China 的数据。", true}, // chen reads Chinese
		{"max", "/digest north", "North China", false},
		{"alice", "/digest subscribe daily 08:30 north", "you read the figures of East China.", true},
		{"max", "/digest subscribe daily 08:30 north", "the North China digest", false},
		{"mia", "/calendar link region=north", "north.ics?token=", false},
		{"max", "/calendar link", "Only marketing and admins can get the calendar feed links", true},
		{"max", "/whoami", "Reads reports of: East China, North China", false},
	}
	for _, tt := range tests {
		reply := f.As(tt.who, tt.line)
		if !strings.Contains(reply.Text, tt.want) || reply.Failed != tt.refused {
			t.Errorf("%s %s: %q (failed %v), want %q (failed %v)", tt.who, tt.line, reply.Text, reply.Failed, tt.want, tt.refused)
		}
	}
	if strings.Contains(f.As("mia", "/whoami").Text, "Reads reports of") {
		t.Errorf("marketing reads every region, but manages none")
	}
}

// A quarter's target splits into its three months; a month splits into
// nothing, and says what splits how.
func TestTargetSplits(t *testing.T) {
	f := newFixture(t)
	f.expect(f.As("mia", "/target set region=east period=2026-Q4 amount=300,000 split=monthly"),
		"2026-Q4", "2026-10: CNY 100,000.00", "2026-11: CNY 100,000.00", "2026-12: CNY 100,000.00")
	f.expect(f.As("mia", "/target set region=east period=2026-Q4 amount=300,000 split=按月"), "2026-12: CNY 100,000.00")
	f.expect(f.As("mia", "/target set region=east period=2026-11 amount=5 split=monthly"), "a quarter's monthly")
	f.expect(f.As("mia", "/target set region=east period=2026-Q4 amount=5 split=quarterly"), "a quarter's monthly")
}
