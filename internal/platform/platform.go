// Package platform is the contract between fieldloop's assembly and its
// chat platform adapters. Each adapter package declares one Adapter: its
// name, its settings and the rules between them, and how it runs on the
// assembled core. The assembly lists the adapters in one place and knows
// nothing else of any of them, so adding a platform is a new package under
// adapters/ and one line in that list.
package platform

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/config"
)

// Core is what an adapter runs on: the parts of the assembled bot it
// talks to.
type Core struct {
	Router *bot.Router
	Schema *bot.Schema
	// Outbox carries what an adapter sends that is not the answer to a
	// request (a reply to a direct message, say).
	Outbox bot.Outbox
	// DirectChannels keeps the direct-message channels the platform gave.
	DirectChannels bot.DirectChannels
	Logger         *slog.Logger
	Now            func() time.Time
	// Mux is the HTTP server's; an adapter adds its endpoints to it.
	Mux *http.ServeMux
}

// IDs is how the org file gives people's and channels' ids on a platform:
// under the platform's name as a key ("PLATFORM: U0ALICE"), checked by Check.
type IDs struct {
	Platform bot.Platform
	// Check says what is wrong with id, "" when nothing; user is true for
	// a person's id, false for a channel's. The org file's message puts it
	// after the id: "U0MGR" is not a channel id of ….
	Check func(id string, user bool) string
	// Example is a channel's id as the org file writes it, for messages:
	// C0123ABCD, "900000000000000001".
	Example string
}

// Adapter is one chat platform as the assembly sees it. Make a new one
// for each run: its settings are bound to its own fields.
type Adapter interface {
	// Platform is the platform's name: the org file's key for people's
	// and channels' accounts on it, and the first part of an outbox
	// destination ("PLATFORM:#C0MKT").
	Platform() bot.Platform
	// IDs says how the org file gives ids on the platform.
	IDs() IDs
	// Settings declares the adapter's settings (credentials, API
	// addresses), bound to its fields.
	Settings() []config.Setting
	// Given reports whether any of its settings was given; they must then
	// be complete and right (Check).
	Given() bool
	// Check explains settings that are incomplete or mistaken, naming the
	// variables and never showing a secret.
	Check() error
	// Hint says which settings turn the platform on, for the message that
	// no platform is configured.
	Hint() string
	// Modes names the ways it runs with the settings given, for /healthz,
	// `fieldloop check` and the log ("PLATFORM (http)",
	// "PLATFORM (socket mode)"); none when it is not configured.
	Modes() []string
	// Start builds the platform's side of the bot on core: it adds its
	// HTTP endpoints to core.Mux and starts what runs in the background
	// until ctx is done (a socket, a gateway, registering commands). It
	// returns what delivers the outbox's messages for the platform.
	Start(ctx context.Context, core Core) (bot.Deliverer, error)
	// Stop waits for what Start started to end (its ctx is done by then)
	// and for replies still being sent after their request was answered.
	Stop()
}

// Subcommand is a command line tool a platform adds to fieldloop, such as
// a platform's app manifest: fieldloop NAME [flags].
type Subcommand struct {
	Name string
	// Usage is its line in `fieldloop help`, after "fieldloop ".
	Usage string
	// Run runs it with the arguments after its name. A mistake in them is
	// a config.UsageError.
	Run func(ctx context.Context, args []string, env SubcommandEnv) error
}

// SubcommandEnv is what a Subcommand may use.
type SubcommandEnv struct {
	Stdout, Stderr io.Writer
	// Commands returns the chat commands fieldloop registers.
	Commands func() []bot.Command
}

// Subcommander is an Adapter that adds subcommands to fieldloop.
type Subcommander interface {
	Subcommands() []Subcommand
}

// Configured returns the adapters that run with the settings given, in
// order.
func Configured(adapters []Adapter) []Adapter {
	var on []Adapter
	for _, a := range adapters {
		if len(a.Modes()) > 0 {
			on = append(on, a)
		}
	}
	return on
}

// Names returns the adapters' platform names, in order.
func Names(adapters []Adapter) []bot.Platform {
	names := make([]bot.Platform, len(adapters))
	for i, a := range adapters {
		names[i] = a.Platform()
	}
	return names
}
