package discord

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// globalPerSecond is Discord's global limit: requests with the bot's token
// in any one second (rate-limits.mdx, "Global Rate Limit").
const globalPerSecond = 50

// maxQueues is how many buckets' states are kept before those that know
// nothing worth keeping are dropped.
const maxQueues = 1024

// limiter keeps fieldloop's requests within Discord's rate limits by
// reading the X-RateLimit-* headers of every answer, so that a request
// waits for its bucket to refill instead of meeting a 429: Discord bans a
// client, for a while, when it makes too many invalid requests (401, 403,
// 429; rate-limits.mdx, "Invalid Request Limit"). It also spaces the
// bot's requests to the global limit, and holds them all after a global
// 429. Its clock is the adapter's; its waits are timers, which a
// synctest bubble runs on its own clock.
type limiter struct {
	now     func() time.Time
	closing chan struct{} // closed when no wait is to begin or go on
	once    sync.Once

	mu     sync.Mutex
	routes map[string]string // route → Discord's bucket id, from X-RateLimit-Bucket
	queues map[string]*queue // bucket id (the route until it is known) + top-level resource → its state
	sent   [globalPerSecond]time.Time
	next   int       // the oldest of sent: the last globalPerSecond bot requests, by when they may go
	global time.Time // a global 429 holds every bot request until then
}

func newLimiter(now func() time.Time) *limiter {
	return &limiter{now: now, closing: make(chan struct{}), routes: map[string]string{}, queues: map[string]*queue{}}
}

// errClosed is a request given up because it would wait while fieldloop
// stops.
var errClosed = errors.New("not sent: fieldloop is stopping, and Discord's rate limit says to wait")

// close ends every wait, now and to come, with errClosed.
func (l *limiter) close() { l.once.Do(func() { close(l.closing) }) }

// queue is one bucket of one resource. Its requests go one at a time, so
// that each knows what the answer to the one before said.
type queue struct {
	turn      chan struct{} // full while one of its requests is being made
	users     int           // requests waiting for the turn or holding it
	remaining int
	reset     time.Time // when remaining stops counting; zero: nothing known
}

// waitError is a request not sent because Discord's limits would hold it
// past the time it had to go by.
type waitError struct {
	after  time.Duration
	global bool
}

func (e *waitError) Error() string {
	scope := "its bucket"
	if e.global {
		scope = "the global limit"
	}
	return fmt.Sprintf("not sent: Discord's rate limit (%s) lifts in %s", scope, e.after)
}

// ticket is a request under way: done reads its answer into the limits.
type ticket struct {
	l            *limiter
	q            *queue
	route, major string
	untracked    bool
}

// acquire waits until a request may go: its bucket has requests left and
// the global limit allows one (for a bot request). It waits no later than
// by, when by is set: a wait that would end later is not begun, and a
// *waitError says how long it would be. The caller makes the request and
// then calls done.
func (l *limiter) acquire(ctx context.Context, method, path string, by time.Time) (*ticket, error) {
	route, major, tracked := rateRoute(method, path)
	if !tracked {
		return &ticket{untracked: true}, nil
	}
	bot := botRoute(path)
	if bot {
		if err := l.checkGlobal(by); err != nil {
			return nil, err
		}
	}
	q, err := l.takeTurn(ctx, route, major, by)
	if err != nil {
		return nil, err
	}
	t := &ticket{l: l, q: q, route: route, major: major}
	err = l.waitBucket(ctx, t, by)
	if err == nil && bot {
		err = l.waitGlobal(ctx, by)
	}
	if err != nil {
		t.release()
		return nil, err
	}
	return t, nil
}

// release ends the ticket's turn.
func (t *ticket) release() {
	t.l.mu.Lock()
	t.q.users--
	t.l.mu.Unlock()
	<-t.q.turn
}

