package discordtest

import (
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// GlobalPerSecond is Discord's global limit: requests with the bot's
// token in any one second (rate-limits.mdx, "Global Rate Limit"). The
// interaction endpoints, which carry no token, are not bound by it.
const GlobalPerSecond = 50

// Bucket is one of Discord's per-route rate limits: Limit requests for
// each resource (a channel, a guild, a webhook) in a window that opens
// at the first of them and closes Window later.
type Bucket struct {
	ID     string // X-RateLimit-Bucket
	Limit  int
	Window time.Duration
}

// defaultBucket is the bucket of a route no test set: so generous that
// only a runaway client empties it, so that tests about other things
// never wait. Its id is derived from the route, as Discord's are opaque.
func defaultBucket(route string) Bucket {
	h := fnv.New64a()
	io.WriteString(h, route)
	return Bucket{ID: fmt.Sprintf("%016x", h.Sum64()), Limit: 1000, Window: time.Second}
}

// SetBucket puts route ("POST /channels/{channel}/messages", see
// RouteOf) under b from now on. Routes given the same bucket id share it.
func (s *Server) SetBucket(route string, b Bucket) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits.buckets[route] = b
}

// limits is Discord's rate limiting as the fake keeps it.
type limits struct {
	buckets map[string]Bucket    // route → its bucket, as SetBucket set it
	windows map[string]*window   // bucket id + resource → its open window
	holds   map[string]time.Time // route + resource → the end of a 429's wait
	global  time.Time            // the end of a global 429's wait
	recent  []time.Time          // the bot's requests within the last second
}

func newLimits() limits {
	return limits{buckets: map[string]Bucket{}, windows: map[string]*window{}, holds: map[string]time.Time{}}
}

// window is a bucket's count since it last reset.
type window struct {
	end   time.Time
	count int
}

// RouteOf names the rate-limited route of a call, and the top-level
// resource that Discord counts it against (rate-limits.mdx: a channel, a
// guild, a webhook with its token): "POST /channels/{channel}/messages"
// and the channel's id.
func RouteOf(method, path string) (route, resource string) {
	parts := strings.Split(path, "/")
	for i := 1; i < len(parts); i++ {
		name := ""
		switch parts[i-1] {
		case "channels", "guilds", "webhooks", "interactions":
			name = "{" + strings.TrimSuffix(parts[i-1], "s") + "}"
			resource = parts[i]
			if parts[i-1] == "webhooks" && i+1 < len(parts) {
				resource += "/" + parts[i+1]
			}
		default:
			if i >= 2 && (parts[i-2] == "webhooks" || parts[i-2] == "interactions") {
				name = "{token}"
			} else if parts[i] != "" && strings.Trim(parts[i], "0123456789") == "" {
				name = "{id}"
			}
		}
		if name != "" {
			parts[i] = name
		}
	}
	return method + " " + strings.Join(parts, "/"), resource
}

// limit answers c with a 429 if a script or a limit says so, and reports
// whether it did; otherwise it counts c in its bucket and sets the
// bucket's headers. It marks c Early when Discord would count it invalid.
func (s *Server) limit(w http.ResponseWriter, c *Call) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := &s.limits
	now := c.At
	route, resource := RouteOf(c.Method, c.Path)
	held := route + " " + resource
	bot := c.Auth != ""
	b, ok := l.buckets[route]
	if !ok {
		b = defaultBucket(route)
	}
	key := b.ID + " " + resource
	win := l.windows[key]
	if win == nil || !now.Before(win.end) {
		win = &window{end: now.Add(b.Window)}
		l.windows[key] = win
	}
	l.recent = within(l.recent, now)
	c.Early = win.count >= b.Limit || now.Before(l.holds[held]) || bot && now.Before(l.global)

	if lim := s.scripted(c); lim != 0 {
		after := time.Duration(limited[lim].retryAfter * float64(time.Second))
		if lim == GlobalLimit {
			l.global = now.Add(after)
		} else {
			l.holds[held] = now.Add(after)
		}
		writeLimit(w, limited[lim].headers, limited[lim].body)
		return true
	}
	switch {
	case bot && now.Before(l.global):
		tooMany(w, l.global.Sub(now), true, nil)
		return true
	case bot && len(l.recent) >= GlobalPerSecond:
		l.global = l.recent[0].Add(time.Second)
		tooMany(w, l.global.Sub(now), true, nil)
		return true
	case now.Before(l.holds[held]):
		tooMany(w, l.holds[held].Sub(now), false, nil)
		return true
	case win.count >= b.Limit:
		tooMany(w, win.end.Sub(now), false, bucketHeaders(b, win, now))
		return true
	}
	win.count++
	if bot {
		l.recent = append(l.recent, now)
	}
	for _, h := range bucketHeaders(b, win, now) {
		w.Header().Set(h[0], h[1])
	}
	return false
}

// within keeps the times of ts in the second up to now.
func within(ts []time.Time, now time.Time) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(now.Add(-time.Second)) {
		i++
	}
	return ts[i:]
}

// scripted returns the next scripted 429 for c, using it up, or 0.
func (s *Server) scripted(c *Call) Limit {
	for i := range s.scripts {
		sc := &s.scripts[i]
		if len(sc.limits) == 0 || !startsWith(sc.prefix)(*c) {
			continue
		}
		l := sc.limits[0]
		sc.limits = sc.limits[1:]
		return l
	}
	return 0
}

// bucketHeaders are the X-RateLimit-* headers of b's window as of now.
func bucketHeaders(b Bucket, win *window, now time.Time) [][2]string {
	return [][2]string{
		{"X-RateLimit-Limit", strconv.Itoa(b.Limit)},
		{"X-RateLimit-Remaining", strconv.Itoa(max(0, b.Limit-win.count))},
		{"X-RateLimit-Reset", seconds(time.Duration(win.end.UnixNano()))},
		{"X-RateLimit-Reset-After", seconds(win.end.Sub(now))},
		{"X-RateLimit-Bucket", b.ID},
	}
}

// tooMany answers a 429 as Discord does, to wait after (headers, if
// any, are the bucket's).
func tooMany(w http.ResponseWriter, after time.Duration, global bool, headers [][2]string) {
	headers = append(headers, [2]string{"Retry-After", strconv.Itoa(int(math.Ceil(after.Seconds())))})
	scope := "user"
	if global {
		headers = append(headers, [2]string{"X-RateLimit-Global", "true"})
		scope = "global"
	}
	headers = append(headers, [2]string{"X-RateLimit-Scope", scope})
	writeLimit(w, headers, fmt.Sprintf(`{"message": "You are being rate limited.", "retry_after": %s, "global": %t}`, seconds(after), global))
}

func writeLimit(w http.ResponseWriter, headers [][2]string, body string) {
	for _, h := range headers {
		w.Header().Set(h[0], h[1])
	}
	w.WriteHeader(http.StatusTooManyRequests)
	io.WriteString(w, body)
}

// seconds writes d as Discord does, in seconds with milliseconds, rounded
// up so that a client that waits that long waits long enough.
func seconds(d time.Duration) string {
	ms := (d + time.Millisecond - 1) / time.Millisecond
	return strconv.FormatFloat(float64(ms)/1000, 'f', 3, 64)
}
