package commands_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	slackadapter "github.com/fieldloop/fieldloop/adapters/slack"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/app"
	"github.com/fieldloop/fieldloop/internal/apptest"
	"github.com/fieldloop/fieldloop/internal/platform"
)

// newTeamFixture is the demo organisation on the neutral platform, with
// Slack's accounts settable by /team as a run with Slack has them.
func newTeamFixture(t *testing.T) *fixture {
	t.Helper()
	return &fixture{apptest.New(t, apptest.Options{Config: func(c *app.Config) {
		c.Platforms = []platform.Adapter{slackadapter.NewPlugin()}
	}})}
}

// refused checks that reply is a refusal saying want.
func (f *fixture) refused(reply *bot.Reply, want ...string) {
	f.T.Helper()
	if !reply.Failed {
		f.T.Errorf("not refused: %q", reply.Text)
	}
	f.expect(reply, want...)
}

// An admin adds a rep, who files a report at once, in the same running
// fieldloop; after a restart they are still there.
func TestTeamAddThenReport(t *testing.T) {
	f := newTeamFixture(t)
	f.refused(f.As("dan", "/report sales units=3"), "Ask to join")
	f.expect(f.As("ada", `/team add id=dan name="Dan Wu" region=east manager=max slack=U0DAN`),
		"Added Dan Wu (dan)", "roles: rep", "region: east", "manager: max", "slack: U0DAN")
	reply := f.As("dan", "/report sales units=3")
	if reply.Failed {
		t.Fatalf("dan's report: %q", reply.Text)
	}
	f.expect(reply, "Saved report #1")
	f.expect(f.As("max", "/report list"), "#1", "Dan Wu")
	f.expect(f.As("dan", "/whoami"), "Dan Wu", "孙明 (Max Sun)")
	b := f.Restart(nil)
	if r := b.As("dan", "/report list"); r.Failed || !strings.Contains(r.Text, "#1") {
		t.Errorf("after a restart, dan's list: %q", r.Text)
	}
}

// Who may change what: a rep nothing; a manager the reps of the regions
// they manage, without roles, and not themselves; an admin everything.
func TestTeamPermissions(t *testing.T) {
	f := newTeamFixture(t)
	f.expect(f.As("ada", `/team region add id=west name="West China"`), "Added West China (west)")
	tests := []struct {
		who, line string
		ok        bool
		want      string
	}{
		{"alice", `/team add id=x name=X region=east`, false, "Only admins, and managers"},
		{"alice", `/team list`, false, "Only admins, and managers"},
		{"mia", `/team edit bob name=B`, false, "Only admins, and managers"},
		{"alice", `/team region add id=south name=South`, false, "Only admins add and change regions"},
		{"max", `/team add id=eli name=Eli region=north`, true, "Added Eli (eli)"},
		{"max", `/team add id=fay name=Fay region=east roles=rep`, true, "Added Fay (fay)"},
		{"max", `/team add id=gus name=Gus region=east roles=manager`, false, "Only admins change roles"},
		{"max", `/team add id=gus name=Gus region=east roles=rep,admin`, false, "Only admins change roles"},
		{"max", `/team edit bob roles=rep,manager`, false, "Only admins change roles"},
		{"max", `/team add id=gus name=Gus region=west`, false, "gus is not in a region you manage (east, north)"},
		{"max", `/team edit alice region=west`, false, "alice is not in a region you manage"},
		{"max", `/team edit max name=Maxi`, false, "max is not in a region you manage"},
		{"max", `/team remove max`, false, "You cannot remove yourself"},
		{"max", `/team region edit east managers=max`, false, "Only admins add and change regions"},
		{"max", `/team edit bob name="Bob Z"`, true, "name: Bob Zhao → Bob Z"},
		{"ada", `/team add id=gus name=Gus region=west`, true, "Added Gus (gus)"},
		{"max", `/team show gus`, false, "There is no person “gus”"},
		{"max", `/team list`, true, "Eli (eli)"},
		{"ada", `/team edit max roles=manager,admin`, true, "roles: manager → manager,admin"},
		{"max", `/team edit max name=Maxi`, true, "name: 孙明 (Max Sun) → Maxi"},
	}
	for _, tt := range tests {
		reply := f.As(tt.who, tt.line)
		if reply.Failed == tt.ok || !strings.Contains(reply.Text, tt.want) {
			t.Errorf("%s %s: failed=%v %q, want ok=%v and %q", tt.who, tt.line, reply.Failed, reply.Text, tt.ok, tt.want)
		}
	}
	org := f.Org()
	if org.Person("gus").Region != "west" || org.Person("x") != nil || org.Person("bob").Has(bot.RoleManager) || org.Person("fay") == nil {
		t.Errorf("after the refusals: gus %+v, bob %+v", org.Person("gus"), org.Person("bob"))
	}
}

