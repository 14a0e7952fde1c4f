package commands_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/apptest"
)

// A reader who chose Chinese reads Chinese: every reply and every message
// queued for them, in this tour of the commands that succeed and fail,
// holds no English word that is not a key, an id, a name or something the
// user typed.
func TestChineseRepliesHaveNoStrayEnglish(t *testing.T) {
	f := newFixture(t)
	f.Org().Language = bot.Chinese
	for _, who := range []string{"alice", "bob", "chen", "mia", "max", "ada"} {
		f.As(who, "/lang zh")
	}
	allowed := englishAllowed(f)
	lines := []struct{ who, line string }{
		{"ada", "/help"},
		{"ada", "/help report"}, {"ada", "/help campaign"}, {"ada", "/help training"}, {"ada", "/help schedule"},
		{"ada", "/help target"}, {"ada", "/help digest"}, {"ada", "/help away"}, {"ada", "/help calendar"},
		{"ada", "/help ack"}, {"ada", "/help lang"}, {"ada", "/help whoami"},
		{"chen", "/whoami"}, {"ada", "/whoami"}, {"chen", "/lang"},
		{"chen", "/report"}, {"chen", "/report sales"},
		{"chen", "/report sales outlet=华联 units=12 amount=3200"},
		{"alice", "/report sales outlet=Metro units=3 amount=1200"},
		{"chen", "/report competitor brand=某品牌 activity=price_cut price=39.9"},
		{"chen", "/report customer customer=华联 sentiment=negative note=送货慢"},
		{"chen", "/report payment customer=华联 due=5000 collected=1000 due_date=2026-11-20"},
		{"chen", "/report region period=2026-11 revenue=10000"},
		{"chen", "/report list"}, {"chen", "/report show 1"}, {"chen", "/report edit 1 units=13"},
		{"chen", "/report show 1"}, {"max", "/report list since=7d"}, {"mia", "/report list region=north"},
		{"chen", "/report sales units=abc"}, {"chen", "/report sales units=-3"}, {"chen", "/report sales colour=red"},
		{"chen", "/report nosuchkind"}, {"chen", "/report sales hello"}, {"chen", "/report show 99"},
		{"chen", "/report list since=yesterday"}, {"chen", "/report delete 2"}, {"chen", "/report edit 1"},
		{"mia", "/campaign add kind=promotion title=双十二 start=2026-12-01 end=2026-12-12 regions=all description=满100减20"},
		{"mia", "/campaign add kind=event title=路演 start=2026-12-05 end=2026-12-06 regions=north"},
		{"mia", "/campaign list"}, {"mia", "/campaign show 1"}, {"mia", "/campaign broadcast 1"},
		{"chen", "/ack 1"}, {"mia", "/campaign remind 1"}, {"mia", "/campaign show 1"},
		{"mia", "/campaign edit 1 title=双十二大促"}, {"mia", "/campaign cancel 2"}, {"mia", "/campaign list past"},
		{"chen", "/campaign add kind=promotion title=x start=2026-12-01 end=2026-12-02 regions=all"},
		{"mia", "/campaign add kind=lottery title=x start=2026-12-01 end=2026-12-02 regions=all"},
		{"mia", "/campaign add kind=promotion title=x start=2026-12-09 end=2026-12-02 regions=all"},
		{"mia", "/campaign show 3"}, {"mia", "/campaign frobnicate"},
		{"mia", `/training add title=新品培训 at="2026-12-02 14:00" duration=90m where=3号会议室 audience=all topic=product`},
		{"mia", "/training list"}, {"mia", "/training show 3"}, {"mia", "/training show 1"},
		{"chen", "/calendar"}, {"chen", "/calendar link"},
		{"mia", "/target set region=east period=2026-12 amount=100000"},
		{"mia", "/target show 2026-12 east"}, {"mia", "/target set region=west period=2026-12 amount=1"},
		{"max", "/digest"}, {"max", "/digest east"}, {"max", "/digest north 2026-11"},
		{"max", "/digest subscribe every=\"daily 08:30\""}, {"max", "/digest subscribe every=\"weekly fri 17:00\""},
		{"max", "/digest subscriptions"}, {"max", "/digest since=yesterday"},
		{"ada", `/schedule add kind=sales audience=all every="daily 18:00" grace=2h nudge=30m`},
		{"ada", `/schedule add kind=competitor audience=north every="weekly fri 17:00" escalate=4h`},
		{"ada", `/schedule add kind=payment audience=east every="monthly last 18:00"`},
		{"ada", `/schedule add kind=region audience=east cron="0 18 * * 1-5"`},
		{"ada", "/schedule list"}, {"ada", `/schedule add kind=sales audience=all every="hourly"`},
		{"ada", `/schedule add kind=sales audience=all every="weekly fry 18:00"`},
		{"ada", `/schedule add kind=sales audience=all cron="0 18 * *"`},
		{"ada", `/schedule add kind=sales audience=all every="daily 25:00"`},
		{"ada", "/schedule remove 9"}, {"chen", "/schedule list"},
		{"chen", "/away 2026-12-24..2026-12-26"}, {"chen", "/away"}, {"chen", "/away remove 1"},
		{"chen", "/away someday"},
		{"chen", "/lang fr"}, {"chen", "/nosuchcommand"},
	}
	// What users typed as content, which others read: an outlet's name.
	allowed["metro"] = true
	for _, l := range lines {
		reply := f.As(l.who, l.line)
		if testing.Verbose() {
			t.Logf("%s %s\n%s", l.who, l.line, reply.Text)
		}
		checkChinese(t, l.who+" "+l.line, reply.Text, allowed, l.line)
	}
	for _, m := range f.Pending() {
		checkChinese(t, "message to "+m.To.String(), m.Text, allowed, "")
	}
}

