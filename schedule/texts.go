package schedule

import "github.com/fieldloop/fieldloop/bot"

// The early warnings' texts in the catalogue.
func init() {
	bot.AddTexts(bot.Translations{
		"warning.sales":    {"%[1]s: sales %[2]s so far in %[5]s, against %[3]s pro-rated target (%[4]s).", "%[1]s：%[5]s 至今销售额 %[2]s，按进度目标应为 %[3]s（达成 %[4]s）。"},
		"warning.negative": {"%[1]d negative customer reports in %[2]s within %[3]d days.", "%[2]s 在 %[3]d 天内收到 %[1]d 条客户负面反馈。"},
		"warning.payment":  {"Payment overdue: %[1]s owes %[2]s, due %[3]s (report %[4]s by %[5]s).", "回款逾期：%[1]s 欠款 %[2]s，到期日 %[3]s（报告 %[4]s，提交人 %[5]s）。"},
	})
}