// A leaver's reports stay, shown as theirs with "(left)"; the leaver may
// do nothing and is reminded of nothing, while the others still are;
// /team restore brings them back.
func TestTeamRemoveAndRestore(t *testing.T) {
	f := newTeamFixture(t)
	ctx := context.Background()
	f.expect(f.As("alice", "/report sales units=2"), "Saved report #1")
	f.expect(f.As("ada", `/schedule add kind=sales audience=east every="daily 18:00" grace=1h`), "Added: #1")
	if _, err := f.Scheduler.Tick(ctx, f.Clock.Now()); err != nil {
		t.Fatal(err)
	}

	f.expect(f.As("ada", "/team remove alice"), "Alice Wang (alice) has left")
	f.refused(f.As("ada", "/team remove alice"), "Alice Wang has already left")
	f.refused(f.As("alice", "/report sales units=3"), "You have left the organisation")
	f.refused(f.As("alice", "/report list"), "You have left the organisation")
	list := f.As("max", "/report list")
	f.expect(list, "#1", "Alice Wang (left)")
	f.expect(f.As("ada", "/report show 1"), "Alice Wang (left)")
	f.expect(f.As("ada", "/team list left"), "One person has left", "Alice Wang (alice)", "left 2026-11-28")
	if r := f.As("ada", "/team list"); strings.Contains(r.Text, "alice") {
		t.Errorf("/team list shows the leaver: %q", r.Text)
	}

	// The day's deadline (18:00 in Shanghai, an hour's grace): bob is
	// reminded, alice no more.
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	reminders := func(day int) []string {
		t.Helper()
		tick, err := f.Scheduler.Tick(ctx, time.Date(2026, 11, day, 20, 0, 0, 0, shanghai))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, n := range tick.Sent {
			if n.Type == "reminder" {
				out = append(out, n.To)
			}
		}
		slices.Sort(out)
		return out
	}
	if got := reminders(28); !slices.Equal(got, []string{"bob"}) {
		t.Errorf("reminded on the 28th: %v, want bob only", got)
	}
	for _, m := range f.Pending() {
		if m.To.ID == "alice" {
			t.Errorf("a message to the leaver: %+v", m)
		}
	}

	f.expect(f.As("ada", "/team restore alice"), "Alice Wang (alice) is back")
	f.refused(f.As("ada", "/team restore alice"), "Alice Wang has not left")
	f.expect(f.As("alice", "/report sales units=4"), "Saved report #2")
	if r := f.As("max", "/report list"); strings.Contains(r.Text, "(left)") {
		t.Errorf("after the restore: %q", r.Text)
	}
	if got := reminders(29); !slices.Equal(got, []string{"alice", "bob"}) {
		t.Errorf("reminded on the 29th: %v, want alice and bob", got)
	}
}

// /team history says who changed what and when; a manager sees the
// changes to the people they manage only.
func TestTeamHistory(t *testing.T) {
	f := newTeamFixture(t)
	f.expect(f.As("ada", "/team history"), "No changes yet")
	f.As("max", `/team add id=eli name=Eli region=north`)
	f.Clock.Add(time.Hour)
	f.As("ada", `/team edit bob region=north timezone=Europe/Berlin`)
	f.As("ada", `/team edit mia name="Mia L"`)
	f.As("ada", `/team remove chen`)
	h := f.As("ada", "/team history").Text
	lines := strings.Split(h, "\n")
	want := []string{
		"Latest changes:",
		"• 2026-11-28 13:00 · Ada Lin · 陈静 (chen) has left",
		"• 2026-11-28 13:00 · Ada Lin · Changed Mia L (mia) (name: Mia Liu → Mia L)",
		"• 2026-11-28 13:00 · Ada Lin · Changed Bob Zhao (bob) (region: east → north; timezone: — → Europe/Berlin)",
		"• 2026-11-28 12:00 · 孙明 (Max Sun) · Added Eli (eli) (name: Eli; roles: rep; region: north)",
	}
	if len(lines) != len(want) {
		t.Fatalf("history:\n%s", h)
	}
	for i := range want {
		if !strings.HasPrefix(lines[i], want[i]) {
			t.Errorf("line %d %q, want %q", i, lines[i], want[i])
		}
	}
	f.expect(f.As("ada", "/team history bob"), "region: east → north")
	if r := f.As("ada", "/team history bob").Text; strings.Contains(r, "mia") {
		t.Errorf("bob's history shows mia's: %q", r)
	}
	m := f.As("max", "/team history").Text
	if strings.Contains(m, "Mia") || !strings.Contains(m, "Eli") || !strings.Contains(m, "Bob Zhao") {
		t.Errorf("max's history: %q", m)
	}
	f.refused(f.As("max", "/team history mia"), "There is no person “mia”")
}

