package commands_test

import (
	"context"
	"strings"
	"testing"

	"github.com/fieldloop/fieldloop/bot"
)

// step is one command line and what its reply must and must not say.
type step struct {
	who, line string
	want      []string
	not       []string
}

func (f *fixture) steps(steps []step) {
	f.T.Helper()
	for _, s := range steps {
		reply := f.As(s.who, s.line)
		f.expect(reply, s.want...)
		for _, n := range s.not {
			if strings.Contains(reply.Text, n) {
				f.T.Errorf("%s %s: %q says %q", s.who, s.line, reply.Text, n)
			}
		}
	}
}

// Full-width digits, letters and punctuation, and the Chinese forms of
// dates and periods, are read wherever a value is.
func TestFullWidthAndChineseValues(t *testing.T) {
	f := newFixture(t)
	f.steps([]step{
		{"chen", "/report sales units=１２０", []string{"已保存报告", "销量：120"}, nil},
		{"alice", "/report ｓａｌｅｓ ｕｎｉｔｓ＝１２０ ａｍｏｕｎｔ＝３，２００．５０", []string{"Units: 120", "Amount: 3,200.50"}, nil},
		{"chen", "/report 销售 销量=3，销售额=１万", []string{"销量：3", "销售额：10,000.00"}, nil},
		{"chen", "/report 销售 销量=3；销售额=1万，备注=价格高，客户不满意", []string{"销量：3", "备注：价格高，客户不满意"}, nil},
		{"chen", "/report 回款 customer=华联 due=5000 due_date=2026年12月10日", []string{"到期日：2026-12-10"}, nil},
		{"chen", "/report 回款 customer=华联 due=5000 due_date=１２月１０日", []string{"到期日：2026-12-10"}, nil},
		{"chen", "/report 区域 期间=2026年12月 revenue=1万", []string{"期间：2026-12"}, nil},
		{"chen", "/report 区域 期间=2026年第4季度 revenue=1万", []string{"期间：2026-Q4"}, nil},
		{"chen", "/report 区域 期间=2026年Q4 revenue=1万", []string{"期间：2026-Q4"}, nil},
		{"chen", "/report 区域 期间=2026年 revenue=1万", []string{"期间：2026"}, nil},
		{"alice", "/report list since=７ｄ", []string{"#2"}, nil},
		{"alice", "/report list since=7天", []string{"#2"}, nil},
		{"mia", "/report list region=ｅａｓｔ", []string{"#2"}, nil},
		{"mia", "/target set region=east period=2026年第4季度 amount=１００万", []string{"2026-Q4", "CNY 1,000,000.00"}, nil},
		{"mia", "/target show 2026年第4季度 ｅａｓｔ", []string{"East China, 2026-Q4: target CNY 1,000,000.00"}, nil},
		{"ada", `/schedule add kind=销售 audience=全部 every="每天 18:00" grace=２ｈ nudge=30分钟`, []string{"Added: #1 Outlet sales from all reps, daily 18:00", "grace 2h", "nudge 30m before"}, nil},
		{"ada", `/schedule add 类型=竞品 对象=north 频率=每周五18:00 宽限=1天`, []string{"Added: #2 Competitor intel from North China, weekly fri 18:00", "grace 24h"}, nil},
		{"bob", "/away 2026年12月1日至2026年12月5日", []string{"Away from 2026-12-01 to 2026-12-05"}, nil},
		{"bob", "/away １２月２４日．．１２月２６日", []string{"Away from 2026-12-24 to 2026-12-26"}, nil},
	})
}

