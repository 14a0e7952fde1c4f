package commands_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/commands"
	"github.com/fieldloop/fieldloop/orgfile"
	"github.com/fieldloop/fieldloop/storage"
)

// fixture is the real bot over a real store in a temporary directory, with
// a clock the test moves.
type fixture struct {
	t      *testing.T
	db     *storage.DB
	router *bot.Router
	now    time.Time
}

// demoChat is the platform whose ids the demo organisation gives first.
const demoChat bot.Platform = "slack"

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := storage.New(filepath.Join(t.TempDir(), "test.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	org := orgfile.Demo()
	schema := bot.ReportSchema()
	f := &fixture{t: t, db: db, now: time.Date(2026, 11, 28, 4, 0, 0, 0, time.UTC)}
	f.router = bot.NewRouter(org, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	f.router.Now = func() time.Time { return f.now }
	feed := &bot.Feed{Org: org, Schema: schema, Platforms: []bot.Platform{demoChat}}
	f.router.Register(commands.Report(db, schema, feed), commands.Schedule(db, schema), commands.Away(db),
		commands.Campaign(db, feed.Platforms), commands.Training(db, feed.Platforms), commands.Ack(db), commands.Calendar(db, bot.CalendarFeeds{Tokens: db, BaseURL: "https://fl.example.com"}),
		commands.Lang(db), commands.Whoami(), commands.Help(f.router.Commands))
	return f
}

// as runs line ("/report …") as person on the Slack platform.
func (f *fixture) as(person, line string) *bot.Reply {
	f.t.Helper()
	p := f.router.Org.Person(person)
	user := person
	if p != nil {
		user = p.Accounts.On(demoChat)
	}
	name, text := bot.SplitCommandLine(line)
	return f.router.Handle(context.Background(), &bot.Incoming{Platform: demoChat, UserID: user, Name: name, Text: text})
}

func (f *fixture) expect(reply *bot.Reply, want ...string) {
	f.t.Helper()
	for _, w := range want {
		if !strings.Contains(reply.Text, w) {
			f.t.Errorf("reply %q lacks %q", reply.Text, w)
		}
	}
}

func TestReportVisibility(t *testing.T) {
	f := newFixture(t)
	f.expect(f.as("alice", "/report sales units=1"), "Saved report #1")
	f.expect(f.as("bob", "/report sales units=2"), "Saved report #2")
	f.expect(f.as("chen", "/report sales units=3"), "已保存报告 #3") // chen's org-file language is zh

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
		reply := f.as(tt.who, tt.line)
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
	f.as("alice", "/report sales outlet=Metro units=1 amount=5")
	f.expect(f.as("bob", "/report edit 1 units=2"), "no report #1") // bob cannot even see it
	f.expect(f.as("max", "/report edit 1 units=2"), "Only the author")
	f.expect(f.as("alice", "/report edit 1 units=two"), "Units (units) must be a whole number")
	f.expect(f.as("alice", "/report edit 1 units=2 amount="), "Updated report #1", "Units: 2")
	r, err := f.db.Report(context.Background(), 1)
	if err != nil || r.Fields["units"].Num != 2 || r.Version != 2 {
		t.Fatalf("after edit: %+v, %v", r, err)
	}
	if _, ok := r.Fields["amount"]; ok {
		t.Errorf("amount= did not clear the field")
	}
	hist, _ := f.db.ReportHistory(context.Background(), 1)
	if len(hist) != 1 || hist[0].Fields["units"].Num != 1 {
		t.Errorf("history = %+v", hist)
	}
	f.expect(f.as("alice", "/report show 1"), "Edited", "1 earlier versions kept")

	form := f.as("alice", "/report edit 1")
	if form.Form == nil || form.Form.Command != "/report edit #1" || form.Form.Fields[2].Value != "2" {
		t.Errorf("edit form = %+v", form.Form)
	}

	f.now = f.now.Add(25 * time.Hour)
	f.expect(f.as("alice", "/report delete 1"), "more than 24 hours old")
	f.expect(f.as("ada", "/report delete 1"), "Deleted report #1")
	f.expect(f.as("alice", "/report list"), "No reports")
	f.expect(f.as("ada", "/report edit 1 units=3"), "is deleted")
	f.expect(f.as("alice", "/report show 1"), "Deleted 2026-11-29")
}

func TestReportForms(t *testing.T) {
	f := newFixture(t)
	bare := f.as("alice", "/report")
	if bare.Form == nil || bare.Form.Fields[0].Key != "kind" || len(bare.Form.Fields[0].Choices) != 10 {
		t.Fatalf("bare /report form = %+v", bare.Form)
	}
	kind := f.router.Handle(context.Background(), &bot.Incoming{Platform: demoChat, UserID: "U0ALICE", Name: "report",
		Options: map[string]string{"kind": "payment"}, Form: true})
	if kind.Form == nil || kind.Form.Command != "/report payment" || len(kind.Form.Fields) != 5 {
		t.Fatalf("kind form = %+v", kind.Form)
	}
	bad := f.router.Handle(context.Background(), &bot.Incoming{Platform: demoChat, UserID: "U0ALICE", Name: "report",
		Text: "payment", Options: map[string]string{"customer": "Metro", "due": "lots"}, Form: true})
	if bad.Errors["due"] == "" || len(bad.Errors) != 1 {
		t.Errorf("form errors = %v", bad.Errors)
	}
	good := f.router.Handle(context.Background(), &bot.Incoming{Platform: demoChat, UserID: "U0ALICE", Name: "report",
		Text: "payment", Options: map[string]string{"customer": "Metro", "due": "1,000"}, Form: true})
	f.expect(good, "Saved report #1", "Amount due: 1,000.00")
}

// A platform retrying the same request (same request id) stores the report
// and its feed post once, and gets the same answer.
func TestReportRetryStoredOnce(t *testing.T) {
	f := newFixture(t)
	in := func() *bot.Incoming {
		return &bot.Incoming{Platform: demoChat, UserID: "U0ALICE", Name: "report", Text: "sales units=4", RequestID: "trigger-1"}
	}
	first := f.router.Handle(context.Background(), in())
	again := f.router.Handle(context.Background(), in())
	if first.Text != again.Text {
		t.Errorf("retry answered %q, first %q", again.Text, first.Text)
	}
	reports, _ := f.db.FindReports(context.Background(), bot.ReportFilter{})
	msgs, _ := f.db.PendingMessages(context.Background())
	if len(reports) != 1 || len(msgs) != 1 {
		t.Errorf("%d reports and %d feed posts stored, want 1 and 1", len(reports), len(msgs))
	}
	if len(msgs) == 1 && (msgs[0].To.String() != "slack:#C0MKT" || !strings.Contains(msgs[0].Text, "#1 Outlet sales")) {
		t.Errorf("feed post = %+v", msgs[0])
	}
}

// A request id seen before, with another report in it (a platform that
// reused an id), answers with the stored report, kind label included.
func TestReportRetryAnswersWithTheStoredReport(t *testing.T) {
	f := newFixture(t)
	first := f.router.Handle(context.Background(), &bot.Incoming{Platform: demoChat, UserID: "U0ALICE", Name: "report", Text: "sales units=4", RequestID: "t-1"})
	again := f.router.Handle(context.Background(), &bot.Incoming{Platform: demoChat, UserID: "U0ALICE", Name: "report", Text: "customer customer=Metro note=late", RequestID: "t-1"})
	if again.Text != first.Text {
		t.Errorf("answered %q, want the stored report's %q", again.Text, first.Text)
	}
}

func TestHelpLangWhoami(t *testing.T) {
	f := newFixture(t)
	help := f.as("alice", "/help")
	for _, c := range f.router.Commands() {
		if !strings.Contains(help.Text, "/"+c.Name+" — ") {
			t.Errorf("/help lacks /%s", c.Name)
		}
		if !bot.HasText("help."+c.Name) || !bot.HasText("usage."+c.Name) {
			t.Errorf("/%s has no help or usage text", c.Name)
		}
	}
	f.expect(f.as("alice", "/help report"), "/report list")
	f.expect(f.as("alice", "/help nope"), "no command /nope")
	f.expect(f.as("alice", "/lang fr"), "not “fr”", "/lang zh")
	f.expect(f.as("alice", "/lang 中文"), "以后我用中文回复你")
	f.expect(f.as("alice", "/whoami"), "你是 Alice Wang", "上级：孙明")
	f.expect(f.as("alice", "/nope"), "没有 /nope 这个命令")
}
