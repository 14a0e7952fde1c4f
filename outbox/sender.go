// Package outbox delivers what fieldloop sends on its own (the marketing
// feed, broadcasts, reminders, digests, warnings): the Sender reads the
// pending messages the store keeps, posts them through each platform's
// Deliverer in order per destination, paced and retried with backoff, and
// records each outcome before the next post, so that a crash repeats
// nothing and loses nothing. With a platform that can say what it took
// (bot.Confirmer), a post cut off by a crash is looked up instead of being
// made twice.
package outbox

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// Sender delivers the outbox. Each pass reads the pending messages, posts
// those that are due (per destination in order, at most one post per
// Spacing), and records the outcome of each post before the next one, so a
// crash can repeat at most the one post that was in flight.
type Sender struct {
	Outbox     bot.Outbox
	Deliverers map[bot.Platform]bot.Deliverer
	Logger     *slog.Logger
	Now        func() time.Time
	// Spacing is the least time between two posts to one destination
	// (chat platforms allow about one message per second per channel).
	Spacing time.Duration
	// CoalesceEvery is the least time between two coalesced posts (the
	// marketing feed) to one destination; those that arrive in between are
	// merged into the next post. A post filled to its length limit does
	// not start the wait: the backlog follows at Spacing.
	CoalesceEvery time.Duration
	// MaxAttempts is how many times a message is tried before it is marked
	// failed.
	MaxAttempts int
	// Backoff returns how long to wait after the n-th failed attempt.
	Backoff func(n int) time.Duration
	// Observe, when set, is told of every post: its platform and outcome
	// ("sent", "retry", "rate_limited" or "failed").
	Observe func(platform bot.Platform, outcome string)
	// SettleAfter is how long after a post began its outcome, if never
	// learned, is looked up (Confirmer): longer than a post can take, so
	// that a platform still working on a post cut off by a crash has
	// finished by then.
	SettleAfter time.Duration
	// MinPass is the least time between two passes that Notify starts.
	// A burst of reports notifies once per report, and each pass reads
	// every pending message: without it the Sender would take a core
	// re-reading a backlog that waits for the feed's next merged post.
	MinPass time.Duration
	// Concurrency is how many posts may be under way at once on one
	// platform, each to another destination: delivery is then bound by
	// the platform's ceiling, not by the round trip of one post. One when
	// zero.
	Concurrency int

	wakeOnce sync.Once
	wake     chan struct{}

	// held are the pending messages as the last pass left them, when the
	// outbox can say what was added since (PendingSince): a pass then
	// reads only the new ones, not a backlog of thousands again.
	held    []*bot.Message
	heldMax uint64 // the highest id held
	loaded  bool   // held is what the outbox has pending

	mu        sync.Mutex           // guards what follows: drains run concurrently
	notBefore map[string]time.Time // destination or platform → earliest next post
	lastMerge map[string]time.Time // destination → time of the last coalesced post
	pacers    map[bot.Platform]*pacer
}

// NewSender returns a Sender with the production defaults: one post per
// second per destination, the feed coalesced per minute, eight attempts
// with exponential backoff from 2 s to 10 min.
func NewSender(outbox bot.Outbox, deliverers map[bot.Platform]bot.Deliverer, logger *slog.Logger) *Sender {
	return &Sender{
		Outbox:        outbox,
		Deliverers:    deliverers,
		Logger:        logger,
		Now:           time.Now,
		Spacing:       time.Second,
		CoalesceEvery: time.Minute,
		MaxAttempts:   8,
		Backoff:       ExponentialBackoff(2*time.Second, 10*time.Minute),
		MinPass:       200 * time.Millisecond,
		SettleAfter:   15 * time.Second, // the adapters' HTTP timeout is 10 s
		Concurrency:   8,
	}
}

// ExponentialBackoff doubles the wait after each failure, from first up to
// limit.
func ExponentialBackoff(first, limit time.Duration) func(int) time.Duration {
	return func(n int) time.Duration {
		d := first
		for i := 1; i < n && d < limit; i++ {
			d *= 2
		}
		return min(d, limit)
	}
}

// maxMergedLen bounds a coalesced post so that it fits every platform
// (the strictest platform we speak takes 2,000 characters); the rest goes in the next post.
const maxMergedLen = 1900

// Notify wakes a running Sender: new messages were enqueued.
func (s *Sender) Notify() {
	select {
	case s.wakeup() <- struct{}{}:
	default: // a wake-up is already waiting
	}
}

// wakeup returns the channel that Notify signals; a notification sent
// before Run starts waits there.
func (s *Sender) wakeup() chan struct{} {
	s.wakeOnce.Do(func() { s.wake = make(chan struct{}, 1) })
	return s.wake
}