// checkGlobal refuses at once a bot request that a global 429 holds past
// by.
func (l *limiter) checkGlobal(by time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now := l.now(); !by.IsZero() && l.global.After(by) {
		return &waitError{after: l.global.Sub(now), global: true}
	}
	return nil
}

// takeTurn waits for the turn of the request's queue. The queue is
// looked up again once the turn is taken: the answer to the request
// before may have named the route's bucket, and so moved its state.
func (l *limiter) takeTurn(ctx context.Context, route, major string, by time.Time) (*queue, error) {
	for {
		l.mu.Lock()
		key := l.key(route, major)
		q := l.queue(key)
		now := l.now()
		// A bucket known empty past by is refused without queueing.
		if !by.IsZero() && q.remaining <= 0 && q.reset.After(by) {
			l.mu.Unlock()
			return nil, &waitError{after: q.reset.Sub(now)}
		}
		q.users++
		l.mu.Unlock()
		err := l.take(ctx, q.turn, by, now)
		l.mu.Lock()
		same := err == nil && l.key(route, major) == key
		if !same {
			q.users--
		}
		l.mu.Unlock()
		switch {
		case err == errLate:
			return nil, &waitError{after: by.Sub(now)}
		case err != nil:
			return nil, err
		case same:
			return q, nil
		}
		<-q.turn
	}
}

// errLate is a turn not taken by the time it had to be.
var errLate = errors.New("late")

// take puts a token in turn, waiting for room until ctx is done or, when
// by is set, until by (as now counts it).
func (l *limiter) take(ctx context.Context, turn chan struct{}, by, now time.Time) error {
	select {
	case turn <- struct{}{}: // free: no timer to race with
		return nil
	default:
	}
	var late <-chan time.Time
	if !by.IsZero() {
		t := time.NewTimer(by.Sub(now))
		defer t.Stop()
		late = t.C
	}
	select {
	case turn <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-late:
		return errLate
	case <-l.closing:
		return errClosed
	}
}

// waitBucket waits, holding the turn, until the bucket has a request
// left.
func (l *limiter) waitBucket(ctx context.Context, t *ticket, by time.Time) error {
	l.mu.Lock()
	now := l.now()
	q := t.q
	var wait time.Duration
	if q.remaining <= 0 && q.reset.After(now) {
		wait = q.reset.Sub(now)
	}
	if !by.IsZero() && now.Add(wait).After(by) {
		l.mu.Unlock()
		return &waitError{after: wait}
	}
	if wait > 0 {
		// Once it has waited, the bucket has refilled: what is left is
		// known again from the answer, which comes before the next turn.
		// (Counting from the clock instead would wait for ever on a clock
		// that a test holds still.)
		q.reset = time.Time{}
	} else {
		q.remaining--
	}
	l.mu.Unlock()
	return l.sleep(ctx, wait)
}

// waitGlobal waits for a place among the bot's requests: no more than
// globalPerSecond in any second, none while a global 429 holds them. The
// place is taken before the wait, so that requests waiting at once line
// up rather than all going when it ends.
func (l *limiter) waitGlobal(ctx context.Context, by time.Time) error {
	l.mu.Lock()
	now := l.now()
	at := now
	if t := l.sent[l.next].Add(time.Second); t.After(at) {
		at = t
	}
	global := l.global.After(at)
	if global {
		at = l.global
	}
	if !by.IsZero() && at.After(by) {
		l.mu.Unlock()
		return &waitError{after: at.Sub(now), global: global}
	}
	l.sent[l.next] = at
	l.next = (l.next + 1) % globalPerSecond
	l.mu.Unlock()
	return l.sleep(ctx, at.Sub(now))
}

