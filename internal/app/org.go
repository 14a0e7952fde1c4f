package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/orgfile"
	"github.com/fieldloop/fieldloop/storage"
	"github.com/fieldloop/fieldloop/team"
)

// historyScan bounds how far back org apply looks for changes made in
// chat: far beyond any organisation's, and still quick to read.
const historyScan = 100_000

// OrgExport writes the organisation the database holds (or, when it holds
// none yet, the one a start would store) as an org file. When the org
// file of the Config is the one last applied, the organisation is written
// into it, so that its comments and order stay.
func OrgExport(ctx context.Context, c *Config, now func() time.Time, w io.Writer) error {
	db, err := OpenDB(c.DB, true, now)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.LoadOrg(ctx)
	if err != nil {
		return err
	}
	var org *bot.Org
	if st != nil {
		org = team.FromState(st)
	} else if org, err = c.LoadOrg(); err != nil {
		return err
	}
	data, err := c.orgFile(ctx, db, st, org)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// orgFile writes org as an org file: into the Config's when that is the
// one last applied and the result reads back as org, else anew.
func (c *Config) orgFile(ctx context.Context, db *storage.DB, st *bot.OrgState, org *bot.Org) ([]byte, error) {
	if old, ok := c.appliedFile(ctx, db, st); ok {
		data, err := orgfile.Update(old, org, platformNames(c))
		if err == nil && c.readsBack(data, org) {
			return data, nil
		}
	}
	data, err := orgfile.Marshal(org, platformNames(c))
	if err != nil {
		return nil, err
	}
	if !c.readsBack(data, org) {
		return nil, errors.New("the organisation does not read back from an org file; is every platform it names configured?")
	}
	return data, nil
}

// appliedFile returns the content of the Config's org file when the
// stored organisation was last applied from it: it is the file last
// applied, unchanged, or the last change from a file came from a file of
// its name.
func (c *Config) appliedFile(ctx context.Context, db *storage.DB, st *bot.OrgState) ([]byte, bool) {
	if c.Org == "" || st == nil {
		return nil, false
	}
	data, err := os.ReadFile(c.Org)
	if err != nil {
		return nil, false
	}
	if declared, err := orgfile.Parse(data, c.Org, c.platformIDs()...); err == nil && team.Digest(declared) == st.Declared {
		return data, true
	}
	history, err := db.OrgHistory(ctx, "", historyScan)
	if err != nil {
		return nil, false
	}
	for _, ch := range history {
		if ch.Source != team.SourceChat {
			return data, ch.Source == filepath.Base(c.Org)
		}
	}
	return nil, false
}

// readsBack reports whether data is an org file of org.
func (c *Config) readsBack(data []byte, org *bot.Org) bool {
	back, err := orgfile.Parse(data, "export", c.platformIDs()...)
	return err == nil && team.Equal(back, org)
}

// OrgApplyOptions say what `fieldloop org apply` does.
type OrgApplyOptions struct {
	File   string
	DryRun bool // print the changes, save nothing
	Prune  bool // mark the people the file does not name as left
}

// OrgApply applies an org file to the organisation the database holds
// and writes what changed to w, person by person, flagging each value
// that overwrites a change made in chat since a file was last applied.
func OrgApply(ctx context.Context, c *Config, o OrgApplyOptions, now func() time.Time, w io.Writer) error {
	declared, err := orgfile.Load(o.File, c.platformIDs()...)
	if err != nil {
		return err
	}
	db, err := OpenDB(c.DB, o.DryRun, now)
	if errors.Is(err, ErrInUse) {
		return fmt.Errorf("%w; or change the organisation in chat with /team while it runs", err)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	history, err := db.ChatChanges(ctx)
	if err != nil {
		return err
	}
	t := &team.Team{Live: bot.NewLiveOrg(nil), Store: db, Platforms: c.platformIDs(), Now: now}
	plan, err := t.Apply(ctx, declared, filepath.Base(o.File), o.Prune, o.DryRun)
	if err != nil {
		return err
	}
	return writePlan(w, plan, team.ChatEdits(history), o)
}
