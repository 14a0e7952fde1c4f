package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/storage"
)

// adminBackup serves GET /admin/backup: a consistent copy of the database
// while the bot runs, for `fieldloop backup`. It needs
// FIELDLOOP_ADMIN_TOKEN as a bearer token; without one configured, the
// route is not served at all.
func adminBackup(db *storage.DB, token string, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		given, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(given), []byte(token)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", `attachment; filename="fieldloop.db"`)
		n, err := db.Backup(w)
		if err != nil {
			logger.Error("backup", "err", err, "bytes", n)
			return // the status is sent; a short body tells the client
		}
		logger.Info("backup taken", "bytes", n)
	})
}

// backup writes a consistent copy of the database to --out: read directly
// from the file when no fieldloop holds it, else from the running
// server's /admin/backup.
func (m *Main) backup(ctx context.Context, args []string) error {
	var c config
	fs := m.flags("backup", &c)
	out := fs.String("out", "", "the backup `file` to write")
	server := fs.String("server", "", "ask the running server at this base `URL`; otherwise the file, or, when a running server holds it, that server (at FIELDLOOP_ADMIN_URL, else on FIELDLOOP_ADDR)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{errors.New("--out: say where to write the backup, e.g. --out fieldloop-2026-11-28.db")}
	}
	w, done, err := m.output(*out)
	if err != nil {
		return err
	}
	if *server != "" {
		// Named: the database is that server's, wherever its file is
		// (another container, another machine).
		if m.Getenv("FIELDLOOP_ADMIN_TOKEN") == "" {
			return done(errors.New("to back up a running server, set FIELDLOOP_ADMIN_TOKEN to the token it was started with (it serves /admin/backup only then)"))
		}
		return done(m.fetchBackup(ctx, *server, w))
	}
	db, err := openDB(c.db, true, m.Now)
	switch {
	case err == nil:
		defer db.Close()
		_, err = db.Backup(w)
		return done(err)
	case !errors.Is(err, errInUse):
		_ = done(err)
		return err
	}
	// A running fieldloop holds the file: ask it.
	return done(m.fetchBackup(ctx, m.env("FIELDLOOP_ADMIN_URL", adminURL(m.env("FIELDLOOP_ADDR", ":8080"))), w))
}

// adminURL is the loopback URL of a server listening on addr.
func adminURL(addr string) string {
	host, port, _ := strings.Cut(addr, ":")
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + host + ":" + port
}

func (m *Main) fetchBackup(ctx context.Context, base string, w io.Writer) error {
	token := m.Getenv("FIELDLOOP_ADMIN_TOKEN")
	if token == "" {
		return errors.New("the database is in use by a running fieldloop; to back it up while it runs, set FIELDLOOP_ADMIN_TOKEN for both (the server serves /admin/backup only then)")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(base, "/")+"/admin/backup", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := (&http.Client{Timeout: 10 * time.Minute}).Do(req)
	if err != nil {
		return fmt.Errorf("ask the running server at %s: %w", base, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the running server at %s refused the backup: %s (is FIELDLOOP_ADMIN_TOKEN the same for both?)", base, resp.Status)
	}
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		return fmt.Errorf("receive the backup: %w", err)
	}
	if want, _ := strconv.ParseInt(resp.Header.Get("Content-Length"), 10, 64); want > 0 && n != want {
		return fmt.Errorf("the backup was cut short: %d of %d bytes", n, want)
	}
	return checkBackup(w)
}

// checkBackup opens a written backup file to be sure it is a whole
// database; for standard output there is nothing to check.
func checkBackup(w io.Writer) error {
	f, ok := w.(*os.File)
	if !ok || f == os.Stdout {
		return nil
	}
	if err := f.Sync(); err != nil {
		return err
	}
	db := storage.New(f.Name())
	db.ReadOnly, db.Timeout = true, time.Second
	if err := db.Open(); err != nil {
		return fmt.Errorf("the backup does not open as a fieldloop database: %w", err)
	}
	return db.Close()
}

// restore replaces the database with a backup, keeping the current file
// beside it. The bot must be stopped.
func (m *Main) restore(_ context.Context, args []string) error {
	var c config
	fs := m.flags("restore", &c)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{errors.New("say which backup to restore: fieldloop restore FILE")}
	}
	src := fs.Arg(0)
	// Flags may follow the file too: fieldloop restore FILE --db PATH.
	if err := fs.Parse(fs.Args()[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	backup := storage.New(src)
	backup.ReadOnly, backup.Timeout = true, time.Second
	if err := backup.Open(); err != nil {
		return fmt.Errorf("%s is not a fieldloop database that can be restored: %w", src, err)
	}
	backup.Close()
	current, err := openDB(c.db, false, m.Now)
	if err != nil {
		return fmt.Errorf("stop fieldloop before restoring: %w", err)
	}
	current.Close()
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	tmp := c.db + ".restoring"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	kept := c.db + ".before-restore-" + m.Now().UTC().Format("20060102T150405Z")
	if err := os.Rename(c.db, kept); err != nil && !errors.Is(err, os.ErrNotExist) {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, c.db); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "restored %s from %s; the previous database is kept as %s\n", c.db, src, filepath.Base(kept))
	return nil
}

// check validates the org file and the environment and says what is
// wrong in plain words, one line each; it exits 1 if anything is.
func (m *Main) check(_ context.Context, args []string) error {
	var problems []string
	say := func(format string, a ...any) { fmt.Fprintf(m.Stdout, format+"\n", a...) }
	c, err := m.serveFlags(args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		problems = append(problems, err.Error())
	}
	if org, err := loadOrg(&c.config); err != nil {
		problems = append(problems, "org file: "+err.Error())
	} else {
		say("ok  org file: %d people in %d regions, time zone %s, language %s", len(org.People), len(org.Regions), org.Location, org.Language)
	}
	if _, _, err := m.schedulerOptions(); err != nil {
		problems = append(problems, err.Error())
	}
	problems = append(problems, m.checkDB(c.db, say)...)
	if c.slack.on() {
		say("ok  Slack configured (HTTP endpoints: %v, Socket Mode: %v)", c.slack.httpOn(), c.slack.socketOn())
	}
	for _, p := range problems {
		say("BAD %s", p)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%d problem(s)", len(problems))
	}
	say("all good")
	return nil
}

// checkDB says whether the database can be opened and written.
func (m *Main) checkDB(path string, say func(string, ...any)) []string {
	db, err := openDB(path, false, m.Now)
	switch {
	case errors.Is(err, errInUse):
		say("ok  database %s: in use by a running fieldloop", path)
		return nil
	case err != nil:
		return []string{fmt.Sprintf("database %s: %v", path, err)}
	}
	defer db.Close()
	// Ping writes, and wants room on the disk for the file to grow.
	if err := db.Ping(context.Background()); err != nil {
		return []string{fmt.Sprintf("database %s: %v", path, err)}
	}
	say("ok  database %s", path)
	return nil
}
