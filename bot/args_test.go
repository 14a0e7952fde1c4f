package bot

import (
	"reflect"
	"testing"
)

func TestParseArgs(t *testing.T) {
	pair := func(k, v string) Arg { return Arg{Key: k, Value: v, Pair: true} }
	word := func(v string) Arg { return Arg{Value: v} }
	tests := []struct {
		in   string
		want []Arg
	}{
		{"", nil},
		{"sales units=12", []Arg{word("sales"), pair("units", "12")}},
		{`sales outlet="Carrefour Pudong" units=3`, []Arg{word("sales"), pair("outlet", "Carrefour Pudong"), pair("units", "3")}},
		{`sales outlet=“Carrefour Pudong”`, []Arg{word("sales"), pair("outlet", "Carrefour Pudong")}},
		{`sales outlet=”smart both ways”`, []Arg{word("sales"), pair("outlet", "smart both ways")}},
		{`customer note=「送货 太慢」`, []Arg{word("customer"), pair("note", "送货 太慢")}},
		{`sales units＝12`, []Arg{word("sales"), pair("units", "12")}},
		{`sales outlet = Store units= 4`, []Arg{word("sales"), pair("outlet", "Store"), pair("units", "4")}},
		{`x note="say \"hi\""`, []Arg{word("x"), pair("note", `say "hi"`)}},
		{`x note=a=b`, []Arg{word("x"), pair("note", "a=b")}},
		{`x note=""`, []Arg{word("x"), pair("note", "")}},
		{"x\u3000units=1", []Arg{word("x"), pair("units", "1")}},
		{`"two words"`, []Arg{word("two words")}},
		{`x outlet=Bob’s store`, []Arg{word("x"), pair("outlet", "Bob’s"), word("store")}},
		{`x units=3 ’90s`, []Arg{word("x"), pair("units", "3"), word("’90s")}},
		{`x note="C:\temp\new"`, []Arg{word("x"), pair("note", `C:\temp\new`)}},
		{`x note="a\\b"`, []Arg{word("x"), pair("note", `a\b`)}},
		// Full-width forms, as Chinese input methods type them.
		{`ｓａｌｅｓ ｕｎｉｔｓ＝１２０`, []Arg{word("ｓａｌｅｓ"), pair("ｕｎｉｔｓ", "１２０")}},
		{`x note＝＂two words＂`, []Arg{word("x"), pair("note", "two words")}},
		// A comma, semicolon or 、 before another name= separates pairs…
		{`销售 销量=3，销售额=1万`, []Arg{word("销售"), pair("销量", "3"), pair("销售额", "1万")}},
		{`销售 销量=3；销售额=1万`, []Arg{word("销售"), pair("销量", "3"), pair("销售额", "1万")}},
		{`销售 销量=3、销售额=1万`, []Arg{word("销售"), pair("销量", "3"), pair("销售额", "1万")}},
		{`x units=3,amount=5`, []Arg{word("x"), pair("units", "3"), pair("amount", "5")}},
		{`x 很好，units=3`, []Arg{word("x"), word("很好"), pair("units", "3")}},
		// …but stays inside a value otherwise.
		{`x note=价格高，客户不满意`, []Arg{word("x"), pair("note", "价格高，客户不满意")}},
		{`x regions=east,north`, []Arg{word("x"), pair("regions", "east,north")}},
		{`x amount=3,200`, []Arg{word("x"), pair("amount", "3,200")}},
		{`x note="a，b=c"`, []Arg{word("x"), pair("note", "a，b=c")}},
		{`x 价格高，客户不满意`, []Arg{word("x"), word("价格高，客户不满意")}},
		// Thousands grouped with spaces are one number.
		{`x amount=3 200`, []Arg{word("x"), pair("amount", "3 200")}},
		{"x amount=3\u202f200 units=2", []Arg{word("x"), pair("amount", "3\u202f200"), pair("units", "2")}},
		{"x amount=3\u00a0200", []Arg{word("x"), pair("amount", "3\u00a0200")}},
		{`x amount=1 200 000.50`, []Arg{word("x"), pair("amount", "1 200 000.50")}},
		{`x amount=¥3 200元 late`, []Arg{word("x"), pair("amount", "¥3 200元"), word("late")}},
		{`x amount=１ ２００`, []Arg{word("x"), pair("amount", "１ ２００")}},
		{`x units=12 boxes`, []Arg{word("x"), pair("units", "12"), word("boxes")}},
		{`x units=12 1000`, []Arg{word("x"), pair("units", "12"), word("1000")}},
		{`x units=1200 300`, []Arg{word("x"), pair("units", "1200"), word("300")}},
		{`x units=3 20`, []Arg{word("x"), pair("units", "3"), word("20")}},
		{`x units=3 200=4`, []Arg{word("x"), pair("units", "3"), pair("200", "4")}},
		{`x 3 200`, []Arg{word("x"), word("3"), word("200")}},
		{`x cron=0 18 * * 1-5`, []Arg{word("x"), pair("cron", "0"), word("18"), word("*"), word("*"), word("1-5")}},
	}
	for _, tt := range tests {
		got, err := ParseArgs(tt.in)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseArgs(%q) = %#v, %v; want %#v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{`note="open`, `= 12`, `a=1 = 2`} {
		if _, err := ParseArgs(bad); ErrorCode(err) != EINVALID {
			t.Errorf("ParseArgs(%q) err = %v, want EINVALID", bad, err)
		}
	}
}
