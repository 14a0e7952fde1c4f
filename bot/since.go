package bot

import (
	"time"

	"github.com/fieldloop/fieldloop/value"
)

// ParseSince reads the start of a time range (see value.Since), or
// returns an EINVALID error naming option.
func ParseSince(option, s string, now time.Time) (time.Time, error) {
	if t, ok := value.Since(s, now); ok {
		return t, nil
	}
	return time.Time{}, FieldError(option, "error.value.since", option)
}
