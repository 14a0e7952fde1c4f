package value

import (
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 11, 28, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))

func TestInt(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		res  Result
	}{
		{"120", 120, OK},
		{"１２０", 120, OK},
		{"1,200", 1200, OK},
		{"１，２００", 1200, OK},
		{"1 200", 1200, OK},
		{"1\u202f200", 1200, OK},
		{"1\u00a0200\u00a0000", 1200000, OK},
		{"1 2", 0, Bad},
		{"12 00", 0, Bad},
		{"1,200 000", 0, Bad}, // one separator or the other, not both
		{"－3", 0, Negative},
	}
	for _, tt := range tests {
		if got, res := Int(tt.in); got != tt.want || res != tt.res {
			t.Errorf("Int(%q) = %d, %v; want %d, %v", tt.in, got, res, tt.want, tt.res)
		}
	}
}

func TestMoney(t *testing.T) {
	tests := []struct {
		in, currency string
		want         int64
		res          Result
	}{
		{"3200", "CNY", 320000, OK},
		{"3 200", "CNY", 320000, OK},
		{"3\u202f200.50", "CNY", 320050, OK},
		{"3\u00a0200", "CNY", 320000, OK},
		{"３，２００．５０", "CNY", 320050, OK},
		{"１万", "CNY", 1000000, OK},
		{"3.2万元", "CNY", 3200000, OK},
		{"5千", "CNY", 500000, OK},
		{"1.2亿", "CNY", 12000000000, OK},
		{"$200", "CNY", 20000, OK}, // $ is many currencies' sign: read as the org's
		{"¥200", "CNY", 20000, OK},
		{"￥200", "CNY", 20000, OK},
		{"RMB200", "CNY", 20000, OK},
		{"rmb 200", "CNY", 20000, OK},
		{"ＲＭＢ２００", "CNY", 20000, OK},
		{"CNY 200", "CNY", 20000, OK},
		{"人民币200", "CNY", 20000, OK},
		{"200元", "CNY", 20000, OK},
		{"200 块", "CNY", 20000, OK},
		{"200", "", 20000, OK}, // no currency: the default
		{"US$200", "CNY", 0, Foreign},
		{"€200", "CNY", 0, Foreign},
		{"200美元", "CNY", 0, Foreign},
		{"200 EUR", "CNY", 0, Foreign},
		{"HK$200", "CNY", 0, Foreign},
		{"US$200", "USD", 20000, OK},
		{"200美元", "USD", 20000, OK},
		{"$200", "USD", 20000, OK},
		{"RMB200", "USD", 0, Foreign},
		{"3 20 0", "CNY", 0, Bad},
		{"3 2000", "CNY", 0, Bad},
		{"-¥5", "CNY", 0, Negative},
		{"¥-5", "CNY", 0, Negative},
		{"－５", "CNY", 0, Negative},
		{"元", "CNY", 0, Bad},
		{"", "CNY", 0, Bad},
	}
	for _, tt := range tests {
		if got, res := Money(tt.in, tt.currency); got != tt.want || res != tt.res {
			t.Errorf("Money(%q, %q) = %d, %v; want %d, %v", tt.in, tt.currency, got, res, tt.want, tt.res)
		}
	}
}

func TestForeignCurrency(t *testing.T) {
	tests := []struct{ in, currency, want string }{
		{"€200", "CNY", "EUR"},
		{"US$200", "CNY", "USD"},
		{"200美元", "CNY", "USD"},
		{"$200", "CNY", ""},
		{"RMB200", "CNY", ""},
		{"200", "CNY", ""},
		{"RMB200", "USD", "CNY"},
		{"200日元", "", "JPY"},
	}
	for _, tt := range tests {
		if got := ForeignCurrency(tt.in, tt.currency); got != tt.want {
			t.Errorf("ForeignCurrency(%q, %q) = %q, want %q", tt.in, tt.currency, got, tt.want)
		}
	}
}

func TestCurrencies(t *testing.T) {
	for _, code := range []string{"CNY", "USD", "EUR", "JPY"} {
		if !KnownCurrency(code) {
			t.Errorf("%s is not known", code)
		}
	}
	for _, code := range []string{"RMB", "cny", "", "XXX"} {
		if KnownCurrency(code) {
			t.Errorf("%q is known", code)
		}
	}
	if Currencies()[0] != DefaultCurrency {
		t.Errorf("Currencies() = %v; the default first", Currencies())
	}
}

func TestPercentAndYesNo(t *testing.T) {
	if n, res := Percent("４５．５％"); n != 4550 || res != OK {
		t.Errorf("Percent = %d, %v", n, res)
	}
	if n, ok := YesNo("ＹＥＳ"); n != 1 || !ok {
		t.Errorf("YesNo = %d, %v", n, ok)
	}
}

func TestDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2026-12-10", "2026-12-10"},
		{"２０２６－１２－１０", "2026-12-10"},
		{"2026/12/10", "2026-12-10"},
		{"2026.12.10", "2026-12-10"},
		{"2026年12月10日", "2026-12-10"},
		{"２０２６年１２月１０日", "2026-12-10"},
		{"2026年1月5号", "2026-01-05"},
		{"12月10日", "2026-12-10"}, // this year
		{"12月10", "2026-12-10"},
		{"明天", "2026-11-29"},
		{"Today", "2026-11-28"},
		{"2026年2月30日", ""},
		{"2026年12月", ""},
		{"13月1日", ""},
		{"1999年1月1日", ""},
	}
	for _, tt := range tests {
		got, ok := Date(tt.in, now)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Date(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2026", "2026"},
		{"2026年", "2026"},
		{"2026年度", "2026"},
		{"2026-11", "2026-11"},
		{"2026年12月", "2026-12"},
		{"2026年1月份", "2026-01"},
		{"２０２６年１２月", "2026-12"},
		{"2026-q4", "2026-Q4"},
		{"2026Q4", "2026-Q4"},
		{"2026年Q4", "2026-Q4"},
		{"2026年q4", "2026-Q4"},
		{"2026年第4季度", "2026-Q4"},
		{"2026年第四季度", "2026-Q4"},
		{"2026年4季度", "2026-Q4"},
		{"2026年一季度", "2026-Q1"},
		{"２０２６－Ｑ４", "2026-Q4"},
		{"2026年第48周", "2026-W48"},
		{"2026年第5周", "2026-W05"},
		{"2026-W48", "2026-W48"},
		{"2026年13月", ""},
		{"2026年第5季度", ""},
		{"2026年第54周", ""},
		{"26年", ""},
		{"2026年12月10日", ""},
	}
	for _, tt := range tests {
		got, ok := ParsePeriod(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("ParsePeriod(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"2h", 2 * time.Hour, true},
		{"２ｈ", 2 * time.Hour, true},
		{"90m", 90 * time.Minute, true},
		{"1h30m", 90 * time.Minute, true},
		{"1d", 24 * time.Hour, true},
		{"2天", 48 * time.Hour, true},
		{"90分钟", 90 * time.Minute, true},
		{"1.5小时", 90 * time.Minute, true},
		{"2个小时", 2 * time.Hour, true},
		{"1小时30分钟", 90 * time.Minute, true},
		{"-1h", 0, false},
		{"-1d", 0, false},
		{"99999999999d", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := Duration(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Duration(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDateTime(t *testing.T) {
	sh := time.FixedZone("CST", 8*3600)
	tests := []struct{ in, want string }{
		{"2026-12-02 14:00", "2026-12-02T14:00:00+08:00"},
		{"２０２６－１２－０２　１４：００", "2026-12-02T14:00:00+08:00"},
		{"2026年12月2日 14:00", "2026-12-02T14:00:00+08:00"},
		{"2026年12月2日14:00", "2026-12-02T14:00:00+08:00"},
		{"12月2日 9:30", "2026-12-02T09:30:00+08:00"},
		{"明天 14:00", "2026-11-29T14:00:00+08:00"},
		{"2026-12-02", ""},
		{"14:00", ""},
		{"2026-12-02 25:00", ""},
	}
	for _, tt := range tests {
		got, ok := DateTime(tt.in, now, sh)
		if ok != (tt.want != "") || ok && got.Format(time.RFC3339) != tt.want {
			t.Errorf("DateTime(%q) = %v, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestSince(t *testing.T) {
	tests := []struct{ in, want string }{
		{"7d", "2026-11-21T12:00:00+08:00"},
		{"7天", "2026-11-21T12:00:00+08:00"},
		{"２ｗ", "2026-11-14T12:00:00+08:00"},
		{"2周", "2026-11-14T12:00:00+08:00"},
		{"24小时", "2026-11-27T12:00:00+08:00"},
		{"2026-11-01", "2026-11-01T00:00:00+08:00"},
		{"2026年11月1日", "2026-11-01T00:00:00+08:00"},
		{"昨天", "2026-11-27T00:00:00+08:00"},
	}
	for _, tt := range tests {
		got, ok := Since(tt.in, now)
		if !ok || got.Format(time.RFC3339) != tt.want {
			t.Errorf("Since(%q) = %v, %v; want %s", tt.in, got, ok, tt.want)
		}
	}
}

func TestContinuesNumber(t *testing.T) {
	tests := []struct {
		sofar, next string
		want        bool
	}{
		{"3", "200", true},
		{"¥3", "200元", true},
		{"RMB 1 200", "000.50", true},
		{"-3", "200", true},
		{"１", "２００", true},
		{"3", "20", false},
		{"3", "2000", false},
		{"1200", "300", false},
		{"3", "200=4", false},
		{"Store1", "200", false},
		{strings.Repeat("1 000 ", 20) + "000", "000", false},
	}
	for _, tt := range tests {
		if got := ContinuesNumber(tt.sofar, tt.next); got != tt.want {
			t.Errorf("ContinuesNumber(%q, %q) = %v", tt.sofar, tt.next, got)
		}
	}
}
