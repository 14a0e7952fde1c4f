package storage

import (
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	bolt "go.etcd.io/bbolt"
)

// BenchmarkTick measures one scheduler tick over 10,000 people, 10
// schedules and 1,000,000 stored reports, at the moment every schedule's
// reminders fall due, with half of the people missing. The target is
// under 200 ms: the tick must read the kind index for the day, not the
// reports.
func BenchmarkTick(b *testing.B) {
	const people, regions, kinds, days = 10_000, 20, 10, 100
	sh, _ := time.LoadLocation("Asia/Shanghai")
	start := time.Date(2026, 8, 20, 0, 0, 0, 0, sh)
	var ps []bot.Person
	var rs []bot.Region
	for i := range regions {
		rs = append(rs, bot.Region{ID: fmt.Sprintf("r%02d", i), Name: fmt.Sprintf("Region %d", i)})
	}
	ps = append(ps, bot.Person{ID: "boss", Name: "Boss", Roles: []bot.Role{bot.RoleManager, bot.RoleAdmin}})
	for i := range people {
		ps = append(ps, bot.Person{ID: fmt.Sprintf("p%05d", i), Name: fmt.Sprintf("Rep %d", i), Roles: []bot.Role{bot.RoleRep},
			Region: rs[i%regions].ID, Manager: "boss", Accounts: bot.Accounts{Slack: fmt.Sprintf("U%05d", i)}})
	}
	org := bot.NewOrg(sh, bot.English, nil, rs, ps)
	schema := bot.ReportSchema()
	db := openTemp(b)

	// A million reports: every rep files one report a day for 100 days, of
	// their region's kind, except that on the last day half of them have
	// not yet. Loaded a day per transaction.
	kindOf := func(region int) string { return schema.Kinds[region%kinds].Key }
	for d := range days {
		err := db.bolt.Update(func(tx *bolt.Tx) error {
			for i := range people {
				if d == days-1 && i%2 == 1 {
					continue
				}
				r := &bot.Report{Kind: kindOf(i % regions), Person: ps[i+1].ID, Region: ps[i+1].Region,
					CreatedAt: start.AddDate(0, 0, d).Add(time.Duration(9*3600+i) * time.Second), Version: 1,
					Fields: map[string]bot.Value{"units": {Num: 3}}}
				if _, err := createReport(tx, r, nil); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	created := start.AddDate(0, 0, days-1) // the morning of the last day
	for k := range kinds {
		var aud bot.Audience
		for r := range regions {
			if r%kinds == k {
				aud.Regions = append(aud.Regions, rs[r].ID)
			}
		}
		s := &bot.Schedule{Kind: kindOf(k), Audience: aud, Spec: "daily 18:00", Zone: "Asia/Shanghai",
			Grace: 2 * time.Hour, Escalate: 4 * time.Hour, CreatedAt: created}
		if err := db.CreateSchedule(b.Context(), s); err != nil {
			b.Fatal(err)
		}
	}
	sched := &bot.Scheduler{Store: db, Settings: db, Org: org, Schema: schema, Platforms: []bot.Platform{bot.Slack},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	// Everyone seen since the start.
	if _, err := sched.Tick(b.Context(), created); err != nil {
		b.Fatal(err)
	}
	due := time.Date(created.Year(), created.Month(), created.Day(), 20, 0, 0, 0, sh)
	b.ResetTimer()
	var sent int
	for b.Loop() {
		t, err := sched.Plan(b.Context(), due)
		if err != nil {
			b.Fatal(err)
		}
		sent = len(t.Sent)
	}
	b.ReportMetric(float64(sent), "notifications")
}
