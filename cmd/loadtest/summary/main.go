// Command summary turns the result files of cmd/loadtest/run-benchmarks.sh into the Markdown
// tables of docs/benchmarks-live.md: one row per run, remote and acknowledgement latency,
// throughput, CPU split, convergence and the load average around the run.
//
//	go run ./cmd/loadtest/summary bench-results/live-20261130T120000Z
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/commonplace/commonplace/cmd/loadtest/report"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: summary RESULTS-FOLDER")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "summary:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return err
	}
	sort.Strings(files)
	fmt.Println("| run | clients | remote p50 / p95 / p99 / max ms | ack p50 / p99 ms | acked ops/s | CPU cores: server + PG / tool / machine (steal) | server+PG µs per key | TCP segments per key (with data) | server write calls per key | host pauses: p99.9 / max ms | errors, disconnects, diverged | load avg |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|---|")
	var idle []string
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		if name == "floor" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var rs []report.Result
		if err := json.Unmarshal(b, &rs); err != nil {
			fmt.Printf("| %s | (no result: %v) |||||||||\n", name, err)
			continue
		}
		for _, r := range rs {
			if r.Scenario == "idle" {
				idle = append(idle, fmt.Sprintf("- %s: %d connections, **%.1f KiB per connection** (server RSS); %s", name, r.Clients, float64(r.PerConn)/1024, r.Notes))
				continue
			}
			errs := 0
			for _, n := range r.Errors {
				errs += n
			}
			who := fmt.Sprintf("%d docs × %d", r.Docs, r.Clients/max(r.Docs, 1))
			if r.Readers > 0 {
				who += fmt.Sprintf(" + %d readers", r.Readers/max(r.Docs, 1))
			}
			if r.Plain {
				who += " (plain protocol)"
			}
			if r.Full > 0 {
				who += fmt.Sprintf(" (%d full)", r.Full)
			}
			writes := "–" // run without --server-pid
			if r.ServerWritesPerKey > 0 {
				writes = fmt.Sprintf("%.2f", r.ServerWritesPerKey)
			}
			pauses := "–" // run without --rt-probe
			if r.RTMax > 0 {
				pauses = fmt.Sprintf("%.1f / %.1f", r.RTP999, r.RTMax)
			}
			fmt.Printf("| %s | %s | %.1f / %.1f / %.1f / %.0f | %.1f / %.1f | %.0f | %.2f + %.2f / %.2f / %.2f (%.2f) | %.0f | %.1f (%.1f) | %s | %s | %d, %d, %d of %d | %.1f → %.1f |\n",
				name, who, r.RemoteP50, r.RemoteP95, r.RemoteP99, r.RemoteMax, r.P50, r.P99, r.OpsPerSec,
				r.ServerCores, r.DBCores, r.ToolCores, r.MachineCores, r.StealCores, r.ServerUSPerKey, r.TCPSegsPerKey, r.TCPDataSegsPerKey,
				writes, pauses, errs, r.Disconnects, r.Diverged, r.Checked, r.LoadBefore[0], r.LoadAfter[0])
		}
	}
	fmt.Println()
	for _, l := range idle {
		fmt.Println(l)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "floor.json")); err == nil {
		var fl struct {
			Settings map[string]string `json:"settings"`
			Loops    []struct {
				Name      string  `json:"name"`
				PerSecond float64 `json:"per_second"`
				P50       float64 `json:"p50_ms"`
				P99       float64 `json:"p99_ms"`
				Steal     float64 `json:"steal_cores"`
			} `json:"loops"`
		}
		if json.Unmarshal(b, &fl) == nil {
			fmt.Printf("\nCommit floor (cmd/loadtest/floor, fsync=%s, synchronous_commit=%s, wal_sync_method=%s):\n\n",
				fl.Settings["fsync"], fl.Settings["synchronous_commit"], fl.Settings["wal_sync_method"])
			for _, l := range fl.Loops {
				fmt.Printf("- %s: %.0f/s, p50 %.2f ms, p99 %.2f ms (steal %.2f)\n", l.Name, l.PerSecond, l.P50, l.P99, l.Steal)
			}
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "pg_test_fsync.txt")); err == nil {
		fmt.Printf("\npg_test_fsync:\n\n```\n%s```\n", b)
	}
	return nil
}
