package commands

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/value"
)

// Away returns /away: days off, on which no reminder is sent to you. A
// person may have several: "/away 2026-12-01..2026-12-05" adds one,
// "/away" lists them, "/away remove 2" removes one, "/away off" all.
func Away(settings bot.SettingsStore) bot.Command {
	return bot.Command{Name: "away", Options: bot.FreeText(), Run: func(ctx context.Context, req *bot.Request) (*bot.Reply, error) {
		s, err := settings.Settings(ctx, req.Person.ID)
		if err != nil {
			return nil, fmt.Errorf("read settings: %w", err)
		}
		today := localNow(req).Format(time.DateOnly)
		ranges := slices.DeleteFunc(slices.Clone(s.AwayRanges()), func(r bot.DateRange) bool { return r.To < today })
		text := strings.TrimSpace(req.Text)
		verb, rest, _ := strings.Cut(text, " ")
		var reply *bot.Reply
		switch strings.ToLower(verb) {
		case "":
			return awayList(req, ranges), nil
		case "off", "back", "结束", "取消":
			ranges, reply = nil, &bot.Reply{Text: req.T("away.off")}
		case "remove", "delete", "删除", "移除":
			if ranges, reply, err = awayRemove(req, ranges, strings.TrimSpace(rest)); err != nil {
				return nil, err
			}
		default:
			r, err := parseRange(text, localNow(req))
			if err != nil {
				return nil, err
			}
			if !slices.Contains(ranges, *r) {
				ranges = append(ranges, *r)
			}
			reply = &bot.Reply{Text: req.T("away.set", r.Text())}
		}
		s.Away, s.AwayDays = nil, ranges
		if err := settings.SaveSettings(ctx, req.Person.ID, s); err != nil {
			return nil, fmt.Errorf("save settings: %w", err)
		}
		return reply, nil
	}}
}

// awayList lists the days off still to come, numbered for /away remove.
func awayList(req *bot.Request, ranges []bot.DateRange) *bot.Reply {
	if len(ranges) == 0 {
		return &bot.Reply{Text: req.T("away.none")}
	}
	lines := []string{req.T("away.list")}
	for i, r := range ranges {
		lines = append(lines, req.T("away.item", i+1, r.Text()))
	}
	lines = append(lines, req.T("away.list_hint"))
	return &bot.Reply{Text: strings.Join(lines, "\n")}
}

// awayRemove removes the range numbered n (as /away lists them), or the
// range written out.
func awayRemove(req *bot.Request, ranges []bot.DateRange, which string) ([]bot.DateRange, *bot.Reply, error) {
	i := -1
	if n, err := strconv.Atoi(value.Fold(which)); err == nil && n >= 1 && n <= len(ranges) {
		i = n - 1
	} else if r, err := parseRange(which, localNow(req)); err == nil {
		i = slices.Index(ranges, *r)
	}
	if i < 0 {
		return nil, nil, bot.Errorf(bot.EINVALID, "error.away.no_such", bot.Echo(which))
	}
	removed := ranges[i]
	return slices.Delete(ranges, i, i+1), &bot.Reply{Text: req.T("away.removed", removed.Text())}, nil
}

// parseRange reads "FROM..TO" (also "FROM~TO" or "FROM至TO") or a single
// day, each as report dates take them (YYYY-MM-DD, 12月1日, today,
// tomorrow), in either width.
func parseRange(typed string, now time.Time) (*bot.DateRange, error) {
	text := value.Fold(typed)
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
		return nil, bot.Errorf(bot.EINVALID, "error.away.range", bot.Echo(typed))
	}
	if t < f {
		return nil, bot.Errorf(bot.EINVALID, "error.away.backwards", f, t)
	}
	return &bot.DateRange{From: f, To: t}, nil
}
