package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const (
	// scheduleLead is the least time from adding a schedule to its
	// deadline: room for the command's answer before the minute turns.
	scheduleLead = 3 * time.Second
	// queueWait bounds the wait for the reminders to be queued after they
	// fall due: serve's scheduler ticks on the minute.
	queueWait = 30 * time.Second
	// quiet is how long without a new direct message before the wait
	// asks serve whether its outbox is empty: what is left may have
	// failed.
	quiet = 2 * time.Second
	// askEvery spaces those questions: each reads every pending message.
	askEvery = 5 * time.Second
	// clockTicks is the unit of /proc's CPU times (USER_HZ, which Linux
	// keeps at 100 for /proc whatever the kernel's own rate).
	clockTicks = 100
)

// fanWait is a run while its reminders go out.
type fanWait struct {
	p      *process
	base   string    // serve's base URL
	from   mark      // when the reminders fell due
	queued int       // reminders queued, once known
	asked  time.Time // when serve's metrics were last read
}

// mark is a moment of a run with the CPU time, in seconds, that serve and
// this program had used by then.
type mark struct {
	at                time.Time
	serveCPU, selfCPU float64
}

// runOnce starts serve, has the admin add a schedule, lets its reminders
// fall due, waits for them to go out, stops serve and says what happened.
func (f *FanOut) runOnce(ctx context.Context, e *fanEnv, name string) (*FanOutRun, error) {
	f.progress("%s run: starting fieldloop serve", name)
	p, base, err := startServe(ctx, e.bin, e.env, e.log(name))
	if err != nil {
		return nil, err
	}
	run := &FanOutRun{Name: name}
	w := &fanWait{p: p, base: base}
	if run.Deadline, err = e.addSchedule(ctx, base, e.lastDeadline); err == nil {
		e.lastDeadline = run.Deadline
		if err = f.fallDue(ctx, e, run, w); err == nil {
			err = f.await(ctx, e, run, w)
		}
	}
	if err != nil {
		_ = w.p.stop()
		return nil, err
	}
	return run, f.finish(ctx, e, run, w)
}

// log is the file of a serve's standard error.
func (e *fanEnv) log(name string) string {
	return filepath.Join(e.dir, "serve-"+strings.ReplaceAll(name, " ", "-")+".log")
}

