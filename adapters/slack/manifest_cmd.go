package slack

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/fieldloop/fieldloop/internal/config"
	"github.com/fieldloop/fieldloop/internal/platform"
)

// Subcommands adds `fieldloop slack-manifest`, which prints the Slack app
// manifest for the commands fieldloop registers, so that the Slack app
// can never drift from the code.
func (p *Plugin) Subcommands() []platform.Subcommand {
	return []platform.Subcommand{{
		Name:  "slack-manifest",
		Usage: "slack-manifest --url https://HOST [--name NAME] | --socket-mode",
		Run:   runManifest,
	}}
}

var _ platform.Subcommander = (*Plugin)(nil)

func runManifest(_ context.Context, args []string, env platform.SubcommandEnv) error {
	fs := flag.NewFlagSet("fieldloop slack-manifest", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	base := fs.String("url", "", "the public HTTPS `URL` Slack reaches fieldloop at, e.g. https://fieldloop.example.com")
	name := fs.String("name", "fieldloop", "the app's and the bot user's `name` in Slack")
	socket := fs.Bool("socket-mode", false, "a manifest for Socket Mode: no request URLs, --url not needed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return config.UsageError{Err: fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	if err := CheckAppName(*name); err != nil {
		return config.UsageError{Err: fmt.Errorf("--name: %w", err)}
	}
	root := ""
	if !*socket {
		var err error
		if root, err = manifestURL(*base); err != nil {
			return config.UsageError{Err: err}
		}
	}
	out, err := Manifest(strings.TrimSpace(*name), root, env.Commands())
	if err != nil {
		return err
	}
	_, err = env.Stdout.Write(out)
	return err
}

// manifestURL checks the --url of slack-manifest, which only Socket Mode
// goes without, and returns it without a trailing slash.
func manifestURL(s string) (string, error) {
	if s == "" {
		return "", errors.New("--url is required: the public HTTPS address Slack sends requests to " +
			"(or use --socket-mode, which needs none)")
	}
	root, err := PublicURL(s)
	if err != nil {
		return "", fmt.Errorf("--url: %w", err)
	}
	return root, nil
}
