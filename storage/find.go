package storage

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// FindReports returns the reports f selects, oldest first. It walks the
// most selective index f allows, newest first from f.Until back to
// f.Since, so that a Limit stops the walk early.
func (db *DB) FindReports(ctx context.Context, f bot.ReportFilter) ([]*bot.Report, error) {
	var found []*bot.Report
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		found, err = db.findReports(tx, f)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find reports: %w", err)
	}
	return found, nil
}

func (db *DB) findReports(tx *bolt.Tx, f bot.ReportFilter) ([]*bot.Report, error) {
	reports := tx.Bucket(bucketReports)
	var found []*bot.Report
	for _, s := range pickScans(tx, f) {
		n := 0
		err := scanTimeRange(tx.Bucket(s.bucket), s.prefix, f.Since, f.Until, func(id uint64) (bool, error) {
			db.visited.Add(1)
			if skip(reports.Get(itob(id)), f) {
				return true, nil // refused by its header: no need to decode it
			}
			r, err := indexedReport(reports, id)
			if err != nil {
				return false, err
			}
			if !matches(r, f) {
				return true, nil
			}
			found = append(found, r)
			n++
			return f.Limit <= 0 || n < f.Limit, nil
		})
		if err != nil {
			return nil, err
		}
	}
	// Several region scans each come newest first; put them all in one
	// order before cutting to the limit.
	slices.SortFunc(found, func(a, b *bot.Report) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	if f.Limit > 0 && len(found) > f.Limit {
		found = found[len(found)-f.Limit:]
	}
	return found, nil
}

// indexScan is the part of one index bucket that holds one attribute
// value (all of it when prefix is nil).
type indexScan struct{ bucket, prefix []byte }

// indexScans picks the index that narrows f the most: one person files
// fewer reports than a whole kind gets, a kind fewer than a few regions,
// and those fewer than everyone.
func indexScans(f bot.ReportFilter) []indexScan {
	switch {
	case f.Person != "":
		return []indexScan{{bucketReportsByPerson, attrPrefix(f.Person)}}
	case f.Kind != "":
		return []indexScan{{bucketReportsByKind, attrPrefix(f.Kind)}}
	case len(f.Regions) > 0:
		regions := slices.Compact(slices.Sorted(slices.Values(f.Regions)))
		scans := make([]indexScan, len(regions))
		for i, r := range regions {
			scans[i] = indexScan{bucketReportsByRegion, attrPrefix(r)}
		}
		return scans
	}
	return []indexScan{{bucketReportsByTime, nil}}
}

// pickScans chooses between the kind index and the region index when f
// names both: which is narrower depends on the data (one region's reports
// of all kinds, or one kind's of all regions), so the entries in range are
// counted, which costs a cursor step each, far less than decoding the
// reports of the wider one.
func pickScans(tx *bolt.Tx, f bot.ReportFilter) []indexScan {
	if f.Person != "" || f.Kind == "" || len(f.Regions) == 0 {
		return indexScans(f)
	}
	byKind := indexScans(f)
	noKind := f
	noKind.Kind = ""
	byRegion := indexScans(noKind)
	kindCount := countScans(tx, byKind, f, -1)
	if countScans(tx, byRegion, f, kindCount) < kindCount {
		return byRegion
	}
	return byKind
}

// countScans counts the index entries of scans in f's time range, up to
// limit (no limit when negative).
func countScans(tx *bolt.Tx, scans []indexScan, f bot.ReportFilter, limit int) int {
	n := 0
	for _, s := range scans {
		_ = scanTimeRange(tx.Bucket(s.bucket), s.prefix, f.Since, f.Until, func(uint64) (bool, error) {
			n++
			return limit < 0 || n <= limit, nil
		})
	}
	return n
}

// skip reports whether a stored report's header shows that f refuses it.
func skip(data []byte, f bot.ReportFilter) bool {
	kind, person, region, ok := reportHeader(data)
	if !ok {
		return false
	}
	return (f.Kind != "" && string(kind) != f.Kind) ||
		(f.Person != "" && string(person) != f.Person) ||
		(len(f.Regions) > 0 && !slices.Contains(f.Regions, string(region)))
}

// matches applies the whole of f except its time range, which the index
// scan has applied.
func matches(r *bot.Report, f bot.ReportFilter) bool {
	return (f.Kind == "" || r.Kind == f.Kind) &&
		(f.Person == "" || r.Person == f.Person) &&
		(len(f.Regions) == 0 || slices.Contains(f.Regions, r.Region)) &&
		(f.IncludeDeleted || !r.Deleted)
}
