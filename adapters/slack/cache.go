package slack

import (
	"context"
	"sync"
	"time"
)

// seenSet remembers ids for a while, to recognise a retried event.
type seenSet struct {
	mu   sync.Mutex
	ttl  time.Duration
	now  func() time.Time
	seen map[string]time.Time
}

func newSeenSet(ttl time.Duration, now func() time.Time) *seenSet {
	return &seenSet{ttl: ttl, now: now, seen: map[string]time.Time{}}
}

// add records id and reports whether it is new.
func (s *seenSet) add(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if t, ok := s.seen[id]; ok && now.Sub(t) < s.ttl {
		return false
	}
	if len(s.seen) > 10_000 {
		for k, t := range s.seen {
			if now.Sub(t) >= s.ttl {
				delete(s.seen, k)
			}
		}
	}
	s.seen[id] = now
	return true
}

// localeCache remembers Slack users' locales (users.info), so that a
// person with no language of their own is answered in Slack's.
type localeCache struct {
	lookup func(ctx context.Context, user string) (string, error)
	now    func() time.Time
	mu     sync.Mutex
	byUser map[string]localeEntry
}

type localeEntry struct {
	locale string
	at     time.Time
	failed bool
}

// localeTimeout bounds a users.info lookup: it counts against the
// request's 3 s.
const localeTimeout = 500 * time.Millisecond

// get returns user's locale, "" if unknown. A lookup is bounded by
// localeTimeout, and a failed one is not retried for ten minutes.
func (c *localeCache) get(ctx context.Context, user string) string {
	c.mu.Lock()
	e, ok := c.byUser[user]
	c.mu.Unlock()
	now := c.now()
	if ok && (now.Sub(e.at) < 24*time.Hour && !e.failed || now.Sub(e.at) < 10*time.Minute) {
		return e.locale
	}
	ctx, cancel := context.WithTimeout(ctx, localeTimeout)
	defer cancel()
	locale, err := c.lookup(ctx, user)
	if err != nil && ok {
		locale = e.locale // keep what we knew rather than forget it
	}
	c.mu.Lock()
	if c.byUser == nil {
		c.byUser = map[string]localeEntry{}
	}
	c.byUser[user] = localeEntry{locale: locale, at: now, failed: err != nil}
	c.mu.Unlock()
	return locale
}

// userLocale asks Slack for a user's locale.
func (a *Adapter) userLocale(ctx context.Context, user string) (string, error) {
	u, err := a.api.GetUserInfoContext(ctx, user)
	if err != nil {
		return "", err
	}
	return u.Locale, nil
}
