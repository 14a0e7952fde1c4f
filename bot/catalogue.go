package bot

// catalogue holds every user-visible string in English and Chinese. Format
// verbs use explicit indexes (%[1]s) where the two languages order words
// differently.
var catalogue = map[string]struct{ en, zh string }{
	"error.internal": {"Sorry, something went wrong on our side.", "抱歉，系统出了点问题。"},
}
