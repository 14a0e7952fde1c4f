package commands_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/app"
	"github.com/fieldloop/fieldloop/internal/apptest"
)

// fixture is fieldloop as apptest builds it, on the neutral test platform,
// whose calendar links start with https://fl.example.com.
type fixture struct{ *apptest.App }

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return &fixture{apptest.New(t, apptest.Options{Config: func(c *app.Config) { c.PublicURL = "https://fl.example.com" }})}
}

func (f *fixture) expect(reply *bot.Reply, want ...string) {
	f.T.Helper()
	for _, w := range want {
		if !strings.Contains(reply.Text, w) {
			f.T.Errorf("reply %q lacks %q", reply.Text, w)
		}
	}
}

func TestReportVisibility(t *testing.T) {
	f := newFixture(t)
	f.expect(f.As("alice", "/report sales units=1"), "Saved report #1")
	f.expect(f.As("bob", "/report sales units=2"), "Saved report #2")
	f.expect(f.As("chen", "/report sales units=3"), "已保存报告 #3") // chen's org-file language is zh

	tests := []struct {
		who, line string
		has, not  []string
	}{
		{"alice", "/report list", []string{"#1"}, []string{"#2", "#3"}},
		{"max", "/report list", []string{"#1", "#2", "#3", "Alice Wang"}, nil},
		{"mia", "/report list", []string{"#1", "#2", "#3"}, nil},
		{"alice", "/report list region=north", []string{"your own reports only"}, nil},
		{"mia", "/report list region=north", []string{"#3"}, []string{"#1", "#2"}},
		{"mia", "/report list person=bob", []string{"#2"}, []string{"#1", "#3"}},
		{"alice", "/report list person=bob", []string{"your own reports only"}, []string{"#2"}},
		{"alice", "/report show 2", []string{"no report #2 that you can see"}, nil},
		{"max", "/report show 2", []string{"#2 · Outlet sales", "Bob Zhao"}, nil},
		{"alice", "/report list stock", []string{"No reports"}, nil},
		{"alice", "/report list since=yesterday", []string{"#1"}, nil},
		{"alice", "/report list since=soon", []string{"since must be an age"}, nil},
		{"alice", "/report list colour=red", []string{"not “colour”"}, nil},
	}
	for _, tt := range tests {
		reply := f.As(tt.who, tt.line)
		for _, h := range tt.has {
			if !strings.Contains(reply.Text, h) {
				t.Errorf("%s %s: %q lacks %q", tt.who, tt.line, reply.Text, h)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(reply.Text, n) {
				t.Errorf("%s %s: %q shows %q", tt.who, tt.line, reply.Text, n)
			}
		}
	}
}

func TestReportEditAndDelete(t *testing.T) {
	f := newFixture(t)
	f.As("alice", "/report sales outlet=Metro units=1 amount=5")
	f.expect(f.As("bob", "/report edit 1 units=2"), "no report #1") // bob cannot even see it
	f.expect(f.As("max", "/report edit 1 units=2"), "Only the author")
	f.expect(f.As("alice", "/report edit 1 units=two"), "Units (units) must be a whole number")
	f.expect(f.As("alice", "/report edit 1 units=2 amount="), "Updated report #1", "Units: 2")
	r, err := f.DB.Report(context.Background(), 1)
	if err != nil || r.Fields["units"].Num != 2 || r.Version != 2 {
		t.Fatalf("after edit: %+v, %v", r, err)
	}
	if _, ok := r.Fields["amount"]; ok {
		t.Errorf("amount= did not clear the field")
	}
	hist, _ := f.DB.ReportHistory(context.Background(), 1)
	if len(hist) != 1 || hist[0].Fields["units"].Num != 1 {
		t.Errorf("history = %+v", hist)
	}
	f.expect(f.As("alice", "/report show 1"), "Edited", "1 earlier version kept")

	form := f.As("alice", "/report edit 1")
	if form.Form == nil || form.Form.Command != "/report edit #1" || form.Form.Fields[2].Value != "2" {
		t.Errorf("edit form = %+v", form.Form)
	}

	f.Clock.Add(25 * time.Hour)
	f.expect(f.As("alice", "/report delete 1"), "more than 24 hours old")
	f.expect(f.As("ada", "/report delete 1"), "Deleted report #1")
	f.expect(f.As("alice", "/report list"), "No reports")
	f.expect(f.As("ada", "/report edit 1 units=3"), "is deleted")
	f.expect(f.As("alice", "/report show 1"), "Deleted 2026-11-29")
}

func TestReportForms(t *testing.T) {
	f := newFixture(t)
	bare := f.As("alice", "/report")
	if bare.Form == nil || bare.Form.Fields[0].Key != "kind" || len(bare.Form.Fields[0].Choices) != 10 {
		t.Fatalf("bare /report form = %+v", bare.Form)
	}
	kind := f.Handle(&bot.Incoming{UserID: "alice", Name: "report",
		Options: map[string]string{"kind": "payment"}, Form: true})
	if kind.Form == nil || kind.Form.Command != "/report payment" || len(kind.Form.Fields) != 5 {
		t.Fatalf("kind form = %+v", kind.Form)
	}
	bad := f.Handle(&bot.Incoming{UserID: "alice", Name: "report",
		Text: "payment", Options: map[string]string{"customer": "Metro", "due": "lots"}, Form: true})
	if bad.Errors["due"] == "" || len(bad.Errors) != 1 {
		t.Errorf("form errors = %v", bad.Errors)
	}
	good := f.Handle(&bot.Incoming{UserID: "alice", Name: "report",
		Text: "payment", Options: map[string]string{"customer": "Metro", "due": "1,000"}, Form: true})
	f.expect(good, "Saved report #1", "Amount due: 1,000.00")
}

// A platform retrying the same request (same request id) stores the report
// and its feed post once, and gets the same answer.
func TestReportRetryStoredOnce(t *testing.T) {
	f := newFixture(t)
	in := func() *bot.Incoming {
		return &bot.Incoming{UserID: "alice", Name: "report", Text: "sales units=4", RequestID: "trigger-1"}
	}
	first := f.Handle(in())
	again := f.Handle(in())
	if first.Text != again.Text {
		t.Errorf("retry answered %q, first %q", again.Text, first.Text)
	}
	reports, _ := f.DB.FindReports(context.Background(), bot.ReportFilter{})
	msgs := f.Pending()
	if len(reports) != 1 || len(msgs) != 1 {
		t.Errorf("%d reports and %d feed posts stored, want 1 and 1", len(reports), len(msgs))
	}
	if len(msgs) == 1 && (msgs[0].To.String() != "test:#marketing" || !strings.Contains(msgs[0].Text, "#1 Outlet sales")) {
		t.Errorf("feed post = %+v", msgs[0])
	}
}

// A request id seen before, with another report in it (a platform that
// reused an id), answers with the stored report, kind label included.
func TestReportRetryAnswersWithTheStoredReport(t *testing.T) {
	f := newFixture(t)
	first := f.Handle(&bot.Incoming{UserID: "alice", Name: "report", Text: "sales units=4", RequestID: "t-1"})
	again := f.Handle(&bot.Incoming{UserID: "alice", Name: "report", Text: "customer customer=Metro note=late", RequestID: "t-1"})
	if again.Text != first.Text {
		t.Errorf("answered %q, want the stored report's %q", again.Text, first.Text)
	}
}

func TestHelpLangWhoami(t *testing.T) {
	f := newFixture(t)
	help := f.As("alice", "/help")
	for _, c := range f.Router.Commands() {
		if !strings.Contains(help.Text, "/"+c.Name+" — ") {
			t.Errorf("/help lacks /%s", c.Name)
		}
		if !bot.HasText("help."+c.Name) || !bot.HasText("usage."+c.Name) {
			t.Errorf("/%s has no help or usage text", c.Name)
		}
	}
	f.expect(f.As("alice", "/help report"), "/report list")
	f.expect(f.As("alice", "/help nope"), "no command /nope")
	f.expect(f.As("alice", "/lang fr"), "not “fr”", "/lang zh")
	f.expect(f.As("alice", "/lang 中文"), "以后我用中文回复你")
	f.expect(f.As("alice", "/whoami"), "你是 Alice Wang", "上级：孙明")
	f.expect(f.As("alice", "/nope"), "没有 /nope 这个命令")
}
