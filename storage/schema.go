package storage

import (
	"encoding/binary"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Buckets. Keys and values, where ts is CreatedAt as 8 bytes (see timeKey),
// id an 8-byte big-endian id, and attr+0 a string followed by a zero byte:
//
//	meta               "version" → schema version (8 bytes)
//	reports            id → JSON bot.Report
//	reports_by_time    ts id → empty
//	reports_by_kind    kind 0 ts id → empty
//	reports_by_region  region 0 ts id → empty
//	reports_by_person  person 0 ts id → empty
//	report_history     id version(4 bytes) → JSON bot.Report, earlier versions
//	report_requests    platform 0 request id → report id (recognises retries)
//	outbox             id → JSON bot.Message
//	outbox_pending     id → empty, the pending messages only
//	settings           person id → JSON bot.Settings
var (
	bucketMeta            = []byte("meta")
	bucketReports         = []byte("reports")
	bucketReportsByTime   = []byte("reports_by_time")
	bucketReportsByKind   = []byte("reports_by_kind")
	bucketReportsByRegion = []byte("reports_by_region")
	bucketReportsByPerson = []byte("reports_by_person")
	bucketReportHistory   = []byte("report_history")
	bucketReportRequests  = []byte("report_requests")
	bucketOutbox          = []byte("outbox")
	bucketOutboxPending   = []byte("outbox_pending")
	bucketSettings        = []byte("settings")

	keySchemaVersion = []byte("version")
)

// migrations[v] brings a file from schema version v-1 to v; index 0 is
// unused. Open runs, in one transaction, those above the file's version.
// To change the layout, append a function: never edit one that has
// shipped, since files in the field have already run it.
var migrations = []func(tx *bolt.Tx) error{
	1:  createBucketsV1,
	2:  createBucketsV2,
	3:  createBucketsV3,
	4:  createBucketsV4,
	5:  createBucketsV5,
	6:  createBucketsV6,
	7:  createBucketsV7,
	8:  createBucketsV8,
	9:  createBucketsV9,
	10: createBucketsV10,
	11: createBucketsV11,
}

// schemaVersion is the version this code reads and writes.
func schemaVersion() uint64 { return uint64(len(migrations) - 1) }

// errNewerSchema marks a file written by a newer fieldloop.
var errNewerSchema = errors.New("the database was written by a newer fieldloop")

func createBucketsV1(tx *bolt.Tx) error {
	for _, name := range [][]byte{
		bucketMeta, bucketReports, bucketReportsByTime, bucketReportsByKind,
		bucketReportsByRegion, bucketReportsByPerson, bucketReportHistory,
		bucketReportRequests, bucketOutbox, bucketOutboxPending,
		bucketSettings,
	} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// storedVersion reads the file's schema version; 0 for a fresh file.
func storedVersion(tx *bolt.Tx) (uint64, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0, nil
	}
	v := meta.Get(keySchemaVersion)
	if len(v) != 8 {
		return 0, fmt.Errorf("schema version: malformed value %x", v)
	}
	return binary.BigEndian.Uint64(v), nil
}

// checkSchema refuses a file this code cannot read as it is.
func checkSchema(tx *bolt.Tx) error {
	v, err := storedVersion(tx)
	switch {
	case err != nil:
		return err
	case v > schemaVersion():
		return fmt.Errorf("%w: schema version %d, this one knows up to %d; upgrade fieldloop", errNewerSchema, v, schemaVersion())
	case v < schemaVersion() && !tx.Writable():
		return fmt.Errorf("schema version %d needs upgrading to %d: open the database read-write once first", v, schemaVersion())
	}
	return nil
}

// migrate runs the migrations the file has not had yet and records the
// new version, all in tx, so a failure leaves the file as it was.
func migrate(tx *bolt.Tx) error {
	if err := checkSchema(tx); err != nil {
		return err
	}
	v, _ := storedVersion(tx) // checkSchema has read it without error
	if v == schemaVersion() {
		return nil
	}
	for next := v + 1; next <= schemaVersion(); next++ {
		if err := migrations[next](tx); err != nil {
			return fmt.Errorf("migrate schema to version %d: %w", next, err)
		}
	}
	if err := tx.Bucket(bucketMeta).Put(keySchemaVersion, itob(schemaVersion())); err != nil {
		return fmt.Errorf("record schema version: %w", err)
	}
	return nil
}
