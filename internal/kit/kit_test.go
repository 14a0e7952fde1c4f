package kit_test

import (
	"slices"
	"testing"

	"github.com/fieldloop/fieldloop/internal/kit"
)

// Await returns once enough matching calls have come, from another
// goroutine, and Reset forgets them.
func TestLogAwait(t *testing.T) {
	var log kit.Log[int]
	go func() {
		for i := range 6 {
			log.Add(i)
		}
	}()
	even := func(i int) bool { return i%2 == 0 }
	if got := log.Await(t, "even calls", 3, even); !slices.Equal(got, []int{0, 2, 4}) {
		t.Errorf("Await = %v", got)
	}
	log.Reset()
	if got := log.Match(even); len(got) != 0 {
		t.Errorf("after Reset: %v", got)
	}
}
