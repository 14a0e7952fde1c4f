package commands

import (
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// localTime renders t for req's person: in their time zone when the org
// file gives one, else the org's.
func localTime(req *bot.Request, t time.Time) string {
	loc := req.Org.Location
	if tz := req.Person.Timezone; tz != "" {
		if l, err := time.LoadLocation(tz); err == nil {
			loc = l
		}
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

func personName(org *bot.Org, id string) string {
	if p := org.Person(id); p != nil {
		return p.Name
	}
	return id
}

func regionName(org *bot.Org, id string) string {
	if r := org.Region(id); r != nil {
		return r.Name
	}
	return id
}
