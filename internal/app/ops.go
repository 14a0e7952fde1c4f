package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/config"
	"github.com/fieldloop/fieldloop/internal/platform"
	"github.com/fieldloop/fieldloop/storage"
	"github.com/fieldloop/fieldloop/team"
)

// BackupOptions say where `fieldloop backup` finds a running server.
type BackupOptions struct {
	// Server, when given, names the running server to ask whatever the
	// file: its database may be elsewhere.
	Server string
	// Insecure lets the token and the database cross plain http to a host
	// other than this one.
	Insecure bool
}

// Backup writes a consistent copy of the database to w: read directly
// from the file when no fieldloop holds it, else from the running
// server's /admin/backup (at the admin URL, else on the admin address,
// else on the server's address).
func Backup(ctx context.Context, c *Config, o BackupOptions, now func() time.Time, w io.Writer) error {
	if o.Server != "" {
		if c.AdminToken == "" {
			return errors.New("to back up a running server, set FIELDLOOP_ADMIN_TOKEN to the token it was started with (it serves /admin/backup only then)")
		}
		return fetchBackup(ctx, o.Server, c.AdminToken, o.Insecure, w)
	}
	db, err := OpenDB(c.DB, true, now)
	switch {
	case err == nil:
		defer db.Close()
		_, err = db.Backup(w)
		return err
	case !errors.Is(err, ErrInUse):
		return err
	}
	// A running fieldloop holds the file: ask it.
	base := c.AdminURL
	switch {
	case base != "":
	case c.AdminAddr != "":
		base = adminURL(c.AdminAddr)
	default:
		base = adminURL(c.Addr)
	}
	if c.AdminToken == "" {
		return errors.New(c.DB + " is in use by a running fieldloop. If it is a console, quit it and run backup again; " +
			"if it is fieldloop serve, set FIELDLOOP_ADMIN_TOKEN to the same token for both (serve answers backups only then)")
	}
	err = fetchBackup(ctx, base, c.AdminToken, o.Insecure, w)
	if errors.Is(err, syscall.ECONNREFUSED) {
		return fmt.Errorf("%w\n%s is in use, but no fieldloop serve answers at %s: if a console holds it, quit it and run backup again", err, c.DB, base)
	}
	return err
}

// checkTransport refuses to send the admin token, and take the database
// back, over plain http to another host, unless insecure.
func checkTransport(base string, insecure bool) error {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return UsageError{Err: fmt.Errorf("--server: %q is not an http:// or https:// address", base)}
	}
	if u.Scheme == "https" || insecure || loopback(u.Hostname()) {
		return nil
	}
	return UsageError{Err: fmt.Errorf("refusing to send the admin token and receive the whole database in clear text to %s; "+
		"use https://, or --insecure on a private network you trust", u.Host)}
}

// loopback reports whether host is this machine.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// adminURL is the loopback URL of a server listening on addr.
func adminURL(addr string) string {
	host, port, _ := strings.Cut(addr, ":")
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + host + ":" + port
}