// Run delivers until ctx is done, waking when a message falls due or
// Notify is called.
func (s *Sender) Run(ctx context.Context) error {
	wake := s.wakeup()
	for {
		began := time.Now()
		wait, err := s.DeliverDue(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			s.Logger.Error("outbox pass failed", "err", err)
			wait = time.Second
		}
		if wait <= 0 {
			wait = time.Hour
		}
		if !sleep(ctx, wake, wait) {
			return nil
		}
		if rest := s.MinPass - time.Since(began); rest > 0 && !sleep(ctx, nil, rest) {
			return nil
		}
	}
}

// sleep waits for d to pass or wake to fire, and reports false if ctx
// ended first.
func sleep(ctx context.Context, wake <-chan struct{}, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-wake:
	case <-t.C:
	}
	return true
}

// DeliverDue makes one pass over the outbox and returns how long until the
// next pending message falls due (0 when none is pending). Destinations
// are drained concurrently, up to Concurrency at once per platform; each
// one's messages go in order, one post at a time.
func (s *Sender) DeliverDue(ctx context.Context) (time.Duration, error) {
	s.mu.Lock()
	if s.notBefore == nil {
		s.notBefore = map[string]time.Time{}
		s.lastMerge = map[string]time.Time{}
		s.pacers = map[bot.Platform]*pacer{}
	}
	s.mu.Unlock()
	pending, err := s.pending(ctx)
	if err != nil {
		return 0, fmt.Errorf("read outbox: %w", err)
	}
	var (
		mu    sync.Mutex
		next  time.Time
		first error
		all   sync.WaitGroup
	)
	for platform, queues := range s.byPlatform(s.queues(pending)) {
		all.Go(func() {
			due, err := s.drainAll(ctx, platform, queues)
			mu.Lock()
			defer mu.Unlock()
			first = cmp.Or(first, err)
			if !due.IsZero() && (next.IsZero() || due.Before(next)) {
				next = due
			}
		})
	}
	all.Wait()
	if first != nil {
		s.loaded = false // what is held may not be what was stored: read it all again
		return 0, first
	}
	if next.IsZero() {
		return 0, nil
	}
	return max(next.Sub(s.Now()), time.Millisecond), nil
}

// PendingSince is an Outbox that can list the messages added after an
// id: the Sender then reads a backlog once, and only what is new after.
type PendingSince interface {
	// PendingSince returns the pending messages with ids above after,
	// oldest first.
	PendingSince(ctx context.Context, after uint64) ([]*bot.Message, error)
}

// pending returns the pending messages: those held from the last pass
// that are still pending, and those added since; all of them, read
// again, when the outbox cannot list the new ones or nothing is held.
func (s *Sender) pending(ctx context.Context) ([]*bot.Message, error) {
	since, incremental := s.Outbox.(PendingSince)
	var news []*bot.Message
	var err error
	if incremental && s.loaded {
		news, err = since.PendingSince(ctx, s.heldMax)
		s.held = slices.DeleteFunc(s.held, func(m *bot.Message) bool { return m.Status != bot.StatusPending })
	} else {
		news, err = s.Outbox.PendingMessages(ctx)
		s.held = nil
	}
	if err != nil {
		s.loaded = false
		return nil, err
	}
	for _, m := range news {
		s.heldMax = max(s.heldMax, m.ID)
	}
	s.held, s.loaded = append(s.held, news...), incremental
	return s.held, nil
}

// byPlatform splits queues by their platform.
func (s *Sender) byPlatform(queues [][]*bot.Message) map[bot.Platform][][]*bot.Message {
	out := map[bot.Platform][][]*bot.Message{}
	for _, q := range queues {
		p := q[0].To.Platform
		out[p] = append(out[p], q)
	}
	return out
}

// drainAll drains the queues of one platform, Concurrency at a time, and
// returns when the first message left over falls due.
func (s *Sender) drainAll(ctx context.Context, platform bot.Platform, queues [][]*bot.Message) (time.Time, error) {
	var (
		mu    sync.Mutex
		next  time.Time
		first error
		all   sync.WaitGroup
	)
	slots := make(chan struct{}, max(1, s.Concurrency))
	for _, q := range queues {
		slots <- struct{}{}
		all.Go(func() {
			defer func() { <-slots }()
			due, err := s.drain(ctx, q)
			mu.Lock()
			defer mu.Unlock()
			first = cmp.Or(first, err)
			if !due.IsZero() && (next.IsZero() || due.Before(next)) {
				next = due
			}
		})
	}
	all.Wait()
	return next, first
}

// maxPaceWait is the longest a drain waits for its platform's pace before
// it leaves the post to a later pass.
const maxPaceWait = time.Second

