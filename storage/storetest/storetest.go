// Package storetest is the contract every implementation of bot.Store must
// meet, as a test suite: a store passes when Run passes against it.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/fieldloop/fieldloop/bot"
)

// Run checks the store contract. open must return a new, empty store on
// each call and close it when t ends (t.Cleanup). Subtests run in parallel,
// each with its own store.
// Two chat platforms, by name: the store keeps platforms as names it
// knows nothing about.
const (
	chatA bot.Platform = "chat-a"
	chatB bot.Platform = "chat-b"
)

func Run(t *testing.T, open func(t *testing.T) bot.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, bot.Store)
	}{
		{"ReportRoundTrip", testReportRoundTrip},
		{"IDsIncrease", testIDsIncrease},
		{"RetryIsNotStoredTwice", testRetryIsNotStoredTwice},
		{"ConcurrentCreates", testConcurrentCreates},
		{"MessagesWithReport", testMessagesWithReport},
		{"UpdateKeepsHistory", testUpdateKeepsHistory},
		{"UpdateConflict", testUpdateConflict},
		{"Deleted", testDeleted},
		{"FindReports", testFindReports},
		{"Outbox", testOutbox},
		{"FindMessages", testFindMessages},
		{"Settings", testSettings},
		{"NotFound", testNotFound},
		{"CanceledContext", testCanceledContext},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, open(t))
		})
	}
}

// base is the time of the fixtures: a Monday morning.
var base = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// at returns base plus h hours.
func at(h int) time.Time { return base.Add(time.Duration(h) * time.Hour) }

// salesReport returns a new sales report by person in region, filed at t.
func salesReport(person, region string, t time.Time) *bot.Report {
	return &bot.Report{
		Kind:   "sales",
		Person: person,
		Region: region,
		Fields: map[string]bot.Value{
			"outlet": {Text: "Hualian Nanjing Rd"},
			"units":  {Num: 48},
			"amount": {Num: 420050},
		},
		CreatedAt: t,
		Platform:  chatA,
	}
}

// create stores r with msgs and fails the test on error.
func create(t *testing.T, s bot.Store, r *bot.Report, msgs ...*bot.Message) *bot.Report {
	t.Helper()
	if err := s.CreateReport(t.Context(), r, sendAll(msgs...)); err != nil {
		t.Fatalf("CreateReport: %v", err)
	}
	return r
}

// sendAll returns an out function that causes msgs, or nil for none.
func sendAll(msgs ...*bot.Message) func(*bot.Report) []*bot.Message {
	if len(msgs) == 0 {
		return nil
	}
	return func(*bot.Report) []*bot.Message { return msgs }
}

// update stores the next version of r, changed by edit, and returns it.
func update(t *testing.T, s bot.Store, r *bot.Report, edit func(*bot.Report)) *bot.Report {
	t.Helper()
	next := clone(r)
	next.Version++
	edit(next)
	if err := s.UpdateReport(t.Context(), next, nil); err != nil {
		t.Fatalf("UpdateReport: %v", err)
	}
	return next
}

// clone copies r deeply enough that editing the copy leaves r alone.
func clone(r *bot.Report) *bot.Report {
	c := *r
	c.Fields = maps.Clone(r.Fields)
	return &c
}

func mustEqual[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

func mustCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := bot.ErrorCode(err); got != code {
		t.Errorf("%s: error %v has code %q, want %q", what, err, got, code)
	}
}