// Campaigns and trainings take Chinese option names and values.
func TestChineseCampaignsAndTrainings(t *testing.T) {
	f := newFixture(t)
	f.steps([]step{
		{"mia", "/campaign add kind=促销 标题=双十一 开始=2026年11月1日 结束=2026年11月11日 区域=全部 描述=满100减20",
			[]string{"Added: 📣 Promotion #1 双十一 · 2026-11-01 → 2026-11-11 · all regions"}, nil},
		{"mia", "/campaign add 类型=品牌推广 标题=新品 开始=12月1日 结束=12月3日 区域=east、north 物料=海报",
			[]string{"Added: 📣 Brand push #2 新品 · 2026-12-01 → 2026-12-03 · East China, North China"}, nil},
		{"mia", `/training add 标题=新品培训 时间="2026年12月2日 14:00" 时长=90分钟 地点=3号会议室 对象=全部 主题=产品知识`,
			[]string{"Added: 🎓 Training #3 新品培训 · 2026-12-02 14:00 (1h30m) · all regions"}, nil},
		{"mia", "/campaign add kind=抽奖 title=x start=2026-12-01 end=2026-12-02 regions=all",
			[]string{"kind: “抽奖” is not a campaign kind. Kinds: promotion, event, POP & gifts (pop), target, Brand push (brand)."}, nil},
		{"chen", "/campaign add kind=抽奖 title=x start=2026-12-01 end=2026-12-02 regions=all",
			[]string{"只有市场部和管理员"}, nil},
		{"ada", "/campaign add kind=抽奖 标题=x 开始=2026-12-01 结束=2026-12-02 区域=全部 颜色=红",
			[]string{"There is no option “颜色”; the options are: kind, title, start, end, regions, description, materials."}, nil},
		{"chen", "/campaign show 2", []string{"品牌推广"}, nil},
		{"chen", "/training show 3", []string{"产品知识"}, nil},
	})
	c, err := f.DB.Campaign(context.Background(), 1)
	if err != nil || c.Description != "满100减20" || !c.Audience.All || c.Kind != "promotion" {
		t.Errorf("campaign 1: %+v, %v", c, err)
	}
	if tr, err := f.DB.Campaign(context.Background(), 3); err != nil || tr.Topic != "product" || tr.Where != "3号会议室" {
		t.Errorf("training 3: %+v, %v", tr, err)
	}
}

// Fields answer to the names people use, and an unknown field is told
// with the fields' names in the reader's language.
func TestFieldSynonyms(t *testing.T) {
	f := newFixture(t)
	f.steps([]step{
		{"chen", "/report 销售 数量=3 金额=1万", []string{"销量：3", "销售额：10,000.00"}, nil},
		{"chen", "/report 销售 网点=家乐福 销量=1 销售金额=5", []string{"门店：家乐福", "销售额：5.00"}, nil},
		{"chen", "/report 陈列 终端=家乐福", []string{"门店：家乐福"}, nil},
		{"chen", "/report 区域 期间=2026-11 营收=1万", []string{"销售收入：10,000.00"}, nil},
		{"chen", "/report 区域 期间=2026-11 营业额=1万", []string{"销售收入：10,000.00"}, nil},
		{"chen", "/report 回款 customer=华联 应收=5000 已收=3000", []string{"应收金额：5,000.00", "已收金额：3,000.00"}, nil},
		{"chen", "/report 回款 customer=华联 应收款=5000 回款=3000", []string{"已收金额：3,000.00"}, nil},
		{"chen", "/report 客户 customer=华联 情绪=负面 反馈=送货慢", []string{"评价倾向：负面", "备注：送货慢"}, nil},
		{"chen", "/report 网点 新增网点=3", []string{"新开网点：3"}, nil},
		{"chen", "/report pop 物料=海报 数量=10", []string{"数量：10"}, nil},
		{"chen", "/report 销售 颜色=红 销量=1", []string{"可用字段：门店（outlet）、产品编码（sku）、销量（units）、销售额（amount）、备注（note）。"}, nil},
		{"alice", "/report payment colour=red customer=x due=1", []string{"Its fields are: customer, Amount due (due), collected, due_date, note."}, nil},
	})
}

