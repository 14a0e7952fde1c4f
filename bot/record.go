package bot

import (
	"cmp"
	"context"
	"slices"
	"time"
	"unicode"
)

// RecordKind is a list of master data that reports refer to: the outlets
// (stores, 网点/终端), the customers (accounts and distributors, 客户/经销商)
// and the products (SKUs, 产品).
type RecordKind string

// The record kinds.
const (
	RecordOutlet   RecordKind = "outlet"
	RecordCustomer RecordKind = "customer"
	RecordProduct  RecordKind = "product"
)

// RecordKinds lists the record kinds in the order they are documented.
var RecordKinds = []RecordKind{RecordOutlet, RecordCustomer, RecordProduct}

// Record is one outlet, customer or product. Its ID is stable: reports
// refer to it, and a merge leaves the merged record pointing at the one
// that survives.
type Record struct {
	Kind RecordKind `json:"kind"`
	ID   string     `json:"id"`
	Name string     `json:"name"`
	// NameAlt is the name in the other language (家乐福古北 for Carrefour
	// Gubei, or the other way round).
	NameAlt string   `json:"name_alt,omitempty"`
	Aliases []string `json:"aliases,omitempty"`

	// Outlets: where, whose, and whose store.
	Region   string   `json:"region,omitempty"`
	Owner    string   `json:"owner,omitempty"`    // the rep who owns the outlet, a person id
	Customer string   `json:"customer,omitempty"` // the customer's record id
	Address  string   `json:"address,omitempty"`
	Lat      *float64 `json:"lat,omitempty"`
	Lon      *float64 `json:"lon,omitempty"`

	// Products.
	Category  string `json:"category,omitempty"`
	ListPrice int64  `json:"list_price,omitempty"` // in cents, as value's money

	// RemovedAt is when the record was removed; zero while it is in use.
	// Removed records are kept, so that the reports that name them stay
	// readable.
	RemovedAt time.Time `json:"removed_at,omitzero"`
	// MergedInto is the record this one was merged into, "" if none.
	MergedInto string    `json:"merged_into,omitempty"`
	UpdatedAt  time.Time `json:"updated_at,omitzero"`
}

// Removed reports whether r is out of use (removed, or merged away).
func (r *Record) Removed() bool { return !r.RemovedAt.IsZero() || r.MergedInto != "" }

// RecordStore keeps the records.
type RecordStore interface {
	// Records returns every record of kind, in id order, removed ones
	// included.
	Records(ctx context.Context, kind RecordKind) ([]*Record, error)
	// Record returns record id of kind, or an ENOTFOUND error.
	Record(ctx context.Context, kind RecordKind, id string) (*Record, error)
	// PutRecords adds or replaces recs, all in one transaction: all of
	// them are saved or none. A record without an id is given the next
	// one of its kind (O-0001, C-0001, P-0001).
	PutRecords(ctx context.Context, recs []*Record) error
}

// SortRecords sorts recs by id, numbers within ids by their value, so
// that O-10000 comes after O-9999.
func SortRecords(recs []*Record) {
	slices.SortFunc(recs, func(a, b *Record) int { return CompareIDs(a.ID, b.ID) })
}

// CompareIDs orders ids as SortRecords does: runs of digits by their
// value, everything else character by character.
func CompareIDs(a, b string) int {
	return cmp.Or(naturalCompare(a, b), cmp.Compare(a, b))
}

func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := trimZeros(a[:da]), trimZeros(b[:db])
			if c := cmp.Or(cmp.Compare(len(na), len(nb)), cmp.Compare(na, nb)); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func digitRun(s string) int {
	n := 0
	for n < len(s) && unicode.IsDigit(rune(s[n])) && s[n] < 0x80 {
		n++
	}
	return n
}

func trimZeros(s string) string {
	for len(s) > 1 && s[0] == '0' {
		s = s[1:]
	}
	return s
}

// NamePolicy is what a report does with a name that is not on its list
// (an outlet nobody has recorded yet).
type NamePolicy string

// The name policies.
const (
	// NameAccept keeps the name as free text, as reports did before
	// fields referred to records.
	NameAccept NamePolicy = "accept"
	// NamePropose saves the report, and the name as a proposed record that
	// marketing or the region's manager accept or reject with one click:
	// how outlet development (网点开发) happens in the field.
	NamePropose NamePolicy = "propose"
	// NameRefuse refuses the report, with the closest names on the list.
	NameRefuse NamePolicy = "refuse"
)

// NamePolicies are what the org file's unknown_names: says per list.
type NamePolicies map[RecordKind]NamePolicy

// DefaultNamePolicies: a new outlet or customer is proposed, an unknown
// product refused, since products come from the company's own catalogue.
var DefaultNamePolicies = NamePolicies{RecordOutlet: NamePropose, RecordCustomer: NamePropose, RecordProduct: NameRefuse}

// For returns the policy for kind; while the list is empty every name is
// accepted, so that an org that keeps no list files reports as before.
func (p NamePolicies) For(kind RecordKind, listEmpty bool) NamePolicy {
	if listEmpty {
		return NameAccept
	}
	if v := p[kind]; v != "" {
		return v
	}
	return DefaultNamePolicies[kind]
}
