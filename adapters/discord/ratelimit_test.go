package discord_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	discordadapter "github.com/fieldloop/fieldloop/adapters/discord"
	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/discordtest"
	"github.com/fieldloop/fieldloop/internal/kit"
)

// checkNoEarly fails t if the fake Discord saw a request it had said to
// hold back, or had to answer a 429 that nobody scripted.
func checkNoEarly(t *testing.T, d *discordtest.Server, scripted int) {
	t.Helper()
	for _, c := range d.Early() {
		t.Errorf("sent while Discord said to wait: %s %s at %v", c.Method, c.Path, c.At)
	}
	if n := len(d.Limited()); n != scripted {
		t.Errorf("%d 429s, want the %d scripted", n, scripted)
	}
}

// deliverAll delivers msgs as the outbox sender does, one after the
// other, waiting out a RetryAfterError before trying the message again;
// it returns how many it met.
func deliverAll(t *testing.T, a *discordadapter.Adapter, msgs []*bot.Message) int {
	t.Helper()
	retries := 0
	for _, m := range msgs {
		for {
			err := a.Deliver(context.Background(), m)
			var ra *bot.RetryAfterError
			if !errors.As(err, &ra) {
				if err != nil {
					t.Fatalf("deliver %q: %v", m.Text, err)
				}
				break
			}
			retries++
			time.Sleep(ra.After)
		}
	}
	return retries
}

// A burst of posts is paced by the buckets that Discord's headers
// describe: no request goes into a bucket known empty, so no 429 is
// provoked. A short wait is waited; a longer one goes back to the outbox
// as a RetryAfterError, without a request. The bot's requests also keep
// to the global 50 a second.
func TestDeliverPacedByBuckets(t *testing.T) {
	tests := []struct {
		name     string
		bucket   discordtest.Bucket
		posts    int
		channels int           // the posts go round this many channels
		senders  int           // delivering at once, each its share
		retries  int           // RetryAfterErrors met, for one sender
		span     time.Duration // from the first post to the last; 0: not checked
	}{
		{"5 per 5 s, waited", discordtest.Bucket{ID: "msgs", Limit: 5, Window: 5 * time.Second}, 12, 1, 1, 0, 10 * time.Second},
		{"5 per 60 s, back to the outbox", discordtest.Bucket{ID: "msgs", Limit: 5, Window: time.Minute}, 12, 1, 1, 2, 2 * time.Minute},
		{"5 per 5 s, four senders at once", discordtest.Bucket{ID: "msgs", Limit: 5, Window: 5 * time.Second}, 12, 1, 4, -1, 0},
		{"the global limit", discordtest.Bucket{ID: "msgs", Limit: 5, Window: 5 * time.Second}, 120, 120, 1, 0, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newBubbleEnv(t, nil)
				e.discord.SetBucket("POST /channels/{channel}/messages", tt.bucket)
				shares := make([][]*bot.Message, tt.senders)
				for i := range tt.posts {
					ch := fmt.Sprintf("9100000000000%05d", i%tt.channels)
					m := &bot.Message{ID: uint64(i + 1), To: bot.Destination{Platform: discordadapter.Platform, Channel: true, ID: ch}, Text: fmt.Sprintf("post %03d", i)}
					shares[i%tt.senders] = append(shares[i%tt.senders], m)
				}
				start := time.Now()
				var wg sync.WaitGroup
				retries := make([]int, tt.senders)
				for i, share := range shares {
					wg.Go(func() { retries[i] = deliverAll(t, e.adapter, share) })
				}
				wg.Wait()

				checkNoEarly(t, e.discord, 0)
				posts := e.discord.Calls("POST /channels/")
				seen := map[string]int{}
				for _, c := range posts {
					seen[c.JSON(t)["content"].(string)]++
				}
				if len(posts) != tt.posts || len(seen) != tt.posts {
					t.Errorf("%d posts of %d messages, want each of %d once", len(posts), len(seen), tt.posts)
				}
				if tt.retries >= 0 && retries[0] != tt.retries {
					t.Errorf("%d RetryAfterErrors, want %d", retries[0], tt.retries)
				}
				if last := posts[len(posts)-1].At.Sub(start); tt.span != 0 && last != tt.span {
					t.Errorf("the last post went after %v, want %v", last, tt.span)
				}
			})
		})
	}
}

