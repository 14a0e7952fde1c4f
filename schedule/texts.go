package schedule

import "github.com/fieldloop/fieldloop/bot"

// The scheduler's own texts in the catalogue: the early warnings, alone
// and gathered, and the notice of a digest that stopped.
func init() {
	bot.AddTexts(bot.Translations{
		"digest.stopped": {"Your %[1]s digest has stopped: you no longer read that region's reports. Subscribe to a region you read with /digest subscribe.",
			"你订阅的%[1]s摘要已停止发送：你已无权查看该区域的报告。如需订阅你有权查看的区域，请使用 /digest subscribe。"},
		"warning.sales":          {"%[1]s: sales %[2]s so far in %[5]s, against a pro-rated target of %[3]s (%[4]s).", "%[1]s：%[5]s 至今销售额 %[2]s，按进度目标应为 %[3]s（达成 %[4]s）。"},
		"warning.negative":       {"%[1]d negative customer {1:report|reports} in %[2]s within %[3]d {3:day|days}.", "%[2]s 在 %[3]d 天内收到 %[1]d 条客户负面反馈。"},
		"warning.payment":        {"Payment overdue in %[6]s: %[1]s owes %[2]s, due %[3]s (report %[4]s by %[5]s).", "%[6]s回款逾期：%[1]s 欠款 %[2]s，到期日 %[3]s（报告 %[4]s，提交人 %[5]s）。"},
		"warning.payment_item":   {"%[1]s owes %[2]s, due %[3]s (report %[4]s by %[5]s)", "%[1]s 欠款 %[2]s，到期日 %[3]s（报告 %[4]s，提交人 %[5]s）"},
		"warning.many":           {"%[1]s in %[2]s: %[3]d new", "%[2]s · %[1]s：新增 %[3]d 项"},
		"warning.title.sales":    {"Sales below target", "销售未达进度"},
		"warning.title.negative": {"Negative customer feedback", "客户负面反馈"},
		"warning.title.payment":  {"Payment overdue", "回款逾期"},
		"warning.more":           {"and %[1]d more", "还有 %[1]d 项"},
		"warning.all":            {"All of them: %[1]s", "完整列表：%[1]s"},
	})
}
