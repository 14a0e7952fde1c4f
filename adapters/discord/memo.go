package discord

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"sync"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// maxMemo bounds each memo: past it, expired entries are dropped, and if
// none has expired the oldest go.
const maxMemo = 10_000

// memo keeps, in memory and for a while, what a custom id cannot carry:
// the values of a refused form (Discord's 100 characters do not hold
// them), or a command line too long for a button.
type memo[V any] struct {
	mu      sync.Mutex
	ttl     time.Duration
	now     func() time.Time
	entries map[string]memoEntry[V]
}

type memoEntry[V any] struct {
	value V
	at    time.Time
}

func newMemo[V any](ttl time.Duration, now func() time.Time) *memo[V] {
	return &memo[V]{ttl: ttl, now: now, entries: map[string]memoEntry[V]{}}
}

// put keeps v under key.
func (m *memo[V]) put(key string, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if len(m.entries) >= maxMemo {
		var oldest string
		for k, e := range m.entries {
			if now.Sub(e.at) >= m.ttl {
				delete(m.entries, k)
			} else if oldest == "" || e.at.Before(m.entries[oldest].at) {
				oldest = k
			}
		}
		if len(m.entries) >= maxMemo {
			delete(m.entries, oldest)
		}
	}
	m.entries[key] = memoEntry[V]{v, now}
}

// get returns what is kept under key, unless it has expired.
func (m *memo[V]) get(key string) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok || m.now().Sub(e.at) >= m.ttl {
		var zero V
		return zero, false
	}
	return e.value, true
}

// draft is a form to reopen, with the values it had, for the one user
// who may reopen it.
type draft struct {
	user string
	form *bot.Form
}

// randomID returns a short random id for a draft.
func randomID() string {
	b := make([]byte, 9)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashID returns a short id derived from s, so that one long command
// line is kept once however often it is rendered.
func hashID(s string) string {
	sum := sha256.Sum256([]byte(s))
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}
