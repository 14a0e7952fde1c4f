// Package config declares how fieldloop is told things at start. Each
// setting is declared once, bound to the field that holds it: its
// environment variable, its flag, its default, what it means and how its
// value is checked. Flags, the environment, `fieldloop help` and the
// README's table of settings all come from those declarations.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// A Setting is one thing fieldloop can be told at start.
type Setting struct {
	Env     string // the environment variable: FIELDLOOP_DB
	Flag    string // the flag, without its dash: db
	Default string // the value when neither is given
	// Usage says what it is, for -h and the README (Markdown: `code`).
	Usage string
	// Secret settings are read from the environment only after the flags
	// are parsed, so that -h never prints one, and their values are never
	// shown in a message.
	Secret bool
	// Set checks a value and stores it in the field the setting is bound
	// to. Its error says what was expected, without the setting's name.
	Set func(v string) error
}

// Name names the setting in messages: "FIELDLOOP_DB (--db)".
func (s Setting) Name() string { return s.Env + " (--" + s.Flag + ")" }

// String binds a setting to p and takes any value.
func String(p *string, s Setting) Setting {
	s.Set = func(v string) error { *p = v; return nil }
	return s
}

// Checked binds a setting to p and stores a value only if check accepts it.
func Checked(p *string, check func(string) error, s Setting) Setting {
	s.Set = func(v string) error {
		if err := check(v); err != nil {
			return err
		}
		*p = v
		return nil
	}
	return s
}

// Int binds a setting to p: a whole number from lo to hi.
func Int(p *int, lo, hi int, s Setting) Setting {
	s.Set = func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("%q is not a whole number from %d to %d", v, lo, hi)
		}
		*p = n
		return nil
	}
	return s
}

// Duration binds a setting to p: a Go duration, zero or more ("1m",
// "0s"). example is shown when a value is refused.
func Duration(p *time.Duration, example string, s Setting) Setting {
	s.Set = func(v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return fmt.Errorf("%q is not a duration like %s", v, example)
		}
		*p = d
		return nil
	}
	return s
}

// DurationOrOff is Duration for something that can be turned off: "off"
// stores 0, and any other value must be more than zero.
func DurationOrOff(p *time.Duration, example string, s Setting) Setting {
	s.Set = func(v string) error {
		if v == "off" {
			*p = 0
			return nil
		}
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("%q is not a duration like %s, or off", v, example)
		}
		*p = d
		return nil
	}
	return s
}

// DaysOrOff binds a setting to p: a number of days such as "400d", no
// fewer than least (rounded up to whole days), or "off", which stores 0.
func DaysOrOff(p *time.Duration, least time.Duration, s Setting) Setting {
	minDays := int((least + 24*time.Hour - 1) / (24 * time.Hour))
	s.Set = func(v string) error {
		if v == "off" {
			*p = 0
			return nil
		}
		n, err := strconv.Atoi(strings.TrimSuffix(v, "d"))
		if err != nil || !strings.HasSuffix(v, "d") || n < minDays || n > 100*366 {
			return fmt.Errorf("%q is not a number of days like 400d, at least %dd, or off", v, minDays)
		}
		*p = time.Duration(n) * 24 * time.Hour
		return nil
	}
	return s
}

// HostPort checks a listening address such as ":8080".
func HostPort(v string) error {
	if _, _, err := net.SplitHostPort(v); err != nil {
		return fmt.Errorf("%q is not host:port (example: :8080 or 127.0.0.1:8080)", v)
	}
	return nil
}

// BaseURL checks "" or an absolute http(s) URL with a host and no query,
// fragment or user: the address at which something is reached.
func BaseURL(example string) func(string) error {
	return func(v string) error {
		if v == "" {
			return nil
		}
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return fmt.Errorf("%q is not an http:// or https:// address such as %s", v, example)
		}
		return nil
	}
}

// Flags is a set of settings bound to a command line's flags.
type Flags struct {
	fs       *flag.FlagSet
	getenv   func(string) string
	settings []Setting
	values   map[string]*string // by flag name
}

// Bind adds a flag to fs for each setting. Flags' defaults, shown by -h,
// come from the environment, except for secrets. Call Resolve after
// fs.Parse.
func Bind(fs *flag.FlagSet, getenv func(string) string, settings ...Setting) *Flags {
	f := &Flags{fs: fs, getenv: getenv, settings: settings, values: map[string]*string{}}
	for _, s := range settings {
		shown := ""
		if !s.Secret {
			shown = f.fromEnv(s)
		}
		// No backquotes: the flag package would take the first quoted word
		// for the value's name.
		usage := strings.ReplaceAll(s.Usage, "`", "") + " (" + s.Env
		if s.Secret {
			usage += "; prefer the variable: flags show in ps"
		}
		f.values[s.Flag] = fs.String(s.Flag, shown, usage+")")
	}
	return f
}

// fromEnv returns the setting's variable, or its default when the
// variable is unset or empty.
func (f *Flags) fromEnv(s Setting) string {
	if v := f.getenv(s.Env); v != "" {
		return v
	}
	return s.Default
}

// Resolve stores each setting's value (its flag if given, else its
// variable, else its default) in the field it is bound to. It checks
// every setting and returns every problem at once, one per line, each
// naming the variable and the flag.
func (f *Flags) Resolve() error {
	given := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	var errs []error
	for _, s := range f.settings {
		v := *f.values[s.Flag]
		if s.Secret && !given[s.Flag] {
			v = f.fromEnv(s)
		}
		if err := s.Set(v); err != nil {
			errs = append(errs, &Error{Setting: s, Err: err})
		}
	}
	return errors.Join(errs...)
}

// UsageError is a mistake in a command line or a setting: the command
// exits 2 and says what was expected.
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }

func (e UsageError) Unwrap() error { return e.Err }

// Error is a setting's value refused.
type Error struct {
	Setting Setting
	Err     error
}

func (e *Error) Error() string { return e.Setting.Name() + ": " + e.Err.Error() }

func (e *Error) Unwrap() error { return e.Err }

// Table renders settings as the Markdown table of the README: variable,
// flag, and meaning with the default.
func Table(settings []Setting) string {
	var b strings.Builder
	b.WriteString("| variable | flag | meaning |\n|---|---|---|\n")
	for _, s := range settings {
		meaning := s.Usage
		if s.Default != "" {
			meaning += " (default `" + s.Default + "`)"
		}
		fmt.Fprintf(&b, "| `%s` | `--%s` | %s |\n", s.Env, s.Flag, meaning)
	}
	return b.String()
}

// Variables lists the settings' environment variables, wrapped to fit a
// terminal, for `fieldloop help`.
func Variables(settings []Setting) string {
	var b strings.Builder
	line := ""
	for i, s := range settings {
		word := s.Env
		if i < len(settings)-1 {
			word += ","
		}
		if line != "" && len(line)+1+len(word) > 100 {
			b.WriteString(line + "\n")
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return b.String() + line
}
