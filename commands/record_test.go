package commands_test

import (
	"context"
	"strings"
	"testing"

	"github.com/fieldloop/fieldloop/bot"
)

// Outlets are added, found by any of their names whatever the case, width
// and spacing, edited, merged and removed, by those who may; each refusal
// says what was wrong with an example.
func TestOutletCommands(t *testing.T) {
	f := newFixture(t)
	f.expect(f.As("mia", `/outlet add name="Carrefour Gubei" name_alt=家乐福古北 aliases="Gubei Carrefour;古北家乐福" region=east owner=alice lat=31.19 lon=121.40`),
		"Added Carrefour Gubei (O-0001) · 家乐福古北 · East China · owner Alice Wang")
	f.expect(f.As("max", `/outlet add name="Hualian Jing'an" region=east owner=bob`), "Added Hualian Jing'an (O-0002)")
	for _, name := range []string{"O-0001", "carrefour gubei", "ＣＡＲＲＥＦＯＵＲ　ＧＵＢＥＩ", "家乐福古北", "古北家乐福"} {
		f.expect(f.As("alice", "/outlet show "+name), "Carrefour Gubei (O-0001)", "Location: 31.19, 121.4")
	}
	f.expect(f.As("alice", "/outlet list q=gubei"), "1 outlets:", "Carrefour Gubei (O-0001)")
	f.expect(f.As("chen", "/outlet list"), "没有符合条件的门店。") // north sees none of east's
	f.refused(f.As("alice", "/outlet edit O-0001 owner=bob"), "You may read these outlets but not change them")
	f.refused(f.As("bob", `/outlet add name="Far" region=north`), "may read these outlets but not change them")
	f.expect(f.As("max", "/outlet edit O-0001 owner=bob"), "Changed: Carrefour Gubei (O-0001)", "owner Bob Zhao")
	f.expect(f.As("mia", "/outlet merge O-0002 into O-0001"), "Merged Hualian Jing'an (O-0002) into Carrefour Gubei (O-0001)")
	f.expect(f.As("alice", "/outlet show hualian jing'an"), "Carrefour Gubei (O-0001)") // the old name finds the survivor
	f.expect(f.As("mia", "/outlet remove O-0001"), "Removed Carrefour Gubei (O-0001)")
	f.refused(f.As("mia", "/outlet show O-0001"), "Nothing is called “O-0001”")
	recs, err := f.DB.Records(context.Background(), bot.RecordOutlet)
	if err != nil || len(recs) != 2 || recs[0].RemovedAt.IsZero() || recs[1].MergedInto != "O-0001" {
		t.Errorf("stored %+v, %v", recs, err)
	}
}

// Bad values are refused, each named with an example, and nothing is saved.
func TestOutletRefusals(t *testing.T) {
	f := newFixture(t)
	for _, tt := range []struct{ line, want string }{
		{`/outlet add name=X`, "An outlet needs a region (east, north)."},
		{`/outlet add region=east`, "Give a name."},
		{`/outlet add name=X region=west`, "There is no region “west”."},
		{`/outlet add name=X region=east owner=mia`, "“mia” is not a rep in the organisation"},
		{`/outlet add name=X region=east lat=91`, "lat=91 is not a coordinate"},
		{`/outlet add name=X region=east customer=C-0009`, "There is no customer “C-0009”"},
		{`/outlet add id="a b" name=X region=east`, "“a b” cannot be an id"},
		{`/outlet frobnicate`, "/outlet takes list, show, add, edit, remove or merge"},
		{`/product add name=Tea list_price=abc`, "“abc” is not a price"},
		{`/outlet merge`, "Name it by its id or its name"},
	} {
		f.refused(f.As("ada", tt.line), tt.want)
	}
	for _, kind := range bot.RecordKinds {
		if recs, _ := f.DB.Records(context.Background(), kind); len(recs) != 0 {
			t.Errorf("%d %s saved by refusals", len(recs), kind)
		}
	}
}

// Customers and products, in Chinese.
func TestRecordsInChinese(t *testing.T) {
	f := newFixture(t)
	f.As("ada", "/lang zh")
	f.expect(f.As("ada", "/customer add name=Hualian name_alt=华联 region=east"), "已添加 Hualian（C-0001）")
	f.expect(f.As("ada", "/product add name=\"Green Tea\" name_alt=绿茶 category=tea list_price=4.5"), "已添加 Green Tea（P-0001） · 绿茶 · tea · 4.50")
	reply := f.As("ada", "/customer list")
	if !strings.Contains(reply.Text, "客户，共 1 个：") {
		t.Errorf("list: %q", reply.Text)
	}
	f.refused(f.As("ada", "/customer show 华联超市"), "没有叫“华联超市”的记录")
}
