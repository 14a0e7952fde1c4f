package commands

import (
	"context"
	"fmt"

	"github.com/fieldloop/fieldloop/bot"
)

// Lang returns /lang: show or set the language fieldloop uses with you.
func Lang(settings bot.SettingsStore) bot.Command {
	return bot.Command{Name: "lang", Options: langOptions(), Run: func(ctx context.Context, req *bot.Request) (*bot.Reply, error) {
		if req.Text == "" {
			return &bot.Reply{Text: req.T("lang.current", req.T("lang.name."+string(req.Lang)))}, nil
		}
		lang, ok := bot.ParseLang(req.Text)
		if !ok {
			return nil, bot.Errorf(bot.EINVALID, "error.lang", bot.Echo(req.Text))
		}
		s, err := settings.Settings(ctx, req.Person.ID)
		if err != nil {
			return nil, fmt.Errorf("read settings: %w", err)
		}
		s.Lang = lang
		if err := settings.SaveSettings(ctx, req.Person.ID, s); err != nil {
			return nil, fmt.Errorf("save settings: %w", err)
		}
		return &bot.Reply{Text: bot.T("lang.set").In(lang)}, nil
	}}
}

// langOptions declares /lang's one option: the language, by its code.
func langOptions() []bot.Option {
	o := bot.NewOption("language", bot.OptionString, bot.PutWord)
	o.Choices = []bot.OptionChoice{{Value: "en", Label: bot.T("lang.name.en")}, {Value: "zh", Label: bot.T("lang.name.zh")}}
	return []bot.Option{o}
}
