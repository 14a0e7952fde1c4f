package app

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fieldloop/fieldloop/bot"
	"github.com/fieldloop/fieldloop/internal/config"
	"github.com/fieldloop/fieldloop/internal/platform"
	"github.com/fieldloop/fieldloop/schedule"
	"github.com/fieldloop/fieldloop/value"
)

// Config is everything fieldloop is told at start. Each field is declared
// once, with its variable, flag, default and check, in the methods below;
// the subcommands bind the groups they use to their flags.
type Config struct {
	DB   string // the bbolt database file
	Org  string // the org file; the demo organisation when ""
	TZ   string // a time zone overriding the org file's
	Lang string // a language overriding the org file's

	Addr       string // where serve listens
	MaxConns   int    // the most connections serve holds at once
	PublicURL  string // the server's address from outside
	AdminToken string // the bearer token of GET /admin/backup
	AdminAddr  string // where serve listens for the admin routes, when apart
	AdminURL   string // where backup finds the server holding the database

	FeedEvery    time.Duration // the marketing feed's pace per channel
	SettleAfter  time.Duration // when a post whose outcome was lost is looked up
	AckReminder  time.Duration // when unacknowledged broadcasts are reminded; 0 never
	CalendarPush string        // when the coming week's calendar goes out; "off" never
	Retention    time.Duration // how long finished messages and notification records are kept; 0 for ever

	// Platforms are the chat platforms, each with its own settings.
	Platforms []platform.Adapter
}

// NewConfig returns a Config for the given chat platforms.
func NewConfig(platforms ...platform.Adapter) *Config { return &Config{Platforms: platforms} }

// Files are the settings of every subcommand that reads the organisation
// and the database.
func (c *Config) Files() []config.Setting {
	return []config.Setting{
		config.String(&c.DB, config.Setting{Env: "FIELDLOOP_DB", Flag: "db", Default: "fieldloop.db",
			Usage: "the bbolt database file"}),
		config.String(&c.Org, config.Setting{Env: "FIELDLOOP_ORG", Flag: "org",
			Usage: "the org file (YAML); the demo organisation when unset"}),
		config.Checked(&c.TZ, checkZone, config.Setting{Env: "FIELDLOOP_TZ", Flag: "tz",
			Usage: "a time zone overriding the org file's (`Asia/Shanghai`)"}),
		config.Checked(&c.Lang, checkLang, config.Setting{Env: "FIELDLOOP_LANG", Flag: "lang",
			Usage: "the default language overriding the org file's (`en` or `zh`)"}),
	}
}

// Scheduling are the settings of the scheduler's broadcasts, for every
// subcommand that runs it.
func (c *Config) Scheduling() []config.Setting {
	return []config.Setting{
		config.DurationOrOff(&c.AckReminder, "24h", config.Setting{Env: "FIELDLOOP_ACK_REMINDER", Flag: "ack-reminder", Default: "24h",
			Usage: "how long after a broadcast reps who have not acknowledged are reminded; `off` for never"}),
		config.Checked(&c.CalendarPush, checkEvery, config.Setting{Env: "FIELDLOOP_CALENDAR_PUSH", Flag: "calendar-push", Default: "weekly mon 09:00",
			Usage: "when each region's channel gets the coming week's calendar; `off` for never"}),
	}
}

// Public is where the server is reached from outside, which the console
// needs too, for /calendar link.
func (c *Config) Public() config.Setting {
	return config.Checked(&c.PublicURL, publicURL, config.Setting{Env: "FIELDLOOP_PUBLIC_URL", Flag: "public-url",
		Usage: "the address at which `serve` is reached from outside, `https://fieldloop.example.com`, " +
			"which `/calendar link` puts in front of the feeds' paths"})
}

// Listen is where serve listens.
func (c *Config) Listen() config.Setting {
	return config.Checked(&c.Addr, config.HostPort, config.Setting{Env: "FIELDLOOP_ADDR", Flag: "addr", Default: ":8080",
		Usage: "where `serve` listens, `host:port`"})
}

// Connections bounds the connections serve holds at once.
func (c *Config) Connections() config.Setting {
	return config.Int(&c.MaxConns, 1, 1_000_000, config.Setting{Env: "FIELDLOOP_MAX_CONNS", Flag: "max-conns", Default: "1024",
		Usage: "the most HTTP connections `serve` holds at once; more wait until one closes, so that a flood of " +
			"clients cannot exhaust the process"})
}

// minAdminToken is the shortest admin token taken: it guards a copy of
// the whole database.
const minAdminToken = 32

// Admin are the admin routes' token, which serve checks and backup
// presents, and the address they listen on when apart.
func (c *Config) Admin() []config.Setting {
	return []config.Setting{
		config.Checked(&c.AdminToken, checkAdminToken, config.Setting{Env: "FIELDLOOP_ADMIN_TOKEN", Flag: "admin-token", Secret: true,
			Usage: "the bearer token of `GET /admin/backup` (the route exists only when it is set), " +
				"for `fieldloop backup` while `serve` runs; at least 32 characters"}),
		config.Checked(&c.AdminAddr, optional(config.HostPort), config.Setting{Env: "FIELDLOOP_ADMIN_ADDR", Flag: "admin-addr",
			Usage: "an address of their own for the admin routes, `host:port` such as `127.0.0.1:8081`; " +
				"they share `FIELDLOOP_ADDR` when unset"}),
	}
}

// checkAdminToken refuses a token short enough to guess, without showing
// it.
func checkAdminToken(v string) error {
	if v != "" && len(v) < minAdminToken {
		return fmt.Errorf("the token is %d characters; it guards a copy of the whole database, so give at least %d: "+
			"head -c 32 /dev/urandom | base64", len(v), minAdminToken)
	}
	return nil
}

