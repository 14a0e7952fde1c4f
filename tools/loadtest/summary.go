package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Summary is what a load test measured, as -json prints it.
type Summary struct {
	Clients  int    `json:"clients"`
	Duration string `json:"duration"`
	Warmup   string `json:"warmup"`
	Senders  int    `json:"senders"`          // reps the reports come from
	Target   string `json:"target,omitempty"` // the -target server, if any
	// Fieldloop is `fieldloop serve`, or the -target server.
	Fieldloop *Result `json:"fieldloop"`
	// Baseline is the minimal server; nil with -target.
	Baseline *Result `json:"baseline,omitempty"`
	// Ratio is fieldloop's throughput over the baseline's.
	Ratio float64 `json:"ratio,omitempty"`
	// Export compares the saved answers with `fieldloop export`.
	Export *ExportCheck `json:"export,omitempty"`
	// SlackCalls counts fieldloop's calls to the fake Slack by Web API
	// method; "respond" is a reply posted to response_url, too late for
	// its request's answer.
	SlackCalls map[string]int `json:"slack_calls,omitempty"`
	// OutboxPending counts the messages (marketing feed posts) left in
	// fieldloop's outbox when it stopped, for its next start to deliver.
	OutboxPending int `json:"outbox_pending"`
	// ServerLog lists the warnings and errors fieldloop logged.
	ServerLog []string `json:"server_log,omitempty"`
}

// OK reports whether every request got its saved answer and every saved
// report was exported.
func (s *Summary) OK() bool {
	for _, r := range []*Result{s.Fieldloop, s.Baseline} {
		if r != nil && (r.Errors > 0 || r.WarmupErrors > 0 || r.Requests == 0) {
			return false
		}
	}
	return s.Export == nil || len(s.Export.Missing) == 0 && s.Export.Duplicates == 0 && s.Export.Saved <= s.Export.Exported
}

// WriteTable prints s for people.
func (s *Summary) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "%d clients, %s measured after a %s warm-up, /report sales from %d reps\n\n", s.Clients, s.Duration, s.Warmup, s.Senders)
	name := "fieldloop"
	if s.Target != "" {
		name = s.Target
	}
	width := len(name)
	line := func(cells ...string) {
		fmt.Fprintf(w, "%-*s %10s %7s %8s %9s %9s %9s %9s\n", width, cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7])
	}
	line("", "requests", "errors", "req/s", "p50", "p90", "p99", "max")
	row := func(name string, r *Result) {
		line(name, thousands(r.Requests), thousands(r.Errors), thousands(int(r.Throughput+0.5)), ms(r.P50), ms(r.P90), ms(r.P99), ms(r.Max))
	}
	row(name, s.Fieldloop)
	if s.Baseline != nil {
		row("baseline", s.Baseline)
	}
	if s.Baseline != nil {
		fmt.Fprintf(w, "\nthroughput fieldloop/baseline: %.2f\n", s.Ratio)
		fmt.Fprintf(w, "server CPU time per request (start and warm-up included): fieldloop %s, baseline %s\n",
			cpuPerRequest(s.Fieldloop), cpuPerRequest(s.Baseline))
		fmt.Fprintln(w, "baseline: a separate process that verifies the signature, commits the body as one record in its own")
		fmt.Fprintln(w, "bbolt transaction (db.Update) and answers a small JSON")
	}
	for _, r := range []struct {
		name string
		*Result
	}{{name, s.Fieldloop}, {"baseline", s.Baseline}} {
		if r.Result == nil {
			continue
		}
		if r.WarmupErrors > 0 {
			fmt.Fprintf(w, "\n%s warm-up: %d errors in %d requests\n", r.name, r.WarmupErrors, r.WarmupRequests)
		}
		if len(r.ErrorKinds) > 0 {
			fmt.Fprintf(w, "\n%s errors:\n", r.name)
			for _, k := range slices.Sorted(maps.Keys(r.ErrorKinds)) {
				fmt.Fprintf(w, "  %d× %s\n", r.ErrorKinds[k], k)
			}
		}
	}
	if e := s.Export; e != nil {
		fmt.Fprintf(w, "\nreports: %s answered as saved (warm-up included), %s exported after serve stopped",
			thousands(e.Saved), thousands(e.Exported))
		switch {
		case len(e.Missing) > 0:
			fmt.Fprintf(w, "; LOST (answered as saved, not exported): %v", e.Missing)
		case e.Saved == e.Exported && e.Duplicates == 0:
			fmt.Fprint(w, ": none lost")
		}
		if e.Unanswered > 0 {
			fmt.Fprintf(w, "; %d exported without a saved answer", e.Unanswered)
		}
		if e.Duplicates > 0 {
			fmt.Fprintf(w, "; %d answers named a report already named", e.Duplicates)
		}
		fmt.Fprintln(w)
	}
	if s.Export != nil {
		fmt.Fprintf(w, "outbox: %s messages still pending at the stop\n", thousands(s.OutboxPending))
	}
	if len(s.SlackCalls) > 0 {
		var calls []string
		for _, k := range slices.Sorted(maps.Keys(s.SlackCalls)) {
			calls = append(calls, fmt.Sprintf("%s %d", k, s.SlackCalls[k]))
		}
		fmt.Fprintf(w, "fake Slack API calls: %s\n", strings.Join(calls, ", "))
	}
	if len(s.ServerLog) > 0 {
		fmt.Fprintln(w, "fieldloop logged:")
		for _, l := range s.ServerLog {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
}

func cpuPerRequest(r *Result) string {
	n := r.Requests + r.WarmupRequests
	if n == 0 {
		return "-"
	}
	return strconv.FormatFloat(r.ServerCPU/float64(n)*1000, 'f', 2, 64) + " ms"
}

// ms formats milliseconds with one decimal.
func ms(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + " ms" }

// thousands formats n with commas: 12,345.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
