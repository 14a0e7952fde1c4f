package main

import (
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"github.com/fieldloop/fieldloop/orgfile"
)

// northToken is north's calendar_token in feedOrg; east has none, so a
// generated one is used.
const northToken = "north-Feed_token-0123456789"

// feedOrg writes the demo org with north's calendar_token set.
func feedOrg(t *testing.T) string {
	t.Helper()
	const line = `    channels: {slack: C0NORTH, discord: "900000000000000004"}` + "\n"
	text := string(orgfile.DemoYAML)
	if !strings.Contains(text, line) {
		t.Fatalf("demo.yaml no longer has %q", line)
	}
	text = strings.Replace(text, line, line+"    calendar_token: "+northToken+"\n", 1)
	path := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

var eastLink = regexp.MustCompile(`East China: https://fl\.example\.com/calendar/east\.ics\?token=([A-Za-z0-9_-]{32})`)

// feedUIDs fetches path from the running server and returns the UIDs of
// the calendar it answers, failing unless it is a 200 iCalendar.
func feedUIDs(t *testing.T, r *running, path string) []string {
	t.Helper()
	resp, err := http.Get("http://" + r.addr + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Fatalf("GET %s: %d %s: %s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("GET %s: golang-ical: %v\n%s", path, err, body)
	}
	var uids []string
	for _, e := range cal.Events() {
		uids = append(uids, e.Id())
	}
	slices.Sort(uids)
	return uids
}

// The feed end to end: marketing gets the links in the console, serve
// answers the right token with the region's calendar and anything else
// with the 404 of an unknown path, and a generated token outlives restarts.
func TestCalendarFeed(t *testing.T) {
	db, org := campaignsDB(t), feedOrg(t)
	env := map[string]string{"FIELDLOOP_PUBLIC_URL": "https://fl.example.com/"}
	out, errOut, code := runEnv(t, env, "@mia /calendar link\n", "--db", db, "--org", org)
	m := eastLink.FindStringSubmatch(out)
	if code != 0 || m == nil || !strings.Contains(out, "North China: https://fl.example.com/calendar/north.ics?token="+northToken) {
		t.Fatalf("/calendar link: exit %d: %s%s", code, out, errOut)
	}
	eastToken := m[1]

	slack := newFakeSlack(t)
	for k, v := range slackEnv(slack.URL) {
		env[k] = v
	}
	srv := startServe(t, env, "--db", db, "--org", org)
	// East: its promotion, the training for all and the cancelled brand
	// push (kept, as CANCELLED), not north's roadshow.
	if got, want := feedUIDs(t, srv, "/calendar/east.ics?token="+eastToken),
		[]string{"campaign-1@fieldloop", "campaign-2@fieldloop", "campaign-4@fieldloop"}; !slices.Equal(got, want) {
		t.Errorf("east's feed has %v, want %v", got, want)
	}
	// North, with the org file's token.
	if got, want := feedUIDs(t, srv, "/calendar/north.ics?token="+northToken),
		[]string{"campaign-2@fieldloop", "campaign-3@fieldloop", "campaign-4@fieldloop"}; !slices.Equal(got, want) {
		t.Errorf("north's feed has %v, want %v", got, want)
	}

	_, notFound := srv.get(t, "/no/such/path")
	for _, path := range []string{
		"/calendar/east.ics",                                     // no token
		"/calendar/east.ics?token=",                              // empty
		"/calendar/east.ics?token=" + strings.ToUpper(eastToken), // wrong
		"/calendar/east.ics?token=" + northToken,                 // another region's
		"/calendar/north.ics?token=" + eastToken,
		"/calendar/south.ics?token=" + eastToken, // no such region
		"/calendar/east?token=" + eastToken,      // not .ics
		"/calendar/east.ics/x?token=" + eastToken,
	} {
		if code, body := srv.get(t, path); code != http.StatusNotFound || body != notFound {
			t.Errorf("GET %s: %d %q, want the 404 of an unknown path, %q", path, code, body, notFound)
		}
	}
	if code := srv.stop(t); code != 0 {
		t.Fatalf("serve exited %d", code)
	}
	if log := srv.stderr.String(); strings.Contains(log, eastToken) || strings.Contains(log, northToken) {
		t.Errorf("the log shows a token:\n%s", log)
	}

	// After a restart, the same link works, and /calendar link repeats it.
	srv = startServe(t, env, "--db", db, "--org", org)
	if got := feedUIDs(t, srv, "/calendar/east.ics?token="+eastToken); len(got) != 3 {
		t.Errorf("after a restart, east's feed has %v", got)
	}
	srv.stop(t)
	out, _, _ = runEnv(t, env, "@mia /calendar link region=east\n", "--db", db, "--org", org)
	if m := eastLink.FindStringSubmatch(out); m == nil || m[1] != eastToken {
		t.Errorf("second /calendar link: %q, want east's token %s", out, eastToken)
	}
}

// The handler's answer: an iCalendar that applications may not share in
// caches, named for the region.
func TestCalendarFeedHeaders(t *testing.T) {
	slack := newFakeSlack(t)
	srv := startServe(t, slackEnv(slack.URL+"/api/"), "--db", tempDB(t), "--org", feedOrg(t))
	get := func(path string) *httptest.ResponseRecorder {
		t.Helper()
		resp, err := http.Get("http://" + srv.addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		rec := httptest.NewRecorder()
		rec.Code = resp.StatusCode
		maps.Copy(rec.Header(), resp.Header)
		io.Copy(rec.Body, resp.Body)
		return rec
	}
	rec := get("/calendar/north.ics?token=" + northToken)
	h := rec.Header()
	if rec.Code != 200 || h.Get("Content-Type") != "text/calendar; charset=utf-8" || h.Get("Cache-Control") != "no-store" ||
		h.Get("Content-Disposition") != `inline; filename="north.ics"` {
		t.Errorf("%d %v", rec.Code, h)
	}
	body := rec.Body.String()
	if !strings.Contains(body, "X-WR-CALNAME:Promotion calendar: North China\r\n") || !strings.HasSuffix(body, "END:VCALENDAR\r\n") {
		t.Errorf("body:\n%s", body)
	}
	// East has no token yet: nobody can read it until /calendar link makes one.
	rec = get("/calendar/east.ics?token=")
	if rec.Code != http.StatusNotFound {
		t.Errorf("east without a token: %d", rec.Code)
	}
}

func TestPublicURLChecked(t *testing.T) {
	for _, bad := range []string{"fl.example.com", "ftp://fl.example.com", "https://", "https://fl.example.com/?a=b", "https://u:p@fl.example.com"} {
		_, errOut, code := runEnv(t, map[string]string{"FIELDLOOP_PUBLIC_URL": bad}, "", "--db", tempDB(t))
		if code != 2 || !strings.Contains(errOut, "FIELDLOOP_PUBLIC_URL") {
			t.Errorf("%q: exit %d, %q", bad, code, errOut)
		}
		_, errOut, code = run(t, "", "serve", "--public-url", bad, "--db", tempDB(t))
		if code != 2 || !strings.Contains(errOut, "--public-url") {
			t.Errorf("serve --public-url %q: exit %d, %q", bad, code, errOut)
		}
	}
}
