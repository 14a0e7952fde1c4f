package bot

import (
	"maps"
	"slices"
	"time"
)

// OrgSettings are the organisation's own settings, as the org file declares
// them and the database keeps them: what is neither a person nor a region.
type OrgSettings struct {
	Timezone string              `json:"timezone"` // an IANA name
	Language Lang                `json:"language"`
	Currency string              `json:"currency"`
	Warnings Warnings            `json:"warnings"`
	Holidays []DateRange         `json:"holidays,omitempty"`
	Channels map[string]Accounts `json:"channels,omitempty"`
	// NamePolicies: unknown_names:, nil for the defaults.
	NamePolicies NamePolicies `json:"unknown_names,omitempty"`
}

// Settings returns the org's settings.
func (o *Org) Settings() OrgSettings {
	return OrgSettings{Timezone: o.Location.String(), Language: o.Language, Currency: o.Currency,
		Warnings: o.Warnings, Holidays: o.Holidays, Channels: o.Channels, NamePolicies: o.NamePolicies}
}

// WithSettings returns a copy of the org with settings s, the same people
// and regions. A time zone that does not load leaves the org's.
func (o *Org) WithSettings(s OrgSettings) *Org {
	n := o.With(o.Regions, o.People)
	if loc, err := time.LoadLocation(s.Timezone); err == nil {
		n.Location = loc
	}
	if s.Language != "" {
		n.Language = s.Language
	}
	if s.Currency != "" {
		n.Currency = s.Currency
	}
	n.Warnings, n.Holidays, n.Channels, n.NamePolicies = s.Warnings, s.Holidays, s.Channels, s.NamePolicies
	return n
}

// Clone returns a deep copy of p, which a change can edit without touching
// the org p came from.
func (p Person) Clone() Person {
	p.Roles = slices.Clone(p.Roles)
	p.Accounts = maps.Clone(p.Accounts)
	return p
}

// Clone returns a deep copy of r.
func (r Region) Clone() Region {
	r.Channels = maps.Clone(r.Channels)
	r.Managers = slices.Clone(r.Managers)
	r.Holidays = slices.Clone(r.Holidays)
	return r
}

// OrgChange is one change to the live organisation, kept for /team
// history: who changed which person or region, when, and each field's
// value before and after.
type OrgChange struct {
	Seq     uint64        `json:"seq"`
	At      time.Time     `json:"at"`
	By      string        `json:"by"`     // the person who changed it, "" for an org file
	Source  string        `json:"source"` // "chat", or the org file's name
	Subject string        `json:"subject"`
	ID      string        `json:"id"`     // the person's or region's id
	Action  string        `json:"action"` // one of the Change… constants
	Fields  []FieldChange `json:"fields,omitempty"`
}

// The subjects and actions of an OrgChange.
const (
	SubjectPerson   = "person"
	SubjectRegion   = "region"
	SubjectSettings = "settings"

	ChangeAdd     = "add"
	ChangeEdit    = "edit"
	ChangeRemove  = "remove"
	ChangeRestore = "restore"
)

// FieldChange is one field of an OrgChange: its value before and after,
// as the org file would write them ("" for none).
type FieldChange struct {
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// OrgState is the organisation as the database keeps it, people and
// regions in the order they were first declared or added.
type OrgState struct {
	Settings OrgSettings
	Regions  []Region
	People   []Person
	// Declared is the digest of the org file (or built-in organisation)
	// last applied, so that a start applies a file only when it changed.
	Declared string
}

// OrgWrite is one change to the stored organisation, written whole or not
// at all: the people and regions to put (each at its index in the
// organisation's order), the settings when they change, and the changes
// for the history.
type OrgWrite struct {
	People   map[int]Person
	Regions  map[int]Region
	Settings *OrgSettings
	Declared *string
	Changes  []*OrgChange
	// Messages are queued in the same transaction (notices of the change).
	Messages []*Message
}