func testReportRoundTrip(t *testing.T, s bot.Store) {
	r := &bot.Report{
		Kind:   "sales",
		Person: "alice",
		Region: "east",
		Fields: map[string]bot.Value{
			"outlet": {Text: "华联超市 \"Nanjing Rd\"\nback door"},
			"units":  {Num: 48},
			"amount": {Num: 99_999_999_999_999}, // minor units, beyond float64's exact cents
			"cents":  {Num: 1},
			"zero":   {Num: 0}, // a real zero: present, not missing
			"empty":  {},
		},
		CreatedAt: at(0),
		Platform:  chatB,
		RequestID: "interaction-1",
	}
	create(t, s, r)
	if r.ID == 0 || r.Version != 1 {
		t.Fatalf("after CreateReport: ID %d, Version %d; want an ID and version 1", r.ID, r.Version)
	}
	got, err := s.Report(t.Context(), r.ID)
	if err != nil {
		t.Fatalf("Report: %v", err)
	}
	mustEqual(t, "read back", got, r)
	if _, ok := got.Fields["zero"]; !ok {
		t.Error("the zero field went missing")
	}
	found, err := s.FindReports(t.Context(), bot.ReportFilter{})
	if err != nil || len(found) != 1 {
		t.Fatalf("FindReports: %d reports, %v; want 1", len(found), err)
	}
	mustEqual(t, "found", found[0], r)
}

func testIDsIncrease(t *testing.T, s bot.Store) {
	var last, lastMsg uint64
	for i := range 3 {
		m := &bot.Message{Text: "feed"}
		r := create(t, s, salesReport("alice", "east", at(-i)), m)
		if r.ID <= last || m.ID <= lastMsg {
			t.Errorf("report %d: ID %d after %d, message ID %d after %d; want increasing", i, r.ID, last, m.ID, lastMsg)
		}
		last, lastMsg = r.ID, m.ID
	}
}

func testRetryIsNotStoredTwice(t *testing.T, s bot.Store) {
	first := salesReport("alice", "east", at(0))
	first.RequestID = "req-1"
	create(t, s, first, &bot.Message{Text: "first"})

	retry := salesReport("alice", "east", at(1))
	retry.RequestID = "req-1"
	retry.Fields["units"] = bot.Value{Num: 99}
	second := &bot.Message{Text: "second"}
	create(t, s, retry, second)
	mustEqual(t, "the retry", retry, first)
	if second.ID != 0 {
		t.Errorf("the retry's message got ID %d; it must not be stored", second.ID)
	}
	pending, err := s.PendingMessages(t.Context())
	if err != nil || len(pending) != 1 || pending[0].Text != "first" {
		t.Errorf("PendingMessages: %+v, %v; want only the first message", pending, err)
	}

	// The same request id on another platform, or no request id at all,
	// is a different report.
	other := salesReport("alice", "east", at(2))
	other.Platform, other.RequestID = chatB, "req-1"
	create(t, s, other)
	create(t, s, salesReport("alice", "east", at(3)))
	create(t, s, salesReport("alice", "east", at(4)))
	if all, err := s.FindReports(t.Context(), bot.ReportFilter{}); err != nil || len(all) != 4 {
		t.Errorf("FindReports: %d reports, %v; want 4", len(all), err)
	}
}

// testConcurrentCreates files reports from many goroutines at once, some
// of them retries of one request, as a busy morning and a platform that
// resends would.
func testConcurrentCreates(t *testing.T, s bot.Store) {
	const n = 24
	reports := make([]*bot.Report, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		reports[i] = salesReport(fmt.Sprintf("rep%d", i), "east", at(i))
		if i%3 == 0 {
			reports[i].RequestID = "resent"
		}
		wg.Go(func() { errs[i] = s.CreateReport(t.Context(), reports[i], sendAll(&bot.Message{Text: "feed"})) })
	}
	wg.Wait()
	ids := map[uint64]bool{}
	for i, r := range reports {
		if errs[i] != nil {
			t.Fatalf("CreateReport %d: %v", i, errs[i])
		}
		ids[r.ID] = true
		if r.RequestID == "resent" && r.ID != reports[0].ID {
			t.Errorf("report %d of the resent request has ID %d, the first %d", i, r.ID, reports[0].ID)
		}
	}
	if want := n - n/3 + 1; len(ids) != want {
		t.Errorf("%d distinct IDs, want %d", len(ids), want)
	}
	found := findIDs(t, s, bot.ReportFilter{})
	pending, err := s.PendingMessages(t.Context())
	if len(found) != len(ids) || err != nil || len(pending) != len(ids) {
		t.Errorf("%d reports and %d messages (%v) stored, want %d of each", len(found), len(pending), err, len(ids))
	}
}

