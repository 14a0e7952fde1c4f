package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	slackadapter "github.com/fieldloop/fieldloop/adapters/slack"
)

// requestTimeout is how long a client waits for an answer. Slack itself
// gives up after 3 s; waiting longer shows how late the answers are.
const requestTimeout = 10 * time.Second

// maxErrorKinds bounds how many different errors a Result lists.
const maxErrorKinds = 20

// sender is a rep filing from Slack: their user id and their region's
// channel.
type sender struct{ User, Channel string }

// workload is the stream of signed /report slash commands both servers
// get.
type workload struct {
	URL     string // where the commands go
	Secret  string // the signing secret
	Senders []sender
	// ResponseURL is the response_url the commands carry: where a reply
	// that misses Slack's deadline is posted. Empty in -target runs, so
	// that a late reply reaches its rep as a direct message.
	ResponseURL string
	// RunID makes the trigger ids, which fieldloop takes as request ids
	// to recognise Slack's retries, unique across runs.
	RunID string
}

var outlets = []string{"Carrefour Pudong", "华联超市", "Metro Qingpu", "RT-Mart Minhang", "Lawson Xujiahui", "大润发 杨浦"}

// body is the i-th command: a sales report from one of the reps in turn.
func (w *workload) body(i int) string {
	s := w.Senders[i%len(w.Senders)]
	text := fmt.Sprintf(`sales outlet="%s" units=%d amount=%d.%02d`, outlets[i%len(outlets)], 1+i%48, 100+i%4900, i%100)
	return url.Values{
		"command": {"/report"}, "text": {text}, "user_id": {s.User}, "channel_id": {s.Channel},
		"team_id": {"T0LOADTEST"}, "trigger_id": {w.RunID + "." + strconv.Itoa(i)}, "response_url": {w.ResponseURL},
	}.Encode()
}

// outcome is one request's answer.
type outcome struct {
	latency time.Duration
	saved   uint64 // the id of the report the answer says was saved, 0 if none
	problem string // why the answer is an error, "" when it is not
}

// send makes the i-th request, signed as Slack signs it.
func (w *workload) send(ctx context.Context, client *http.Client, i int) outcome {
	start := time.Now()
	resp, err := postSigned(ctx, client, w.URL, w.Secret, w.body(i))
	if err != nil {
		return outcome{latency: time.Since(start), problem: "no answer: " + transportError(err)}
	}
	out, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	o := outcome{latency: time.Since(start)}
	switch {
	case err != nil:
		o.problem = "answer cut off: " + transportError(err)
	case resp.StatusCode != http.StatusOK:
		o.problem = fmt.Sprintf("status %d: %s", resp.StatusCode, snippet(out))
	default:
		var ok bool
		if o.saved, ok = savedID(out); !ok {
			o.problem = "200 without a saved report: " + snippet(out)
		}
	}
	return o
}

// postSigned posts a form body to url, signed with secret as Slack signs
// the requests it makes.
func postSigned(ctx context.Context, client *http.Client, url, secret, body string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", slackadapter.Sign(secret, ts, []byte(body)))
	return client.Do(req)
}

// savedMarks are how an answer says a report was saved, in English and in
// Chinese: some reps read Chinese.
var savedMarks = [][]byte{[]byte("Saved report #"), []byte("已保存报告 #")}

// savedID reads the id of the saved report from an answer.
func savedID(body []byte) (uint64, bool) {
	for _, mark := range savedMarks {
		if _, after, ok := bytes.Cut(body, mark); ok {
			n := 0
			for n < len(after) && after[n] >= '0' && after[n] <= '9' {
				n++
			}
			id, err := strconv.ParseUint(string(after[:n]), 10, 64)
			return id, err == nil && id > 0
		}
	}
	return 0, false
}

// transportError shortens a client error to its cause, without the URL.
func transportError(err error) string {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		err = ue.Err
	}
	return err.Error()
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if r := []rune(s); len(r) > 120 {
		s = string(r[:120]) + "…"
	}
	return s
}

