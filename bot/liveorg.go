package bot

import "sync/atomic"

// LiveOrg is the organisation as it is now. Every part that reads the
// organisation holds the one LiveOrg of the process and loads the current
// *Org at the start of each piece of work (a command, a scheduler pass, a
// digest, a feed post), so that a change (/team, org apply) is seen by the
// next one without a restart, and each piece of work sees one version
// throughout. An *Org is never changed once stored: a change builds the
// next version (Org.With) and stores it.
type LiveOrg struct{ cur atomic.Pointer[Org] }

// NewLiveOrg returns a LiveOrg holding o.
func NewLiveOrg(o *Org) *LiveOrg {
	l := &LiveOrg{}
	l.Store(o)
	return l
}

// Load returns the current organisation.
func (l *LiveOrg) Load() *Org { return l.cur.Load() }

// Store makes o the current organisation.
func (l *LiveOrg) Store(o *Org) { l.cur.Store(o) }
