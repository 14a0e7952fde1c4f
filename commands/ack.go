package commands

import (
	"context"
	"time"

	"github.com/fieldloop/fieldloop/access"
	"github.com/fieldloop/fieldloop/bot"
)

// Ack returns /ack ID: acknowledge a campaign or training. One
// acknowledgement per person counts, with its time; a second is harmless.
func Ack(store bot.CampaignStore) bot.Command {
	return bot.Command{Name: "ack", Options: bot.FreeText(), Run: func(ctx context.Context, req *bot.Request) (*bot.Reply, error) {
		id, ok := bot.ParseID(req.Text)
		if !ok {
			return nil, bot.Errorf(bot.EINVALID, "error.ack.id")
		}
		var first bool
		var at time.Time
		c, err := store.UpdateCampaign(ctx, id, func(c *bot.Campaign) ([]*bot.Message, error) {
			if err := access.Check(req, access.AckCampaign, access.Campaign(c)); err != nil {
				return nil, err
			}
			if c.Cancelled {
				return nil, bot.Errorf(bot.ECONFLICT, "error.campaign.cancelled", bot.FormatID(id))
			}
			at, first = c.Acks[req.Person.ID], !c.Acknowledged(req.Person.ID)
			if first {
				if c.Acks == nil {
					c.Acks = map[string]time.Time{}
				}
				c.Acks[req.Person.ID], at = req.Time, req.Time
			}
			return nil, nil
		})
		if err != nil {
			return nil, err
		}
		if !first {
			return &bot.Reply{Text: req.T("ack.again", bot.FormatID(c.ID), localTime(req, at))}, nil
		}
		return &bot.Reply{Text: req.T("ack.done", c.Headline(req.Org, req.Lang, readerZone(req)))}, nil
	}}
}