// paced reports whether the platform's pace lets a post go soon (within
// maxPaceWait); if not, wait is how long until it may. It reserves
// nothing: the post takes its place with pace, just before it is made.
func (s *Sender) paced(p bot.Platform, now time.Time) (wait time.Duration, ok bool) {
	wait = s.pacer(p).peek(now)
	return wait, wait <= maxPaceWait
}

// pace waits for the platform's pace to let a post go now, and takes its
// place. It is called right before the request, after the post's mark is
// committed: a place taken before a commit would let the posts of one
// shared commit leave together, a burst that the platform refuses.
func (s *Sender) pace(ctx context.Context, p bot.Platform) error {
	if wait := s.pacer(p).reserve(s.Now()); wait > 0 && !sleep(ctx, nil, wait) {
		return ctx.Err()
	}
	return nil
}

// pacer returns the pacer of platform p.
func (s *Sender) pacer(p bot.Platform) *pacer {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pacers[p] == nil {
		s.pacers[p] = newPacer()
	}
	return s.pacers[p]
}

// queues groups deliverable messages by destination, each in id order.
func (s *Sender) queues(pending []*bot.Message) [][]*bot.Message {
	byDest := map[string][]*bot.Message{}
	var order []string
	for _, m := range pending {
		if s.Deliverers[m.To.Platform] == nil {
			continue // another process (or a later start) delivers it
		}
		k := m.To.String()
		if byDest[k] == nil {
			order = append(order, k)
		}
		byDest[k] = append(byDest[k], m)
	}
	out := make([][]*bot.Message, 0, len(order))
	for _, k := range order {
		q := byDest[k]
		slices.SortFunc(q, func(a, b *bot.Message) int { return cmp.Compare(a.ID, b.ID) })
		out = append(out, q)
	}
	return out
}

// drain posts what is due from one destination's queue, in order, and
// returns when the first message left over falls due (zero if none is).
func (s *Sender) drain(ctx context.Context, queue []*bot.Message) (_ time.Time, err error) {
	// unsaved are the outcomes of the last post, not yet written: they go
	// with the mark of the next post, one commit an attempt, or are
	// written when the drain ends, before anyone learns of them.
	var unsaved []*bot.Message
	defer func() {
		if len(unsaved) == 0 {
			return
		}
		if werr := s.Outbox.UpdateMessages(context.WithoutCancel(ctx), unsaved); werr != nil && err == nil {
			err = fmt.Errorf("record delivery of message %d: %w", unsaved[0].ID, werr)
		}
	}()
	for len(queue) > 0 {
		now := s.Now()
		if !queue[0].Posting.IsZero() {
			var due time.Time
			var err error
			if queue, due, err = s.settle(ctx, queue, now); err != nil || !due.IsZero() {
				return due, err
			}
			continue // settled: nothing left is marked
		}
		batch, due, full := s.nextPost(queue)
		if due.After(now) {
			return due, nil
		}
		if wait, ok := s.paced(batch[0].To.Platform, now); !ok {
			return now.Add(wait), nil // the platform's pace: a later pass
		}
		if unsaved, err = s.post(ctx, batch, unsaved); err != nil {
			return time.Time{}, err
		}
		if full {
			// Waiting would merge nothing more into the next post: let the
			// backlog follow at the usual spacing.
			s.mu.Lock()
			delete(s.lastMerge, batch[0].To.String())
			s.mu.Unlock()
		}
		if retry := earliestRetry(batch); !retry.IsZero() {
			return retry, nil // failed but not given up: nothing may overtake it
		}
		queue = queue[len(batch):]
	}
	return time.Time{}, nil
}

// earliestRetry returns when the first message of batch still pending
// falls due, or zero if none is pending.
func earliestRetry(batch []*bot.Message) time.Time {
	var t time.Time
	for _, m := range batch {
		if m.Status == bot.StatusPending && (t.IsZero() || m.NextAttempt.Before(t)) {
			t = m.NextAttempt
		}
	}
	return t
}

// nextPost returns the messages of the next post to the queue's
// destination (one, or several coalesced), when it may be sent, and
// whether it is full: more would have been merged into it but for its
// length.
func (s *Sender) nextPost(queue []*bot.Message) (batch []*bot.Message, due time.Time, full bool) {
	first := queue[0]
	dest := first.To.String()
	s.mu.Lock()
	due = latest(first.NextAttempt, s.notBefore[dest], s.notBefore[string(first.To.Platform)])
	last, merged := s.lastMerge[dest]
	s.mu.Unlock()
	if first.Coalesce == "" || len(first.Buttons) > 0 {
		return queue[:1], due, false
	}
	if merged {
		due = latest(due, last.Add(s.CoalesceEvery))
	}
	n, size := 0, 0
	for _, m := range queue {
		if m.Coalesce != first.Coalesce || len(m.Buttons) > 0 {
			break
		}
		if n > 0 && size+len(m.Text) > maxMergedLen {
			return queue[:n], due, true
		}
		n, size = n+1, size+len(m.Text)+1
	}
	return queue[:n], due, false
}

