package bot

import (
	"context"
	"sync"
	"time"
)

// Deliverer posts one message on one platform. It returns a
// *RetryAfterError when the platform asks us to wait, a *PermanentError
// when retrying cannot help, and any other error for a failure worth
// retrying.
type Deliverer interface {
	Deliver(ctx context.Context, m *Message) error
}

// Confirmer is a Deliverer whose platform can say afterwards which posts
// it took. Before each post to one, the outbox.Sender marks the messages as being
// posted; a post whose outcome was never learned (the process was killed,
// the connection dropped) is looked up before it is made again, so that a
// message is not shown twice.
type Confirmer interface {
	Deliverer
	// Delivered returns the PostKeys (Message.PostKeys) of the posts made
	// to `to` between from and until. When it cannot read them all, it
	// returns an error rather than a partial answer, which would read as
	// "not taken" and cause a repeat.
	Delivered(ctx context.Context, to Destination, from, until time.Time) (map[string]bool, error)
}

// DirectChannels keeps the ids of the direct-message channels platforms
// gave, by platform and user, so that a restart does not open them all
// again: on some platforms every one costs a request.
type DirectChannels interface {
	// DirectChannel returns the channel kept for user on p, "" if none.
	DirectChannel(ctx context.Context, p Platform, user string) (string, error)
	// SaveDirectChannel keeps channel as user's on p.
	SaveDirectChannel(ctx context.Context, p Platform, user, channel string) error
}

// DirectChannelCache is the direct-message channels of one platform, in
// memory in front of a store (which may be nil): what both chat adapters
// need, written once.
type DirectChannelCache struct {
	Store    DirectChannels
	Platform Platform

	mu   sync.Mutex
	byID map[string]string
}

// Get returns user's channel: remembered, else kept in the store. ok is
// false when neither has one; a store that fails counts as none.
func (c *DirectChannelCache) Get(ctx context.Context, user string) (channel string, ok bool) {
	c.mu.Lock()
	channel, ok = c.byID[user]
	c.mu.Unlock()
	if ok || c.Store == nil {
		return channel, ok
	}
	channel, err := c.Store.DirectChannel(ctx, c.Platform, user)
	if err != nil || channel == "" {
		return "", false
	}
	c.remember(user, channel)
	return channel, true
}

// Put remembers channel as user's and keeps it in the store; a store that
// fails only costs a request after the next restart.
func (c *DirectChannelCache) Put(ctx context.Context, user, channel string) {
	if prev, ok := c.Get(ctx, user); ok && prev == channel {
		return
	}
	c.remember(user, channel)
	if c.Store != nil {
		_ = c.Store.SaveDirectChannel(ctx, c.Platform, user, channel)
	}
}

func (c *DirectChannelCache) remember(user, channel string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byID == nil {
		c.byID = map[string]string{}
	}
	c.byID[user] = channel
}