// done reads the answer to the ticket's request into the limits (h is
// nil when none came; limited is the error of a 429) and ends its turn.
func (t *ticket) done(h http.Header, limited *APIError) {
	if t.untracked {
		return
	}
	defer t.release()
	l := t.l
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	q := t.q
	if id := h.Get("X-RateLimit-Bucket"); id != "" {
		l.routes[t.route] = id
		q = l.queue(l.key(t.route, t.major))
	}
	if remaining, after, ok := bucketState(h); ok {
		q.remaining, q.reset = remaining, now.Add(after)
	}
	if limited != nil {
		// Discord took nothing: this bucket, or with a global 429 every
		// bot request, waits as long as it says.
		until := now.Add(limited.RetryAfter)
		q.remaining = 0
		q.reset = later(q.reset, until)
		if limited.Global {
			l.global = later(l.global, until)
		}
	}
	l.prune(now)
}

// bucketState reads X-RateLimit-Remaining and X-RateLimit-Reset-After.
func bucketState(h http.Header) (remaining int, after time.Duration, ok bool) {
	remaining, err := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	if err != nil {
		return 0, 0, false
	}
	after, ok = parseSeconds(h.Get("X-RateLimit-Reset-After"))
	return remaining, after, ok
}

// parseSeconds reads seconds with a fraction, as Discord writes them,
// rounded up to the millisecond.
func parseSeconds(s string) (time.Duration, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || math.IsInf(f, 0) || f > 1e6 {
		return 0, false
	}
	return time.Duration(math.Ceil(f*1000)) * time.Millisecond, true
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// key is where the state of route's requests to resource is kept: under
// the route's bucket once an answer has named it (routes that share a
// bucket share it), under the route until then.
func (l *limiter) key(route, major string) string {
	if id, ok := l.routes[route]; ok {
		return "bucket " + id + " " + major
	}
	return "route " + route + " " + major
}

func (l *limiter) queue(key string) *queue {
	q := l.queues[key]
	if q == nil {
		q = &queue{turn: make(chan struct{}, 1)}
		l.queues[key] = q
	}
	return q
}

// prune drops, once there are many, the queues that nobody is using and
// whose state has expired: one per channel and per person written to.
func (l *limiter) prune(now time.Time) {
	if len(l.queues) <= maxQueues {
		return
	}
	for key, q := range l.queues {
		if q.users == 0 && !q.reset.After(now) {
			delete(l.queues, key)
		}
	}
}

// sleep waits d, or until ctx is done or the limiter closes.
func (l *limiter) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-l.closing:
		return errClosed
	}
}

// rateRoute names the route of a request as Discord limits it, and the
// top-level resource its bucket counts for (rate-limits.mdx: a channel, a
// guild, a webhook). Interaction callbacks are not tracked: each is made
// once per interaction, within 3 seconds, and a wait could only make it
// too late.
//
// A webhook counts by its id alone, though Discord says "webhook_id or
// webhook_id + webhook_token": follow-ups are reported to share one limit
// across every interaction of an application (discord-api-docs#6322), and
// waiting for a shared bucket costs less than a 429.
func rateRoute(method, path string) (route, major string, tracked bool) {
	parts := strings.Split(path, "/")
	if len(parts) > 1 && parts[1] == "interactions" {
		return "", "", false
	}
	for i := 2; i < len(parts); i++ {
		switch {
		case i == 2 && (parts[1] == "channels" || parts[1] == "guilds" || parts[1] == "webhooks"):
			major = parts[i]
			parts[i] = "{" + parts[1] + "}"
		case i == 3 && parts[1] == "webhooks":
			parts[i] = "{token}"
		case parts[i] != "" && strings.Trim(parts[i], "0123456789") == "":
			parts[i] = "{id}"
		}
	}
	return method + " " + strings.Join(parts, "/"), major, true
}

// botRoute reports whether a request to path carries the bot's token,
// and so counts towards the global limit: the interaction endpoints carry
// their own token in the path and are not bound by it
// (receiving-and-responding.mdx, "Endpoints").
func botRoute(path string) bool {
	return !strings.HasPrefix(path, "/interactions/") && !strings.HasPrefix(path, "/webhooks/")
}
