package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

const (
	// modulePath is fieldloop's module, built when no -bin is given.
	modulePath = "github.com/fieldloop/fieldloop"
	// startTimeout bounds the wait for a started server to answer.
	startTimeout = 30 * time.Second
	// stopTimeout bounds the wait for a server to exit after SIGTERM;
	// serve lets requests finish for 10 s at most.
	stopTimeout = 20 * time.Second
)

// runFieldloop builds fieldloop unless given a binary, serves it against
// a fake Slack with a fresh database in dir, drives it, stops it and
// checks the export against the answers.
func (m *Main) runFieldloop(ctx context.Context, dir string, w *workload, s *Summary) error {
	bin, err := fieldloopBinary(ctx, m.Bin, dir, m.progress)
	if err != nil {
		return err
	}
	fake, err := startFakeSlack(slackConfig{Chinese: chinese(w.Senders)})
	if err != nil {
		return err
	}
	defer fake.Close()
	w.ResponseURL = fake.URL + "/respond"

	db := filepath.Join(dir, "fieldloop.db")
	env := append(cleanEnv(), "FIELDLOOP_DB="+db, "SLACK_BOT_TOKEN=xoxb-loadtest",
		secretVar+"="+w.Secret, "SLACK_API_URL="+fake.URL+"/api/")
	if m.Org != "" {
		org, err := filepath.Abs(m.Org)
		if err != nil {
			return err
		}
		env = append(env, "FIELDLOOP_ORG="+org)
	}
	m.progress("starting fieldloop serve")
	p, base, err := startServe(ctx, bin, env, filepath.Join(dir, "serve.log"))
	if err != nil {
		return err
	}
	m.progress("driving fieldloop for %s after a %s warm-up, %d clients", m.Duration, m.Warmup, m.Clients)
	w.URL = base + "/slack/commands"
	s.Fieldloop = drive(ctx, w, m.Clients, m.Warmup, m.Duration)
	m.progress("stopping fieldloop serve")
	if err := p.stop(); err != nil {
		return fmt.Errorf("fieldloop serve: %w%s", err, p.logTail())
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.Fieldloop.ServerCPU = p.cpu()
	s.ServerLog = p.problems()
	s.SlackCalls = fake.Calls()

	exported, err := exportedIDs(ctx, bin, db, env)
	if err != nil {
		return err
	}
	s.Export = compare(s.Fieldloop.saved, exported)
	statuses, err := messageStatuses(ctx, bin, db, env, "")
	s.OutboxPending = statuses["pending"]
	return err
}

// startServe runs `fieldloop serve` with env on a free loopback port, its
// standard error in the file log, and waits until it answers /healthz.
// It returns the process and its base URL.
func startServe(ctx context.Context, bin string, env []string, log string) (*process, string, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, "", err
	}
	cmd := exec.CommandContext(ctx, bin, "serve")
	cmd.Env = append(slices.Clip(env), "FIELDLOOP_ADDR="+addr)
	p, err := start(cmd, log)
	if err != nil {
		return nil, "", err
	}
	base := "http://" + addr
	if err := p.waitHealthy(ctx, base+"/healthz"); err != nil {
		_ = p.stop()
		return nil, "", fmt.Errorf("fieldloop serve: %w%s", err, p.logTail())
	}
	return p, base, nil
}

// fieldloopBinary returns bin, or when it is empty fieldloop built from the
// module's source into dir.
func fieldloopBinary(ctx context.Context, bin, dir string, progress func(string, ...any)) (string, error) {
	if bin != "" {
		return bin, nil
	}
	progress("building fieldloop")
	return build(ctx, dir)
}

// build compiles fieldloop from its module's source into dir.
func build(ctx context.Context, dir string) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}", modulePath).Output()
	if err != nil {
		return "", fmt.Errorf("find the %s module (run the load test inside it, or give -bin): %w", modulePath, err)
	}
	bin := filepath.Join(dir, "fieldloop")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	cmd.Dir = strings.TrimSpace(string(out))
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	return bin, nil
}

// cleanEnv is this process's environment without fieldloop's, Slack's and
// Discord's variables, so that the servers run only with what the load
// test gives them (a DISCORD_BOT_TOKEN in the shell would connect to
// Discord).
func cleanEnv() []string {
	return slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "FIELDLOOP_") || strings.HasPrefix(kv, "SLACK_") || strings.HasPrefix(kv, "DISCORD_")
	})
}

// freeAddr returns a loopback address with a port that was free a moment
// ago.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// process is a server started by the load test, with its standard error
// in a file.
type process struct {
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	err  error // Wait's result, set when done is closed
}

