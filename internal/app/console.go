package app

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/fieldloop/fieldloop/adapters/console"
	"github.com/fieldloop/fieldloop/bot"
)

// ConsoleOptions say where the console reads and writes and as whom.
type ConsoleOptions struct {
	In  io.Reader
	Out io.Writer
	// As is the person lines act as; the org's first rep when "".
	As string
	// Interactive prints a prompt before each line.
	Interactive bool
}

// OpenConsole opens the app for the console: its messages go to the
// console.
func OpenConsole(c *Config, o Options) (*App, error) {
	o.Platforms = consolePlatforms
	return Open(c, o)
}

// RunConsole answers the console's lines until its input ends or ctx is
// done, with the scheduler running; what a command or a tick causes is
// delivered, and printed, right after it.
func (a *App) RunConsole(ctx context.Context, o ConsoleOptions) error {
	if o.As == "" {
		o.As = firstRep(a.Org())
	} else if a.Org().Person(o.As) == nil {
		return UsageError{Err: fmt.Errorf("--as: no person %q in the org", o.As)}
	}
	adapter := &console.Adapter{Router: a.Router, In: o.In, Out: o.Out, As: o.As, Now: a.Now, Interactive: o.Interactive}
	sender := a.NewSender(map[bot.Platform]bot.Deliverer{console.Platform: adapter})
	// The console shows what a command caused right after its reply.
	sender.Spacing, sender.CoalesceEvery = 0, 0
	var delivering sync.Mutex // commands and scheduler ticks both flush
	adapter.AfterCommand = func(ctx context.Context) {
		delivering.Lock()
		defer delivering.Unlock()
		if _, err := sender.DeliverDue(ctx); err != nil {
			a.Logger.Error("deliver outbox", "err", err)
		}
	}
	stop := a.RunScheduler(ctx, func(*bot.Tick) { adapter.AfterCommand(ctx) })
	defer stop()
	return adapter.Run(ctx)
}

// firstRep returns the first person with the rep role, else the first
// person.
func firstRep(org *bot.Org) string {
	for _, p := range org.People {
		if p.Has(bot.RoleRep) {
			return p.ID
		}
	}
	if len(org.People) > 0 {
		return org.People[0].ID
	}
	return ""
}
