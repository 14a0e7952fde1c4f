// Package export writes fieldloop's records for other tools: reports and
// outbox messages as JSON Lines or CSV. Field keys and column names are
// part of the external contract; money is always an exact decimal.
package export

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// Formats.
const (
	JSONL = "jsonl"
	CSV   = "csv"
)

// CheckFormat returns an error naming the accepted formats unless format is
// one of them.
func CheckFormat(format string) error {
	if format != JSONL && format != CSV {
		return fmt.Errorf("unknown format %q: use jsonl or csv", format)
	}
	return nil
}

// reportLine is one report in JSON Lines.
type reportLine struct {
	ID        uint64         `json:"id"`
	Kind      string         `json:"kind"`
	Person    string         `json:"person"`
	Region    string         `json:"region"`
	CreatedAt string         `json:"created_at"`
	Fields    map[string]any `json:"fields"`
	Deleted   bool           `json:"deleted"`
	Currency  string         `json:"currency"` // what the money fields are in
}

// Source is where an export reads its reports, oldest first, one at a
// time, so that an export of millions runs in constant memory.
type Source interface {
	// Kinds returns the kinds of the reports there are.
	Kinds() (map[string]bool, error)
	// Each calls fn with each report of kind ("" for every kind), oldest
	// first, and stops at fn's first error.
	Each(kind string, fn func(*bot.Report) error) error
}

// Slice is a Source over reports held in memory, oldest first.
type Slice []*bot.Report

// Kinds returns the kinds of the reports.
func (s Slice) Kinds() (map[string]bool, error) {
	kinds := map[string]bool{}
	for _, r := range s {
		kinds[r.Kind] = true
	}
	return kinds, nil
}

// Each calls fn with each report of kind, or every report for "".
func (s Slice) Each(kind string, fn func(*bot.Report) error) error {
	for _, r := range s {
		if kind == "" || r.Kind == kind {
			if err := fn(r); err != nil {
				return err
			}
		}
	}
	return nil
}

// Reports writes the reports of src in format. Times are RFC 3339 in
// the org's zone, and every report names the org's currency, which its
// amounts are in. Fields of kinds the schema does not know are left out rather than
// guessed.
func Reports(w io.Writer, format string, schema *bot.Schema, org *bot.Org, src Source) error {
	if err := CheckFormat(format); err != nil {
		return err
	}
	if format == CSV {
		return reportsCSV(w, schema, org, src)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return src.Each("", func(r *bot.Report) error {
		line := reportLine{ID: r.ID, Kind: r.Kind, Person: r.Person, Region: r.Region,
			CreatedAt: r.CreatedAt.In(org.Location).Format(time.RFC3339), Fields: map[string]any{}, Deleted: r.Deleted, Currency: org.Currency}
		if k := schema.Kind(r.Kind); k != nil {
			for i := range k.Fields {
				f := &k.Fields[i]
				if v, ok := r.Fields[f.Key]; ok {
					line.Fields[f.Key] = f.Export(v)
				}
			}
		}
		if err := enc.Encode(line); err != nil {
			return fmt.Errorf("write report %d: %w", r.ID, err)
		}
		return nil
	})
}

// reportsCSV writes one row per report and one column per field key; kinds
// that share a field (outlet, note) share its column.
func reportsCSV(w io.Writer, schema *bot.Schema, org *bot.Org, src Source) error {
	kinds, err := src.Kinds()
	if err != nil {
		return err
	}
	cols := fieldColumns(schema, kinds)
	cw := csv.NewWriter(w)
	// currency comes last: it was added after the others, and scripts
	// may read columns by position.
	if err := cw.Write(append(append([]string{"id", "kind", "person", "region", "created_at", "deleted"}, cols...), "currency")); err != nil {
		return err
	}
	row := make([]string, 0, 7+len(cols))
	err = src.Each("", func(r *bot.Report) error {
		row = append(row[:0], strconv.FormatUint(r.ID, 10), r.Kind, r.Person, r.Region,
			r.CreatedAt.In(org.Location).Format(time.RFC3339), strconv.FormatBool(r.Deleted))
		k := schema.Kind(r.Kind)
		for _, c := range cols {
			cell := ""
			if v, ok := r.Fields[c]; ok && k != nil {
				if f := fieldByKey(k, c); f != nil {
					cell = csvCell(f, v)
				}
			}
			row = append(row, cell)
		}
		return cw.Write(append(row, org.Currency))
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// fieldColumns returns the field keys of the kinds present, in schema
// order, each once.
func fieldColumns(schema *bot.Schema, present map[string]bool) []string {
	var cols []string
	seen := map[string]bool{}
	for _, k := range schema.Kinds {
		if !present[k.Key] {
			continue
		}
		for _, f := range k.Fields {
			if !seen[f.Key] {
				seen[f.Key] = true
				cols = append(cols, f.Key)
			}
		}
	}
	return cols
}

// csvCell renders one field for CSV. Text that a spreadsheet would run as
// a formula (starting with =, +, -, @, a tab or a carriage return) gets a
// leading apostrophe, as OWASP advises: reps type free text, and an export
// opened in Excel must not execute it. Numbers are never touched.
func csvCell(f *bot.Field, v bot.Value) string {
	s := f.ExportString(v)
	if (f.Type == bot.TypeText || f.Type == bot.TypeLongText) && s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func fieldByKey(k *bot.Kind, key string) *bot.Field {
	for i := range k.Fields {
		if k.Fields[i].Key == key {
			return &k.Fields[i]
		}
	}
	return nil
}

// messageLine is one outbox message in JSON Lines.
type messageLine struct {
	ID          uint64 `json:"id"`
	Destination string `json:"destination"`
	Text        string `json:"text"`
	Status      string `json:"status"`
	CreatedAt   string `json:"created_at"`
	SentAt      string `json:"sent_at"`
	Attempts    int    `json:"attempts"`
	Error       string `json:"error"`
}

// Messages writes outbox messages in format. An unsent message has an
// empty sent_at.
func Messages(w io.Writer, format string, loc *time.Location, msgs []*bot.Message) error {
	if err := CheckFormat(format); err != nil {
		return err
	}
	lines := make([]messageLine, len(msgs))
	for i, m := range msgs {
		lines[i] = messageLine{ID: m.ID, Destination: m.To.String(), Text: m.Text, Status: string(m.Status),
			CreatedAt: m.CreatedAt.In(loc).Format(time.RFC3339), Attempts: m.Attempts, Error: m.Error}
		if !m.SentAt.IsZero() {
			lines[i].SentAt = m.SentAt.In(loc).Format(time.RFC3339)
		}
	}
	if format == JSONL {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, l := range lines {
			if err := enc.Encode(l); err != nil {
				return fmt.Errorf("write message %d: %w", l.ID, err)
			}
		}
		return nil
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"id", "destination", "text", "status", "created_at", "sent_at", "attempts", "error"})
	for _, l := range lines {
		_ = cw.Write([]string{strconv.FormatUint(l.ID, 10), l.Destination, l.Text, l.Status, l.CreatedAt, l.SentAt, strconv.Itoa(l.Attempts), l.Error})
	}
	cw.Flush()
	return cw.Error()
}
