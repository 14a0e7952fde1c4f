package kit

import (
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// CountingReader counts what is read from R: a request body whose reading
// a test checks (a refused request should cost no body read).
type CountingReader struct {
	R io.Reader
	N int
}

func (c *CountingReader) Read(p []byte) (int, error) {
	n, err := c.R.Read(p)
	c.N += n
	return n, err
}

// LockedBuffer is a log the code under test writes from its goroutines
// while the test reads it.
type LockedBuffer struct {
	mu      sync.Mutex
	b       strings.Builder
	written chan struct{} // closed at the next write
}

func (l *LockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.written != nil {
		close(l.written)
		l.written = nil
	}
	return l.b.Write(p)
}

// Await waits until what was written contains text, and fails tb after
// Patience: for a line the code logs from a goroutine of its own.
func (l *LockedBuffer) Await(tb testing.TB, text string) {
	tb.Helper()
	timeout := time.After(Patience)
	for {
		l.mu.Lock()
		if strings.Contains(l.b.String(), text) {
			l.mu.Unlock()
			return
		}
		if l.written == nil {
			l.written = make(chan struct{})
		}
		written := l.written
		l.mu.Unlock()
		select {
		case <-written:
		case <-timeout:
			tb.Fatalf("no %q after %s in:\n%s", text, Patience, l.String())
		}
	}
}

// String returns what was written so far.
func (l *LockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
