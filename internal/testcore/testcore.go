// Package testcore builds the core as the chat adapters' tests drive it:
// the demo org, a real store in a temporary directory, and the commands
// people run most, on a router whose clock the test holds. It is for
// tests only.
package testcore

import (
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/commands"
	"github.com/fieldloop/fieldloop/orgfile"
	"github.com/fieldloop/fieldloop/storage"
)

// Core is the core of a running fieldloop, without its adapters.
type Core struct {
	DB     *storage.DB
	Router *bot.Router
	Schema *bot.Schema
	Logger *slog.Logger // discards everything
}

// New opens a store that tb removes when done, and registers /report
// (its feed posting on platform), /campaign, /ack, /lang, /whoami and
// /help, then extra, on a router over the demo org that reads the time
// from now.
func New(tb testing.TB, platform bot.Platform, now func() time.Time, extra ...bot.Command) *Core {
	tb.Helper()
	db := storage.New(filepath.Join(tb.TempDir(), "fieldloop.db"))
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	org := orgfile.Demo()
	schema := bot.ReportSchema()
	router := bot.NewRouter(org, db, logger)
	router.Now = now
	feed := &bot.Feed{Org: org, Schema: schema, Platforms: []bot.Platform{platform}}
	router.Register(commands.Report(db, schema, feed), commands.Campaign(db, feed.Platforms), commands.Ack(db),
		commands.Lang(db), commands.Whoami(), commands.Help(router.Commands))
	router.Register(extra...)
	return &Core{DB: db, Router: router, Schema: schema, Logger: logger}
}