func latest(ts ...time.Time) time.Time {
	var t time.Time
	for _, x := range ts {
		if x.After(t) {
			t = x
		}
	}
	return t
}

// post sends one post made of batch and records the outcome of every
// message in it.
func (s *Sender) post(ctx context.Context, batch, unsaved []*bot.Message) (stillUnsaved []*bot.Message, _ error) {
	m := batch[0]
	if len(batch) > 1 {
		merged := *m
		texts := make([]string, len(batch))
		merged.Merged = make([]string, len(batch))
		for i, b := range batch {
			texts[i], merged.Merged[i] = b.Text, b.PostKey()
		}
		merged.Text = strings.Join(texts, "\n")
		m = &merged
	}
	d := s.Deliverers[m.To.Platform]
	_, confirms := d.(bot.Confirmer)
	if confirms {
		// Durable before the post: if we never learn how it went, the
		// next attempt asks the platform first. The previous post's
		// outcome shares the commit.
		began := s.Now()
		for _, b := range batch {
			b.Posting, b.Lookups = began, 0
		}
		if err := s.Outbox.UpdateMessages(ctx, slices.Concat(unsaved, batch)); err != nil {
			return unsaved, fmt.Errorf("mark message %d as being posted: %w", m.ID, err)
		}
		unsaved = nil
	}
	err := s.pace(ctx, m.To.Platform)
	if err == nil {
		err = d.Deliver(ctx, m)
	}
	if err != nil && ctx.Err() != nil {
		return unsaved, ctx.Err() // shutting down: the outcome is unknown, try again next start
	}
	// A post the platform took must be recorded even if we are stopping,
	// or the next start would send it again.
	ctx = context.WithoutCancel(ctx)
	now := s.Now() // after the post: spacing counts from its end
	dest := m.To.String()
	s.mu.Lock()
	s.notBefore[dest] = now.Add(s.Spacing)
	if m.Coalesce != "" {
		s.lastMerge[dest] = now
	}
	for _, b := range batch {
		s.record(b, err, now)
	}
	s.mu.Unlock()
	if err == nil {
		s.pacer(m.To.Platform).took(now)
	}
	if s.Observe != nil {
		s.Observe(m.To.Platform, deliveryOutcome(batch[0], err))
	}
	if confirms {
		// Still marked in the store: should the outcome be lost, the
		// next start asks the platform instead of posting again.
		return batch, nil
	}
	if err := s.Outbox.UpdateMessages(ctx, slices.Concat(unsaved, batch)); err != nil {
		return nil, fmt.Errorf("record delivery of message %d: %w", m.ID, err)
	}
	return nil, nil
}

// deliveryOutcome names how a post went, for Observe.
func deliveryOutcome(m *bot.Message, err error) string {
	var ra *bot.RetryAfterError
	switch {
	case err == nil:
		return "sent"
	case m.Status == bot.StatusFailed:
		return "failed"
	case errors.As(err, &ra):
		return "rate_limited"
	}
	return "retry"
}

// record sets m's delivery state after an attempt that ended with err.
// s.mu is held.
func (s *Sender) record(m *bot.Message, err error, now time.Time) {
	m.Attempts++
	if err == nil {
		m.Status, m.SentAt, m.Error, m.Posting = bot.StatusSent, now, "", time.Time{}
		return
	}
	m.Error = err.Error()
	var ra *bot.RetryAfterError
	var perm *bot.PermanentError
	limited, refused := errors.As(err, &ra), errors.As(err, &perm)
	if limited || refused {
		m.Posting = time.Time{} // the platform said no: nothing to look up
	}
	// Waiting out a rate limit is not a failure, so it does not use up
	// the attempts: a message is never failed because a platform was busy.
	if refused || (!limited && m.Attempts-m.RateLimited >= s.MaxAttempts) {
		m.Status = bot.StatusFailed
		s.Logger.Warn("message failed", "message", m.ID, "to", m.To.String(), "attempts", m.Attempts, "err", err)
		return
	}
	switch {
	case limited:
		m.RateLimited++
		m.NextAttempt = now.Add(ra.After)
		key := m.To.String()
		if ra.Global {
			// The whole platform is limited, not this destination: pause
			// every send to it, and pace them from now on.
			key = string(m.To.Platform)
			if p := s.pacers[m.To.Platform]; p != nil {
				p.refusedAt(now)
			}
		}
		s.notBefore[key] = latest(s.notBefore[key], m.NextAttempt)
	default:
		m.NextAttempt = now.Add(s.Backoff(m.Attempts))
	}
}
