package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/digest"
	"github.com/fieldloop/fieldloop/value"
)

// DigestOptions say which digest `fieldloop digest` prints, and how.
type DigestOptions struct {
	Region string
	Period string // 2026-11; or
	Since  string // an age (7d) or a date, up to now
	Format string // text, markdown or json
}

// WriteDigest prints a region's digest for a period or since a time. It
// reads the database only.
func WriteDigest(ctx context.Context, c *Config, o DigestOptions, opts Options, w io.Writer) error {
	opts.ReadOnly = true
	a, err := openChecked(c, opts, func(org *bot.Org) error {
		_, err := o.query(org, opts.now()())
		return err
	})
	if err != nil {
		return err
	}
	defer a.Close()
	return a.WriteDigest(ctx, o, w)
}

// WriteDigest prints the digest o asks for, as of the app's clock: what
// `fieldloop digest` prints.
func (a *App) WriteDigest(ctx context.Context, o DigestOptions, w io.Writer) error {
	q, err := o.query(a.Org(), a.Now())
	if err != nil {
		return err
	}
	d, err := digest.Build(ctx, *a.Digests, q, a.Org().Language)
	if err != nil {
		return err
	}
	if o.Format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(d)
	}
	_, err = fmt.Fprintln(w, d.Render(a.Org(), digest.Format{Lang: a.Org().Language, Markdown: o.Format == "markdown"}))
	return err
}

// query checks the options against org and turns them into the query.
func (o DigestOptions) query(org *bot.Org, now time.Time) (digest.Query, error) {
	if o.Format != "text" && o.Format != "markdown" && o.Format != "json" {
		return digest.Query{}, UsageError{Err: fmt.Errorf("--format: %q is not text, markdown or json", o.Format)}
	}
	if org.Region(o.Region) == nil {
		return digest.Query{}, UsageError{Err: fmt.Errorf("--region: %q is not a region of the org (%v)", o.Region, org.RegionIDs())}
	}
	return digestSpan(org, o, now)
}

// digestSpan turns --period or --since into the query's span.
func digestSpan(org *bot.Org, o DigestOptions, now time.Time) (digest.Query, error) {
	switch {
	case o.Period != "" && o.Since != "":
		return digest.Query{}, UsageError{Err: fmt.Errorf("give --period or --since, not both")}
	case o.Period != "":
		p, ok := value.ParsePeriod(o.Period)
		if !ok {
			return digest.Query{}, UsageError{Err: fmt.Errorf("--period: %q is not a period like 2026, 2026-Q4, 2026-11 or 2026-W48", o.Period)}
		}
		return digest.ForPeriod(org, o.Region, p, now)
	case o.Since != "":
		t, err := optionalTime("--since", o.Since, now.In(org.Location))
		if err != nil {
			return digest.Query{}, err
		}
		return digest.Span(o.Region, t, now, now), nil
	}
	return digest.Query{}, UsageError{Err: fmt.Errorf("give --period (2026-11) or --since (7d)")}
}
