package commands

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/value"
)

// Away returns /away: days off, on which no reminder is sent to you.
// "/away 2026-12-01..2026-12-05", "/away tomorrow", "/away off", "/away".
func Away(settings bot.SettingsStore) bot.Command {
	return bot.Command{Name: "away", Options: bot.FreeText(), Run: func(ctx context.Context, req *bot.Request) (*bot.Reply, error) {
		s, err := settings.Settings(ctx, req.Person.ID)
		if err != nil {
			return nil, fmt.Errorf("read settings: %w", err)
		}
		text := strings.TrimSpace(req.Text)
		switch strings.ToLower(text) {
		case "":
			if s.Away == nil {
				return &bot.Reply{Text: req.T("away.none")}, nil
			}
			return &bot.Reply{Text: req.T("away.current", s.Away.From, s.Away.To)}, nil
		case "off", "back", "结束", "取消":
			s.Away = nil
		default:
			r, err := parseRange(text, localNow(req))
			if err != nil {
				return nil, err
			}
			s.Away = r
		}
		if err := settings.SaveSettings(ctx, req.Person.ID, s); err != nil {
			return nil, fmt.Errorf("save settings: %w", err)
		}
		if s.Away == nil {
			return &bot.Reply{Text: req.T("away.off")}, nil
		}
		return &bot.Reply{Text: req.T("away.set", s.Away.From, s.Away.To)}, nil
	}}
}

// parseRange reads "FROM..TO" (also "FROM~TO" or "FROM至TO") or a single
// day, each as report dates take them (YYYY-MM-DD, today, tomorrow).
func parseRange(text string, now time.Time) (*bot.DateRange, error) {
	from, to := text, text
	for _, sep := range []string{"..", "~", "至", "到"} {
		if a, b, ok := strings.Cut(text, sep); ok {
			from, to = a, b
			break
		}
	}
	f, ok1 := value.ParseDay(from, now)
	t, ok2 := value.ParseDay(to, now)
	if !ok1 || !ok2 {
		return nil, bot.Errorf(bot.EINVALID, "error.away.range", text)
	}
	if t < f {
		return nil, bot.Errorf(bot.EINVALID, "error.away.backwards", f, t)
	}
	return &bot.DateRange{From: f, To: t}, nil
}
