package app

import (
	"context"
	"strings"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/team"
)

// gapNotices tells the admins, other than the one who made the change, of
// what a change to the organisation left lacking: one message each, in
// their language.
func (a *App) gapNotices(ctx context.Context, by string, gaps []team.Gap) []*bot.Message {
	org := a.Org()
	var msgs []*bot.Message
	for i := range org.People {
		p := &org.People[i]
		if !p.Has(bot.RoleAdmin) || p.Left() || p.ID == by {
			continue
		}
		d, ok := org.PersonDestination(p.ID, a.Platforms)
		if !ok {
			continue
		}
		lang := a.lang(ctx, p)
		lines := []string{bot.T("team.gaps_notice", org.PersonName(by, lang)).In(lang)}
		for _, g := range gaps {
			lines = append(lines, "• "+g.Text.In(lang))
		}
		msgs = append(msgs, &bot.Message{To: d, Text: strings.Join(lines, "\n")})
	}
	return msgs
}
