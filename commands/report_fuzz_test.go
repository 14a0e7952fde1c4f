package commands

import (
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// FuzzInlineReport drives an inline report ("/report KIND field=value …")
// through the same steps as /report: ParseArgs, the kind, rawValues and
// Kind.Parse. Whatever is typed, a refusal is a user error that can be
// shown in both languages, and what is accepted reads back the same from
// its stored form (Kind.Raw), as an edit does.
func FuzzInlineReport(f *testing.F) {
	for _, line := range []string{
		`sales outlet="Carrefour Pudong" units=12 amount=3,200.50`,
		`customer customer=ACME sentiment=negative deliveries are late`,
		`销售 销量=12 金额=3.2万`,
		`竞品 brand=Acme activity=降价 price=¥3200`,
		`display outlet=「家乐福 浦东」 facings=4 position=eye compliant=是`,
		`sales outlet=“Bob’s store” units＝3 amount=3200元`,
		`sales units = 12 amount= 3200 outlet =Metro`,
		`region period=2026-Q4 revenue=3.2万 highlights="strong Q4"`,
		`outlets new_outlets=1,200 total_outlets=5000 coverage=37.5%`,
		`outlets new_outlets=3 coverage=45％`,
		`payment customer=华联 due=RMB 5000 collected=1,5 due_date=2026/12/31`,
		`payment customer=X due=$1 due_date=tomorrow`,
		`region period=2026-W53 revenue=100`,
		`promo campaign=#7 response="price cut" outlet=『Metro』`,
		`pop material=poster quantity=10 campaign=3 outlets="a, b"`,
		`stock outlet=X out_of_stock=yes on_shelf=0 sku=`,
		`sales outlet="C:\temp \"new\"" note=“say \“hi\””`,
		`sales units=1 units=2`,
		`sales units=1 "unterminated`,
		`= value`,
		"customer customer=A note=\"line one\nline two\t\x01\"",
		`销售 销量=3，销售额=１万；备注=价格高，客户不满意`,
		`ｓａｌｅｓ ｕｎｉｔｓ＝１２０ 金额=3 200 note=x`,
		"sales units=1 amount=3\u202f200.50",
		`payment customer=华联 应收=US$5 已收=€2 due_date=12月10日`,
		`region 期间=2026年第四季度 营收=1.2亿`,
	} {
		f.Add(line)
	}
	schema := bot.ReportSchema()
	pc := bot.ParseContext{Now: time.Date(2026, 11, 28, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))}
	f.Fuzz(func(t *testing.T, line string) {
		args, err := bot.ParseArgs(line)
		if err != nil {
			checkUserError(t, line, err)
			return
		}
		if len(args) == 0 || args[0].Pair || subcommands[strings.ToLower(args[0].Value)] != "" {
			return
		}
		kind := schema.Kind(args[0].Value)
		if kind == nil {
			return
		}
		raw, err := rawValues(kind, args[1:], nil)
		if err != nil {
			checkUserError(t, line, err)
			return
		}
		fields, err := kind.Parse(raw, pc)
		if err != nil {
			checkUserError(t, line, err)
			return
		}
		stored := kind.Raw(fields)
		again, err := kind.Parse(stored, pc)
		if err != nil || !maps.Equal(again, fields) {
			t.Errorf("%q: parsed %v, stored as %q, which reads back as %v (%v)", line, fields, stored, again, err)
		}
	})
}

// checkUserError checks that err, the refusal of line, is the user's
// mistake (EINVALID), made of catalogue texts, with a message in English
// and in Chinese.
func checkUserError(t *testing.T, line string, err error) {
	t.Helper()
	var each []*bot.Error
	switch e := err.(type) {
	case *bot.Error:
		each = []*bot.Error{e}
	case bot.FieldErrors:
		if len(e) == 0 {
			t.Fatalf("%q: empty FieldErrors", line)
		}
		each = e
	default:
		t.Fatalf("%q: error %T %v is neither *bot.Error nor bot.FieldErrors", line, err, err)
	}
	for _, e := range each {
		if e.Code != bot.EINVALID || !bot.HasText(e.Text.Key) {
			t.Errorf("%q: error code %q, text %q: want %q and a catalogue key", line, e.Code, e.Text.Key, bot.EINVALID)
		}
	}
	if code := bot.ErrorCode(err); code != bot.EINVALID {
		t.Errorf("%q: ErrorCode = %q, want %q", line, code, bot.EINVALID)
	}
	for _, lang := range []bot.Lang{bot.English, bot.Chinese} {
		msg := bot.ErrorMessage(err, lang)
		if strings.TrimSpace(msg) == "" || strings.Contains(msg, "%!") && !strings.Contains(line, "%!") {
			t.Errorf("%q: %s message %q", line, lang, msg)
		}
	}
}
