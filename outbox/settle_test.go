package outbox

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// ledger is a fake platform that keeps what it took, with the outbox ids
// each post carried, and can say so afterwards (a Confirmer).
type ledger struct {
	mu    sync.Mutex
	posts [][]string // the PostKeys of each post taken, in order
	// take says, for the n-th call of Deliver (from 1), whether the
	// platform takes the post and what the caller then hears.
	take    func(n int) (took bool, err error)
	calls   int
	asked   int            // calls of Delivered
	askErrs []error        // what the next calls of Delivered answer, in turn
	asked2  [][2]time.Time // the window of each call of Delivered
}

func (l *ledger) Deliver(_ context.Context, m *bot.Message) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls++
	took, err := true, error(nil)
	if l.take != nil {
		took, err = l.take(l.calls)
	}
	if took {
		l.posts = append(l.posts, m.PostKeys())
	}
	return err
}

func (l *ledger) Delivered(_ context.Context, _ bot.Destination, from, until time.Time) (map[string]bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.asked++
	l.asked2 = append(l.asked2, [2]time.Time{from, until})
	if len(l.askErrs) > 0 {
		err := l.askErrs[0]
		l.askErrs = l.askErrs[1:]
		return nil, err
	}
	seen := map[string]bool{}
	for _, p := range l.posts {
		for _, key := range p {
			seen[key] = true
		}
	}
	return seen, nil
}

// timesTaken counts how often each PostKey was posted.
func (l *ledger) timesTaken() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := map[string]int{}
	for _, p := range l.posts {
		for _, key := range p {
			n[key]++
		}
	}
	return n
}

