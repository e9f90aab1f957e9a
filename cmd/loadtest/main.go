// Command loadtest drives a Commonplace server with real live-editing WebSocket clients that
// type like people, and reports acknowledgement latency, throughput, convergence and the
// server's memory per connection. It only talks to loopback servers.
//
//	go run ./cmd/loadtest --url http://127.0.0.1:8080 --scenario one-doc-throughput
//
// Scenarios: one-doc-throughput (many fast typists, one document), many-typists (people
// typing on one document), large-room (typists and many readers in one document), many-docs
// (a few typists on each of many documents), idle (connections that only listen; server RSS
// per connection), open-large (dial → snapshot for a large document), all.
//
// Typing scenarios report acknowledgement latency (op sent → its ack) and remote latency
// (keystroke → applied at every other client of the document), the CPU of the tool, the
// server and its PostgreSQL, and whether every document converged. --pin runs the tool on CPU 0
// and the server's process tree on CPU 1 (pin.go); cmd/loadtest/run-benchmarks.sh runs the
// whole set on a fresh server.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"runtime/pprof"
	"time"
)

// Caps keep every run bounded whatever the flags say.
const (
	maxClients  = 20000
	maxDocs     = 5000
	maxDuration = 10 * time.Minute
	maxRate     = 150 // the server allows 200 frames/s per connection
)

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05.000")}, args...)...)
}

// defaults per scenario; explicitly set flags win.
var defaults = map[string]config{
	"one-doc-throughput": {clients: 30, docs: 1, rate: 110, duration: 20 * time.Second, users: 10},
	"many-typists":       {clients: 500, docs: 1, rate: 5, duration: 30 * time.Second, users: 20},
	"large-room":         {clients: 50, readers: 500, docs: 1, rate: 5, duration: 30 * time.Second, users: 10},
	"many-docs":          {docs: 1000, perDoc: 3, rate: 5, duration: 30 * time.Second, users: 3},
	"idle":               {clients: 10000, docs: 100, duration: 10 * time.Second},
	"open-large":         {docs: 5, opens: 10, docSize: 100_000},
}

var order = []string{"open-large", "one-doc-throughput", "many-typists", "large-room", "many-docs", "idle"}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		base     = flag.String("url", "http://127.0.0.1:8080", "base http URL of the server (loopback only)")
		scenario = flag.String("scenario", "one-doc-throughput", "one-doc-throughput | many-typists | large-room | many-docs | idle | open-large | all")
		clients  = flag.Int("clients", 0, "typists (or idle connections) in total; many-docs: typists per document")
		docs     = flag.Int("docs", 0, "documents")
		duration = flag.Duration("duration", 0, "how long to type (or hold idle connections)")
		rate     = flag.Float64("rate", 0, "keystrokes per second per typist (a person: ~5)")
		users    = flag.Int("users", 0, "accounts the typists share, round the documents; docs × clients gives every typist their own (sign-ups hash passwords: about 30 ms each)")
		pid      = flag.Int("server-pid", 0, "server process id, to read its RSS from /proc (else /metrics)")
		metrics  = flag.String("metrics", "", "base http URL of the server's metrics listener (serve --metrics-addr); empty: no runtime gauges")
		opens    = flag.Int("opens", 0, "open-large: later opens per document")
		docSize  = flag.Int("doc-size", 0, "open-large: document size in bytes")
		verify   = flag.Int("verify", 20, "documents compared with a fresh server snapshot after typing")
		asJSON   = flag.Bool("json", false, "print the results as JSON instead of a table")
		readers  = flag.Int("readers", -1, "typing scenarios: anonymous readers per document besides the typists")
		pinCPU   = flag.Bool("pin", false, "run the tool on CPU 0 and the server (--server-pid) with its PostgreSQL on CPU 1")
		plain    = flag.Bool("plain", false, "connect without batch=1 and compose=1: one frame per message, every op on its own")
		cursors  = flag.Bool("cursors", false, "typists send their caret after acks (at most 10/s), as the browser does")
		full     = flag.Int("full", 0, "typing scenarios: typists per document that keep the text and define remote latency; the other typists and all readers are light (0: every client is full)")
		rtProbe  = flag.String("rt-probe", "", "typing scenarios: run cyclictest (this name or path; apt-get install rt-tests) beside the measured window and report how late a real-time thread woke: the host's own pauses (rtprobe.go); empty: off")
		cpuProf  = flag.String("cpuprofile", "", "write the tool's own CPU profile to this file (where the load tool's time goes)")
	)
	flag.Parse()
	if err := checkLoopback(*base); err != nil {
		return err
	}
	plainProtocol = *plain
	if *cpuProf != "" {
		f, err := os.Create(*cpuProf)
		if err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	if *rtProbe != "" {
		if _, err := exec.LookPath(*rtProbe); err != nil {
			return fmt.Errorf("--rt-probe: %w (cyclictest is in Debian's rt-tests: apt-get install rt-tests)", err)
		}
	}
	if *pinCPU {
		if err := pin(*pid); err != nil {
			return err
		}
	}
	if n, err := raiseFileLimit(); err != nil {
		logf("could not raise the file limit: %v", err)
	} else {
		logf("file limit %d", n)
	}
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })

	names := []string{*scenario}
	if *scenario == "all" {
		names = order
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	idb := make([]byte, 3)
	_, _ = rand.Read(idb)
	a := &api{base: *base, http: &http.Client{Timeout: 60 * time.Second}, runID: hex.EncodeToString(idb)}

	var results []result
	for _, name := range names {
		cfg, ok := defaults[name]
		if !ok {
			return fmt.Errorf("unknown scenario %q", name)
		}
		cfg.base, cfg.scenario, cfg.pid, cfg.verify, cfg.runID = *base, name, *pid, *verify, a.runID
		cfg.cursors = *cursors
		cfg.rtProbe = *rtProbe
		cfg.full = *full
		if *readers >= 0 && *scenario != "all" {
			cfg.readers = *readers
		}
		cfg.metrics = *metrics
		// With "all" each scenario keeps its own size; only the duration may be shared.
		if set["clients"] && *scenario != "all" {
			if name == "many-docs" {
				cfg.perDoc = *clients
			} else {
				cfg.clients = *clients
			}
		}
		if set["docs"] && *scenario != "all" {
			cfg.docs = *docs
		}
		if set["duration"] {
			cfg.duration = *duration
		}
		if set["rate"] {
			cfg.rate = *rate
		}
		if set["users"] {
			cfg.users = *users
		}
		if set["opens"] {
			cfg.opens = *opens
		}
		if set["doc-size"] {
			cfg.docSize = *docSize
		}
		if err := bound(&cfg); err != nil {
			return err
		}
		logf("scenario %s: clients=%d docs=%d perDoc=%d rate=%.1f/s duration=%v", name, cfg.clients, cfg.docs, cfg.perDoc, cfg.rate, cfg.duration)
		rs, err := runScenario(ctx, a, cfg)
		if err != nil {
			logf("scenario %s failed: %v", name, err)
		}
		for i := range rs {
			rs[i].Pinned = *pinCPU
		}
		results = append(results, rs...)
		if ctx.Err() != nil {
			break
		}
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(results)
	}
	printTable(os.Stdout, results)
	return nil
}

