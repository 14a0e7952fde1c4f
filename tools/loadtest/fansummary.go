package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxListed bounds how many lost or duplicated reps a result names.
const maxListed = 20

// FanOutSummary is what a fan-out measured, as -json prints it.
type FanOutSummary struct {
	People   int    `json:"people"`
	Platform string `json:"platform"`
	RTT      string `json:"rtt"`
	Trigger  string `json:"trigger"`
	// The fake platforms' limits: Slack's chat.postMessage per second
	// across the workspace (and 1 per second per channel) and
	// conversations.open per minute; Discord's requests per second.
	SlackCeiling       int `json:"slack_ceiling_per_second,omitempty"`
	SlackOpenPerMinute int `json:"slack_open_per_minute,omitempty"`
	DiscordGlobal      int `json:"discord_global_per_second,omitempty"`
	// Runs are the fan-out, and the one after a restart with -restart.
	Runs []*FanOutRun `json:"runs"`
}

// FanOutRun is one fan-out: its deadline, and how its reminders went out.
type FanOutRun struct {
	Name     string    `json:"name"`
	Deadline time.Time `json:"deadline"`
	// TimedFrom says when the reminders fell due, which the times count
	// from: the deadline, or serve's start after `fieldloop tick`.
	TimedFrom string `json:"timed_from"`
	Queued    int    `json:"queued"` // reminders the scheduler queued
	TimedOut  bool   `json:"timed_out,omitempty"`
	// Seconds runs from the reminders falling due to the last one taken,
	// on any platform.
	Seconds   float64           `json:"seconds"`
	Platforms []*PlatformResult `json:"platforms"`
	// ServeCPU is serve's CPU time, user and system, while the reminders
	// went out (from their falling due to the end of the wait);
	// ServeCPUTotal over serve's life. HarnessCPU is this program's over
	// the same span as ServeCPU: the fakes and the polling.
	ServeCPU      float64 `json:"serve_cpu_seconds"`
	ServeCPUTotal float64 `json:"serve_cpu_total_seconds"`
	HarnessCPU    float64 `json:"harness_cpu_seconds"`
	// Outbox counts the run's reminders by status in the database after
	// serve stopped.
	Outbox    map[string]int `json:"outbox"`
	ServerLog []string       `json:"server_log,omitempty"`
}

// PlatformResult is what one platform's fake saw of a run.
type PlatformResult struct {
	Platform   string `json:"platform"`
	Reps       int    `json:"reps"`      // reps reached on this platform
	Delivered  int    `json:"delivered"` // reps with at least one reminder
	Lost       int    `json:"lost"`      // reps with none
	Duplicated int    `json:"duplicated"`
	// LostReps and DuplicatedReps name some of them.
	LostReps       []string `json:"lost_reps,omitempty"`
	DuplicatedReps []string `json:"duplicated_reps,omitempty"`
	DMs            int      `json:"dms"` // direct messages taken
	// Repeats are posts that Discord took as repeats (enforce_nonce) and
	// made no message of.
	Repeats      int     `json:"nonce_repeats,omitempty"`
	FirstSeconds float64 `json:"first_seconds"` // to the first reminder
	LastSeconds  float64 `json:"last_seconds"`  // to the last
	DMsPerSecond float64 `json:"dms_per_second"`
	// Ceiling is the limit that bounds the rate: Slack's posts per second
	// or Discord's requests per second; CeilingUse the share of it used,
	// posts (Slack) or requests taken (Discord) per second.
	Ceiling       int            `json:"ceiling_per_second"`
	CeilingUse    float64        `json:"ceiling_use"`
	Requests      int            `json:"requests"` // every call, 429s included
	Limited       int            `json:"limited"`  // 429s
	RequestsPerDM float64        `json:"requests_per_dm"`
	Calls         map[string]int `json:"calls"`
	LimitedCalls  map[string]int `json:"limited_calls,omitempty"`
}

func (f *FanOut) summary() *FanOutSummary {
	s := &FanOutSummary{People: f.People, Platform: f.Platform, RTT: f.RTT.String(), Trigger: f.Trigger}
	if f.Platform != onDiscord {
		s.SlackCeiling, s.SlackOpenPerMinute = f.SlackCeiling, f.SlackOpenPerMinute
	}
	if f.Platform != onSlack {
		s.DiscordGlobal = f.DiscordGlobal
	}
	return s
}