// An account is one person's: a second is refused, naming its owner;
// a leaver's account may be given again.
func TestTeamDuplicateAccount(t *testing.T) {
	f := newTeamFixture(t)
	f.refused(f.As("ada", "/team edit bob slack=U0CHEN"), "The Slack id U0CHEN is already chen's")
	f.refused(f.As("ada", `/team add id=dan name=Dan region=east slack=U0ALICE`), "The Slack id U0ALICE is already alice's")
	f.refused(f.As("ada", `/team add id=dan name=Dan region=east slack=C0EAST`), "“C0EAST” is not a Slack user id")
	if p := f.Org().Person("bob"); p.Accounts.On("slack") != "U0BOB" || f.Org().Person("dan") != nil {
		t.Errorf("a refused change was made: bob %+v", p)
	}
	f.As("ada", "/team remove chen")
	f.expect(f.As("ada", "/team edit bob slack=U0CHEN"), "slack: U0BOB → U0CHEN")
	f.refused(f.As("ada", "/team restore chen"), "The Slack id U0CHEN is already bob's")
}

// The same tour in Chinese reads as Chinese.
func TestTeamInChinese(t *testing.T) {
	f := newTeamFixture(t)
	f.As("ada", "/lang zh")
	f.As("max", "/lang zh")
	f.As("alice", "/report sales units=2")
	allowed := englishAllowed(f)
	// The names and ids the tour adds, and a subcommand the usage names
	// after its dash, where englishAllowed does not look.
	for _, w := range []string{"dan", "Dan", "Wu", "eli", "Eli", "U0DAN", "U0CHEN", "west", "West", "China", "restore"} {
		allowed[strings.ToLower(w)] = true
	}
	steps := []step{
		{"ada", `/team add id=dan name="Dan Wu" region=east manager=max slack=U0DAN`, []string{"已添加 Dan Wu（dan）"}, nil},
		{"ada", `/team add id=dan name=Dan region=east`, []string{"已经有 ID 为“dan”的人员"}, nil},
		{"ada", `/team add id=Dan! name=Dan region=east`, []string{"不能用作 ID"}, nil},
		{"ada", `/team add id=eve name=Eve region=mars manager=zed roles=boss timezone=Mars/Base`,
			[]string{"没有“boss”这个角色", "没有“mars”这个区域", "没有“zed”这个人", "不是有效的时区"}, nil},
		{"ada", "/team edit bob slack=U0CHEN", []string{"Slack ID U0CHEN 已经属于 chen"}, nil},
		{"ada", "/team edit bob", []string{"请用“字段=值”说明要修改的内容"}, nil},
		{"ada", "/team frobnicate", []string{"/team 只接受"}, nil},
		{"max", `/team add id=eli name=Eli region=east roles=manager`, []string{"只有管理员可以修改角色"}, nil},
		{"max", `/team edit max name=Maxi`, []string{"不在你负责的区域"}, nil},
		{"ada", `/team region add id=west name="West China"`, []string{"已添加 West China（west）"}, nil},
		{"ada", "/team remove alice", []string{"Alice Wang（alice）", "已离职"}, nil},
		{"ada", "/team remove ada", []string{"不能移除你自己"}, nil},
		{"ada", "/report list", []string{"Alice Wang（已离职）"}, []string{"(left)"}},
		{"ada", "/team list left", []string{"已离职 1 人", "离职"}, nil},
		{"ada", "/team show alice", []string{"Alice Wang（alice）", "销售代表", "离职"}, nil},
		{"ada", "/team history", []string{"最近的变更", "Ada Lin", "已添加 Dan Wu（dan）"}, nil},
		{"ada", "/team region", []string{"区域：", "East China（east）"}, nil},
		{"ada", "/team restore alice", []string{"Alice Wang（alice）已恢复"}, nil},
		{"ada", "/team", []string{"共 7 人", "销售代表", "经理：孙明 (Max Sun)"}, nil},
	}
	for _, s := range steps {
		reply := f.As(s.who, s.line)
		f.expect(reply, s.want...)
		for _, n := range s.not {
			if strings.Contains(reply.Text, n) {
				t.Errorf("%s %s: %q says %q", s.who, s.line, reply.Text, n)
			}
		}
		checkChinese(t, s.who+" "+s.line, reply.Text, allowed, s.line)
	}
	f.As("ada", "/team remove chen")
	f.refused(f.As("chen", "/whoami"), "你已离开本组织")
}

// A change that would close a loop of managers is refused, whichever of
// its members the change touches; nothing is saved.
func TestTeamManagerLoopRefused(t *testing.T) {
	f := newTeamFixture(t)
	f.expect(f.As("ada", `/team add id=kim name="Kim" roles=manager region=north manager=max`), "Added Kim (kim)")
	f.refused(f.As("ada", "/team edit max manager=kim"), "The manager chain would loop: max → kim → max.")
	f.refused(f.As("ada", "/team edit max manager=max"), "max cannot be their own manager")
	if p := f.Org().Person("max"); p.Manager != "" {
		t.Errorf("max's manager is %q after refusals", p.Manager)
	}
}