func testMessagesWithReport(t *testing.T, s bot.Store) {
	var caused []*bot.Message
	out := func(r *bot.Report) []*bot.Message {
		caused = []*bot.Message{
			{To: bot.Destination{Platform: chatA, Channel: true, ID: "C0MKT", Name: "marketing"}, Text: fmt.Sprintf("report #%d", r.ID), Coalesce: "feed"},
			{To: bot.Destination{Platform: chatA, ID: "U0BOB", Name: "bob"}, Text: fmt.Sprintf("your rep filed #%d", r.ID), CreatedAt: at(5)},
		}
		return caused
	}
	r := salesReport("alice", "east", at(1))
	if err := s.CreateReport(t.Context(), r, out); err != nil {
		t.Fatalf("CreateReport: %v", err)
	}
	if len(caused) != 2 || caused[0].Text != fmt.Sprintf("report #%d", r.ID) {
		t.Fatalf("out was not called with the stored report: %+v", caused)
	}
	if caused[0].ID == 0 || caused[1].ID == 0 || caused[0].ID == caused[1].ID {
		t.Errorf("message IDs %d and %d; want two distinct IDs", caused[0].ID, caused[1].ID)
	}
	if !caused[0].CreatedAt.Equal(r.CreatedAt) || !caused[1].CreatedAt.Equal(at(5)) {
		t.Errorf("CreatedAt %v and %v; want the report's, then the message's own", caused[0].CreatedAt, caused[1].CreatedAt)
	}
	pending, err := s.PendingMessages(t.Context())
	if err != nil {
		t.Fatalf("PendingMessages: %v", err)
	}
	for _, m := range caused {
		m.Status = bot.StatusPending
	}
	mustEqual(t, "pending", pending, caused)
}

func testUpdateKeepsHistory(t *testing.T, s bot.Store) {
	v1 := create(t, s, salesReport("alice", "east", at(0)))
	v2 := update(t, s, v1, func(r *bot.Report) {
		r.Fields["units"] = bot.Value{Num: 50}
		r.UpdatedAt = at(1)
	})
	v3 := update(t, s, v2, func(r *bot.Report) {
		delete(r.Fields, "amount")
		r.UpdatedAt = at(2)
	})
	got, err := s.Report(t.Context(), v1.ID)
	if err != nil {
		t.Fatalf("Report: %v", err)
	}
	mustEqual(t, "current version", got, v3)
	history, err := s.ReportHistory(t.Context(), v1.ID)
	if err != nil {
		t.Fatalf("ReportHistory: %v", err)
	}
	mustEqual(t, "history", history, []*bot.Report{v1, v2})

	fresh := create(t, s, salesReport("bob", "west", at(0)))
	if history, err := s.ReportHistory(t.Context(), fresh.ID); err != nil || len(history) != 0 {
		t.Errorf("history of an unedited report: %+v, %v; want none", history, err)
	}
}

func testUpdateConflict(t *testing.T, s bot.Store) {
	v1 := create(t, s, salesReport("alice", "east", at(0)))
	v2 := update(t, s, v1, func(r *bot.Report) { r.Fields["units"] = bot.Value{Num: 50} })
	for _, version := range []int{1, 2, 4} {
		stale := clone(v2)
		stale.Version = version
		stale.Fields["units"] = bot.Value{Num: 1}
		err := s.UpdateReport(t.Context(), stale, nil)
		mustCode(t, fmt.Sprintf("update to version %d over version 2", version), err, bot.ECONFLICT)
	}
	got, err := s.Report(t.Context(), v1.ID)
	if err != nil {
		t.Fatalf("Report: %v", err)
	}
	mustEqual(t, "after the conflicts", got, v2)
	if history, _ := s.ReportHistory(t.Context(), v1.ID); len(history) != 1 {
		t.Errorf("history has %d versions after failed updates, want 1", len(history))
	}
}

