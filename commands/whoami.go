package commands

import (
	"context"
	"strings"

	"github.com/fieldloop/fieldloop/access"
	"github.com/fieldloop/fieldloop/bot"
)

// Whoami returns /whoami: what fieldloop knows about you.
func Whoami() bot.Command {
	return bot.Command{Name: "whoami", Run: func(_ context.Context, req *bot.Request) (*bot.Reply, error) {
		p := req.Person
		roles := make([]string, len(p.Roles))
		for i, r := range p.Roles {
			roles[i] = req.T("role." + string(r))
		}
		lines := []string{
			req.T("whoami.name", p.Name, p.ID),
			req.T("whoami.roles", bot.JoinList(req.Lang, roles)),
		}
		if p.Region != "" {
			lines = append(lines, req.T("whoami.region", regionName(req.Org, p.Region)))
		}
		if p.Manager != "" {
			lines = append(lines, req.T("whoami.manager", personName(req, p.Manager)))
		}
		if regions := access.Manages(req); len(regions) > 0 {
			names := make([]string, len(regions))
			for i, r := range regions {
				names[i] = regionName(req.Org, r)
			}
			lines = append(lines, req.T("whoami.manages", bot.JoinList(req.Lang, names)))
		}
		lines = append(lines, req.T("whoami.zone", req.Org.Zone(p).String()))
		lines = append(lines, req.T("whoami.lang", req.T("lang.name."+string(req.Lang))))
		return &bot.Reply{Text: strings.Join(lines, "\n")}, nil
	}}
}
