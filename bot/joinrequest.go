package bot

import (
	"context"
	"time"
)

// JoinRequest is someone not in the organisation asking to join it, from
// their chat account: admins and the managers of the region they name
// approve or deny it.
type JoinRequest struct {
	ID       uint64
	Platform Platform
	UserID   string // their account on Platform
	UserName string // what the platform calls them, if it says
	Region   string // the region they asked for, "" if none
	Note     string
	Lang     Lang // the language they asked in
	Status   JoinStatus
	// Person is the id they were given when approved.
	Person    string    `json:",omitzero"`
	DecidedBy string    `json:",omitzero"`
	DecidedAt time.Time `json:",omitzero"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// JoinStatus is where a JoinRequest stands.
type JoinStatus string

// The statuses of a JoinRequest.
const (
	JoinPending  JoinStatus = "pending"
	JoinApproved JoinStatus = "approved"
	JoinDenied   JoinStatus = "denied"
)

// JoinStore keeps join requests.
type JoinStore interface {
	// RequestJoin stores r as the pending request of its account, or, when
	// that account has one pending already, updates that one's region and
	// note (when given) instead and returns it: repeated requests are one.
	// msgs, the notices to the deciders, are queued with a new request
	// only, in the same transaction.
	RequestJoin(ctx context.Context, r *JoinRequest, msgs func(*JoinRequest) []*Message) (req *JoinRequest, created bool, err error)
	// JoinRequest returns request id, or an ENOTFOUND error.
	JoinRequest(ctx context.Context, id uint64) (*JoinRequest, error)
	// DecideJoin records the decision on a pending request and queues msgs
	// (the answer to the requester) in the same transaction; an ECONFLICT
	// error when it was decided already.
	DecideJoin(ctx context.Context, id uint64, status JoinStatus, by, person string, msgs []*Message) (*JoinRequest, error)
	// JoinRequests returns the pending requests, oldest first.
	JoinRequests(ctx context.Context) ([]*JoinRequest, error)
}
