package outbox

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// A pacer keeps one platform's posts under the ceiling the platform
// enforces, which fieldloop is not told: it starts unpaced, and each
// rate-limit refusal sets the pace a little under the rate at which posts
// were going through when it came, then lets it creep back up while none
// comes. So refusals stay rare after the first few, and delivery runs
// close to the ceiling. Time is given, never read, so that tests can hold
// the clock.
type pacer struct {
	mu      sync.Mutex
	limit   *rate.Limiter
	sent    []time.Time // posts taken in the last paceWindow
	eased   time.Time   // when the pace was last raised or set
	refused time.Time   // when the last refusal came
	// ceiling is the rate posts went through at when the last refusal
	// came: easing stops just under it, for a while (paceProbe), since
	// every refusal costs the whole platform a pause.
	ceiling rate.Limit
}

// The pace's rules.
const (
	// paceWindow is the span over which the rate posts go through is
	// measured.
	paceWindow = time.Second
	// paceBelow is how far under that rate a refusal sets the pace.
	paceBelow = 0.98
	// paceEase raises the pace by paceStep after each paceEase without a
	// refusal: slowly, since every refusal costs a pause.
	paceEase = 10 * time.Second
	paceStep = 1.01
	// paceMinSample is the fewest posts in the window that tell the rate
	// at which a refusal came.
	paceMinSample = 5
	// paceFloor is the slowest pace a refusal sets.
	paceFloor = rate.Limit(1)
	// paceProbe is how long after a refusal easing may pass the rate it
	// came at: the platform's ceiling may have risen.
	paceProbe = 5 * time.Minute
)

func newPacer() *pacer { return &pacer{limit: rate.NewLimiter(rate.Inf, 1)} }

// peek returns how long, from now, until the next post may go, reserving
// nothing.
func (p *pacer) peek(now time.Time) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ease(now)
	r := p.limit.ReserveN(now, 1)
	d := r.DelayFrom(now)
	r.CancelAt(now)
	return d
}

// reserve takes the next post's place and returns how long from now
// until it comes. Places are handed out back to back at the pace: a
// sender that wakes late for its place delays its own post, not the
// places after it, so the pace is kept however late the wake-ups.
func (p *pacer) reserve(now time.Time) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ease(now)
	return p.limit.ReserveN(now, 1).DelayFrom(now)
}

// took records a post the platform took at now.
func (p *pacer) took(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent = append(p.sent, now)
	cut := 0
	for cut < len(p.sent) && now.Sub(p.sent[cut]) > paceWindow {
		cut++
	}
	p.sent = p.sent[cut:]
}

// refusedAt slows the pace after a rate-limit refusal at now: just under
// the rate at which posts went through in the last paceWindow. Refusals
// that follow within a window set it only once.
func (p *pacer) refusedAt(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.refused.IsZero() && now.Sub(p.refused) < paceWindow {
		return
	}
	p.refused = now
	if len(p.sent) < paceMinSample {
		return // too few posts to tell a ceiling: the pause alone will do
	}
	p.ceiling = max(paceFloor, rate.Limit(float64(len(p.sent))/paceWindow.Seconds()))
	r := max(paceFloor, p.ceiling*paceBelow)
	if cur := p.limit.Limit(); cur != rate.Inf && cur < r {
		r = max(paceFloor, cur*paceBelow) // already under it: go lower still
	}
	p.limit.SetLimitAt(now, r)
	p.limit.SetBurstAt(now, 1)
	p.eased = now
}

// ease raises a set pace by paceStep for each paceEase gone by without a
// refusal.
func (p *pacer) ease(now time.Time) {
	if p.limit.Limit() == rate.Inf || now.Sub(p.eased) < paceEase {
		return
	}
	steps := int(now.Sub(p.eased) / paceEase)
	r := float64(p.limit.Limit())
	for range steps {
		r *= paceStep
	}
	if now.Sub(p.refused) < paceProbe {
		r = min(r, float64(p.ceiling)*0.99)
	}
	p.limit.SetLimitAt(now, rate.Limit(r))
	p.eased = p.eased.Add(time.Duration(steps) * paceEase)
}
