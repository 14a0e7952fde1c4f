package outbox

import (
	"cmp"
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// memOutbox is an in-memory Outbox, enough to drive the Sender.
type memOutbox struct {
	mu   sync.Mutex
	msgs []*bot.Message
}

// testPlatform is the chat platform of these tests; the core knows
// platforms only by name.
const testPlatform bot.Platform = "chat"

func (o *memOutbox) EnqueueMessages(_ context.Context, msgs []*bot.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, m := range msgs {
		m.ID = uint64(len(o.msgs) + 1)
		m.Status = bot.StatusPending
		c := *m
		o.msgs = append(o.msgs, &c)
	}
	return nil
}

func (o *memOutbox) PendingMessages(context.Context) ([]*bot.Message, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []*bot.Message
	for _, m := range o.msgs {
		if m.Status == bot.StatusPending {
			c := *m
			out = append(out, &c)
		}
	}
	return out, nil
}

func (o *memOutbox) UpdateMessages(ctx context.Context, msgs []*bot.Message) error {
	if err := ctx.Err(); err != nil {
		return err // as the real store does
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, m := range msgs {
		c := *m
		o.msgs[m.ID-1] = &c
	}
	return nil
}

func (o *memOutbox) FindMessages(context.Context, bot.MessageFilter) ([]*bot.Message, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.msgs), nil
}

func (o *memOutbox) get(id uint64) bot.Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	return *o.msgs[id-1]
}

// post is one delivery a recordingDeliverer saw.
type post struct {
	to   string
	text string
	at   time.Duration // since the test started
}

// recordingDeliverer records posts and fails as its fail function says.
type recordingDeliverer struct {
	mu    sync.Mutex
	start time.Time
	posts []post
	fail  func(m *bot.Message, n int) error // n counts attempts of m, from 1
	tries map[uint64]int
}

func (d *recordingDeliverer) Deliver(_ context.Context, m *bot.Message) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.tries == nil {
		d.tries = map[uint64]int{}
	}
	d.tries[m.ID]++
	if d.fail != nil {
		if err := d.fail(m, d.tries[m.ID]); err != nil {
			return err
		}
	}
	d.posts = append(d.posts, post{m.To.Name, m.Text, time.Since(d.start)})
	return nil
}

func (d *recordingDeliverer) got() []post {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.posts)
}

func channel(name string) bot.Destination {
	return bot.Destination{Platform: testPlatform, Channel: true, ID: name, Name: name}
}

// runSender starts a Sender over outbox in the synctest bubble and returns
// a stop function.
func runSender(t *testing.T, outbox bot.Outbox, d bot.Deliverer) (*Sender, func()) {
	t.Helper()
	s := NewSender(outbox, map[bot.Platform]bot.Deliverer{testPlatform: d}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = s.Run(ctx); close(done) }()
	return s, func() { cancel(); <-done }
}

func TestSenderSpacesPostsPerDestination(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ob := &memOutbox{}
		d := &recordingDeliverer{start: time.Now()}
		_ = ob.EnqueueMessages(context.Background(), []*bot.Message{
			{To: channel("a"), Text: "a1"}, {To: channel("b"), Text: "b1"},
			{To: channel("a"), Text: "a2"}, {To: channel("a"), Text: "a3"},
		})
		_, stop := runSender(t, ob, d)
		time.Sleep(10 * time.Second)
		stop()
		want := []post{{"a", "a1", 0}, {"b", "b1", 0}, {"a", "a2", time.Second}, {"a", "a3", 2 * time.Second}}
		// Destinations are posted to concurrently: in time order, and by
		// destination within one instant.
		got := d.got()
		slices.SortStableFunc(got, func(x, y post) int { return cmp.Or(cmp.Compare(x.at, y.at), strings.Compare(x.to, y.to)) })
		if !slices.Equal(got, want) {
			t.Errorf("posts = %v, want %v", got, want)
		}
		for id := uint64(1); id <= 4; id++ {
			if m := ob.get(id); m.Status != bot.StatusSent || m.Attempts != 1 {
				t.Errorf("message %d: %s after %d attempts", id, m.Status, m.Attempts)
			}
		}
	})
}

func TestSenderHonoursRetryAfterAndKeepsOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ob := &memOutbox{}
		d := &recordingDeliverer{start: time.Now(), fail: func(m *bot.Message, n int) error {
			if m.Text == "first" && n == 1 {
				return &bot.RetryAfterError{After: 5 * time.Second, Err: errors.New("429")}
			}
			return nil
		}}
		_ = ob.EnqueueMessages(context.Background(), []*bot.Message{{To: channel("a"), Text: "first"}, {To: channel("a"), Text: "second"}})
		_, stop := runSender(t, ob, d)
		time.Sleep(time.Minute)
		stop()
		want := []post{{"a", "first", 5 * time.Second}, {"a", "second", 6 * time.Second}}
		if got := d.got(); !slices.Equal(got, want) {
			t.Errorf("posts = %v, want %v", got, want)
		}
		if m := ob.get(1); m.Attempts != 2 || m.Status != bot.StatusSent || m.Error != "" {
			t.Errorf("first: %+v", m)
		}
	})
}

func TestSenderGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ob := &memOutbox{}
		d := &recordingDeliverer{start: time.Now(), fail: func(m *bot.Message, n int) error {
			if m.Text == "gone" {
				return &bot.PermanentError{Err: errors.New("channel_not_found")}
			}
			return errors.New("HTTP 500")
		}}
		_ = ob.EnqueueMessages(context.Background(), []*bot.Message{{To: channel("a"), Text: "flaky"}, {To: channel("b"), Text: "gone"}})
		_, stop := runSender(t, ob, d)
		time.Sleep(time.Hour)
		stop()
		flaky, gone := ob.get(1), ob.get(2)
		if flaky.Status != bot.StatusFailed || flaky.Attempts != 8 || flaky.Error != "HTTP 500" {
			t.Errorf("flaky: %s after %d attempts, error %q; want failed after 8", flaky.Status, flaky.Attempts, flaky.Error)
		}
		if gone.Status != bot.StatusFailed || gone.Attempts != 1 || !strings.Contains(gone.Error, "channel_not_found") {
			t.Errorf("gone: %s after %d attempts, error %q; want failed after 1", gone.Status, gone.Attempts, gone.Error)
		}
	})
}

func TestSenderCoalescesFeed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ob := &memOutbox{}
		d := &recordingDeliverer{start: time.Now()}
		s, stop := runSender(t, ob, d)
		feed := func(text string) {
			_ = ob.EnqueueMessages(context.Background(), []*bot.Message{{To: channel("mkt"), Text: text, Coalesce: bot.FeedCoalesce}})
			s.Notify()
		}
		feed("r1")
		time.Sleep(10 * time.Second)
		feed("r2")
		time.Sleep(10 * time.Second)
		feed("r3")
		time.Sleep(2 * time.Minute)
		stop()
		want := []post{{"mkt", "r1", 0}, {"mkt", "r2\nr3", time.Minute}}
		if got := d.got(); !slices.Equal(got, want) {
			t.Errorf("posts = %v, want %v", got, want)
		}
		for id := uint64(1); id <= 3; id++ {
			if m := ob.get(id); m.Status != bot.StatusSent {
				t.Errorf("message %d is %s", id, m.Status)
			}
		}
	})
}

// A burst larger than one post does not wait a minute per post: once a
// coalesced post is full, the rest follows at the usual spacing, and only
// the post that empties the backlog starts the next minute's window.
func TestSenderFeedBacklogFlows(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ob := &memOutbox{}
		d := &recordingDeliverer{start: time.Now()}
		line := strings.Repeat("x", 99) // with its newline, 19 fit a post
		var burst []*bot.Message
		for range 40 {
			burst = append(burst, &bot.Message{To: channel("mkt"), Text: line, Coalesce: bot.FeedCoalesce})
		}
		_ = ob.EnqueueMessages(context.Background(), burst)
		s, stop := runSender(t, ob, d)
		time.Sleep(10 * time.Second)
		_ = ob.EnqueueMessages(context.Background(), []*bot.Message{{To: channel("mkt"), Text: "late", Coalesce: bot.FeedCoalesce}})
		s.Notify()
		time.Sleep(2 * time.Minute)
		stop()
		var at []time.Duration
		var lines []int
		for _, p := range d.got() {
			at, lines = append(at, p.at), append(lines, strings.Count(p.text, "\n")+1)
		}
		wantAt := []time.Duration{0, time.Second, 2 * time.Second, 2*time.Second + time.Minute}
		if wantLines := []int{19, 19, 2, 1}; !slices.Equal(at, wantAt) || !slices.Equal(lines, wantLines) {
			t.Errorf("posts at %v with %v lines, want at %v with %v", at, lines, wantAt, wantLines)
		}
	})
}