// ceilings are the limits that bound each platform's rate.
func (f *FanOut) ceilings() map[string]int {
	return map[string]int{onSlack: f.SlackCeiling, onDiscord: f.DiscordGlobal}
}

// tally fills in, for each platform with reps, what its fake saw since
// from.
func (r *FanOutRun) tally(reps []fanRep, k *fakes, from time.Time, ceilings map[string]int) {
	byPlatform := map[string]*ledger{onSlack: k.slack.Ledger}
	if k.discord != nil {
		byPlatform[onDiscord] = k.discord.Ledger
	}
	for _, platform := range []string{onSlack, onDiscord} {
		var mine []fanRep
		for _, rep := range reps {
			if rep.Platform == platform {
				mine = append(mine, rep)
			}
		}
		if len(mine) == 0 {
			continue
		}
		p := platformResult(platform, mine, byPlatform[platform].state(), from, ceilings[platform])
		r.Platforms = append(r.Platforms, p)
		r.Seconds = max(r.Seconds, p.LastSeconds)
	}
}

// platformResult counts each rep's reminders and the calls they took.
func platformResult(platform string, reps []fanRep, st ledgerState, from time.Time, ceiling int) *PlatformResult {
	p := &PlatformResult{Platform: platform, Reps: len(reps), Ceiling: ceiling, Repeats: st.repeats,
		Calls: methods(st.calls, platform), LimitedCalls: methods(st.limited, platform)}
	for _, rep := range reps {
		n := st.dms[platform+":"+rep.User]
		p.DMs += n
		switch {
		case n == 0:
			p.Lost++
			p.LostReps = listed(p.LostReps, rep.ID)
		case n > 1:
			p.Duplicated++
			p.DuplicatedReps = listed(p.DuplicatedReps, rep.ID)
		}
	}
	p.Delivered = p.Reps - p.Lost
	for _, n := range p.Calls {
		p.Requests += n
	}
	for _, n := range p.LimitedCalls {
		p.Limited += n
	}
	p.rates(st, from)
	return p
}

func listed(ids []string, id string) []string {
	if len(ids) >= maxListed {
		return ids
	}
	return append(ids, id)
}

// rates works out the times and the rates from the first and last
// reminders.
func (p *PlatformResult) rates(st ledgerState, from time.Time) {
	if st.last.IsZero() {
		return
	}
	p.FirstSeconds, p.LastSeconds = st.first.Sub(from).Seconds(), st.last.Sub(from).Seconds()
	p.RequestsPerDM = float64(p.Requests) / float64(max(p.DMs, 1))
	if p.LastSeconds <= 0 {
		return
	}
	p.DMsPerSecond = float64(p.DMs) / p.LastSeconds
	used := p.DMsPerSecond // Slack's ceiling counts posts
	if p.Platform == onDiscord {
		used = float64(p.Requests-p.Limited) / p.LastSeconds // Discord's counts every request it takes
	}
	if p.Ceiling > 0 {
		p.CeilingUse = used / float64(p.Ceiling)
	}
}

// OK reports whether every rep got exactly one reminder in every run.
func (s *FanOutSummary) OK() bool {
	for _, r := range s.Runs {
		for _, p := range r.Platforms {
			if p.Lost > 0 || p.Duplicated > 0 {
				return false
			}
		}
	}
	return len(s.Runs) > 0
}

// WriteTable prints s for people.
func (s *FanOutSummary) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "fan-out: %s reps on %s, one deadline, round trip %s; the reminders queued by %s\n",
		thousands(s.People), s.Platform, s.RTT, triggerText[s.Trigger])
	fmt.Fprintf(w, "limits: %s\n\n", s.limits())
	s.writeRows(w)
	for _, r := range s.Runs {
		r.writeNotes(w)
	}
}

// triggerText says how each -trigger queues the reminders.
var triggerText = map[string]string{
	triggerServe: "serve's scheduler at the deadline (timed from the deadline)",
	triggerTick:  "`fieldloop tick --at` the deadline while serve was stopped (timed from serve's start)",
}