func fetchBackup(ctx context.Context, base, token string, insecure bool, w io.Writer) error {
	if err := checkTransport(base, insecure); err != nil {
		return err
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

// checkBackup verifies a written backup file to be sure it is a whole
// database; for standard output there is nothing to check.
func checkBackup(w io.Writer) error {
	f, ok := w.(*os.File)
	if !ok || f == os.Stdout {
		return nil
	}
	if err := f.Sync(); err != nil {
		return err
	}
	err := verifyBackup(f.Name())
	if problem, ok := damage(err); ok {
		return fmt.Errorf("the backup came out damaged (%s); take it again", problem)
	}
	if err != nil {
		return fmt.Errorf("the backup does not open as a fieldloop database: %w", err)
	}
	return nil
}

// verifyBackup opens the database file at path read-only, which checks
// its meta pages, its length and its schema version, then checks every
// page, whatever the file's size.
func verifyBackup(path string) error {
	db := storage.New(path)
	db.ReadOnly, db.Timeout = true, time.Second
	if err := db.Open(); err != nil {
		return err
	}
	defer db.Close()
	return db.Check(context.Background())
}

// Restore replaces the database with the backup at src, keeping the
// current file beside it, and says so on out. fieldloop must be stopped.
// The backup is verified whole first; if it is not, nothing is changed.
func Restore(c *Config, src string, now func() time.Time, out io.Writer) error {
	if err := verifyBackup(src); err != nil {
		return refuseBackup(src, c.DB, err)
	}
	if err := notRunning(c.DB, now); err != nil {
		return err
	}
	kept := c.DB + ".before-restore-" + now().UTC().Format("20060102T150405Z")
	if err := replaceFile(c.DB, src, kept); err != nil {
		return err
	}
	fmt.Fprintf(out, "restored %s from %s; the previous database is kept as %s\n", c.DB, src, filepath.Base(kept))
	return nil
}

// notRunning opens the database at path to be sure that no fieldloop
// holds it. A damaged one is no obstacle: it is what restore replaces.
func notRunning(path string, now func() time.Time) error {
	db, err := OpenDB(path, false, now)
	switch {
	case errors.Is(err, storage.ErrCorrupt):
		return nil
	case err != nil:
		return fmt.Errorf("stop fieldloop before restoring: %w", err)
	}
	return db.Close()
}

// replaceFile makes path a copy of src and keeps what was there as kept.
// The copy is written and synced under another name first, so that path
// is never a part of a copy.
func replaceFile(path, src, kept string) error {
	tmp := path + ".restoring"
	if err := copySynced(src, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(path, kept); err != nil && !errors.Is(err, os.ErrNotExist) {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// refuseBackup says why the backup at src cannot be restored over db,
// which is left as it was.
func refuseBackup(src, db string, err error) error {
	if problem, ok := damage(err); ok {
		return fmt.Errorf("%s is not a fieldloop database that can be restored: it is damaged (%s); %s is left as it was: restore another backup",
			src, problem, db)
	}
	return fmt.Errorf("%s is not a fieldloop database that can be restored: %w; %s is left as it was", src, err, db)
}

// damage returns what is wrong with a damaged file, if err says it is
// damaged: without the advice to restore a backup, which does not fit a
// backup.
func damage(err error) (problem string, ok bool) {
	var damaged *storage.CorruptError
	if errors.As(err, &damaged) {
		return damaged.Problem, true
	}
	return "", false
}

// copySynced copies the file src to dst and syncs it, so that the rename
// that follows can never leave a database shorter than its backup.
func copySynced(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// Check says, one line each on out, whether the org file, the settings
// and the database are right; settingsErr is what reading the settings
// found. It returns an error if anything is wrong.
func Check(c *Config, settingsErr error, now func() time.Time, out io.Writer) error {
	var problems []string
	say := func(format string, a ...any) { fmt.Fprintf(out, format+"\n", a...) }
	orgOK := true
	for _, e := range unjoin(settingsErr) {
		var se *config.Error
		if errors.As(e, &se) && slices.ContainsFunc(c.Files(), func(s config.Setting) bool { return s.Env == se.Setting.Env }) {
			// A wrong zone or language leaves no organisation to run.
			problems, orgOK = append(problems, "org file: "+e.Error()), false
			continue
		}
		problems = append(problems, e.Error())
	}
	for _, e := range unjoin(c.CheckPlatforms()) {
		problems = append(problems, e.Error())
	}
	if org, err := c.LoadOrg(); err != nil {
		problems = append(problems, "org file: "+err.Error())
	} else if orgOK {
		say("ok  org file: %d people in %d regions, time zone %s, language %s", len(org.People), len(org.Regions), org.Location, org.Language)
		noteUnreached(org, platform.Names(c.Configured()), say)
	}
	problems = append(problems, checkDB(c.DB, c.Retention, now, say)...)
	if modes := c.Modes(); modes != "" {
		say("ok  chat: %s", modes)
	}
	if c.AdminToken != "" && c.AdminAddr == "" {
		say("note the admin routes share the public address %s; set FIELDLOOP_ADMIN_ADDR (127.0.0.1:8081) to keep them apart", c.Addr)
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

// noteUnreached says which channels have no id on a configured platform:
// what is posted to them there goes nowhere.
func noteUnreached(org *bot.Org, platforms []bot.Platform, say func(string, ...any)) {
	names := append([]string{bot.ChannelMarketing, bot.ChannelManagers}, org.RegionIDs()...)
	for _, name := range names {
		for _, p := range org.Unreached(name, platforms) {
			what := "the " + name + " channel"
			if r := org.Region(name); r != nil {
				what = "region " + name + " (" + r.Name + ")"
			}
			say("note %s has no %s channel in the org file: broadcasts and the weekly calendar do not reach it there", what, p)
		}
	}
}

// noteOrg says what the organisation in the database is, and what it
// lacks (a region without a manager, a schedule with nobody to ask).
func noteOrg(db *storage.DB, say func(string, ...any)) error {
	ctx := context.Background()
	st, err := db.LoadOrg(ctx)
	if err != nil || st == nil {
		return err
	}
	t := &team.Team{Live: bot.NewLiveOrg(nil), Store: db, Schedules: db.Schedules, ReadOnly: true}
	if _, err := t.Start(ctx, nil, "", false); err != nil {
		return err
	}
	org, left := t.Live.Load(), 0
	for i := range org.People {
		if org.People[i].Left() {
			left++
		}
	}
	say("ok  organisation in the database: %d people (%d left) in %d regions", len(org.People), left, len(org.Regions))
	for _, g := range t.Gaps(ctx, org) {
		say("note %s", g.Text.In(bot.English))
	}
	return nil
}

// unjoin returns the errors joined in err, or err alone; none for nil.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// checkDB says whether the database can be opened and written, and
// whether every page of it is sound.
func checkDB(path string, retention time.Duration, now func() time.Time, say func(string, ...any)) []string {
	db, err := OpenDB(path, false, now)
	switch {
	case errors.Is(err, ErrInUse):
		say("ok  database %s: in use by a running fieldloop%s", path, fileSize(path))
		return nil
	case errors.Is(err, storage.ErrCorrupt):
		return []string{"database " + err.Error()} // the error names the file
	case err != nil:
		return []string{fmt.Sprintf("database %s: %v", path, err)}
	}
	defer db.Close()
	if err := db.Check(context.Background()); err != nil {
		return []string{"database " + err.Error()}
	}
	// Ping writes, and wants room on the disk for the file to grow.
	if err := db.Ping(context.Background()); err != nil {
		return []string{fmt.Sprintf("database %s: %v", path, err)}
	}
	say("ok  database %s%s", path, fileSize(path))
	if err := noteOrg(db, say); err != nil {
		return []string{fmt.Sprintf("database %s: %v", path, err)}
	}
	if retention > 0 {
		p, err := db.Prune(context.Background(), now().Add(-retention), true)
		if err != nil {
			return []string{fmt.Sprintf("database %s: %v", path, err)}
		}
		say("ok  retention %dd: pruning would free %d messages and %d scheduler records (%s)",
			retention/(24*time.Hour), p.Messages, p.Notifications, mebibytes(p.Bytes))
	}
	return nil
}

// fileSize is ", SIZE" for the file at path, or "" if it cannot be read.
func fileSize(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return ""
	}
	return ", " + mebibytes(fi.Size())
}

func mebibytes(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