func testDeleted(t *testing.T, s bot.Store) {
	kept := create(t, s, salesReport("alice", "east", at(0)))
	gone := create(t, s, salesReport("alice", "east", at(1)))
	gone = update(t, s, gone, func(r *bot.Report) { r.Deleted, r.DeletedAt = true, at(2) })

	found := findIDs(t, s, bot.ReportFilter{})
	mustEqual(t, "by default", found, []uint64{kept.ID})
	found = findIDs(t, s, bot.ReportFilter{IncludeDeleted: true})
	mustEqual(t, "with IncludeDeleted", found, []uint64{kept.ID, gone.ID})
	got, err := s.Report(t.Context(), gone.ID)
	if err != nil || !got.Deleted {
		t.Errorf("Report of a deleted report: %+v, %v; want it, marked deleted", got, err)
	}
}

func findIDs(t *testing.T, s bot.Store, f bot.ReportFilter) []uint64 {
	t.Helper()
	found, err := s.FindReports(t.Context(), f)
	if err != nil {
		t.Fatalf("FindReports(%+v): %v", f, err)
	}
	ids := []uint64{}
	for _, r := range found {
		ids = append(ids, r.ID)
	}
	return ids
}

func testFindReports(t *testing.T, s bot.Store) {
	// Named reports, filed in this order (so their IDs increase down the
	// list); d and g share a time, so ID orders them.
	fixture := []struct {
		name, kind, person, region string
		hour                       int
	}{
		{"a", "sales", "alice", "east", 0},
		{"b", "stock", "alice", "east", 1},
		{"c", "sales", "bob", "west", 2},
		{"d", "sales", "carol", "north", 3},
		{"e", "stock", "bob", "west", 4},
		{"f", "sales", "alice", "east", 5}, // deleted below
		{"g", "competitor", "carol", "north", 3},
	}
	names := map[uint64]string{}
	for _, x := range fixture {
		r := salesReport(x.person, x.region, at(x.hour))
		r.Kind = x.kind
		create(t, s, r)
		names[r.ID] = x.name
		if x.name == "f" {
			update(t, s, r, func(r *bot.Report) { r.Deleted = true })
		}
	}
	for _, c := range []struct {
		f    bot.ReportFilter
		want string
	}{
		{bot.ReportFilter{}, "abcdge"},
		{bot.ReportFilter{IncludeDeleted: true}, "abcdgef"},
		{bot.ReportFilter{Kind: "sales"}, "acd"},
		{bot.ReportFilter{Person: "alice"}, "ab"},
		{bot.ReportFilter{Person: "carol"}, "dg"},
		{bot.ReportFilter{Regions: []string{"west"}}, "ce"},
		{bot.ReportFilter{Regions: []string{"west", "north"}}, "cdge"},
		{bot.ReportFilter{Regions: []string{"west", "west"}}, "ce"},
		{bot.ReportFilter{Regions: []string{"eas"}}, ""},
		{bot.ReportFilter{Kind: "sales", Regions: []string{"east", "west"}}, "ac"},
		{bot.ReportFilter{Person: "bob", Kind: "stock"}, "e"},
		{bot.ReportFilter{Person: "bob", Regions: []string{"east"}}, ""},
		{bot.ReportFilter{Person: "nobody"}, ""},
		{bot.ReportFilter{Since: at(1), Until: at(3)}, "bc"},
		{bot.ReportFilter{Since: at(3), Until: at(4)}, "dg"},
		{bot.ReportFilter{Since: at(2)}, "cdge"},
		{bot.ReportFilter{Until: at(2)}, "ab"},
		{bot.ReportFilter{Since: at(2), Until: at(2)}, ""},
		{bot.ReportFilter{Since: at(2).Add(time.Nanosecond), Until: at(3).Add(time.Nanosecond)}, "dg"},
		{bot.ReportFilter{Kind: "sales", Since: at(2)}, "cd"},
		{bot.ReportFilter{Person: "alice", Until: at(1)}, "a"},
		{bot.ReportFilter{Person: "alice", Since: at(1), IncludeDeleted: true}, "bf"},
		{bot.ReportFilter{Limit: 2}, "ge"},
		{bot.ReportFilter{Limit: 3}, "dge"},
		{bot.ReportFilter{Limit: 100}, "abcdge"},
		{bot.ReportFilter{Kind: "sales", Limit: 2}, "cd"},
		{bot.ReportFilter{Regions: []string{"east", "west"}, Limit: 3}, "bce"},
		{bot.ReportFilter{IncludeDeleted: true, Limit: 2}, "ef"},
		{bot.ReportFilter{Until: at(4), Limit: 2}, "dg"},
	} {
		got := ""
		for _, id := range findIDs(t, s, c.f) {
			got += names[id]
		}
		if got != c.want {
			t.Errorf("FindReports(%+v) = %q, want %q", c.f, got, c.want)
		}
	}
}

