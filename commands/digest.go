package commands

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/access"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/digest"
	"github.com/fieldloop/fieldloop/value"
)

// Digest returns /digest [region] [period|since=7d]: managers read their
// regions', marketing and admins any region's, a rep a summary of their
// own reports. /digest subscribe daily 08:30|weekly mon 09:00 [region]
// sends it by direct message; /digest unsubscribe stops it.
func Digest(src digest.Source, settings bot.SettingsStore) bot.Command {
	return bot.Command{Name: "digest", Options: bot.FreeText(), Run: func(ctx context.Context, req *bot.Request) (*bot.Reply, error) {
		args, err := bot.ParseArgs(req.Text)
		if err != nil {
			return nil, err
		}
		if len(args) > 0 && !args[0].Pair {
			switch strings.ToLower(args[0].Value) {
			case "subscribe":
				return subscribe(ctx, settings, req, args[1:])
			case "unsubscribe":
				return unsubscribe(ctx, settings, req)
			}
		}
		full := false
		if n := len(args); n > 0 && !args[n-1].Pair && fullWords[strings.ToLower(args[n-1].Value)] {
			full, args = true, args[:n-1]
		}
		q, err := digestQuery(req, args)
		if err != nil {
			return nil, err
		}
		d, err := digest.Build(ctx, src, q, req.Lang)
		if err != nil {
			return nil, err
		}
		if full {
			// Every item: the platform adapters send a long reply in parts.
			return &bot.Reply{Text: d.Render(req.Org, digest.Format{Lang: req.Lang})}, nil
		}
		return &bot.Reply{Text: d.Chat(req.Org, q, req.Lang, "")}, nil
	}}
}

// fullWords ask for the digest in full, as the last word.
var fullWords = map[string]bool{"full": true, "完整": true, "完整版": true}

// digestQuery reads the region and the span, and checks the person may
// read them.
func digestQuery(req *bot.Request, args []bot.Arg) (digest.Query, error) {
	now := localNow(req)
	region, period := "", value.PeriodOf(now, value.UnitMonth)
	var since time.Time
	until := req.Time
	if regions := access.Regions(req); len(regions) > 0 {
		region = regions[0]
	}
	for _, a := range args {
		switch {
		case a.Pair && a.Key == "since":
			t, err := bot.ParseSince("since", a.Value, now)
			if err != nil {
				return digest.Query{}, err
			}
			period, since = "", t
		case a.Pair && a.Key == "until":
			t, err := bot.ParseSince("until", a.Value, now)
			if err != nil {
				return digest.Query{}, err
			}
			until = t
		case (!a.Pair || a.Key == "region") && req.Org.Region(a.Value) != nil:
			region = a.Value
		case !a.Pair || a.Key == "period":
			p, ok := value.ParsePeriod(a.Value)
			if !ok {
				return digest.Query{}, bot.Errorf(bot.EINVALID, "error.digest.args", bot.Echo(a.Value), bot.List(req.Org.RegionIDs()))
			}
			period = p
		default:
			return digest.Query{}, bot.Errorf(bot.EINVALID, "error.digest.args", bot.Echo(a.Key), bot.List(req.Org.RegionIDs()))
		}
	}
	if err := access.Check(req, access.ReadDigest, access.Region(region)); err != nil {
		return digest.Query{}, err
	}
	if period != "" && until != req.Time {
		return digest.Query{}, bot.FieldError("until", "error.digest.until")
	}
	q := digest.Span(region, since, until, req.Time)
	if period != "" {
		var err error
		if q, err = digest.ForPeriod(req.Org, region, period, req.Time); err != nil {
			return q, err
		}
	}
	if access.OwnOnly(req) {
		q.Person = req.Person.ID
	}
	return q, nil
}

func subscribe(ctx context.Context, settings bot.SettingsStore, req *bot.Request, args []bot.Arg) (*bot.Reply, error) {
	var words []string
	region := ""
	for _, a := range args {
		switch {
		case (!a.Pair || a.Key == "region") && req.Org.Region(a.Value) != nil:
			region = a.Value
		case !a.Pair || a.Key == "every":
			words = append(words, a.Value)
		default:
			return nil, bot.Errorf(bot.EINVALID, "error.digest.subscribe", bot.Echo(a.Key))
		}
	}
	every := strings.Join(words, " ")
	rec, err := value.ParseEvery(every)
	if err != nil || !(strings.HasPrefix(rec.Spec, "daily") || strings.HasPrefix(rec.Spec, "weekly") || strings.HasPrefix(rec.Spec, "workdays")) {
		return nil, bot.Errorf(bot.EINVALID, "error.digest.subscribe", bot.Echo(every))
	}
	if regions := access.Regions(req); region == "" && len(regions) > 0 {
		region = regions[0]
	}
	if err := access.Check(req, access.SubscribeDigest, access.Region(region)); err != nil {
		return nil, err
	}
	s, err := settings.Settings(ctx, req.Person.ID)
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	old := s.Digest
	s.Digest = &bot.DigestSub{Every: rec.Spec, Region: region, Since: req.Time}
	if err := settings.SaveSettings(ctx, req.Person.ID, s); err != nil {
		return nil, fmt.Errorf("save settings: %w", err)
	}
	text := req.T("digest.subscribed", regionName(req.Org, region), bot.EveryText(rec.Spec))
	if old != nil && (old.Every != rec.Spec || old.Region != region) {
		// One subscription a person: say what it replaces.
		text += " " + req.T("digest.replaced", regionName(req.Org, old.Region), bot.EveryText(old.Every))
	}
	return &bot.Reply{Text: text}, nil
}

func unsubscribe(ctx context.Context, settings bot.SettingsStore, req *bot.Request) (*bot.Reply, error) {
	s, err := settings.Settings(ctx, req.Person.ID)
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	s.Digest = nil
	if err := settings.SaveSettings(ctx, req.Person.ID, s); err != nil {
		return nil, fmt.Errorf("save settings: %w", err)
	}
	return &bot.Reply{Text: req.T("digest.unsubscribed")}, nil
}
