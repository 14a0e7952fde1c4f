package console

import "github.com/fieldloop/fieldloop/bot"

// The adapter's texts in the catalogue: what only it says, in both
// languages.
func init() {
	bot.AddTexts(bot.Translations{
		"platform.console": {"console", "控制台"},
		"console.slash":    {"Commands start with a slash, for example /help or /report sales units=12.", "命令以斜杠开头，例如 /help 或 /report sales units=12。"},
		"console.acting":   {"Now acting as %[1]s (%[2]s).", "现在以 %[1]s（%[2]s）的身份操作。"},
	})
}
