package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary be the minimal server, as the load test's
// own binary is: the baseline runs os.Executable.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == minimalServerArg {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestLoadTest runs the whole load test briefly: build, serve, drive,
// stop, export, and the baseline.
func TestLoadTest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs fieldloop")
	}
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"-clients", "4", "-duration", "300ms", "-warmup", "100ms", "-json"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, &stdout, &stderr)
	}
	var s Summary
	if err := json.Unmarshal(stdout.Bytes(), &s); err != nil {
		t.Fatalf("-json output: %v\n%s", err, &stdout)
	}
	for name, r := range map[string]*Result{"fieldloop": s.Fieldloop, "baseline": s.Baseline} {
		if r == nil {
			t.Fatalf("no %s result:\n%s", name, &stdout)
		}
		if r.Requests == 0 || r.Throughput <= 0 {
			t.Errorf("%s: %d requests at %.0f/s, want some", name, r.Requests, r.Throughput)
		}
		if r.Errors != 0 || r.WarmupErrors != 0 {
			t.Errorf("%s: %d errors, %d in the warm-up: %v", name, r.Errors, r.WarmupErrors, r.ErrorKinds)
		}
		if p := []float64{r.P50, r.P90, r.P99, r.Max}; p[0] <= 0 || !slices.IsSorted(p) {
			t.Errorf("%s: p50, p90, p99, max = %v, want positive and ordered", name, p)
		}
	}
	e := s.Export
	if e == nil {
		t.Fatalf("no export check:\n%s", &stdout)
	}
	if want := s.Fieldloop.Requests + s.Fieldloop.WarmupRequests; e.Saved != want || e.Exported != want || len(e.Missing) > 0 || e.Duplicates > 0 {
		t.Errorf("export check %+v, want all %d requests saved and exported", e, want)
	}
	if s.Ratio <= 0 {
		t.Errorf("ratio %v, want the throughputs' ratio", s.Ratio)
	}
	if s.SlackCalls["users.info"] == 0 {
		t.Errorf("fake Slack calls %v: serve never asked for a locale", s.SlackCalls)
	}
}

// TestTable checks the table's rows and what it says about the export.
func TestTable(t *testing.T) {
	s := &Summary{Clients: 32, Duration: "20s", Warmup: "2s", Senders: 3,
		Fieldloop:  &Result{Requests: 75012, Throughput: 3750.6, P50: 8.2, P90: 11, P99: 15.44, Max: 40},
		Baseline:   &Result{Requests: 49080, Throughput: 2454, P50: 12.9, P90: 14, P99: 17.4, Max: 30},
		Ratio:      1.528,
		Export:     &ExportCheck{Saved: 80000, Exported: 80001, Missing: []uint64{7}, Unanswered: 2},
		SlackCalls: map[string]int{"users.info": 3, "chat.postMessage": 1},
	}
	var b bytes.Buffer
	s.WriteTable(&b)
	table := strings.Join(strings.Fields(b.String()), " ")
	for _, want := range []string{
		"fieldloop 75,012 0 3,751 8.2 ms 11.0 ms 15.4 ms 40.0 ms",
		"baseline 49,080 0 2,454 12.9 ms",
		"fieldloop/baseline: 1.53",
		"80,000 answered as saved (warm-up included), 80,001 exported after serve stopped; LOST (answered as saved, not exported): [7]; 2 exported without a saved answer",
		"fake Slack API calls: chat.postMessage 1, users.info 3",
	} {
		if !strings.Contains(table, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("table lacks %q:\n%s", want, &b)
		}
	}
	if s.OK() {
		t.Error("OK with a lost report")
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 200; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	for p, want := range map[int]time.Duration{50: 100 * time.Millisecond, 90: 180 * time.Millisecond, 99: 198 * time.Millisecond, 100: 200 * time.Millisecond} {
		if got := percentile(d, p); got != want {
			t.Errorf("p%d = %v, want %v", p, got, want)
		}
	}
	if got := percentile(d[:1], 99); got != time.Millisecond {
		t.Errorf("p99 of one = %v", got)
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("p50 of none = %v", got)
	}
}

func TestSavedID(t *testing.T) {
	for body, want := range map[string]uint64{
		`{"response_type":"ephemeral","text":"Saved report #12 (Outlet sales): Units: 3"}`: 12,
		`{"text":"已保存报告 #7（终端销售）：销量：3"}`:                                                   7,
		`{"text":"Working on it…"}`:                                                        0,
		`{"text":"Saved report #"}`:                                                        0,
	} {
		if got, _ := savedID([]byte(body)); got != want {
			t.Errorf("savedID(%s) = %d, want %d", body, got, want)
		}
	}
}

func TestFlags(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	for _, c := range []struct {
		args    []string
		env     map[string]string
		wantErr string
	}{
		{args: nil},
		{args: []string{"-target", "https://fl.example.com/"}, wantErr: "signing secret"},
		{args: []string{"-target", "https://fl.example.com/"}, env: map[string]string{secretVar: "s"}},
		{args: []string{"-secret", "s"}, wantErr: "-secret is for -target"},
		{args: []string{"-clients", "0"}, wantErr: "-clients"},
		{args: []string{"extra"}, wantErr: "unexpected argument"},
	} {
		m, err := parseFlags(c.args, env(c.env), &bytes.Buffer{})
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("%v: %v", c.args, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%v: error %v, want one about %q", c.args, err, c.wantErr)
		case err == nil && m.Target != "" && (m.Target != "https://fl.example.com" || m.Secret != "s"):
			t.Errorf("%v: target %q secret %q", c.args, m.Target, m.Secret)
		}
	}
}

// TestTarget drives a server that is already running, here the minimal
// server, as an admin drives their deployment.
func TestTarget(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	r, w := io.Pipe()
	served := make(chan error, 1)
	go func() {
		served <- serveMinimal(ctx, []string{"-db", filepath.Join(t.TempDir(), "minimal.db")}, "target-secret", w)
	}()
	addr, err := firstLine(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, r)
	m := &Main{Clients: 2, Duration: 200 * time.Millisecond, Target: "http://" + addr, Secret: "target-secret"}
	s, err := m.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Fieldloop.Requests == 0 || s.Fieldloop.Errors != 0 || s.Baseline != nil || s.Export != nil || !s.OK() {
		t.Errorf("summary %+v, result %+v: want requests without errors, no baseline, no export check", s, s.Fieldloop)
	}

	m.Secret = "wrong"
	if s, err = m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if r := s.Fieldloop; r.Errors != r.Requests || r.ErrorKinds["status 401: bad signature"] == 0 || s.OK() {
		t.Errorf("with the wrong secret: %+v, want every request refused", r)
	}
	cancel()
	if err := <-served; err != nil {
		t.Errorf("minimal server: %v", err)
	}
}
