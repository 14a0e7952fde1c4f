package bot

import "context"

// RequestKey names one handling of a platform's request: the request (its
// platform and id) and this handling. The router puts it in the context
// of every command that comes with a request id; the store marks the
// request as handled in the first transaction that changes anything, and
// refuses, with ErrReplayed, a change made for another handling of the
// same request. That is the one guard against a replayed or repeated
// request doing its work twice, whatever the command: the mark is in the
// transaction of the change itself, so no crash can separate them.
type RequestKey struct {
	Platform Platform
	ID       string
	Handling string // random per handling
}

type requestKeyCtx struct{}

// WithRequestKey returns ctx carrying k.
func WithRequestKey(ctx context.Context, k RequestKey) context.Context {
	return context.WithValue(ctx, requestKeyCtx{}, k)
}

// RequestKeyFrom returns the request key ctx carries, if any.
func RequestKeyFrom(ctx context.Context) (RequestKey, bool) {
	k, ok := ctx.Value(requestKeyCtx{}).(RequestKey)
	return k, ok && k.ID != ""
}

// WithoutRequestKey returns ctx without a request key, for a write that
// recognises a repeat of its request itself and answers it with what it
// did the first time (a report: the report filed).
func WithoutRequestKey(ctx context.Context) context.Context {
	return context.WithValue(ctx, requestKeyCtx{}, RequestKey{})
}

// ErrReplayed is the answer to a request that was handled already: it
// changes nothing a second time.
var ErrReplayed = Errorf(ECONFLICT, "error.replayed")
