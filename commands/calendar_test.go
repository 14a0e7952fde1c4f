package commands_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/fieldloop/fieldloop/internal/apptest"
)

var feedLink = regexp.MustCompile(`(East China|North China): https://fl\.example\.com/calendar/(east|north)\.ics\?token=([A-Za-z0-9_-]{32})`)

// /calendar link gives marketing and admins one link per region, privately,
// with a token made once; everyone else is told why not.
func TestCalendarLink(t *testing.T) {
	f := newFixture(t)
	reply := f.As("mia", "/calendar link")
	links := feedLink.FindAllStringSubmatch(reply.Text, -1)
	if len(links) != 2 || links[0][2] != "east" || links[1][2] != "north" || links[0][3] == links[1][3] {
		t.Fatalf("links %q in %q, want one for each region, each with its own token", links, reply.Text)
	}
	if reply.Public || reply.Failed {
		t.Errorf("reply public %v, failed %v; want a private answer", reply.Public, reply.Failed)
	}
	f.expect(reply, "Google Calendar", "Outlook", "Subscribe from web")
	if strings.Contains(reply.Text, "FIELDLOOP_PUBLIC_URL") {
		t.Errorf("with a public URL set, the reply still asks for one: %q", reply.Text)
	}

	// The same tokens next time, for an admin too; one region on request.
	again := f.As("ada", "/calendar link region=north")
	north := feedLink.FindAllStringSubmatch(again.Text, -1)
	if len(north) != 1 || north[0][2] != "north" || north[0][3] != links[1][3] {
		t.Errorf("admin's north link %q, want north's token %s", north, links[1][3])
	}
	if tok, _ := f.DB.CalendarToken(context.Background(), "east", false); tok != links[0][3] {
		t.Errorf("stored east token %q, the link has %q", tok, links[0][3])
	}

	for _, tc := range []struct{ who, line, want string }{
		{"alice", "/calendar link", "Only marketing and admins can get the calendar feed links"},
		{"chen", "/calendar link", "只有市场部和管理员可以获取日历订阅链接"},
		{"max", "/calendar link region=east", "Only marketing and admins"},
		{"mia", "/calendar link region=south", "/calendar link takes region=ID (regions: east, north)"},
		{"mia", "/calendar link east", "/calendar link takes region=ID"},
	} {
		r := f.As(tc.who, tc.line)
		if !r.Failed || !strings.Contains(r.Text, tc.want) || strings.Contains(r.Text, "token=") {
			t.Errorf("%s %s: %q (failed %v), want a refusal with %q", tc.who, tc.line, r.Text, r.Failed, tc.want)
		}
	}
	// The rest of /calendar is unchanged.
	f.expect(f.As("alice", "/calendar"), "Nothing planned")
}

// Without FIELDLOOP_PUBLIC_URL, the link is the path, and the reply says
// what the admin should set.
func TestCalendarLinkWithoutPublicURL(t *testing.T) {
	reply := apptest.New(t, apptest.Options{}).As("mia", "/calendar link region=east")
	if !regexp.MustCompile(`East China: /calendar/east\.ics\?token=[A-Za-z0-9_-]{32}\n`).MatchString(reply.Text) ||
		!strings.Contains(reply.Text, "ask an admin to set FIELDLOOP_PUBLIC_URL") {
		t.Errorf("reply %q, want the path and a word about FIELDLOOP_PUBLIC_URL", reply.Text)
	}
}
