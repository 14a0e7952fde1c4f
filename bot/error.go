package bot

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Error codes. A user sees the message of an error with one of these codes;
// any other error is internal and the user sees only an apology and a
// reference id.
const (
	EINVALID    = "invalid"    // the user's input is wrong
	EPERMISSION = "permission" // the user may not do this
	ENOTFOUND   = "not_found"  // the thing named does not exist
	ECONFLICT   = "conflict"   // the action clashes with the current state
	EUNKNOWN    = "unknown"    // the chat user is not in the org file
	EINTERNAL   = "internal"   // a bug or an outage; never shown in detail
)

// Error is an error meant for the user: a code, the catalogue text that
// explains it in the user's language, and the form field it concerns, if
// any (so that a form can put the message next to the right input).
type Error struct {
	Code  string
	Field string
	Text  Text
}

// Errorf returns an *Error with the given code and catalogue key.
func Errorf(code, key string, args ...any) *Error {
	return &Error{Code: code, Text: T(key, args...)}
}

// FieldError returns an EINVALID *Error about one field.
func FieldError(field, key string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Text: T(key, args...)}
}

// Error renders the message in English, for logs.
func (e *Error) Error() string { return e.Text.In(English) }

// ErrorCode returns the code of err if it is (or wraps) an *Error or
// FieldErrors, else EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	var fe FieldErrors
	switch {
	case err == nil:
		return ""
	case errors.As(err, &fe):
		return EINVALID
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-visible message of err in lang, one line
// per problem. Internal errors do not leak their detail.
func ErrorMessage(err error, lang Lang) string {
	var e *Error
	var fe FieldErrors
	switch {
	case errors.As(err, &fe):
		lines := make([]string, len(fe))
		for i, e := range fe {
			lines[i] = e.Text.In(lang)
		}
		if len(lines) == 1 {
			return lines[0]
		}
		return T("error.several").In(lang) + "\n• " + strings.Join(lines, "\n• ")
	case errors.As(err, &e):
		return e.Text.In(lang)
	}
	return T("error.internal").In(lang)
}

// FieldMessages returns, for each form field that err concerns, its
// message in lang; nil if err concerns no field.
func FieldMessages(err error, lang Lang) map[string]string {
	var e *Error
	var fe FieldErrors
	switch {
	case errors.As(err, &fe):
	case errors.As(err, &e) && e.Field != "":
		fe = FieldErrors{e}
	default:
		return nil
	}
	m := make(map[string]string, len(fe))
	for _, e := range fe {
		if _, dup := m[e.Field]; !dup && e.Field != "" {
			m[e.Field] = e.Text.In(lang)
		}
	}
	return m
}

// RetryAfterError is returned by a Deliverer when the platform asked us to
// wait (HTTP 429 with Retry-After, or a retry_after in the body).
type RetryAfterError struct {
	After  time.Duration
	Global bool // the whole platform is limited, not just this destination
	Err    error
}

func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("rate limited, retry after %s: %v", e.After, e.Err)
}

func (e *RetryAfterError) Unwrap() error { return e.Err }

// PermanentError marks a delivery failure that retrying cannot fix (an
// unknown channel, a revoked token); the outbox gives up on it at once.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }

func (e *PermanentError) Unwrap() error { return e.Err }