// optional accepts "" or what check accepts.
func optional(check func(string) error) func(string) error {
	return func(v string) error {
		if v == "" {
			return nil
		}
		return check(v)
	}
}

// Backup are the settings of `fieldloop backup`.
func (c *Config) Backup() []config.Setting {
	return append(append(c.Files(), c.Listen()), append(c.Admin(),
		config.Checked(&c.AdminURL, config.BaseURL("http://127.0.0.1:8080"), config.Setting{Env: "FIELDLOOP_ADMIN_URL", Flag: "admin-url",
			Usage: "where `fieldloop backup` finds the running server that holds the database " +
				"(from `FIELDLOOP_ADMIN_ADDR`, else `FIELDLOOP_ADDR`, when unset); `backup --server URL` asks a server elsewhere"}))...)
}

// Delivery are the settings of the outbox sender.
func (c *Config) Delivery() []config.Setting {
	return []config.Setting{
		config.Duration(&c.FeedEvery, "1m or 0s", config.Setting{Env: "FIELDLOOP_FEED_EVERY", Flag: "feed-every", Default: "1m",
			Usage: "how often at most the marketing feed posts to a channel; reports in between are merged " +
				"(`0s` posts each at once); a full post lets the next follow at once"}),
		config.Duration(&c.SettleAfter, "15s", config.Setting{Env: "FIELDLOOP_SETTLE_AFTER", Flag: "settle-after", Default: "15s",
			Usage: "how long after a post whose outcome was lost (a crash, a dropped connection) fieldloop " +
				"looks it up before posting it again (longer than a post can take)"}),
	}
}

// Upkeep are the settings of serve's background upkeep.
func (c *Config) Upkeep() []config.Setting {
	return []config.Setting{
		config.DaysOrOff(&c.Retention, schedule.LongestLookback, config.Setting{Env: "FIELDLOOP_RETENTION", Flag: "retention", Default: "400d",
			Usage: "how long messages that went out and the scheduler's records of what it sent are kept; `serve` prunes " +
				"older ones in the background and `check` says what that frees (`off` keeps everything); at least " +
				"as long as the scheduler looks back (180d). Reports are never pruned"}),
	}
}

// Chat are the chat platforms' settings.
func (c *Config) Chat() []config.Setting {
	var out []config.Setting
	for _, p := range c.Platforms {
		out = append(out, p.Settings()...)
	}
	return out
}

// Server are the settings of serve and check: all of them.
func (c *Config) Server() []config.Setting {
	out := append(c.Files(), c.Listen(), c.Connections(), c.Public())
	out = append(out, c.Admin()...)
	out = append(out, c.Delivery()...)
	out = append(out, c.Scheduling()...)
	out = append(out, c.Upkeep()...)
	return append(out, c.Chat()...)
}

// Console are the console's settings.
func (c *Config) Console() []config.Setting {
	return append(append(c.Files(), c.Public()), c.Scheduling()...)
}

// Tick are the settings of `fieldloop tick`: the scheduler's, and the
// platforms' to know where its messages go.
func (c *Config) Tick() []config.Setting {
	return append(append(c.Files(), c.Scheduling()...), c.Chat()...)
}

// CheckPlatforms checks the chat platforms' settings: at least one
// platform, and each one given, complete.
func (c *Config) CheckPlatforms() error {
	var errs []error
	given := false
	for _, p := range c.Platforms {
		if p.Given() {
			given = true
			errs = append(errs, p.Check())
		}
	}
	if !given {
		hints := make([]string, len(c.Platforms))
		for i, p := range c.Platforms {
			hints[i] = p.Hint()
		}
		return errors.New("no chat platform is configured: set " + strings.Join(hints, ", or ") +
			"; to try fieldloop without a platform, run fieldloop console")
	}
	return errors.Join(errs...)
}

// Configured returns the chat platforms that run with the settings given.
func (c *Config) Configured() []platform.Adapter { return platform.Configured(c.Platforms) }

// Modes names the ways the configured platforms run ("PLATFORM (http)").
func (c *Config) Modes() string {
	var modes []string
	for _, p := range c.Platforms {
		modes = append(modes, p.Modes()...)
	}
	return strings.Join(modes, ", ")
}

// calendarPush returns when the coming week's calendar goes out, nil for
// never.
func (c *Config) calendarPush() *value.Recurrence {
	if c.CalendarPush == "off" || c.CalendarPush == "" {
		return nil
	}
	r, err := value.ParseEvery(c.CalendarPush)
	if err != nil {
		return nil // checked by checkEvery when the setting was read
	}
	return r
}

func checkZone(v string) error {
	if v == "" {
		return nil
	}
	if _, err := time.LoadLocation(v); err != nil {
		return fmt.Errorf("unknown time zone %q (example: Asia/Shanghai)", v)
	}
	return nil
}

func checkLang(v string) error {
	if _, ok := bot.ParseLang(v); v != "" && !ok {
		return fmt.Errorf("%q is not en or zh", v)
	}
	return nil
}

func checkEvery(v string) error {
	if v == "off" {
		return nil
	}
	if _, err := value.ParseEvery(v); err != nil {
		return fmt.Errorf("%q: %v (example: weekly mon 09:00, or off)", v, err)
	}
	return nil
}

var publicURL = config.BaseURL("https://fieldloop.example.com")

// All returns every setting once, in the order of the README's table.
func (c *Config) All() []config.Setting {
	var out []config.Setting
	seen := map[string]bool{}
	for _, s := range append(c.Backup(), c.Server()...) {
		if !seen[s.Env] {
			seen[s.Env] = true
			out = append(out, s)
		}
	}
	return out
}
