package bot

import (
	"time"

	"github.com/fieldloop/fieldloop/value"
)

// Type is the type of a report field. Each type knows how to read what a
// user typed, how to show a value, and how to export it.
type Type string

// Field types.
const (
	TypeText     Type = "text"
	TypeLongText Type = "longtext"
	TypeInt      Type = "int"
	TypeMoney    Type = "money"   // stored in minor units (cents, fen)
	TypePercent  Type = "percent" // stored in hundredths of a percent
	TypeYesNo    Type = "yesno"   // stored as 1 or 0
	TypeChoice   Type = "choice"
	TypeDate     Type = "date"     // YYYY-MM-DD
	TypePeriod   Type = "period"   // YYYY, YYYY-Qn, YYYY-MM, YYYY-Wnn
	TypeCampaign Type = "campaign" // a campaign id
)

// Value is one field's value. Numeric types (int, money, percent, yes/no)
// use Num; the others use Text. A field that was not given is absent from
// the report's map, so a zero Num is a real zero.
type Value struct {
	Text string `json:"t,omitempty"`
	Num  int64  `json:"n,omitempty"`
	// Ref is the id of the record (outlet, customer, product) that Text
	// names, "" when the text matched none or was saved before fields
	// referred to records. Text keeps what was typed, so that a report
	// reads as filed whatever happens to the record later.
	Ref string `json:"r,omitempty"`
}

// ParseContext is what parsing needs beyond the text: the current time and
// zone, for words such as "today", and the organisation's currency, for
// amounts.
type ParseContext struct {
	Now time.Time
	// Currency is the organisation's ISO 4217 code; "" is
	// value.DefaultCurrency.
	Currency string
}

// currency is the organisation's currency, the default when none is set.
func (pc ParseContext) currency() string {
	if pc.Currency == "" {
		return value.DefaultCurrency
	}
	return pc.Currency
}