// Amounts are in the org's currency: its marks and the generic $ and ¥
// are read, another currency is refused by name, and a number grouped by
// spaces is one amount.
func TestMoneyAndCurrency(t *testing.T) {
	f := newFixture(t)
	f.steps([]step{
		{"alice", "/report sales units=1 amount=3 200", []string{"Saved report #1", "Amount: 3,200.00"}, []string{"Note"}},
		{"alice", "/report sales units=1 amount=3\u202f200.50", []string{"Amount: 3,200.50"}, []string{"Note"}},
		{"alice", "/report sales units=1 amount=3\u00a0200", []string{"Amount: 3,200.00"}, []string{"Note"}},
		{"alice", "/report sales units=1 amount=$200", []string{"Amount: 200.00"}, nil},
		{"alice", "/report sales units=1 amount=RMB200", []string{"Amount: 200.00"}, nil},
		{"alice", "/report sales units=1 amount=US$200", []string{"Amount (amount): “US$200” is in USD; this organisation counts in CNY. Example: amount=3,200.50"}, nil},
		{"alice", "/report sales units=1 amount=€200", []string{"“€200” is in EUR; this organisation counts in CNY."}, nil},
		{"chen", "/report 销售 销量=1 金额=200美元", []string{"销售额（amount）：“200美元”是美元，本公司统一以人民币计价。示例：amount=3,200.50"}, nil},
		{"mia", "/target set region=east period=2026-11 amount=€5000", []string{"“€5000” is in EUR"}, nil},
		// A space that does not group thousands is neither joined nor split.
		{"alice", "/report sales units=1 amount=3 20", []string{"Amount (amount): “3 20” has a space inside the number"}, []string{"Saved"}},
		{"alice", "/report sales units=12 34 amount=5", []string{"Units (units): “12 34” has a space"}, []string{"Saved"}},
		{"alice", "/report sales units=1 amount=12 34 56", []string{"“12 34” has a space"}, []string{"Saved"}},
		{"chen", "/report 销售 销量=1 金额=3 20", []string{"“3 20”的数字中间有空格"}, []string{"已保存"}},
		{"alice", "/report sales units=1 amount=30 late delivery", []string{"Saved", "Note: late delivery"}, nil},
	})
	r, err := f.DB.Report(context.Background(), 1)
	if err != nil || r.Fields["amount"].Num != 320000 || r.Fields["note"] != (bot.Value{}) {
		t.Errorf("report 1: %+v, %v", r, err)
	}
}

// What a person typed is quoted back cut short, however long it was.
func TestLongInputIsEchoedShort(t *testing.T) {
	f := newFixture(t)
	long := strings.Repeat("x", 100_000)
	for _, line := range []string{
		"/report " + long,
		"/report sales " + long + "=1",
		"/report sales units=1 " + long,
		"/report list " + long,
		"/report show " + long,
		"/report list since=" + long,
		"/campaign " + long,
		"/campaign add kind=" + long + " title=x start=" + long + " end=2026-12-01 regions=" + long,
		"/training add title=x at=" + long + " duration=" + long + " audience=all topic=" + long,
		"/campaign add " + long + "=1 " + long,
		"/schedule add kind=" + long + " audience=" + long + " every=" + long + " grace=" + long + " tz=" + long,
		"/schedule add cron=" + long,
		`/schedule add kind=sales audience=all every="` + long + ` 18:00"`,
		`/schedule add kind=sales audience=all cron="0 18 ` + long + ` * *"`,
		"/schedule " + long,
		"/target set region=" + long + " period=" + long + " amount=" + long + " split=" + long,
		"/target show " + long,
		"/target " + long,
		"/away " + long,
		"/away remove " + long,
		"/lang " + long,
		"/digest " + long,
		"/" + long,
	} {
		for _, who := range []string{"ada", "chen"} {
			reply := f.As(who, line)
			if strings.Contains(reply.Text, strings.Repeat("x", 41)) || len(reply.Text) > 2000 {
				t.Errorf("%s %.40s…: the reply quotes %d characters: %.200s…", who, line, len(reply.Text), reply.Text)
			}
		}
	}
}