// start runs cmd with its standard error in the file log. When cmd's
// context ends, the process gets SIGTERM, and SIGKILL after stopTimeout.
func start(cmd *exec.Cmd, log string) (*process, error) {
	f, err := os.Create(log)
	if err != nil {
		return nil, err
	}
	defer f.Close() // the child has its own copy
	cmd.Stderr = f
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = stopTimeout
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &process{cmd: cmd, log: log, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// waitHealthy polls url until it answers 200.
func (p *process) waitHealthy(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-p.done:
			return fmt.Errorf("exited before answering: %v", p.err)
		case <-ctx.Done():
			return fmt.Errorf("no 200 from %s: %w", url, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// stop sends SIGTERM and waits for the process to exit, killing it after
// stopTimeout. It returns an error unless the process exited 0.
func (p *process) stop() error {
	select {
	case <-p.done:
		return p.exitErr()
	default:
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	select {
	case <-p.done:
		return p.exitErr()
	case <-time.After(stopTimeout):
		_ = p.cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("still running %s after SIGTERM; killed", stopTimeout)
	}
}

// cpu is the CPU time, in seconds, of the process, which has exited.
func (p *process) cpu() float64 {
	st := p.cmd.ProcessState
	return (st.UserTime() + st.SystemTime()).Seconds()
}

func (p *process) exitErr() error {
	if p.err != nil {
		return fmt.Errorf("exited: %w", p.err)
	}
	return nil
}

// logTail is the end of the process's standard error, for an error
// message.
func (p *process) logTail() string {
	b, _ := os.ReadFile(p.log)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return "\n" + strings.Join(lines, "\n")
}

// problems lists the warnings and errors that fieldloop logged (JSON
// lines), each message once with how often it came.
func (p *process) problems() []string {
	f, err := os.Open(p.log)
	if err != nil {
		return []string{err.Error()}
	}
	defer f.Close()
	count := map[string]int{}
	var order []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line struct {
			Level string `json:"level"`
			Msg   string `json:"msg"`
			Err   string `json:"err"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil || (line.Level != "WARN" && line.Level != "ERROR") {
			continue
		}
		key := line.Level + " " + line.Msg
		if line.Err != "" {
			key += ": " + line.Err
		}
		if count[key] == 0 {
			order = append(order, key)
		}
		count[key]++
	}
	out := make([]string, len(order))
	for i, k := range order {
		out[i] = fmt.Sprintf("%s (×%d)", k, count[k])
	}
	return out
}

// exportedIDs runs `fieldloop export reports` on the stopped server's
// database and returns the reports' ids.
func exportedIDs(ctx context.Context, bin, db string, env []string) ([]uint64, error) {
	var ids []uint64
	err := export(ctx, bin, db, env, "reports", func(dec *json.Decoder) error {
		var r struct {
			ID uint64 `json:"id"`
		}
		err := dec.Decode(&r)
		ids = append(ids, r.ID)
		return err
	})
	return ids, err
}

// messageStatuses counts the messages of `fieldloop export messages` on
// the stopped server's database, by status, among those whose text has
// in it (all when in is empty).
func messageStatuses(ctx context.Context, bin, db string, env []string, in string) (map[string]int, error) {
	n := map[string]int{}
	err := export(ctx, bin, db, env, "messages", func(dec *json.Decoder) error {
		var m struct {
			Text   string `json:"text"`
			Status string `json:"status"`
		}
		err := dec.Decode(&m)
		if err == nil && strings.Contains(m.Text, in) {
			n[m.Status]++
		}
		return err
	})
	return n, err
}

// export runs `fieldloop export what` as JSON Lines and calls decode for
// each line.
func export(ctx context.Context, bin, db string, env []string, what string, decode func(*json.Decoder) error) error {
	cmd := exec.CommandContext(ctx, bin, "export", what, "--db", db, "--format", "jsonl")
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("fieldloop export %s: %w: %s", what, err, bytes.TrimSpace(stderr.Bytes()))
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		if err := decode(dec); err != nil {
			return fmt.Errorf("fieldloop export %s: read its output: %w", what, err)
		}
	}
	return nil
}

// ExportCheck compares the reports answered as saved with those exported
// after the server stopped.
type ExportCheck struct {
	Saved    int `json:"saved"`    // answers that said a report was saved, warm-up included
	Exported int `json:"exported"` // reports in the export
	// Missing are saved reports the export does not have: lost.
	Missing []uint64 `json:"missing,omitempty"`
	// Unanswered counts exported reports whose saving no answer reported,
	// such as one saved after its request gave up waiting.
	Unanswered int `json:"unanswered"`
	// Duplicates counts answers naming a report that another answer
	// already named.
	Duplicates int `json:"duplicates"`
}

// maxMissing bounds how many missing ids are listed.
const maxMissing = 20

func compare(saved, exported []uint64) *ExportCheck {
	c := &ExportCheck{Saved: len(saved), Exported: len(exported)}
	in := make(map[uint64]bool, len(exported))
	for _, id := range exported {
		in[id] = true
	}
	answered := make(map[uint64]bool, len(saved))
	for _, id := range saved {
		if answered[id] {
			c.Duplicates++
			continue
		}
		answered[id] = true
		if !in[id] && len(c.Missing) < maxMissing {
			c.Missing = append(c.Missing, id)
		}
	}
	for _, id := range exported {
		if !answered[id] {
			c.Unanswered++
		}
	}
	slices.Sort(c.Missing)
	return c
}

// chinese picks every second sender to have a Chinese Slack locale, so
// that answers come in both languages even for reps whose language the
// org file does not set.
func chinese(senders []sender) map[string]bool {
	out := map[string]bool{}
	for i, s := range senders {
		if i%2 == 1 {
			out[s.User] = true
		}
	}
	return out
}