var (
	latinWord   = regexp.MustCompile(`\b[A-Za-z][A-Za-z'’]*\b`)
	urlText     = regexp.MustCompile(`https?://\S+`)
	commandText = regexp.MustCompile(`/[a-z]+(?:[ \t]+[^\p{Han}\p{P}\n]*|[=\w"“”.,|…\[\]:*-]*)*`)
	optionText  = regexp.MustCompile(`[a-z_]+=(?:"[^"]*"|“[^”]*”|[^\s，。、；：）]*)`)
	quotedText  = regexp.MustCompile(`"[^"\n]*"`)
)

// checkChinese fails t for each English word in text that allowed lacks
// and the command line typed does not hold.
func checkChinese(t *testing.T, what, text string, allowed map[string]bool, typed string) {
	t.Helper()
	rest := urlText.ReplaceAllString(text, " ")
	rest = quotedText.ReplaceAllString(rest, " ")
	rest = optionText.ReplaceAllString(rest, " ")
	rest = commandText.ReplaceAllString(rest, " ")
	var stray []string
	for _, w := range latinWord.FindAllString(rest, -1) {
		if allowed[strings.ToLower(w)] || strings.Contains(strings.ToLower(typed), strings.ToLower(w)) {
			continue
		}
		if !slices.Contains(stray, w) {
			stray = append(stray, w)
		}
	}
	if len(stray) > 0 {
		t.Errorf("%s: English %q in a Chinese reply:\n%s", what, stray, text)
	}
}