// addSchedule has the admin add, with a signed Slack command, a daily
// schedule of sales reports from every rep, due at the first whole minute
// at least scheduleLead away and after the deadline before, and returns
// that deadline. The reminders name their deadline: each run's differs.
func (e *fanEnv) addSchedule(ctx context.Context, base string, before time.Time) (time.Time, error) {
	d := time.Now().Add(scheduleLead).Truncate(time.Minute).Add(time.Minute).UTC()
	if !d.After(before) {
		d = before.Add(time.Minute)
	}
	text := fmt.Sprintf(`add kind=sales audience=all every="daily %s" tz=UTC`, d.Format("15:04"))
	body := url.Values{"command": {"/schedule"}, "text": {text}, "user_id": {adminSlackID}, "channel_id": {"C0FANOUT"},
		"team_id": {"T0LOADTEST"}, "trigger_id": {randomHex(8)}}.Encode()
	resp, err := postSigned(ctx, &http.Client{Timeout: requestTimeout}, base+"/slack/commands", e.secret, body)
	if err != nil {
		return time.Time{}, fmt.Errorf("/schedule add: %w", err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK || !bytes.Contains(out, []byte("Added:")) {
		return time.Time{}, fmt.Errorf("/schedule add: status %d: %s", resp.StatusCode, snippet(out))
	}
	return d, nil
}

// fallDue lets the run's reminders fall due, as -trigger says, and starts
// the count there.
func (f *FanOut) fallDue(ctx context.Context, e *fanEnv, run *FanOutRun, w *fanWait) error {
	if f.Trigger == triggerTick {
		return f.tickThenServe(ctx, e, run, w)
	}
	e.fakes.reset()
	f.progress("%s run: waiting for the deadline, %s", run.Name, run.Deadline.Format(time.TimeOnly+" MST"))
	if err := sleepUntil(ctx, run.Deadline); err != nil {
		return err
	}
	run.TimedFrom = "the deadline"
	w.from = mark{at: run.Deadline, serveCPU: procCPU(w.p.cmd.Process.Pid), selfCPU: selfCPU()}
	return nil
}

// tickThenServe stops serve, queues the reminders with `fieldloop tick`
// and starts serve again, which sends them.
func (f *FanOut) tickThenServe(ctx context.Context, e *fanEnv, run *FanOutRun, w *fanWait) error {
	if err := w.p.stop(); err != nil {
		return fmt.Errorf("fieldloop serve: %w%s", err, w.p.logTail())
	}
	n, err := e.tick(ctx, run.Deadline)
	if err != nil {
		return err
	}
	e.fakes.reset()
	f.progress("%s run: %d reminders queued by fieldloop tick; starting serve to send them", run.Name, n)
	run.TimedFrom = "serve's start"
	// serve's CPU counts from its start: zero.
	from := mark{at: time.Now(), selfCPU: selfCPU()}
	p, base, err := startServe(ctx, e.bin, e.env, e.log(run.Name+" sending"))
	if err != nil {
		return err
	}
	w.p, w.base, w.from, w.queued = p, base, from, n
	return nil
}

// tick runs `fieldloop tick --at` on the stopped server's database and
// counts the reminders it queued.
func (e *fanEnv) tick(ctx context.Context, at time.Time) (int, error) {
	cmd := exec.CommandContext(ctx, e.bin, "tick", "--at", at.Format(time.RFC3339), "--format", "jsonl")
	cmd.Env = e.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("fieldloop tick: %w: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	return bytes.Count(out, []byte(`"type":"reminder"`)), nil
}

// await waits until every rep has a direct message and serve's outbox is
// empty, or until it is empty after a quiet spell (what is left has
// failed), or for the timeout.
func (f *FanOut) await(ctx context.Context, e *fanEnv, run *FanOutRun, w *fanWait) error {
	f.progress("%s run: waiting for %d reps' reminders (at most %s)", run.Name, len(e.reps), f.Timeout)
	end := w.from.at.Add(f.Timeout)
	for {
		done, err := w.doneYet(ctx, e)
		if done || err != nil {
			return err
		}
		if time.Now().After(end) {
			run.TimedOut = true
			return nil
		}
		if err := sleepUntil(ctx, time.Now().Add(100*time.Millisecond)); err != nil {
			return err
		}
	}
}

// doneYet asks serve's metrics whether its outbox is empty once every rep
// has a message (each second), or when none came for a while (each
// askEvery): the metrics read every pending message.
func (w *fanWait) doneYet(ctx context.Context, e *fanEnv) (bool, error) {
	now := time.Now()
	all := e.fakes.received() >= len(e.reps)
	gap := askEvery
	if all {
		gap = time.Second
	}
	if now.Sub(w.asked) < gap || !all && now.Sub(later(e.fakes.lastDM(), w.from.at)) < quiet {
		return false, nil
	}
	w.asked = now
	queued, pending, err := scrapeOutbox(ctx, w.base)
	if err != nil {
		return false, err
	}
	w.queued = max(w.queued, queued)
	if w.queued == 0 && now.Sub(w.from.at) > queueWait {
		return false, fmt.Errorf("%w %s after they fell due%s", errNoReminders, queueWait, w.p.logTail())
	}
	return w.queued > 0 && pending == 0, nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// scrapeOutbox reads from serve's /metrics how many reminders its
// scheduler queued and how many messages wait in its outbox.
func scrapeOutbox(ctx context.Context, base string) (queued, pending int, err error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, 0, fmt.Errorf("read serve's metrics: %w", err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, value, _ := strings.Cut(sc.Text(), " ")
		n, _ := strconv.ParseFloat(value, 64)
		switch {
		case name == "fieldloop_outbox_pending":
			pending = int(n)
		case strings.HasPrefix(name, "fieldloop_notifications_total{") && strings.Contains(name, `type="reminder"`) &&
			strings.Contains(name, `fate="sent"`):
			queued = int(n)
		}
	}
	return queued, pending, sc.Err()
}

// finish stops serve and fills in the run's results.
func (f *FanOut) finish(ctx context.Context, e *fanEnv, run *FanOutRun, w *fanWait) error {
	end := mark{at: time.Now(), serveCPU: procCPU(w.p.cmd.Process.Pid), selfCPU: selfCPU()}
	f.progress("%s run: stopping serve", run.Name)
	if err := w.p.stop(); err != nil {
		return fmt.Errorf("fieldloop serve: %w%s", err, w.p.logTail())
	}
	run.Queued, run.ServeCPU, run.HarnessCPU = w.queued, end.serveCPU-w.from.serveCPU, end.selfCPU-w.from.selfCPU
	run.ServeCPUTotal, run.ServerLog = w.p.cpu(), w.p.problems()
	run.tally(e.reps, e.fakes, w.from.at, f.ceilings())
	var err error
	// The reminders of this run name its deadline, as each rep's zone
	// (the org's, UTC) writes it.
	run.Outbox, err = messageStatuses(ctx, e.bin, e.db, e.env, run.Deadline.Format("2006-01-02 15:04"))
	return err
}

// sleepUntil waits until t, or returns ctx's error.
func sleepUntil(ctx context.Context, t time.Time) error {
	timer := time.NewTimer(time.Until(t))
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// procCPU reads a running process's CPU time, user and system, in
// seconds, from /proc; 0 where there is none.
func procCPU(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	i := bytes.LastIndexByte(b, ')') // the command's name may hold spaces
	if err != nil || i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	user, _ := strconv.ParseFloat(f[11], 64)
	sys, _ := strconv.ParseFloat(f[12], 64)
	return (user + sys) / clockTicks
}

// selfCPU is this program's CPU time so far, in seconds: the fake
// platforms and the polling, all in this process.
func selfCPU() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
