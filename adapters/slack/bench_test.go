package slack_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	slackadapter "github.com/fieldloop/fieldloop/adapters/slack"
	"github.com/fieldloop/fieldloop/internal/slacktest"
	bolt "go.etcd.io/bbolt"
)

// clients is how many Slack requests are in flight at once in the load
// benchmarks: a sales force filing at the end of the day.
const clients = 32

// BenchmarkSignedReport32 measures the whole path of a signed /report
// request: verify, parse, validate, commit the report with its feed post,
// answer. Compare with BenchmarkMinimalHandler32 from the same run.
func BenchmarkSignedReport32(b *testing.B) {
	e := newEnv(b)
	users := []string{"U0ALICE", "U0BOB", "U0CHEN"}
	load(b, e.server.URL+"/slack/commands", func(i int) string {
		return url.Values{
			"command": {"/report"}, "user_id": {users[i%len(users)]}, "channel_id": {"C0EAST"},
			"text":       {`sales outlet="Carrefour Pudong" units=12 amount=3,200.50`},
			"trigger_id": {"bench." + strconv.Itoa(i)}, "response_url": {e.slack.ResponseURL("x")},
		}.Encode()
	}, e.now(), func(body string) bool {
		return strings.Contains(body, "Saved report #") || strings.Contains(body, "已保存报告 #") // bob and chen read Chinese
	})
}

// BenchmarkMinimalHandler32 is the baseline: a handler that only verifies
// the signature, commits one record through bbolt's group commit and
// answers.
func BenchmarkMinimalHandler32(b *testing.B) {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "minimal.db"), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 28, 4, 0, 0, 0, time.UTC)
	v := &slackadapter.Verifier{Secret: secret, Now: func() time.Time { return now }}
	var seq atomic.Uint64
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, slackadapter.MaxBody))
		if v.Verify(r.Header, body) != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		err := db.Batch(func(tx *bolt.Tx) error {
			bk, err := tx.CreateBucketIfNotExists([]byte("records"))
			if err != nil {
				return err
			}
			return bk.Put([]byte(strconv.FormatUint(seq.Add(1), 10)), body)
		})
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"response_type":"ephemeral","text":"Saved"}`)
	})}
	url := serve(b, srv)
	load(b, url, func(i int) string {
		return "command=%2Freport&user_id=U0ALICE&text=sales+units%3D12&trigger_id=bench." + strconv.Itoa(i)
	}, now, func(body string) bool { return strings.Contains(body, "Saved") })
}

// load sends b.N signed requests from clients concurrent clients and
// reports throughput and latency percentiles.
func load(b *testing.B, target string, body func(i int) string, now time.Time, ok func(string) bool) {
	b.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	var next atomic.Int64
	latencies := make([][]time.Duration, clients)
	var failed atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				payload := body(i)
				req := slacktest.NewRequest(target, secret, now, payload)
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					failed.Add(1)
					continue
				}
				out, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				latencies[c] = append(latencies[c], time.Since(t0))
				if resp.StatusCode != http.StatusOK || !ok(string(out)) {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d of %d requests failed", n, b.N)
	}
	all := slices.Concat(latencies...)
	slices.Sort(all)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(percentile(all, 50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(all, 99).Microseconds())/1000, "p99-ms")
}

func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[(len(sorted)-1)*p/100]
}

// serve runs srv's handler on a loopback port and returns its URL.
func serve(b *testing.B, srv *http.Server) string {
	b.Helper()
	s := httptest.NewServer(srv.Handler)
	b.Cleanup(s.Close)
	return s.URL
}
