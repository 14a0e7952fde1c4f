package commands_test

import (
	"strings"
	"testing"

	"github.com/fieldloop/fieldloop/bot"
)

// pendingTo returns the texts of the pending messages to id.
func (f *fixture) pendingTo(id string) []string {
	var out []string
	for _, m := range f.Pending() {
		if m.To.ID == id {
			out = append(out, m.Text)
		}
	}
	return out
}

// A request to join: repeated, it stays one; it reaches the admins and
// the managers of the region asked for, once; a manager decides only for
// their regions; a decision is taken once, and the requester is told.
func TestJoinRequest(t *testing.T) {
	f := newTeamFixture(t)
	f.expect(f.As("alice", "/join"), "already in the organisation, as Alice Wang")
	f.expect(f.As("wei", "/join region=east started Monday"), "Your request #1 is with the admins")
	f.expect(f.As("wei", "/join note: in Gubei"), "Your request #1 is still waiting")
	if ada, max, mia := f.pendingTo("ada"), f.pendingTo("max"), f.pendingTo("mia"); len(ada) != 1 || len(max) != 1 || len(mia) != 0 ||
		!strings.Contains(ada[0], "Region asked for: East China") || !strings.Contains(ada[0], "┃ started Monday") {
		t.Fatalf("notices: ada %q, max %q, mia %q", ada, max, mia)
	}
	f.expect(f.As("ada", "/team requests"), "#1 · wei · East China")
	f.refused(f.As("alice", "/team approve 1"), "Only admins, and managers")
	f.refused(f.As("wei", "/team approve 1"), "not in fieldloop's organisation")
	f.expect(f.As("max", "/team approve 1"), "Added wei (wei)")
	f.expect(f.As("wei", "/report sales units=2"), "Saved report #1")
	f.refused(f.As("ada", "/team deny 1"), "Request #1 has already been approved, by 孙明 (Max Sun)")
	if told := f.pendingTo("wei"); len(told) != 1 || !strings.Contains(told[0], "Welcome to fieldloop, wei!") {
		t.Errorf("the newcomer was told %q", told)
	}

	// Without a region, only admins hear of it, and approving asks for one.
	f.expect(f.As("lin", "/join"), "Your request #2")
	if max := f.pendingTo("max"); len(max) != 1 {
		t.Errorf("max heard of a request without a region: %q", max)
	}
	f.refused(f.As("max", "/team approve 2"), "Request #2 is not for a region you manage")
	f.refused(f.As("ada", "/team approve 2"), "Which region should request #2 join? Regions: east, north. Example: /team approve 2 region=east roles=rep")
	f.expect(f.As("ada", "/team deny 2"), "Denied request #2 from lin")
	if told := f.pendingTo("lin"); len(told) != 1 || !strings.Contains(told[0], "declined") {
		t.Errorf("the denied were told %q", told)
	}
	f.refused(f.As("lin", "/report sales units=1"), "Ask to join")
	f.expect(f.As("ada", "/team requests"), "No requests to join are waiting")
}

// Bad input to /join and to a decision is refused with what was wrong.
func TestJoinRefusals(t *testing.T) {
	f := newTeamFixture(t)
	for _, tt := range []struct{ who, line, want string }{
		{"wei", "/join region=west", "There is no region “west”. Regions: east, north."},
		{"wei", "/join " + strings.Repeat("x", 301), "The note is too long: at most 300 characters."},
		{"ada", "/team approve", "Name the request by its number. Example: /team approve 3 region=east"},
		{"ada", "/team approve 9", "There is no request #9"},
		{"ada", "/team deny abc", "Name the request by its number"},
	} {
		f.refused(f.As(tt.who, tt.line), tt.want)
	}
	if n := len(f.Pending()); n != 0 {
		t.Errorf("%d messages queued by refusals", n)
	}
}

// In Chinese, the stranger's way in and the decider's notice read as
// Chinese.
func TestJoinInChinese(t *testing.T) {
	f := newTeamFixture(t)
	f.As("ada", "/lang zh")
	reply := f.Handle(&bot.Incoming{UserID: "wei", Name: "report", Text: "sales units=1", Locale: "zh-CN"})
	if !strings.Contains(reply.Text, "你还不在 fieldloop 的组织名单中") || len(reply.Buttons) != 1 || reply.Buttons[0].Label != "申请加入" {
		t.Errorf("the way in: %+v", reply)
	}
	reply = f.Handle(&bot.Incoming{UserID: "wei", Name: "join", Text: "region=east", Locale: "zh-CN"})
	if !strings.Contains(reply.Text, "你的申请 #1 已提交给管理员") {
		t.Errorf("/join: %q", reply.Text)
	}
	if ada := f.pendingTo("ada"); len(ada) != 1 || !strings.Contains(ada[0], "申请 #1：test 用户 wei 申请加入 fieldloop。") {
		t.Errorf("ada's notice: %q", ada)
	}
}