func runScenario(ctx context.Context, a *api, cfg config) ([]result, error) {
	switch cfg.scenario {
	case "one-doc-throughput", "many-typists", "large-room":
		r, err := runTyping(ctx, a, cfg, cfg.scenario, 1, cfg.clients)
		return []result{r}, err
	case "many-docs":
		r, err := runTyping(ctx, a, cfg, cfg.scenario, cfg.docs, cfg.perDoc)
		return []result{r}, err
	case "idle":
		r, err := runIdle(ctx, a, cfg)
		return []result{r}, err
	case "open-large":
		return runOpenLarge(ctx, a, cfg)
	}
	return nil, fmt.Errorf("unknown scenario %q", cfg.scenario)
}

// bound refuses runs beyond the caps.
func bound(c *config) error {
	switch {
	case c.clients < 0 || c.clients+c.readers*c.docs > maxClients || c.docs*(max(c.perDoc, 1)+c.readers) > maxClients:
		return fmt.Errorf("at most %d connections", maxClients)
	case c.docs < 1 || c.docs > maxDocs:
		return fmt.Errorf("docs must be 1..%d", maxDocs)
	case c.duration < 0 || c.duration > maxDuration:
		return fmt.Errorf("duration must be at most %v", maxDuration)
	case c.rate < 0 || c.rate > maxRate:
		return fmt.Errorf("rate must be at most %d/s per typist", maxRate)
	case c.docSize > 4<<20:
		return errors.New("doc-size must be at most 4 MiB")
	}
	typing := c.scenario == "one-doc-throughput" || c.scenario == "many-typists" || c.scenario == "large-room" || c.scenario == "many-docs"
	if typing && (c.rate == 0 || c.duration == 0) {
		return errors.New("rate and duration must be positive")
	}
	if c.scenario == "many-docs" && c.perDoc < 1 {
		return errors.New("many-docs needs at least one typist per document")
	}
	if (typing && c.scenario != "many-docs" || c.scenario == "idle") && c.clients < 1 {
		return errors.New("clients must be at least 1")
	}
	return nil
}

// checkLoopback refuses any server that is not on this machine.
func checkLoopback(base string) error {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("--url must be an http(s) URL, got %q", base)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--url must point at a loopback address (127.0.0.1, ::1, localhost), got %q", host)
}
