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
