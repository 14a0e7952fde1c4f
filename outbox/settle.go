package outbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// lookAround widens the window in which a post is looked for, for clocks
// a little apart.
const lookAround = 2 * time.Minute

// settle learns what became of the posts at the head of queue whose
// outcome is unknown, from the platform. It returns the queue without the
// messages the platform took, which are recorded as sent; the others are
// unmarked, to be posted again. When the platform may not be asked yet, it
// returns when to try.
func (s *Sender) settle(ctx context.Context, queue []*bot.Message, now time.Time) ([]*bot.Message, time.Time, error) {
	unsure, from, until := unsettled(queue)
	if ask := latest(until.Add(s.SettleAfter), queue[0].NextAttempt); now.Before(ask) {
		return queue, ask, nil
	}
	taken, err := s.lookUp(ctx, queue[0].To, from.Add(-lookAround), until.Add(s.SettleAfter+lookAround))
	switch {
	case err != nil && ctx.Err() != nil:
		return nil, time.Time{}, ctx.Err()
	case err != nil && s.askAgain(unsure[0], err, now):
		return queue, unsure[0].NextAttempt, s.Outbox.UpdateMessages(context.WithoutCancel(ctx), unsure[:1])
	}
	left := s.applyTaken(queue, taken, now)
	if err := s.Outbox.UpdateMessages(context.WithoutCancel(ctx), unsure); err != nil {
		return nil, time.Time{}, fmt.Errorf("record the outcome of posts: %w", err)
	}
	return left, time.Time{}, nil
}

// unsettled returns the messages of queue whose post has an unknown
// outcome, and when the first and the last of those posts began.
func unsettled(queue []*bot.Message) (unsure []*bot.Message, from, until time.Time) {
	for _, m := range queue {
		if m.Posting.IsZero() {
			continue
		}
		unsure = append(unsure, m)
		if from.IsZero() || m.Posting.Before(from) {
			from = m.Posting
		}
		until = latest(until, m.Posting)
	}
	return unsure, from, until
}

// lookUp asks the platform of to which posts it took between from and
// until; a platform that cannot be asked knows none.
func (s *Sender) lookUp(ctx context.Context, to bot.Destination, from, until time.Time) (map[string]bool, error) {
	c, ok := s.Deliverers[to.Platform].(bot.Confirmer)
	if !ok {
		return nil, nil
	}
	return c.Delivered(ctx, to, from, until)
}

// askAgain schedules another lookup of m's post after err and reports
// true, unless asking cannot help (a PermanentError, such as a missing
// permission) or has failed MaxAttempts times: then the post is made
// again, as a repeat is better than a loss. A failed lookup is not a
// failed post, so it does not count among m's attempts.
func (s *Sender) askAgain(m *bot.Message, err error, now time.Time) bool {
	var perm *bot.PermanentError
	if errors.As(err, &perm) || m.Lookups+1 >= s.MaxAttempts {
		s.Logger.Warn("outbox: cannot learn whether a post went out; posting it again", "message", m.ID, "to", m.To.String(), "err", err)
		return false
	}
	m.Lookups++
	m.Error = "outcome of the last post unknown: " + err.Error()
	wait := s.Backoff(m.Lookups)
	var ra *bot.RetryAfterError
	if errors.As(err, &ra) {
		wait = ra.After
	}
	m.NextAttempt = now.Add(wait)
	s.Logger.Warn("outbox: cannot learn whether a post went out; asking again later", "message", m.ID, "to", m.To.String(), "err", err)
	return true
}

// applyTaken records as sent the unsure messages of queue the platform
// took, unmarks the others, and returns those left to post.
func (s *Sender) applyTaken(queue []*bot.Message, taken map[string]bool, now time.Time) []*bot.Message {
	var left []*bot.Message
	for _, m := range queue {
		if m.Posting.IsZero() {
			left = append(left, m)
			continue
		}
		wasTaken := taken[m.PostKey()]
		m.Posting, m.Lookups = time.Time{}, 0
		if !wasTaken {
			left = append(left, m)
			continue
		}
		m.Attempts++
		m.Status, m.SentAt, m.Error = bot.StatusSent, now, ""
		s.Logger.Info("outbox: post confirmed", "message", m.ID, "to", m.To.String())
		if s.Observe != nil {
			s.Observe(m.To.Platform, "sent")
		}
	}
	return left
}
