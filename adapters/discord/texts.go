package discord

import "github.com/fieldloop/fieldloop/bot"

// The adapter's texts in the catalogue: what only it says, in both
// languages.
func init() {
	bot.AddTexts(bot.Translations{
		"platform.discord":    {"Discord", "Discord"},
		"discord.expired":     {"This button or form has expired. Please run the command again.", "这个按钮或表单已失效，请重新运行命令。"},
		"discord.form_failed": {"Sorry, the form could not be opened. Please try again.", "抱歉，表单没能打开，请再试一次。"},
		"discord.form_next":   {"Press the button to open the form.", "点击按钮打开表单。"},
		"discord.form_open":   {"Open the form", "打开表单"},
		"discord.fix_it":      {"Fix it", "修改"},
		"discord.done":        {"Done.", "完成。"},
	})
}