// limits describes the fakes' limits.
func (s *FanOutSummary) limits() string {
	var parts []string
	if s.Platform != onDiscord {
		parts = append(parts, fmt.Sprintf("Slack chat.postMessage 1/s per channel and %s/s per workspace, conversations.open %s/min",
			limitText(s.SlackCeiling), limitText(s.SlackOpenPerMinute)))
	}
	if s.Platform != onSlack {
		parts = append(parts, fmt.Sprintf("Discord %s requests/s (global), 5 messages per 5 s per channel", limitText(s.DiscordGlobal)))
	}
	return strings.Join(parts, "; ")
}

func limitText(n int) string {
	if n <= 0 {
		return "unlimited"
	}
	return thousands(n)
}

// writeRows prints a row per run and platform.
func (s *FanOutSummary) writeRows(w io.Writer) {
	row := func(c ...string) {
		fmt.Fprintf(w, "%-13s %-7s %6s %9s %5s %5s %9s %9s %7s %13s %7s %7s\n", c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11])
	}
	row("run", "on", "reps", "delivered", "lost", "dup", "first", "last", "DMs/s", "of ceiling", "req/DM", "429s")
	for _, r := range s.Runs {
		for _, p := range r.Platforms {
			row(r.Name, p.Platform, thousands(p.Reps), thousands(p.Delivered), thousands(p.Lost), thousands(p.Duplicated),
				secs(p.FirstSeconds), secs(p.LastSeconds), strconv.FormatFloat(p.DMsPerSecond, 'f', 1, 64),
				ceilingText(p), strconv.FormatFloat(p.RequestsPerDM, 'f', 2, 64), thousands(p.Limited))
		}
	}
}

// share is cpu seconds as a share of one core over wall seconds.
func share(cpu, wall float64) string {
	if wall <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", cpu/wall*100)
}

func secs(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + " s" }

// ceilingText is the share of the ceiling used, and the ceiling.
func ceilingText(p *PlatformResult) string {
	if p.Ceiling <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%% of %d", p.CeilingUse*100, p.Ceiling)
}

// writeNotes prints what the rows leave out: CPU, calls, the outbox,
// lost and duplicated reps, the server's complaints.
func (r *FanOutRun) writeNotes(w io.Writer) {
	fmt.Fprintf(w, "\n%s run: deadline %s, %s reminders queued; %s from %s to the last reminder",
		r.Name, r.Deadline.Format("15:04 MST"), thousands(r.Queued), secs(r.Seconds), r.TimedFrom)
	if r.TimedOut {
		fmt.Fprint(w, " (TIMED OUT before every rep had one)")
	}
	fmt.Fprintf(w, "\n  CPU while they went out: serve %s (%s of a core; %s over its life), this program with its fakes %s (%s)\n",
		secs(r.ServeCPU), share(r.ServeCPU, r.Seconds), secs(r.ServeCPUTotal), secs(r.HarnessCPU), share(r.HarnessCPU, r.Seconds))
	fmt.Fprintf(w, "  outbox after the stop: %s\n", counts(r.Outbox))
	for _, p := range r.Platforms {
		fmt.Fprintf(w, "  %s calls: %s", p.Platform, counts(p.Calls))
		if len(p.LimitedCalls) > 0 {
			fmt.Fprintf(w, "; 429: %s", counts(p.LimitedCalls))
		}
		if p.Repeats > 0 {
			fmt.Fprintf(w, "; %d posts repeated a nonce (no new message)", p.Repeats)
		}
		fmt.Fprintln(w)
		if p.Lost > 0 {
			fmt.Fprintf(w, "  LOST on %s (no reminder): %d, such as %s\n", p.Platform, p.Lost, strings.Join(p.LostReps, ", "))
		}
		if p.Duplicated > 0 {
			fmt.Fprintf(w, "  DUPLICATED on %s (more than one): %d, such as %s\n", p.Platform, p.Duplicated, strings.Join(p.DuplicatedReps, ", "))
		}
	}
	for _, l := range r.ServerLog {
		fmt.Fprintf(w, "  serve logged: %s\n", l)
	}
}

// counts writes a map of counts in key order: "a 1, b 2".
func counts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+" "+thousands(m[k]))
	}
	return strings.Join(parts, ", ")
}
