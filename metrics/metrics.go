// Package metrics exposes how a running fieldloop is doing in the
// Prometheus text format: commands by name and outcome, request latency
// per adapter, the outbox's depth and the age of its oldest pending
// message, deliveries by outcome, and the notifications the scheduler
// sends (reminders, digests, warnings…). The core reports through plain
// function hooks; this package turns them into Prometheus metrics.
package metrics

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds fieldloop's metrics in a registry of their own.
type Metrics struct {
	registry      *prometheus.Registry
	commands      *prometheus.CounterVec
	requests      *prometheus.HistogramVec
	deliveries    *prometheus.CounterVec
	notifications *prometheus.CounterVec
}

// New registers the metrics; the outbox gauges read outbox at each scrape.
func New(outbox bot.Outbox, now func() time.Time) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fieldloop_commands_total", Help: "Commands handled, by command and outcome (ok, or an error code).",
		}, []string{"command", "outcome"}),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "fieldloop_http_request_duration_seconds", Help: "HTTP requests by adapter (a chat platform's name, or other) and status class.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"adapter", "code"}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fieldloop_deliveries_total", Help: "Outbox posts by platform and outcome (sent, retry, rate_limited, failed).",
		}, []string{"platform", "outcome"}),
		notifications: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fieldloop_notifications_total", Help: "Scheduler notifications by type (nudge, reminder, escalation, digest, calendar, warning) and fate (sent, missed).",
		}, []string{"type", "fate"}),
	}
	m.registry.MustRegister(m.commands, m.requests, m.deliveries, m.notifications,
		newOutboxCollector(outbox, now),
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// WatchDisk reports free, the bytes free on the database's disk, as
// fieldloop_disk_free_bytes at each scrape, so that an alert can fire
// before the disk fills; nothing is reported while free cannot tell.
func (m *Metrics) WatchDisk(free func() (uint64, bool)) {
	m.registry.MustRegister(&diskCollector{free: free,
		desc: prometheus.NewDesc("fieldloop_disk_free_bytes", "Bytes free on the disk that holds the database.", nil, nil)})
}

type diskCollector struct {
	free func() (uint64, bool)
	desc *prometheus.Desc
}

func (c *diskCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *diskCollector) Collect(ch chan<- prometheus.Metric) {
	if free, ok := c.free(); ok {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(free))
	}
}

// Handler serves the metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// ObserveCommand counts a command; it fits bot.Router.Observe.
func (m *Metrics) ObserveCommand(command, outcome string, _ time.Duration) {
	m.commands.WithLabelValues(command, outcome).Inc()
}

// ObserveDelivery counts a post; it fits outbox.Sender.Observe.
func (m *Metrics) ObserveDelivery(p bot.Platform, outcome string) {
	m.deliveries.WithLabelValues(string(p), outcome).Inc()
}

// ObserveTick counts what a scheduler tick sent and recorded as missed.
func (m *Metrics) ObserveTick(t *bot.Tick) {
	if t == nil {
		return
	}
	for _, n := range t.Sent {
		m.notifications.WithLabelValues(n.Type, "sent").Inc()
	}
	for _, n := range t.Missed {
		m.notifications.WithLabelValues(n.Type, "missed").Inc()
	}
}

// Middleware times the requests h serves, labelled by adapter (from the
// path: /PLATFORM/…, for each of platforms; "other" for the rest, so that
// the labels cannot grow with what clients ask for) and status class.
func (m *Metrics) Middleware(h http.Handler, platforms []bot.Platform) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		m.requests.WithLabelValues(adapterOf(r.URL.Path, platforms), statusClass(rec.status)).Observe(time.Since(start).Seconds())
	})
}

func adapterOf(path string, platforms []bot.Platform) string {
	for _, p := range platforms {
		if strings.HasPrefix(path, "/"+string(p)+"/") {
			return string(p)
		}
	}
	return "other"
}

func statusClass(code int) string { return string(rune('0'+code/100)) + "xx" }

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Flush lets handlers that stream (a chat adapter that flushes its
// answer) keep doing so through the recorder.
func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// outboxCollector reports the outbox's depth and the age of its oldest
// pending message, read at scrape time from the pending index only.
type outboxCollector struct {
	outbox     bot.Outbox
	now        func() time.Time
	depth, age *prometheus.Desc
}

func newOutboxCollector(outbox bot.Outbox, now func() time.Time) *outboxCollector {
	return &outboxCollector{outbox: outbox, now: now,
		depth: prometheus.NewDesc("fieldloop_outbox_pending", "Messages waiting in the outbox.", nil, nil),
		age:   prometheus.NewDesc("fieldloop_outbox_oldest_pending_age_seconds", "Age of the oldest pending message (0 when none).", nil, nil),
	}
}

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.depth; ch <- c.age }

// pendingStats is an outbox that counts its pending messages without
// reading them all (the store does).
type pendingStats interface {
	PendingStats(ctx context.Context) (pending int, oldest time.Time, err error)
}

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, oldest, err := c.stats(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.depth, err)
		return
	}
	age := 0.0
	if !oldest.IsZero() {
		age = max(0, c.now().Sub(oldest).Seconds())
	}
	ch <- prometheus.MustNewConstMetric(c.depth, prometheus.GaugeValue, float64(n))
	ch <- prometheus.MustNewConstMetric(c.age, prometheus.GaugeValue, age)
}

// stats counts the pending messages, cheaply where the outbox can.
func (c *outboxCollector) stats(ctx context.Context) (int, time.Time, error) {
	if s, ok := c.outbox.(pendingStats); ok {
		return s.PendingStats(ctx)
	}
	pending, err := c.outbox.PendingMessages(ctx)
	var oldest time.Time
	for _, m := range pending {
		if oldest.IsZero() || m.CreatedAt.Before(oldest) {
			oldest = m.CreatedAt
		}
	}
	return len(pending), oldest, err
}
