package main

import (
	"math"
	"strconv"
	"time"
)

// window is a sliding rate limit: at most limit calls in any span of per.
// A nil window, or one with no limit, takes everything.
type window struct {
	limit int
	per   time.Duration
	taken []time.Time // the calls taken within per, oldest first
}

func newWindow(limit int, per time.Duration) *window {
	if limit <= 0 {
		return nil
	}
	return &window{limit: limit, per: per}
}

// take counts a call at now if the limit allows it; otherwise it says how
// long until it would. A refused call is not counted: the platforms count
// only what they take against a limit.
func (w *window) take(now time.Time) (ok bool, wait time.Duration) {
	if ok, wait = w.check(now); ok && w != nil {
		w.taken = append(w.taken, now)
	}
	return ok, wait
}

// check says whether the limit would take a call at now, counting
// nothing, and if not how long until it would.
func (w *window) check(now time.Time) (ok bool, wait time.Duration) {
	if w == nil {
		return true, 0
	}
	i := 0
	for i < len(w.taken) && !w.taken[i].After(now.Add(-w.per)) {
		i++
	}
	w.taken = w.taken[i:]
	if len(w.taken) >= w.limit {
		return false, w.taken[0].Add(w.per).Sub(now)
	}
	return true, 0
}

// windows are the windows of one limit, one per key (a channel).
type windows struct {
	limit int
	per   time.Duration
	byKey map[string]*window
}

func newWindows(limit int, per time.Duration) *windows {
	if limit <= 0 {
		return nil
	}
	return &windows{limit: limit, per: per, byKey: map[string]*window{}}
}

// of returns key's window, nil when there is no limit.
func (ws *windows) of(key string) *window {
	if ws == nil {
		return nil
	}
	w := ws.byKey[key]
	if w == nil {
		w = newWindow(ws.limit, ws.per)
		ws.byKey[key] = w
	}
	return w
}

// bucket is one of Discord's per-route rate limits as its headers
// describe it: limit calls for each resource in a window that opens at
// the first of them and closes per later.
type bucket struct {
	id    string // X-RateLimit-Bucket
	limit int
	per   time.Duration
	open  map[string]*fixedWindow // resource → its window
}

// fixedWindow is a bucket's count since it last reset.
type fixedWindow struct {
	end   time.Time
	count int
}

// take counts a call for resource at now if the bucket allows it, and
// returns the window as it stands, for the headers.
func (b *bucket) take(resource string, now time.Time) (bool, *fixedWindow) {
	w := b.open[resource]
	if w == nil || !now.Before(w.end) {
		w = &fixedWindow{end: now.Add(b.per)}
		b.open[resource] = w
	}
	if w.count >= b.limit {
		return false, w
	}
	w.count++
	return true, w
}

// headers are the X-RateLimit-* headers of the bucket's window w at now.
func (b *bucket) headers(w *fixedWindow, now time.Time) [][2]string {
	return [][2]string{
		{"X-RateLimit-Limit", strconv.Itoa(b.limit)},
		{"X-RateLimit-Remaining", strconv.Itoa(max(0, b.limit-w.count))},
		{"X-RateLimit-Reset", seconds(time.Duration(w.end.UnixNano()))},
		{"X-RateLimit-Reset-After", seconds(w.end.Sub(now))},
		{"X-RateLimit-Bucket", b.id},
	}
}

// seconds writes d as Discord does, in seconds with milliseconds, rounded
// up so that a client that waits that long waits long enough.
func seconds(d time.Duration) string {
	ms := (d + time.Millisecond - 1) / time.Millisecond
	return strconv.FormatFloat(float64(ms)/1000, 'f', 3, 64)
}

// wholeSeconds is d rounded up to whole seconds, at least 1, as a
// Retry-After header gives it.
func wholeSeconds(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}