// A restart (a new Sender over the same outbox) sends what was pending and
// nothing that was sent.
func TestSenderRestartSendsOnlyPending(t *testing.T) {
	ctx := context.Background()
	ob := &memOutbox{}
	_ = ob.EnqueueMessages(ctx, []*bot.Message{{To: channel("a"), Text: "1"}, {To: channel("b"), Text: "2"}})
	d1 := &recordingDeliverer{}
	s1 := NewSender(ob, map[bot.Platform]bot.Deliverer{testPlatform: d1}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	s1.Spacing = 0
	if _, err := s1.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	_ = ob.EnqueueMessages(ctx, []*bot.Message{{To: channel("a"), Text: "3"}})
	d2 := &recordingDeliverer{}
	s2 := NewSender(ob, map[bot.Platform]bot.Deliverer{testPlatform: d2}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, err := s2.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	if got := d2.got(); len(got) != 1 || got[0].text != "3" {
		t.Errorf("after restart posted %v, want only 3", got)
	}
}

func TestExponentialBackoff(t *testing.T) {
	b := ExponentialBackoff(2*time.Second, 10*time.Minute)
	for n, want := range map[int]time.Duration{1: 2 * time.Second, 2: 4 * time.Second, 5: 32 * time.Second, 20: 10 * time.Minute} {
		if got := b(n); got != want {
			t.Errorf("backoff(%d) = %v, want %v", n, got, want)
		}
	}
}

// When a merged post fails, a message of it that may still be retried is
// retried, and nothing behind it overtakes it.
func TestSenderRetriesWhatIsLeftOfAFailedMergedPost(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ob := &memOutbox{}
		d := &recordingDeliverer{start: time.Now()}
		calls := 0
		d.fail = func(m *bot.Message, n int) error {
			calls++
			if calls <= 2 {
				return errors.New("HTTP 500")
			}
			return nil
		}
		s := NewSender(ob, map[bot.Platform]bot.Deliverer{testPlatform: d}, slog.New(slog.NewTextHandler(io.Discard, nil)))
		s.MaxAttempts = 2
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { _ = s.Run(ctx); close(done) }()
		enqueue := func(m *bot.Message) {
			_ = ob.EnqueueMessages(context.Background(), []*bot.Message{m})
			s.Notify()
		}
		enqueue(&bot.Message{To: channel("mkt"), Text: "A", Coalesce: bot.FeedCoalesce})
		time.Sleep(time.Second) // A failed once, retried in 2 s
		enqueue(&bot.Message{To: channel("mkt"), Text: "B", Coalesce: bot.FeedCoalesce})
		enqueue(&bot.Message{To: channel("mkt"), Text: "C"})
		time.Sleep(10 * time.Minute)
		cancel()
		<-done
		if a := ob.get(1); a.Status != bot.StatusFailed {
			t.Errorf("A is %s, want failed after 2 attempts", a.Status)
		}
		if b := ob.get(2); b.Status != bot.StatusSent {
			t.Errorf("B is %s after %d attempts, want sent", b.Status, b.Attempts)
		}
		got := d.got()
		if len(got) != 2 || got[0].text != "B" || got[1].text != "C" {
			t.Errorf("posts = %v, want B then C", got)
		}
	})
}

// A post that the platform accepted is recorded as sent even when the
// process is told to stop at that moment, so a restart does not repeat it.
func TestSenderRecordsDeliveryDuringShutdown(t *testing.T) {
	ob := &memOutbox{}
	_ = ob.EnqueueMessages(context.Background(), []*bot.Message{{To: channel("a"), Text: "hello"}})
	ctx, cancel := context.WithCancel(context.Background())
	d := &recordingDeliverer{fail: func(*bot.Message, int) error { cancel(); return nil }}
	s := NewSender(ob, map[bot.Platform]bot.Deliverer{testPlatform: d}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	_, _ = s.DeliverDue(ctx)
	if m := ob.get(1); m.Status != bot.StatusSent {
		t.Errorf("delivered message is %s", m.Status)
	}
}

// Notify before Run is not lost, and a Sender built as a literal is safe.
func TestSenderNotifyBeforeRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ob := &memOutbox{}
		d := &recordingDeliverer{start: time.Now()}
		s := &Sender{Outbox: ob, Deliverers: map[bot.Platform]bot.Deliverer{testPlatform: d}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
			Now: time.Now, MaxAttempts: 1, Backoff: ExponentialBackoff(time.Second, time.Second)}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { _ = s.Run(ctx); close(done) }()
		synctest.Wait()
		_ = ob.EnqueueMessages(context.Background(), []*bot.Message{{To: channel("a"), Text: "x"}})
		s.Notify()
		synctest.Wait()
		cancel()
		<-done
		if got := d.got(); len(got) != 1 || got[0].at != 0 {
			t.Errorf("posts = %v, want x at once", got)
		}
	})
}

// A long rate limit does not use up the attempts meant for failures.
func TestSenderRateLimitDoesNotExhaustAttempts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ob := &memOutbox{}
		d := &recordingDeliverer{start: time.Now(), fail: func(m *bot.Message, n int) error {
			if n <= 10 {
				return &bot.RetryAfterError{After: 30 * time.Second, Err: errors.New("429")}
			}
			return nil
		}}
		_ = ob.EnqueueMessages(context.Background(), []*bot.Message{{To: channel("a"), Text: "x"}})
		_, stop := runSender(t, ob, d)
		time.Sleep(time.Hour)
		stop()
		if m := ob.get(1); m.Status != bot.StatusSent || m.Attempts != 11 {
			t.Errorf("message is %s after %d attempts, want sent after 11", m.Status, m.Attempts)
		}
	})
}

func (o *memOutbox) count(status bot.MessageStatus) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, m := range o.msgs {
		if m.Status == status {
			n++
		}
	}
	return n
}

func (o *memOutbox) PendingSince(_ context.Context, after uint64) ([]*bot.Message, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []*bot.Message
	for _, m := range o.msgs {
		if m.ID > after && m.Status == bot.StatusPending {
			c := *m
			out = append(out, &c)
		}
	}
	return out, nil
}

var _ PendingSince = (*memOutbox)(nil)