// A global 429 holds every request with the bot's token until its wait
// is over: an outbox post to another channel or to a person goes back to
// the outbox at once, and registration (which may wait) waits, as long
// as its context lets it. Follow-ups are not held: Discord does not bind
// the interaction endpoints by the global limit.
func TestGlobalLimitHoldsEveryRoute(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		long := bot.Command{Name: "long", Run: func(context.Context, *bot.Request) (*bot.Reply, error) {
			return &bot.Reply{Text: longText(30)}, nil
		}}
		e := newBubbleEnv(t, nil, long)
		e.discord.RateLimit(discordtest.GlobalLimit)
		start := time.Now()
		hold := start.Add(64570 * time.Millisecond)
		post := func(to bot.Destination) error {
			return e.adapter.Deliver(context.Background(), &bot.Message{ID: 1, To: to, Text: "hi"})
		}
		err := post(bot.Destination{Platform: discordadapter.Platform, Channel: true, ID: mkt})
		var ra *bot.RetryAfterError
		if !errors.As(err, &ra) || !ra.Global || ra.After != 64570*time.Millisecond {
			t.Fatalf("the post that met the global 429: %v", err)
		}

		held := []struct {
			name string
			do   func() error
		}{
			{"a post to another channel", func() error {
				return post(bot.Destination{Platform: discordadapter.Platform, Channel: true, ID: east})
			}},
			{"a direct message (opening its channel)", func() error {
				return post(bot.Destination{Platform: discordadapter.Platform, ID: alice})
			}},
		}
		for _, h := range held {
			err := h.do()
			if !errors.As(err, &ra) || !ra.Global || ra.After != 64570*time.Millisecond {
				t.Errorf("%s during the global limit: %v", h.name, err)
			}
		}
		if n := len(e.discord.Calls("")); n != 1 {
			t.Errorf("%d requests during the global limit, want only the one that met it", n)
		}

		e.send(e.slash(alice, "en-US", "long"))
		e.adapter.Wait()
		if n := len(e.discord.Calls("POST /webhooks/")); n == 0 || time.Now().After(start) {
			t.Errorf("follow-ups: %d, sent after %v", n, time.Since(start))
		}

		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := e.adapter.RegisterCommands(ctx); err == nil || time.Since(start) > 0 {
			t.Errorf("registration whose context ends before the hold: %v after %v", err, time.Since(start))
		}
		ctx, stop := context.WithCancel(context.Background())
		time.AfterFunc(10*time.Second, stop)
		if err := e.adapter.RegisterCommands(ctx); !errors.Is(err, context.Canceled) || time.Since(start) != 10*time.Second {
			t.Errorf("registration cancelled while it waits: %v after %v", err, time.Since(start))
		}
		if err := e.adapter.RegisterCommands(context.Background()); err != nil {
			t.Fatal(err)
		}
		if put := e.discord.Calls("PUT /"); len(put) != 1 || !put[0].At.Equal(hold) {
			t.Errorf("registration: %+v, want one PUT once the hold is over", put)
		}
		for _, h := range held {
			if err := h.do(); err != nil {
				t.Errorf("%s after the global limit: %v", h.name, err)
			}
		}
		checkNoEarly(t, e.discord, 1)
	})
}

