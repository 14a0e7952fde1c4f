package main

import (
	"net/url"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// GET /metrics is Prometheus text that a parser reads, with the
// commands, requests, deliveries and outbox fieldloop reports.
func TestMetrics(t *testing.T) {
	slack := newFakeSlack(t)
	srv := startServe(t, slackEnv(slack.URL+"/api/"), "--db", tempDB(t))
	form := url.Values{"command": {"/report"}, "text": {"sales units=3"}, "user_id": {"U0ALICE"},
		"channel_id": {"C0EAST"}, "trigger_id": {"t1"}, "response_url": {slack.URL + "/response"}}
	srv.slashCommand(t, testSecret, form)
	form.Set("text", "sales units=x")
	form.Set("trigger_id", "t2")
	srv.slashCommand(t, testSecret, form)
	code, body := srv.get(t, "/metrics")
	if code != 200 {
		t.Fatalf("GET /metrics: %d", code)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not Prometheus text: %v", err)
	}
	value := func(name string, labels map[string]string) float64 {
		f := families[name]
		if f == nil {
			t.Errorf("no %s", name)
			return -1
		}
	next:
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if want, ok := labels[l.GetName()]; ok && want != l.GetValue() {
					continue next
				}
			}
			switch {
			case m.Counter != nil:
				return m.GetCounter().GetValue()
			case m.Gauge != nil:
				return m.GetGauge().GetValue()
			case m.Histogram != nil:
				return float64(m.GetHistogram().GetSampleCount())
			}
		}
		return 0
	}
	if v := value("fieldloop_commands_total", map[string]string{"command": "report", "outcome": "ok"}); v != 1 {
		t.Errorf("report ok = %v", v)
	}
	if v := value("fieldloop_commands_total", map[string]string{"command": "report", "outcome": "invalid"}); v != 1 {
		t.Errorf("report invalid = %v", v)
	}
	if v := value("fieldloop_http_request_duration_seconds", map[string]string{"adapter": "slack", "code": "2xx"}); v != 2 {
		t.Errorf("slack requests = %v", v)
	}
	if v := value("fieldloop_outbox_pending", nil); v < 0 {
		t.Errorf("outbox pending = %v", v)
	}
	value("fieldloop_outbox_oldest_pending_age_seconds", nil)
	if v := value("fieldloop_disk_free_bytes", nil); v <= 0 {
		t.Errorf("disk free = %v", v)
	}
	if code := srv.stop(t); code != 0 {
		t.Errorf("exit %d", code)
	}
}
