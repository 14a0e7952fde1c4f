package bot

import (
	"context"
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