// englishAllowed is every word a Chinese reply may hold in Latin letters:
// what the user types (command, option, kind, field and choice names,
// option values), ids, names in the org file, and the names of things that
// have no Chinese one.
func englishAllowed(f *fixture) map[string]bool {
	allowed := map[string]bool{}
	add := func(s string) {
		for _, w := range latinWord.FindAllString(s, -1) {
			allowed[strings.ToLower(w)] = true
		}
	}
	for _, w := range []string{
		"fieldloop", "ID", "POP", "CNY", "RMB", "Excel", "CSV", "JSON", "iCal", "ics", "Slack", "Discord",
		"cron", "IANA", "Asia", "Shanghai", "Europe", "Berlin", "Area", "City", "UTC", "CST", "HKT",
		"en", "English", "zh", "SKU", "YYYY", "MM", "DD", "HH", "Q", "Google", "Outlook",
		string(apptest.Platform),
	} {
		add(w)
	}
	// The commands' syntax as their help writes it: subcommands, options
	// and the values they take.
	for _, key := range bot.CatalogueKeys() {
		if !strings.HasPrefix(key, "usage.") {
			continue
		}
		en, _ := bot.CatalogueEntry(key)
		for line := range strings.Lines(en) {
			syntax, _, _ := strings.Cut(line, "—")
			if strings.HasPrefix(syntax, "/") {
				add(quotedText.ReplaceAllString(syntax, " "))
			}
		}
	}
	fieldKeys := map[string]bool{}
	for _, k := range f.Schema.Kinds {
		for _, fd := range k.Fields {
			fieldKeys[fd.Key] = true
		}
	}
	for _, c := range f.Router.Commands() {
		add(c.Name)
		opts := c.Options
		for _, s := range c.Subcommands {
			add(s.Name)
			opts = append(opts, s.Options...)
		}
		for _, o := range opts {
			add(o.Name)
			if fieldKeys[o.Name] {
				continue // a field's choices: see below
			}
			for _, ch := range o.Choices {
				add(ch.Value)
			}
		}
	}
	// A field's choices are typed as values (sentiment=negative), which
	// a reply shows by their labels (负面): they are not allowed bare.
	for _, k := range f.Schema.Kinds {
		add(k.Key)
		for _, fd := range k.Fields {
			add(fd.Key)
		}
	}
	for _, p := range f.Org().People {
		add(p.ID)
		add(p.Name)
	}
	for _, r := range f.Org().Regions {
		add(r.ID)
		add(r.Name)
	}
	return allowed
}

// Schedules, durations, lists and names read as Chinese writes them.
func TestChineseReadsNaturally(t *testing.T) {
	f := newFixture(t)
	f.As("mia", "/lang zh")
	f.As("ada", "/lang zh")
	f.steps([]step{
		{"ada", `/schedule add kind=sales audience=all every="daily 18:00" grace=2h nudge=30m`,
			[]string{"终端销售：全体销售代表，每天 18:00 截止", "宽限 2 小时", "提前 30 分钟提醒"}, []string{"daily", "2h"}},
		{"ada", `/schedule add kind=competitor audience=east,chen every="weekly fri 17:00" escalate=1h30m`,
			[]string{"East China、陈静，每周五 17:00 截止", "逾期 1 小时 30 分钟后通知经理"}, []string{"weekly", ", "}},
		{"ada", `/schedule add kind=payment audience=north every="monthly 5 09:00"`, []string{"每月 5 日 09:00 截止"}, nil},
		{"ada", "/whoami", []string{"你是 Ada Lin（ID：ada）"}, nil},
		{"chen", "/whoami", []string{"你是陈静（ID：chen）"}, nil},
		{"mia", "/campaign add kind=promotion title=双十二 start=2026-12-01 end=2026-12-12 regions=all", []string{"促销活动 #1"}, []string{"销售促进"}},
		{"mia", "/campaign broadcast 1", nil, nil},
		{"mia", "/campaign show 1", []string{"未确认：Alice Wang、Bob Zhao", "待发送；"}, []string{", "}},
		{"mia", `/training add title=新品培训 at="2026-12-02 14:00" duration=90m audience=all`, []string{"14:00（1 小时 30 分钟）"}, nil},
		{"chen", "/report nosuchkind", []string{"display（终端产品陈列）、stock（产品理货）"}, []string{", "}},
		{"chen", "/report competitor brand=x activity=quantum", []string{"price_cut（降价）、"}, []string{", "}},
		{"mia", "/digest subscribe 每天 08:30 east", []string{"East China 的摘要，时间：每天 08:30"}, []string{"取代"}},
		{"mia", "/digest subscribe weekly fri 17:00 east", []string{"每周五 17:00", "它取代了你之前订阅的 East China 摘要（每天 08:30）"}, nil},
		{"ada", `/schedule add kind=sales audience=all cron="0 18 * * 1-9"`, []string{"星期字段：“9”不是 0 到 7 之间的值"}, nil},
	})
}