// Result is what the load on one server measured.
type Result struct {
	Requests   int     `json:"requests"` // answered or failed in the measured window
	Errors     int     `json:"errors"`
	Seconds    float64 `json:"seconds"`
	Throughput float64 `json:"throughput_rps"`
	P50        float64 `json:"p50_ms"`
	P90        float64 `json:"p90_ms"`
	P99        float64 `json:"p99_ms"`
	Max        float64 `json:"max_ms"`
	// WarmupRequests and WarmupErrors count the warm-up, which is not
	// measured; its errors still fail the run.
	WarmupRequests int `json:"warmup_requests"`
	WarmupErrors   int `json:"warmup_errors"`
	// ServerCPU is the server process's CPU time, user and system, over
	// its whole life: start, warm-up and stop included.
	ServerCPU float64 `json:"server_cpu_seconds"`
	// ErrorKinds counts the errors, warm-up included, by what went wrong.
	ErrorKinds map[string]int `json:"error_kinds,omitempty"`
	// saved are the ids of the reports answered as saved, warm-up
	// included.
	saved []uint64
}

// tally is one client's count.
type tally struct {
	latencies                    []time.Duration
	errors, warmup, warmupErrors int
	problems                     map[string]int
	saved                        []uint64
}

func (t *tally) add(warmup bool, o outcome) {
	if o.saved != 0 {
		t.saved = append(t.saved, o.saved)
	}
	if o.problem != "" {
		if t.problems == nil {
			t.problems = map[string]int{}
		}
		t.problems[o.problem]++
	}
	if warmup {
		t.warmup++
		if o.problem != "" {
			t.warmupErrors++
		}
		return
	}
	t.latencies = append(t.latencies, o.latency)
	if o.problem != "" {
		t.errors++
	}
}

// drive sends the workload's requests from clients concurrent clients,
// each sending its next request as soon as it has an answer: for warmup,
// and then for duration, which is measured.
func drive(ctx context.Context, w *workload, clients int, warmup, duration time.Duration) *Result {
	client := &http.Client{Timeout: requestTimeout, Transport: &http.Transport{
		MaxIdleConns: clients, MaxIdleConnsPerHost: clients, IdleConnTimeout: 30 * time.Second,
	}}
	defer client.CloseIdleConnections()
	var next atomic.Int64
	tallies := make([]tally, clients)
	measureFrom := time.Now().Add(warmup)
	end := measureFrom.Add(duration)
	var wg sync.WaitGroup
	for c := range tallies {
		wg.Go(func() {
			for ctx.Err() == nil {
				start := time.Now()
				if !start.Before(end) {
					return
				}
				tallies[c].add(start.Before(measureFrom), w.send(ctx, client, int(next.Add(1)-1)))
			}
		})
	}
	wg.Wait()
	// Up to the last answer: requests started before the end are counted.
	elapsed := time.Since(measureFrom)

	r := &Result{Seconds: elapsed.Seconds()}
	var all []time.Duration
	for _, t := range tallies {
		all = append(all, t.latencies...)
		r.Errors += t.errors
		r.WarmupRequests += t.warmup
		r.WarmupErrors += t.warmupErrors
		r.saved = append(r.saved, t.saved...)
		for p, n := range t.problems {
			if r.ErrorKinds == nil {
				r.ErrorKinds = map[string]int{}
			}
			if _, ok := r.ErrorKinds[p]; !ok && len(r.ErrorKinds) >= maxErrorKinds {
				p = "others"
			}
			r.ErrorKinds[p] += n
		}
	}
	slices.Sort(all)
	r.Requests = len(all)
	if elapsed > 0 {
		r.Throughput = float64(r.Requests) / elapsed.Seconds()
	}
	r.P50, r.P90, r.P99 = millis(percentile(all, 50)), millis(percentile(all, 90)), millis(percentile(all, 99))
	if len(all) > 0 {
		r.Max = millis(all[len(all)-1])
	}
	return r
}

// percentile is the nearest-rank p-th percentile of sorted.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (len(sorted)*p + 99) / 100 // ⌈n·p/100⌉
	return sorted[max(rank, 1)-1]
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