func testOutbox(t *testing.T, s bot.Store) {
	to := bot.Destination{Platform: chatB, Channel: true, ID: "1200", Name: "east"}
	m1 := &bot.Message{To: to, Text: "promotion starts", CreatedAt: at(2), Buttons: []bot.Button{{Label: "OK", Command: "/ack 7", Style: "primary"}}}
	m2 := &bot.Message{To: to, Text: "reminder", CreatedAt: at(1)}
	m3 := &bot.Message{To: to, Text: "digest", CreatedAt: at(3)}
	if err := s.EnqueueMessages(t.Context(), []*bot.Message{m1, m2, m3}); err != nil {
		t.Fatalf("EnqueueMessages: %v", err)
	}
	for _, m := range []*bot.Message{m1, m2, m3} {
		if m.ID == 0 || m.Status != bot.StatusPending {
			t.Errorf("enqueued %q: ID %d, status %q; want an ID, pending", m.Text, m.ID, m.Status)
		}
	}
	mustPending(t, s, m2, m1, m3)

	m1.Status, m1.Attempts, m1.SentAt = bot.StatusSent, 1, at(4)
	m2.Status, m2.Attempts, m2.Error = bot.StatusFailed, 8, "unknown channel"
	m3.Attempts, m3.Error, m3.NextAttempt = 1, "429", at(5)
	if err := s.UpdateMessages(t.Context(), []*bot.Message{m1, m2, m3}); err != nil {
		t.Fatalf("UpdateMessages: %v", err)
	}
	mustPending(t, s, m3)

	m2.Status = bot.StatusPending // an admin asked for another try
	if err := s.UpdateMessages(t.Context(), []*bot.Message{m2}); err != nil {
		t.Fatalf("UpdateMessages: %v", err)
	}
	mustPending(t, s, m2, m3)
}

func mustPending(t *testing.T, s bot.Store, want ...*bot.Message) {
	t.Helper()
	got, err := s.PendingMessages(t.Context())
	if err != nil {
		t.Fatalf("PendingMessages: %v", err)
	}
	mustEqual(t, "pending", got, want)
}

func testFindMessages(t *testing.T, s bot.Store) {
	msgs := []*bot.Message{
		{Text: "a", CreatedAt: at(2)},
		{Text: "b", CreatedAt: at(1)},
		{Text: "c", CreatedAt: at(3)},
		{Text: "d", CreatedAt: at(1)},
	}
	if err := s.EnqueueMessages(t.Context(), msgs); err != nil {
		t.Fatalf("EnqueueMessages: %v", err)
	}
	msgs[0].Status = bot.StatusSent
	msgs[1].Status = bot.StatusFailed
	if err := s.UpdateMessages(t.Context(), msgs[:2]); err != nil {
		t.Fatalf("UpdateMessages: %v", err)
	}
	for _, c := range []struct {
		f    bot.MessageFilter
		want string
	}{
		{bot.MessageFilter{}, "bdac"},
		{bot.MessageFilter{Status: bot.StatusSent}, "a"},
		{bot.MessageFilter{Status: bot.StatusFailed}, "b"},
		{bot.MessageFilter{Status: bot.StatusPending}, "dc"},
		{bot.MessageFilter{Since: at(1), Until: at(3)}, "bda"},
		{bot.MessageFilter{Since: at(2)}, "ac"},
		{bot.MessageFilter{Until: at(2)}, "bd"},
		{bot.MessageFilter{Status: bot.StatusPending, Until: at(3)}, "d"},
		{bot.MessageFilter{Status: bot.StatusPending, Since: at(2)}, "c"},
	} {
		found, err := s.FindMessages(t.Context(), c.f)
		if err != nil {
			t.Fatalf("FindMessages(%+v): %v", c.f, err)
		}
		got := ""
		for _, m := range found {
			got += m.Text
		}
		if got != c.want {
			t.Errorf("FindMessages(%+v) = %q, want %q", c.f, got, c.want)
		}
	}
}

