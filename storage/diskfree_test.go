package storage

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
)

// Ping calls a database unwritable when its disk is nearly full, even
// though a small commit still succeeds there.
func TestPingWantsFreeDisk(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" && runtime.GOOS != "freebsd" {
		t.Skip("free space is told only where statfs is")
	}
	db := openTemp(t)
	free, ok := db.DiskFree()
	if !ok || free == 0 {
		t.Fatalf("DiskFree = %d, %v; want the free space of the temp dir", free, ok)
	}
	if err := db.Ping(context.Background()); free >= DefaultMinFree && err != nil {
		t.Fatalf("Ping with %d bytes free: %v", free, err)
	}

	db.MinFree = free * 4 // more than the disk has left
	err := db.Ping(context.Background())
	if !errors.Is(err, ErrDiskLow) {
		t.Fatalf("Ping with too little free: %v, want ErrDiskLow", err)
	}
	if !strings.Contains(err.Error(), "MiB free") || !strings.Contains(err.Error(), "free some space") {
		t.Errorf("Ping error %q does not say how much is free and what to do", err)
	}
}
