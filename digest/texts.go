package digest

import "github.com/fieldloop/fieldloop/bot"

// The digest's texts in the catalogue.
func init() {
	bot.AddTexts(bot.Translations{
		"digest.title":                 {"Digest: %[1]s, %[2]s", "摘要：%[1]s，%[2]s"},
		"digest.reports":               {"%[1]d {1:report|reports}.", "共 %[1]d 份报告。"},
		"digest.sales":                 {"Sales", "销售"},
		"digest.sales_target":          {"%[1]s against a target of %[2]s: %[3]s (%[4]d {4:unit|units}).", "销售额 %[1]s，目标 %[2]s，达成 %[3]s（%[4]d 件）。"},
		"digest.sales_target_prorated": {"%[1]s against a target of %[2]s (pro-rated to the span): %[3]s (%[4]d {4:unit|units}).", "销售额 %[1]s，目标 %[2]s（按本时段折算），达成 %[3]s（%[4]d 件）。"},
		"digest.sales_total":           {"%[1]s (%[2]d {2:unit|units}); no target set.", "销售额 %[1]s（%[2]d 件）；未设目标。"},
		"digest.sales_none":            {"No sales in this span or the one before.", "本期和上期均无销售额。"},
		"digest.sales_new":             {"Nothing sold in the period before.", "上期无销售额。"},
		"digest.in_currency":           {"%[1]s (%[2]s)", "%[1]s（%[2]s）"},
		"digest.sales_change":          {"Change from the period before: %[1]s (was %[2]s).", "较上期：%[1]s（上期 %[2]s）。"},
		"digest.reporting":             {"Reporting deadlines", "报告按时提交情况"},
		"digest.reporting_line":        {"%[1]s: %[2]s · on time %[3]d of %[4]d (%[5]s) · late %[6]d · missed %[7]d", "%[1]s：%[2]s · 按时 %[3]d/%[4]d（准时率 %[5]s）· 迟交 %[6]d · 未交 %[7]d"},
		"digest.reporting_none":        {"%[1]s: no deadline has passed in this span.", "%[1]s：本时段内尚无已过的截止时间。"},
		"digest.reporting_person":      {"%[1]s: on time %[2]d of %[3]d · late %[4]d · missed %[5]d", "%[1]s：按时 %[2]d/%[3]d · 迟交 %[4]d · 未交 %[5]d"},
		"digest.deadlines":             {"%[1]d {1:deadline|deadlines}", "共 %[1]d 次截止"},
		"digest.missing_most":          {" — missing most: %[1]s", " — 未交最多：%[1]s"},
		"digest.missed_by":             {"%[1]s %[2]d", "%[1]s %[2]d 次"},
		"digest.top_outlets":           {"Top outlets", "销售额靠前的门店"},
		"digest.outlet":                {"%[1]s: %[2]s (%[3]d {3:unit|units})", "%[1]s：%[2]s（%[3]d 件）"},
		"digest.competitor":            {"Competitor intel", "竞品信息"},
		"digest.negative":              {"Negative customer feedback", "客户负面反馈"},
		"digest.campaigns":             {"Promotion feedback", "促销反馈"},
		"digest.campaign":              {"%[1]s %[2]s: %[3]d of %[4]d {4:rep|reps} reported (strong %[5]d, ok %[6]d, weak %[7]d)", "%[1]s %[2]s：%[4]d 位销售代表中 %[3]d 位已反馈（强 %[5]d，一般 %[6]d，弱 %[7]d）"},
		"digest.payments":              {"Payment collection", "回款"},
		"digest.payments_line":         {"Due %[1]s, collected %[2]s.", "应收 %[1]s，已收 %[2]s。"},
		"digest.overdue":               {"Overdue: %[1]s", "逾期：%[1]s"},
		"digest.unacked":               {"Broadcasts not yet acknowledged", "尚未确认的通知"},
		"digest.unacked_line":          {"%[1]s %[2]s: %[3]s", "%[1]s %[2]s：%[3]s"},
		"digest.more":                  {"and %[1]d more", "还有 %[1]d 项"},
		"digest.full":                  {"Full version: %[1]s", "完整版：%[1]s"},
	})
}
