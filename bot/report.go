package bot

import (
	"context"
	"time"
)

// Report is one field report.
type Report struct {
	ID        uint64
	Kind      string
	Person    string // the author's fieldloop id
	Region    string // the author's region when filed
	Fields    map[string]Value
	CreatedAt time.Time
	UpdatedAt time.Time `json:",omitzero"` // zero until edited
	Version   int       // 1 when filed, +1 per edit or deletion
	Deleted   bool      `json:",omitzero"`
	DeletedAt time.Time `json:",omitzero"`
	Platform  Platform  // where it was filed
	RequestID string    `json:",omitzero"` // the platform's request id, to recognise retries
	// ChangedBy is who made this version, when it is not the first: the
	// author, or an admin (an edit or the deletion).
	ChangedBy string `json:",omitzero"`
}

// OpenDue returns the due date (YYYY-MM-DD) of r when it is an open
// receivable: a payment report, not deleted, with a due date and less
// collected than due. The store indexes open receivables by that date, so
// that what is overdue is read from them, not from months of reports.
func (r *Report) OpenDue() (date string, open bool) {
	date = r.Fields["due_date"].Text
	open = r.Kind == "payment" && !r.Deleted && date != "" && r.Fields["collected"].Num < r.Fields["due"].Num
	return date, open
}

// ReportFilter selects reports. Zero fields select everything.
type ReportFilter struct {
	Kind           string
	Person         string
	Regions        []string  // any of these regions
	Since, Until   time.Time // CreatedAt in [Since, Until)
	IncludeDeleted bool
	Limit          int // the newest Limit reports; 0 for all
}

// ReportStore keeps field reports.
type ReportStore interface {
	// CreateReport stores r, and the messages that out returns for it, in
	// one transaction, and sets r.ID and the messages' IDs. out is called
	// once r.ID is known (feed posts name the report), possibly more than
	// once if the transaction is retried; it may be nil. If a report with
	// the same Platform and RequestID exists (a platform's retry), r is
	// overwritten with that stored report and nothing is written. A zero
	// CreatedAt becomes now, a zero Version 1, and a message's zero
	// CreatedAt the report's.
	CreateReport(ctx context.Context, r *Report, out func(*Report) []*Message) error
	// Report returns the report with id id (deleted ones too), or an
	// ENOTFOUND error.
	Report(ctx context.Context, id uint64) (*Report, error)
	// UpdateReport stores a new version of r, keeping the previous one in
	// its history, and queues out in the same transaction; it fails with
	// ECONFLICT if r.Version is not the stored version plus one.
	UpdateReport(ctx context.Context, r *Report, out []*Message) error
	// ReportHistory returns the earlier versions of report id, oldest
	// first, or an ENOTFOUND error if there is no such report.
	ReportHistory(ctx context.Context, id uint64) ([]*Report, error)
	// FindReports returns the reports f selects, oldest first.
	FindReports(ctx context.Context, f ReportFilter) ([]*Report, error)
	// OpenReceivables returns the open receivables (see OpenDue) due on
	// a day in [from, before), YYYY-MM-DD, earliest due first.
	OpenReceivables(ctx context.Context, from, before string) ([]*Report, error)
}

// MessageFilter selects outbox messages for export.
type MessageFilter struct {
	Since, Until time.Time
	Status       MessageStatus
}

// Outbox keeps the messages the bot sends on its own until they are
// delivered.
type Outbox interface {
	// EnqueueMessages stores new messages as pending and sets their IDs.
	EnqueueMessages(ctx context.Context, msgs []*Message) error
	// PendingMessages returns every pending message, oldest first.
	PendingMessages(ctx context.Context) ([]*Message, error)
	// UpdateMessages stores the delivery state of messages; a message that
	// was never enqueued is an error.
	UpdateMessages(ctx context.Context, msgs []*Message) error
	// FindMessages returns the messages f selects, oldest first.
	FindMessages(ctx context.Context, f MessageFilter) ([]*Message, error)
}

// Settings are a person's own preferences, set from chat.
type Settings struct {
	Lang Lang `json:",omitzero"`
	// AwayDays are the person's days off, on which they get no reminders,
	// in the order they were given.
	AwayDays []DateRange `json:",omitzero"`
	// Away is the one range of days off that settings held before
	// AwayDays; read, never written.
	Away   *DateRange `json:",omitzero"`
	Digest *DigestSub `json:",omitzero"` // a scheduled digest by direct message
}

// AwayRanges returns the person's days off, the older single range
// first.
func (s Settings) AwayRanges() []DateRange {
	if s.Away == nil {
		return s.AwayDays
	}
	return append([]DateRange{*s.Away}, s.AwayDays...)
}

// AwayOn reports whether the day of t (in t's zone) is a day off.
func (s Settings) AwayOn(t time.Time) bool {
	for _, r := range s.AwayRanges() {
		if r.Contains(t) {
			return true
		}
	}
	return false
}

// DigestSub is a subscription to a digest: when (a friendly recurrence,
// "daily 08:30" or "weekly mon 09:00", in the person's zone) and for which
// region.
type DigestSub struct {
	Every  string
	Region string
	Since  time.Time // subscribed at: only later digests are sent
}

// SettingsStore keeps people's settings.
type SettingsStore interface {
	// Settings returns person id's settings; zero Settings if none are stored.
	Settings(ctx context.Context, id string) (Settings, error)
	SaveSettings(ctx context.Context, id string, s Settings) error
	// AllSettings returns everyone's stored settings, by person id.
	AllSettings(ctx context.Context) (map[string]Settings, error)
}

// Store is everything the core keeps.
type Store interface {
	ReportStore
	Outbox
	SettingsStore
	ScheduleStore
	CampaignStore
	TargetStore
}
