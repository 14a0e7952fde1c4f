// Package kit holds what the platform test kits slacktest and
// discordtest share: the log of the requests a fake platform received,
// in the order they came, safe to add to from the server's goroutines
// while the test reads, with a wait for calls still to come; and the
// sending of a signed request to fieldloop. It is for tests only.
package kit

import (
	"io"
	"net/http"
	"sync"
	"testing"
	"time"
)

// Patience bounds every wait for a call. It only ever fails a test:
// nothing waits for it to pass.
const Patience = 10 * time.Second

// Log is the list of calls of type C a fake received. Its zero value is
// an empty log, ready to use.
type Log[C any] struct {
	mu      sync.Mutex
	calls   []C
	changed chan struct{} // closed, and replaced, at each Add
}

// Add appends c and wakes those waiting in Await.
func (l *Log[C]) Add(c C) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, c)
	if l.changed != nil {
		close(l.changed)
		l.changed = nil
	}
}

// Match returns the calls for which keep is true, in order.
func (l *Log[C]) Match(keep func(C) bool) []C {
	matched, _ := l.match(keep)
	return matched
}

// match is Match, with a channel closed at the next Add.
func (l *Log[C]) match(keep func(C) bool) ([]C, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []C
	for _, c := range l.calls {
		if keep(c) {
			out = append(out, c)
		}
	}
	if l.changed == nil {
		l.changed = make(chan struct{})
	}
	return out, l.changed
}

// Await waits until n calls for which keep is true have come, and
// returns them all; after Patience it fails tb, naming what it waited
// for.
func (l *Log[C]) Await(tb testing.TB, what string, n int, keep func(C) bool) []C {
	tb.Helper()
	deadline := time.NewTimer(Patience)
	defer deadline.Stop()
	for {
		matched, changed := l.match(keep)
		if len(matched) >= n {
			return matched
		}
		select {
		case <-changed:
		case <-deadline.C:
			tb.Fatalf("the fake saw %d of %d %s within %v", len(matched), n, what, Patience)
		}
	}
}

// Reset forgets every call, for a fuzz target that would otherwise keep
// them all.
func (l *Log[C]) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = nil
}

// Send sends req with client (http.DefaultClient if nil) and returns the
// answer, its body read and closed, with the body.
func Send(client *http.Client, req *http.Request) (*http.Response, string, error) {
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp, string(out), err
}