// longText is n numbered lines of 83 characters: a reply that Discord
// takes in several messages.
func longText(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%02d %s\n", i, strings.Repeat("·", 80))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// A reply in several messages whose follow-up or late edit Discord
// answers with a 429 is sent again once the wait is over: it arrives
// whole, each part once, and nothing goes before Discord said it may.
// When the wait would outlast the interaction token's 15 minutes, the
// rest is given up, with a log line that holds no token.
func TestRepliesWaitOutRateLimits(t *testing.T) {
	tests := []struct {
		name    string
		command string
		calls   string // the calls the script limits
		script  []discordtest.Limit
		whole   bool
	}{
		{"second follow-up of /report list, 64.57 s", "report", "POST /webhooks/", []discordtest.Limit{0, discordtest.UserLimit}, true},
		{"a late answer's edit, 64.57 s", "slow", "PATCH /webhooks/", []discordtest.Limit{discordtest.UserLimit}, true},
		{"a global 429 on a follow-up", "report", "POST /webhooks/", []discordtest.Limit{discordtest.GlobalLimit}, true},
		{"second follow-up, 1336.57 s: past the token", "report", "POST /webhooks/", []discordtest.Limit{0, discordtest.SharedLimit}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				logs := &kit.LockedBuffer{}
				var text string
				slow := bot.Command{Name: "slow", Run: func(context.Context, *bot.Request) (*bot.Reply, error) {
					time.Sleep(5 * time.Second) // past Discord's 3 seconds: the answer is deferred
					return &bot.Reply{Text: text}, nil
				}}
				e := newBubbleEnv(t, func(c *discordadapter.Config) { c.Logger = slog.New(slog.NewTextHandler(logs, nil)) }, slow)
				for i := range 20 {
					e.app.As("alice", fmt.Sprintf(`/report sales outlet="Outlet %02d" units=3 note=%q`, i, strings.Repeat("a busy week ", 20)))
				}
				text = e.app.As("alice", "/report list").Text
				e.discord.RateLimitCalls(tt.calls, tt.script...)

				it := e.slash(alice, "en-US", tt.command, subcommand("list"))
				if tt.command == "slow" {
					it = e.slash(alice, "en-US", "slow")
				}
				a := e.send(it)
				e.adapter.Wait()

				var parts []string
				if a.Type == 4 {
					parts = append(parts, a.Data.Content)
				}
				for _, c := range e.discord.Calls("") {
					if c.Status == 200 && strings.HasPrefix(c.Path, "/webhooks/") {
						parts = append(parts, c.JSON(t)["content"].(string))
					}
				}
				got := strings.Join(parts, "\n")
				for i := range 20 {
					n := strings.Count(got, fmt.Sprintf("Outlet %02d", i))
					if tt.whole && n != 1 || !tt.whole && n > 1 {
						t.Errorf("Outlet %02d arrived %d times", i, n)
					}
				}
				if tt.whole && len(parts) < 3 {
					t.Errorf("the reply came in %d parts; the test wants 3 or more", len(parts))
				}
				checkNoEarly(t, e.discord, 1)
				token := it["token"].(string)
				if strings.Contains(logs.String(), token) {
					t.Errorf("the token is in the log: %s", logs)
				}
				if gaveUp := strings.Contains(logs.String(), "interaction token"); gaveUp == tt.whole {
					t.Errorf("gave up: %v, want %v; log:\n%s", gaveUp, !tt.whole, logs)
				}
			})
		})
	}
}

// At shutdown, Close gives up a follow-up that waits for a rate limit,
// so that Wait returns at once instead of after Discord's wait; the rest
// of the reply is logged as not sent.
func TestCloseGivesUpWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		logs := &kit.LockedBuffer{}
		long := bot.Command{Name: "long", Run: func(context.Context, *bot.Request) (*bot.Reply, error) {
			return &bot.Reply{Text: longText(60)}, nil
		}}
		e := newBubbleEnv(t, func(c *discordadapter.Config) { c.Logger = slog.New(slog.NewTextHandler(logs, nil)) }, long)
		e.discord.RateLimitCalls("POST /webhooks/", discordtest.UserLimit)
		start := time.Now()
		e.send(e.slash(alice, "en-US", "long"))
		synctest.Wait() // the follow-up waits out the 429
		e.adapter.Close()
		e.adapter.Wait()
		if waited := time.Since(start); waited > 0 {
			t.Errorf("Wait returned after %v", waited)
		}
		if n := len(e.discord.Calls("POST /webhooks/")); n != 1 {
			t.Errorf("%d follow-ups, want only the one that met the 429", n)
		}
		if !strings.Contains(logs.String(), "fieldloop is stopping") {
			t.Errorf("log:\n%s", logs)
		}
	})
}
