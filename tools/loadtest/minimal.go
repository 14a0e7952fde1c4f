package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	slackadapter "github.com/fieldloop/fieldloop/adapters/slack"
	bolt "go.etcd.io/bbolt"
)

// recordsBucket holds the minimal server's records.
var recordsBucket = []byte("records")

// runBaseline starts this program again as the minimal server, in a
// process of its own as serve is, and drives it with the same workload.
func (m *Main) runBaseline(ctx context.Context, dir string, w *workload, s *Summary) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, self, minimalServerArg, "-db", filepath.Join(dir, "minimal.db"))
	cmd.Env = append(cleanEnv(), secretVar+"="+w.Secret)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	m.progress("starting the minimal server")
	p, err := start(cmd, filepath.Join(dir, "minimal.log"))
	if err != nil {
		return err
	}
	addr, err := firstLine(stdout, p.done)
	if err != nil {
		_ = p.stop()
		return fmt.Errorf("minimal server: %w%s", err, p.logTail())
	}
	m.progress("driving the minimal server for %s after a %s warm-up, %d clients", m.Duration, m.Warmup, m.Clients)
	w.URL = "http://" + addr + "/slack/commands"
	s.Baseline = drive(ctx, w, m.Clients, m.Warmup, m.Duration)
	if err := p.stop(); err != nil {
		return fmt.Errorf("minimal server: %w%s", err, p.logTail())
	}
	s.Baseline.ServerCPU = p.cpu()
	return ctx.Err()
}

// firstLine reads the address the minimal server prints once it listens.
func firstLine(r io.Reader, exited <-chan struct{}) (string, error) {
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case s := <-line:
		if s == "" {
			return "", errors.New("exited before listening")
		}
		return s, nil
	case <-exited:
		return "", errors.New("exited before listening")
	case <-time.After(startTimeout):
		return "", fmt.Errorf("not listening after %s", startTimeout)
	}
}

// serveMinimal runs the baseline server until ctx ends: for each POST to
// /slack/commands it verifies Slack's signature, commits the body as one
// record in a transaction of its own (db.Update: one commit, and so its
// fsyncs, per request), and answers with a small JSON naming the record,
// as fieldloop names the report it saved. It prints its address once it
// listens.
func serveMinimal(ctx context.Context, args []string, secret string, stdout io.Writer) error {
	fs := flag.NewFlagSet("minimal server", flag.ContinueOnError)
	path := fs.String("db", "minimal.db", "bbolt database `file`")
	addr := fs.String("addr", "127.0.0.1:0", "`address` to listen on")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if secret == "" {
		return errors.New(secretVar + " is not set")
	}
	db, err := bolt.Open(*path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return fmt.Errorf("open db: %w", err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(recordsBucket)
		return err
	}); err != nil {
		return fmt.Errorf("create bucket: %w", err)
	}
	v := &slackadapter.Verifier{Secret: secret, Now: time.Now}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /slack/commands", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, slackadapter.MaxBody))
		if err != nil || v.Verify(r.Header, body) != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var id uint64
		err = db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(recordsBucket)
			id, _ = b.NextSequence() // fails only in a read-only transaction
			return b.Put(binary.BigEndian.AppendUint64(nil, id), body)
		})
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"response_type":"ephemeral","text":"Saved report #%d"}`, id)
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintln(stdout, ln.Addr())
	select {
	case <-ctx.Done():
	case err := <-served:
		return err
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	return db.Close()
}
