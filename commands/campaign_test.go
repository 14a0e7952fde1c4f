package commands_test

import (
	"context"
	"testing"
)

func TestCampaignsAndTrainings(t *testing.T) {
	f := newFixture(t)
	steps := []struct {
		who, line string
		want      []string
	}{
		{"mia", `/campaign add kind=promotion title="North push" start=2026-11-25 end=2026-12-05 regions=north`, []string{"Added: 📣 Promotion #1 North push · 2026-11-25 → 2026-12-05 · North China"}},
		{"mia", `/training add title="Selling points" at="2026-12-02 14:00" duration=90m where="Room 3" audience=all topic=selling_points`, []string{"Added: 🎓 Training #2 Selling points · 2026-12-02 14:00 (1h30m) · all regions"}},
		{"mia", `/training add title=x at="2 Dec" audience=all topic=magic`, []string{"at: “2 Dec” is not a date and time", "topic: “magic” is not a topic"}},
		{"mia", `/training add title=x at="2026-12-02 14:00" audience=all duration=2d`, []string{"duration: “2d” is not a duration up to 24 h"}},
		{"mia", `/campaign add kind=promotion title=y start=2026-12-01 end=2026-12-02 regions=east colour=red oops`, []string{"no option “colour”", "“oops” is not an option=value pair"}},
		{"alice", "/campaign show 1", []string{"no campaign or training #1 for you"}}, // north only
		{"chen", "/campaign show 1", []string{"North China", "尚未发送"}},
		{"alice", "/training show 2", []string{"Selling points", "Not sent yet"}},
		{"alice", "/campaign show 2", []string{"#2 is a training: /training show 2"}}, // a training, not a campaign
		{"alice", "/calendar", []string{"Calendar 2026-11-28 – 2026-12-04", "Training #2"}},
		{"mia", "/calendar region=north", []string{"Promotion #1", "Training #2"}},
		{"mia", "/calendar next", []string{"Calendar 2026-11-30 – 2026-12-06"}},
		{"alice", "/report promo campaign=1 response=ok", []string{"#1 is not an active campaign for you", "none is active"}},
		{"chen", "/report promo campaign=1 response=ok", []string{"已保存报告"}},
		{"chen", "/report promo campaign=2 response=ok", []string{"#1 North push"}}, // a training is not a campaign
		{"chen", "/ack 1", []string{"已确认收到"}},
		{"mia", "/campaign edit 1 end=2026-11-01", []string{"end (2026-11-01) is before start (2026-11-25)"}},
		{"mia", "/campaign edit 1 title=\"North push II\"", []string{"Updated: 📣 Promotion #1 North push II"}},
		{"mia", "/campaign list", []string{"#1 North push II"}},
		{"mia", "/campaign cancel 1", []string{"Cancelled: 📣 Promotion #1 North push II"}},
		{"mia", "/campaign cancel 1", []string{"#1 is cancelled"}},
		{"mia", "/campaign broadcast 1", []string{"#1 is cancelled"}},
		{"mia", "/campaign list", []string{"Nothing to show"}},
		{"mia", "/campaign list cancelled", []string{"#1 North push II"}},
		{"alice", "/ack 2", []string{"Thanks, acknowledged"}},
		{"alice", "/ack 2", []string{"acknowledged #2 on 2026-11-28 12:00 already"}},
		{"alice", "/ack", []string{"Give its id"}},
	}
	for _, s := range steps {
		f.expect(f.As(s.who, s.line), s.want...)
	}
	c, err := f.DB.Campaign(context.Background(), 2)
	if err != nil || !c.Acknowledged("alice") || len(c.Acks) != 1 {
		t.Errorf("training acks: %+v, %v", c, err)
	}
	// Editing and cancelling an unsent campaign tells no channel.
	if msgs := f.Pending(); len(msgs) != 1 { // the feed post of chen's report
		t.Errorf("%d messages queued", len(msgs))
	}
}
