package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	slackadapter "github.com/fieldloop/fieldloop/adapters/slack"
	"github.com/fieldloop/fieldloop/internal/app"
)

// slackManifestCmd prints the Slack app manifest for the commands that
// fieldloop registers, so that the Slack app can never drift from the code.
func (m *Main) slackManifestCmd(_ context.Context, args []string) error {
	fs := m.flagSet("slack-manifest")
	base := fs.String("url", "", "the public HTTPS `URL` Slack reaches fieldloop at, e.g. https://fieldloop.example.com")
	name := fs.String("name", "fieldloop", "the app's and the bot user's `name` in Slack")
	socket := fs.Bool("socket-mode", false, "a manifest for Socket Mode: no request URLs, --url not needed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return app.UsageError{Err: fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	if err := slackadapter.CheckAppName(*name); err != nil {
		return app.UsageError{Err: fmt.Errorf("--name: %w", err)}
	}
	root := ""
	if !*socket {
		var err error
		if root, err = manifestURL(*base); err != nil {
			return app.UsageError{Err: err}
		}
	}
	out, err := slackadapter.Manifest(strings.TrimSpace(*name), root, app.Commands())
	if err != nil {
		return err
	}
	_, err = m.Stdout.Write(out)
	return err
}

// manifestURL checks the --url of slack-manifest, which only Socket Mode
// goes without, and returns it without a trailing slash.
func manifestURL(s string) (string, error) {
	if s == "" {
		return "", errors.New("--url is required: the public HTTPS address Slack sends requests to " +
			"(or use --socket-mode, which needs none)")
	}
	root, err := slackadapter.PublicURL(s)
	if err != nil {
		return "", fmt.Errorf("--url: %w", err)
	}
	return root, nil
}
