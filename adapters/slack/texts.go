package slack

import "github.com/fieldloop/fieldloop/bot"

// The adapter's texts in the catalogue: what only it says, in both
// languages.
func init() {
	bot.AddTexts(bot.Translations{
		"platform.slack":    {"Slack", "Slack"},
		"slack.working":     {"Working on it…", "正在处理…"},
		"slack.form_failed": {"Sorry, the form could not be opened. Please try again.", "抱歉，表单没能打开，请再试一次。"},
		"slack.form_late":   {"That took too long for Slack to open the form. Please try again.", "处理超时，Slack 无法打开表单，请再试一次。"},
		"slack.form_in_dm":  {"Forms open from slash commands: type /report here, or write the report inline, for example report sales units=12.", "表单需要用斜杠命令打开：在这里输入 /report，或直接写出报告，例如 report sales units=12。"},
	})
}
