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
