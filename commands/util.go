package commands

import (
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// localTime renders t for req's person: in their time zone when the org
// file gives one, else the org's.
func localTime(req *bot.Request, t time.Time) string {
	return t.In(req.Org.Zone(req.Person)).Format("2006-01-02 15:04")
}

// localNow is the request's time in its person's zone: "today" and
// "since=yesterday" mean their day.
func localNow(req *bot.Request) time.Time { return req.Time.In(req.Org.Zone(req.Person)) }

// personName is how req's person reads the name of person id: a
// leaver's says they left.
func personName(req *bot.Request, id string) string { return req.Org.PersonName(id, req.Lang) }

func regionName(org *bot.Org, id string) string {
	if r := org.Region(id); r != nil {
		return r.Name
	}
	return id
}