func newTestSender(ob bot.Outbox, d bot.Deliverer) *Sender {
	s := NewSender(ob, map[bot.Platform]bot.Deliverer{testPlatform: d}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	s.Spacing, s.CoalesceEvery, s.SettleAfter = 0, 0, 0
	s.Backoff = func(int) time.Duration { return 0 }
	return s
}

func TestSenderConfirmsPostsWhoseOutcomeWasLost(t *testing.T) {
	lostAnswer := errors.New("read tcp: connection reset by peer")
	tests := []struct {
		name string
		// take: what happens to the first post (the later ones go through).
		took    bool
		err     error
		crash   bool // the process dies before it learns the outcome
		feed    bool // the three messages are merged into one post
		askErr  error
		asked   int   // calls of Delivered wanted
		wantRun []int // calls of Deliver in each run
		want    []int // times each message was posted
	}{
		{name: "crash after the platform took it", took: true, crash: true,
			asked: 1, wantRun: []int{1, 2}, want: []int{1, 1, 1}},
		{name: "crash before the platform took it", took: false, crash: true,
			asked: 1, wantRun: []int{1, 3}, want: []int{1, 1, 1}},
		{name: "answer lost after the platform took it", took: true, err: lostAnswer,
			asked: 1, wantRun: []int{1, 2}, want: []int{1, 1, 1}},
		{name: "server error, nothing taken", took: false, err: errors.New("platform server error: 500"),
			asked: 1, wantRun: []int{1, 3}, want: []int{1, 1, 1}},
		{name: "rate limited: known not taken, nothing to ask", took: false, err: &bot.RetryAfterError{After: 0},
			asked: 0, wantRun: []int{1, 3}, want: []int{1, 1, 1}},
		{name: "merged feed post taken, then a crash", took: true, crash: true, feed: true,
			asked: 1, wantRun: []int{1, 0}, want: []int{1, 1, 1}},
		{name: "cannot ask the platform: post again rather than lose it", took: true, crash: true,
			askErr: &bot.PermanentError{Err: errors.New("missing_scope")},
			asked:  1, wantRun: []int{1, 3}, want: []int{2, 1, 1}},
		{name: "asking is rate limited: ask again later, do not post", took: true, crash: true,
			askErr: &bot.RetryAfterError{After: 0},
			asked:  2, wantRun: []int{1, 0, 2}, want: []int{1, 1, 1}},
		{name: "asking fails: ask again later, do not post", took: true, crash: true,
			askErr: errors.New("platform server error: 503"),
			asked:  2, wantRun: []int{1, 0, 2}, want: []int{1, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			ob := &memOutbox{}
			coalesce := ""
			if tt.feed {
				coalesce = "feed"
			}
			msgs := []*bot.Message{
				{To: channel("east"), Text: "1", Coalesce: coalesce},
				{To: channel("east"), Text: "2", Coalesce: coalesce},
				{To: channel("east"), Text: "3", Coalesce: coalesce},
			}
			_ = ob.EnqueueMessages(ctx, msgs)
			l := &ledger{}
			if tt.askErr != nil {
				l.askErrs = []error{tt.askErr}
			}
			runCtx, crash := context.WithCancel(ctx)
			l.take = func(n int) (bool, error) {
				if n > 1 {
					return true, nil
				}
				if tt.crash {
					crash()
					return tt.took, errors.New("killed")
				}
				return tt.took, tt.err
			}
			var calls []int
			for run := 0; run < len(tt.wantRun); run++ {
				before := l.calls
				_, err := newTestSender(ob, l).DeliverDue(runCtx)
				if run == 0 && tt.crash {
					if !errors.Is(err, context.Canceled) {
						t.Fatalf("first run: %v, want the crash", err)
					}
					if m := ob.get(1); m.Posting.IsZero() || m.Status != bot.StatusPending {
						t.Fatalf("after the crash message 1 is %s with Posting %v; want pending and marked", m.Status, m.Posting)
					}
					runCtx = ctx // the restart
				} else if err != nil {
					t.Fatal(err)
				}
				calls = append(calls, l.calls-before)
			}
			if !slices.Equal(calls, tt.wantRun) {
				t.Errorf("Deliver calls per run = %v, want %v", calls, tt.wantRun)
			}
			if l.asked != tt.asked {
				t.Errorf("Delivered asked %d times, want %d", l.asked, tt.asked)
			}
			taken := l.timesTaken()
			for i, want := range tt.want {
				id := uint64(i + 1)
				if m := ob.get(id); taken[m.PostKey()] != want {
					t.Errorf("message %d posted %d times, want %d", id, taken[m.PostKey()], want)
				}
				if m := ob.get(id); m.Status != bot.StatusSent || !m.Posting.IsZero() {
					t.Errorf("message %d: %s, Posting %v; want sent and unmarked", id, m.Status, m.Posting)
				}
			}
		})
	}
}

// The platform is asked only once a post cut off could have finished
// (SettleAfter), about posts in a window around it, for clocks a little
// apart.
func TestSenderAsksOnceThePostCouldHaveFinished(t *testing.T) {
	ctx := context.Background()
	ob := &memOutbox{}
	_ = ob.EnqueueMessages(ctx, []*bot.Message{{To: channel("east"), Text: "1"}})
	start := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	clock := start
	l := &ledger{take: failFirst}
	s := newTestSender(ob, l)
	s.Now = func() time.Time { return clock }
	s.SettleAfter = 15 * time.Second
	_, _ = s.DeliverDue(ctx)
	wait, _ := s.DeliverDue(ctx)
	if l.asked != 0 || wait != 15*time.Second {
		t.Fatalf("asked %d times at once, then waits %v; want none and 15s", l.asked, wait)
	}
	clock = clock.Add(wait)
	_, _ = s.DeliverDue(ctx)
	if len(l.asked2) != 1 || !l.asked2[0][0].Before(start) || !l.asked2[0][1].After(start.Add(15*time.Second)) {
		t.Errorf("asked about %v, want a window around %v to %v", l.asked2, start, start.Add(15*time.Second))
	}
	if m := ob.get(1); m.Status != bot.StatusSent || l.calls != 2 {
		t.Errorf("message 1 %s after %d posts, want sent after 2", m.Status, l.calls)
	}
}

// A lookup that keeps failing is not a failed post: after MaxAttempts
// lookups the message is posted again rather than given up.
func TestSenderPostsAgainWhenLookupsKeepFailing(t *testing.T) {
	ctx := context.Background()
	ob := &memOutbox{}
	_ = ob.EnqueueMessages(ctx, []*bot.Message{{To: channel("east"), Text: "1"}})
	l := &ledger{take: failFirst}
	for range 20 {
		l.askErrs = append(l.askErrs, errors.New("platform server error: 503"))
	}
	s := newTestSender(ob, l)
	for range 10 {
		_, _ = s.DeliverDue(ctx)
	}
	m := ob.get(1)
	if m.Status != bot.StatusSent || m.Attempts != 2 || l.asked != s.MaxAttempts {
		t.Errorf("message %s after %d attempts and %d lookups; want sent after 2 attempts and %d lookups", m.Status, m.Attempts, l.asked, s.MaxAttempts)
	}
}

// failFirst loses the first post (not taken, and a timeout) and takes the
// others.
func failFirst(n int) (bool, error) {
	if n == 1 {
		return false, errors.New("timeout")
	}
	return true, nil
}

// A Deliverer that cannot confirm costs no extra write: nothing is marked.
func TestSenderMarksNothingWithoutConfirmer(t *testing.T) {
	ctx := context.Background()
	ob := &memOutbox{}
	_ = ob.EnqueueMessages(ctx, []*bot.Message{{To: channel("east"), Text: "1"}})
	d := &recordingDeliverer{fail: func(*bot.Message, int) error { return errors.New("timeout") }}
	_, _ = newTestSender(ob, d).DeliverDue(ctx)
	if m := ob.get(1); !m.Posting.IsZero() {
		t.Errorf("Posting = %v, want unset", m.Posting)
	}
}

// countingOutbox counts the writes that reach the store.
type countingOutbox struct {
	*memOutbox
	mu      sync.Mutex
	updates int
}

func (o *countingOutbox) UpdateMessages(ctx context.Context, msgs []*bot.Message) error {
	o.mu.Lock()
	o.updates++
	o.mu.Unlock()
	return o.memOutbox.UpdateMessages(ctx, msgs)
}

// Each attempt costs one commit: a post's outcome is written with the
// mark of the next post to the same destination, and the last outcome
// before the pass ends.
func TestSenderOneCommitPerAttempt(t *testing.T) {
	ctx := context.Background()
	ob := &countingOutbox{memOutbox: &memOutbox{}}
	const n = 10
	var msgs []*bot.Message
	for i := range n {
		msgs = append(msgs, &bot.Message{To: channel("east"), Text: string(rune('a' + i))})
	}
	_ = ob.EnqueueMessages(ctx, msgs)
	l := &ledger{}
	if _, err := newTestSender(ob, l).DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	if ob.count(bot.StatusSent) != n {
		t.Fatalf("%d of %d sent", ob.count(bot.StatusSent), n)
	}
	for key, times := range l.timesTaken() {
		if times != 1 {
			t.Errorf("%s posted %d times", key, times)
		}
	}
	if ob.updates > n+1 {
		t.Errorf("%d writes for %d posts, want at most %d", ob.updates, n, n+1)
	}
}