func testSettings(t *testing.T, s bot.Store) {
	ctx := t.Context()
	if got, err := s.Settings(ctx, "alice"); err != nil || !reflect.DeepEqual(got, bot.Settings{}) {
		t.Errorf("Settings of someone who set nothing: %+v, %v; want zero", got, err)
	}
	for _, lang := range []bot.Lang{bot.Chinese, bot.English} {
		if err := s.SaveSettings(ctx, "alice", bot.Settings{Lang: lang}); err != nil {
			t.Fatalf("SaveSettings: %v", err)
		}
		if got, err := s.Settings(ctx, "alice"); err != nil || got.Lang != lang {
			t.Errorf("Settings after saving %s: %+v, %v", lang, got, err)
		}
	}
	if got, _ := s.Settings(ctx, "bob"); !reflect.DeepEqual(got, bot.Settings{}) {
		t.Errorf("bob has alice's settings: %+v", got)
	}
}

func testNotFound(t *testing.T, s bot.Store) {
	ctx := t.Context()
	r := create(t, s, salesReport("alice", "east", at(0)))
	missing := r.ID + 100
	_, err := s.Report(ctx, missing)
	mustCode(t, "Report", err, bot.ENOTFOUND)
	_, err = s.ReportHistory(ctx, missing)
	mustCode(t, "ReportHistory", err, bot.ENOTFOUND)
	ghost := clone(r)
	ghost.ID, ghost.Version = missing, 2
	mustCode(t, "UpdateReport", s.UpdateReport(ctx, ghost, nil), bot.ENOTFOUND)
}

// testCanceledContext checks that a done context stops every method and
// that nothing is half-written.
func testCanceledContext(t *testing.T, s bot.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	r := salesReport("alice", "east", at(0))
	calls := map[string]error{
		"CreateReport":    s.CreateReport(ctx, r, sendAll(&bot.Message{Text: "feed"})),
		"UpdateReport":    s.UpdateReport(ctx, r, nil),
		"EnqueueMessages": s.EnqueueMessages(ctx, []*bot.Message{{Text: "x"}}),
		"UpdateMessages":  s.UpdateMessages(ctx, nil),
		"SaveSettings":    s.SaveSettings(ctx, "alice", bot.Settings{Lang: bot.Chinese}),
	}
	_, calls["Report"] = s.Report(ctx, 1)
	_, calls["ReportHistory"] = s.ReportHistory(ctx, 1)
	_, calls["FindReports"] = s.FindReports(ctx, bot.ReportFilter{})
	_, calls["PendingMessages"] = s.PendingMessages(ctx)
	_, calls["FindMessages"] = s.FindMessages(ctx, bot.MessageFilter{})
	_, calls["Settings"] = s.Settings(ctx, "alice")
	for _, name := range slices.Sorted(maps.Keys(calls)) {
		if !errors.Is(calls[name], context.Canceled) {
			t.Errorf("%s with a canceled context: %v, want context.Canceled", name, calls[name])
		}
	}
	if found := findIDs(t, s, bot.ReportFilter{IncludeDeleted: true}); len(found) != 0 {
		t.Errorf("reports written under a canceled context: %v", found)
	}
	if pending, _ := s.PendingMessages(t.Context()); len(pending) != 0 {
		t.Errorf("messages written under a canceled context: %+v", pending)
	}
}
