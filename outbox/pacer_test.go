package outbox

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// ceilingDeliverer is a platform with a ceiling: it takes at most limit
// posts in each second, answers the rest with a platform-wide 429 asking
// to wait a second, and takes rtt to answer every post.
type ceilingDeliverer struct {
	limit int
	rtt   time.Duration

	mu       sync.Mutex
	window   time.Time
	inWindow int
	taken    map[string]int // destination → posts taken
	refused  int
}

func (d *ceilingDeliverer) Deliver(_ context.Context, m *bot.Message) error {
	time.Sleep(d.rtt) // a round trip, on synctest's clock
	d.mu.Lock()
	defer d.mu.Unlock()
	now := time.Now().Truncate(time.Second)
	if !now.Equal(d.window) {
		d.window, d.inWindow = now, 0
	}
	if d.inWindow >= d.limit {
		d.refused++
		return &bot.RetryAfterError{After: time.Second, Global: true, Err: fmt.Errorf("429")}
	}
	d.inWindow++
	d.taken[m.To.ID]++
	return nil
}

// A fan-out of direct messages to a platform with a ceiling: every message
// arrives once, none fails however busy the platform is, refusals stay
// rare, and delivery runs close to the ceiling, not at one post per round
// trip.
func TestSenderFanOutAtTheCeiling(t *testing.T) {
	cases := []struct {
		people, limit int
		rtt           time.Duration
		minShare      float64 // of the ceiling
		maxRefused    float64 // share of the posts
	}{
		{people: 2000, limit: 100, rtt: 50 * time.Millisecond, minShare: 0.9, maxRefused: 0.01},
		{people: 10000, limit: 100, rtt: 50 * time.Millisecond, minShare: 0.95, maxRefused: 0.01},
		{people: 300, limit: 10, rtt: 50 * time.Millisecond, minShare: 0.85, maxRefused: 0.05},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d at %d per second", c.people, c.limit), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ob := &memOutbox{}
				var msgs []*bot.Message
				for i := range c.people {
					msgs = append(msgs, &bot.Message{To: bot.Destination{Platform: testPlatform, ID: fmt.Sprintf("U%05d", i)}, Text: "reminder"})
				}
				_ = ob.EnqueueMessages(context.Background(), msgs)
				d := &ceilingDeliverer{limit: c.limit, rtt: c.rtt, taken: map[string]int{}}
				s := NewSender(ob, map[bot.Platform]bot.Deliverer{testPlatform: d}, slog.New(slog.NewTextHandler(io.Discard, nil)))
				start := time.Now()
				for {
					wait, err := s.DeliverDue(context.Background())
					if err != nil {
						t.Fatal(err)
					}
					if wait == 0 {
						break
					}
					time.Sleep(wait)
				}
				took := time.Since(start)
				rate := float64(c.people) / took.Seconds()
				for i := range c.people {
					if n := d.taken[fmt.Sprintf("U%05d", i)]; n != 1 {
						t.Fatalf("U%05d got %d posts", i, n)
					}
				}
				if failed := ob.count(bot.StatusFailed); failed > 0 {
					t.Errorf("%d messages failed", failed)
				}
				if rate < c.minShare*float64(c.limit) || float64(d.refused) > c.maxRefused*float64(c.people) {
					t.Errorf("%d posts in %s: %.1f a second against %d, %d refused", c.people, took, rate, c.limit, d.refused)
				}
				t.Logf("%d posts in %s: %.1f a second against %d, %d refused", c.people, took, rate, c.limit, d.refused)
			})
		})
	}
}

// Places are handed out back to back at the pace: one taken late (a
// sender that woke after its time) does not push back the ones after it,
// so late wake-ups cost no throughput.
func TestPacerPlacesBackToBack(t *testing.T) {
	p := newPacer()
	t0 := time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)
	for i := range 10 {
		p.took(t0.Add(time.Duration(i) * 100 * time.Millisecond))
	}
	p.refusedAt(t0.Add(time.Second)) // 10 went through in the last second
	now := t0.Add(time.Second)
	var waits []time.Duration
	for range 3 {
		waits = append(waits, p.reserve(now))
	}
	below := paceBelow
	step := time.Duration(float64(time.Second) / (10 * below))
	for i := 1; i < len(waits); i++ {
		if d := waits[i] - waits[i-1] - step; d < -time.Millisecond || d > time.Millisecond {
			t.Fatalf("places %v, want %v apart", waits, step)
		}
	}
	// Taken late, a place is still the next one in line, not one counted
	// from the late moment.
	late := now.Add(waits[2] + 10*step)
	if w := p.reserve(late); w != 0 {
		t.Errorf("a place taken late waits %v", w)
	}
	if w := p.reserve(late); w > step+time.Millisecond {
		t.Errorf("the place after it waits %v, want at most %v", w, step)
	}
}
