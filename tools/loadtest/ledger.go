package main

import (
	"maps"
	"strings"
	"sync"
	"time"
)

// ledger records what the fake platforms saw since it was last reset (a
// run): every call, by platform and method or route, the 429s among them,
// and the direct messages each user got, with the first and last.
type ledger struct {
	mu      sync.Mutex
	calls   map[string]int // "slack chat.postMessage" → calls
	limited map[string]int // the same, answered 429
	dms     map[string]int // "slack:U0001" → direct messages taken
	// repeats counts the posts Discord took as repeats of an earlier one
	// (the same nonce with enforce_nonce), which make no second message.
	repeats     int
	first, last time.Time
}

func newLedger() *ledger {
	l := &ledger{}
	l.reset()
	return l
}

// reset forgets everything: a run starts.
func (l *ledger) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls, l.limited, l.dms = map[string]int{}, map[string]int{}, map[string]int{}
	l.repeats, l.first, l.last = 0, time.Time{}, time.Time{}
}

// call counts one call to platform's method, limited if answered 429.
func (l *ledger) call(platform, method string, limited bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	key := platform + " " + method
	l.calls[key]++
	if limited {
		l.limited[key]++
	}
}

// dm counts a direct message to user on platform, taken at at.
func (l *ledger) dm(platform, user string, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.dms[platform+":"+user]++
	if l.first.IsZero() {
		l.first = at
	}
	l.last = at
}

// repeat counts a post that made no new message.
func (l *ledger) repeat() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.repeats++
}

// received is how many users have at least one direct message.
func (l *ledger) received() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.dms)
}

// lastDM is when the latest direct message was taken; zero if none was.
func (l *ledger) lastDM() time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.last
}

// ledgerState is a copy of a ledger at one time.
type ledgerState struct {
	calls, limited, dms map[string]int
	repeats             int
	first, last         time.Time
}

func (l *ledger) state() ledgerState {
	l.mu.Lock()
	defer l.mu.Unlock()
	return ledgerState{calls: maps.Clone(l.calls), limited: maps.Clone(l.limited), dms: maps.Clone(l.dms),
		repeats: l.repeats, first: l.first, last: l.last}
}

// methods returns counts (calls or limited) of one platform, by method.
func methods(counts map[string]int, platform string) map[string]int {
	out := map[string]int{}
	for k, n := range counts {
		if m, ok := strings.CutPrefix(k, platform+" "); ok {
			out[m] = n
		}
	}
	return out
}
