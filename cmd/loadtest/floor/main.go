// Command floor measures the cost of a durable commit on this machine's disk through the same
// path the service uses (pgx over the PostgreSQL socket), so docs/benchmarks-live.md can say
// how far above the floor the live service acknowledges. It runs three loops against the
// service's private cluster (attached over its socket while serve runs) or --database-url:
//
//   - round trip: SELECT 1 — client, socket and backend cost without a commit;
//   - single-row durable commit: INSERT one row, autocommit (fsync of the WAL each time);
//   - four such committers at once: what PostgreSQL's own group commit makes of it;
//   - the live store's group commit (store.LiveStore.AppendOps, as collab/hub's committers call
//     it) under a steady arrival of single-keystroke ops (--streams, --committers): how close
//     batching gets to the floor without WebSocket or hub costs. The default streams are the
//     commit streams of issue 15's rooms (300 documents × 3 typists, 1,000 × 3, one document of
//     200 and one of 500 typists, 5 keys a second each), so each target's latency can be set
//     against what the store alone takes for the same ops on the same machine at the same time.
//
// pg_test_fsync (shipped with PostgreSQL) measures the bare fsync below all this;
// cmd/loadtest/run-benchmarks.sh runs both.
//
//	go run ./cmd/loadtest/floor --data /tmp/lt-data --duration 10s
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/commonplace/commonplace/internal/procstat"
	"github.com/commonplace/commonplace/store"
)

type loop struct {
	Name      string  `json:"name"`
	Workers   int     `json:"workers"`
	Count     int     `json:"count"`
	PerSecond float64 `json:"per_second"`
	P50       float64 `json:"p50_ms"`
	P99       float64 `json:"p99_ms"`
	Max       float64 `json:"max_ms"`
	CPUEach   float64 `json:"cpu_us_each,omitempty"` // the measuring thread's CPU per operation (kernel.go)
	// Steal is the cores the hypervisor gave to other machines during the loop: a slow
	// fsync or commit in a loop with steal says more about the host than about the disk.
	Steal float64 `json:"steal_cores"`
}

// withSteal runs one loop and notes the machine's steal meanwhile.
func withSteal(run func() (loop, error)) (loop, error) {
	_, s0, _ := procstat.Machine()
	start := time.Now()
	l, err := run()
	_, s1, _ := procstat.Machine()
	if took := time.Since(start); took > 0 {
		l.Steal = (s1 - s0).Seconds() / took.Seconds()
	}
	return l, err
}

type report struct {
	Settings map[string]string `json:"settings"`
	Loops    []loop            `json:"loops"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

func run() error {
	data := flag.String("data", "", "the service's data folder (its private cluster is attached over the socket)")
	dbURL := flag.String("database-url", "", "a PostgreSQL URL instead of --data")
	duration := flag.Duration("duration", 10*time.Second, "time per loop")
	asJSON := flag.Bool("json", false, "print JSON")
	streams := flag.String("streams", "4500/300,15000/1000,1000/1,2500/1",
		"group commit loops: ops per second / documents they spread over, one loop each (empty: none)")
	committers := flag.String("committers", "1", "group commit loops: committers in flight, one loop each (the service has 1)")
	kernel := flag.Bool("kernel", true, "also measure a bare WAL flush and a loopback frame write, with their CPU (kernel.go)")
	flag.Parse()
	// The loops' flags are checked before a minute of other loops, not after.
	var ss []stream
	var ns []int
	if *streams != "" {
		var err error
		if ss, err = parseStreams(*streams); err != nil {
			return err
		}
		for _, f := range strings.Split(*committers, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 1 {
				return fmt.Errorf("--committers: %q is not a count", f)
			}
			ns = append(ns, n)
		}
	}
	ctx := context.Background()
	url := *dbURL
	if url == "" {
		if *data == "" {
			return fmt.Errorf("give --data or --database-url")
		}
		c := &store.Cluster{Dir: filepath.Join(*data, "postgres"), Database: "commonplace", Logger: slog.New(slog.NewTextHandler(os.Stderr, nil))}
		if err := c.StartOrAttach(ctx); err != nil {
			return fmt.Errorf("attach to the private cluster: %w", err)
		}
		defer c.Stop(context.Background())
		url = c.URL()
	}
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer pool.Close()
	rep := report{Settings: map[string]string{}}
	if *kernel {
		loops, err := kernelLoops(dataDirOf(*data), *duration)
		if err != nil {
			return err
		}
		rep.Loops = append(rep.Loops, loops...)
	}
	for _, s := range []string{"fsync", "synchronous_commit", "wal_sync_method", "commit_delay", "full_page_writes", "server_version"} {
		var v string
		if err := pool.QueryRow(ctx, "SELECT current_setting($1)", s).Scan(&v); err != nil {
			return fmt.Errorf("setting %s: %w", s, err)
		}
		rep.Settings[s] = v
	}
	if _, err := pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS commit_floor (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("create table: %w", err)
	}
	defer pool.Exec(context.Background(), `DROP TABLE IF EXISTS commit_floor`) //nolint:errcheck // best effort
	for _, l := range []struct {
		name    string
		workers int
		sql     string
	}{
		{"round trip (SELECT 1)", 1, "SELECT 1"},
		{"single-row durable commit", 1, "INSERT INTO commit_floor DEFAULT VALUES"},
		{"single-row durable commits, 4 at once", 4, "INSERT INTO commit_floor DEFAULT VALUES"},
	} {
		r, err := withSteal(func() (loop, error) { return measure(ctx, pool, l.name, l.workers, l.sql, *duration) })
		if err != nil {
			return err
		}
		rep.Loops = append(rep.Loops, r)
	}
	if len(ss) > 0 {
		db, err := store.Open(ctx, url, 40)
		if err != nil {
			return fmt.Errorf("open the store: %w", err)
		}
		defer db.Close()
		for _, st := range ss {
			for _, n := range ns {
				r, err := withSteal(func() (loop, error) { return groupCommit(ctx, db, st.rate, st.docs, n, *duration) })
				if err != nil {
					return err
				}
				rep.Loops = append(rep.Loops, r)
			}
		}
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Printf("settings: %v\n", rep.Settings)
	for _, l := range rep.Loops {
		fmt.Printf("%-58s %6.0f/s  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  steal %.2f", l.Name, l.PerSecond, l.P50, l.P99, l.Max, l.Steal)
		if l.CPUEach > 0 {
			fmt.Printf("  CPU %.1f µs each", l.CPUEach)
		}
		fmt.Println()
	}
	return nil
}

// stream is one group commit loop's offer: ops a second over so many documents.
type stream struct {
	rate float64
	docs int
}

// parseStreams reads --streams: "rate/docs" pairs separated by commas.
func parseStreams(s string) ([]stream, error) {
	var out []stream
	for _, f := range strings.Split(s, ",") {
		r, d, ok := strings.Cut(strings.TrimSpace(f), "/")
		rate, err1 := strconv.ParseFloat(r, 64)
		docs, err2 := strconv.Atoi(d)
		if !ok || err1 != nil || err2 != nil || rate <= 0 || docs < 1 {
			return nil, fmt.Errorf("--streams: %q is not ops-per-second/documents, as in 4500/300", f)
		}
		out = append(out, stream{rate: rate, docs: docs})
	}
	return out, nil
}

// summarize turns latencies into a loop row.
func summarize(name string, workers int, lat []time.Duration, took time.Duration) loop {
	slices.Sort(lat)
	ms := func(q float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[min(int(q*float64(len(lat))), len(lat)-1)]) / 1e6
	}
	return loop{Name: name, Workers: workers, Count: len(lat), PerSecond: float64(len(lat)) / took.Seconds(),
		P50: ms(0.5), P99: ms(0.99), Max: ms(1)}
}

// measure runs sql on workers connections for d and returns its latency.
func measure(ctx context.Context, pool *pgxpool.Pool, name string, workers int, sql string, d time.Duration) (loop, error) {
	var (
		mu    sync.Mutex
		lat   []time.Duration
		first error
		wg    sync.WaitGroup
	)
	end := time.Now().Add(d)
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(end) {
				t := time.Now()
				if _, err := pool.Exec(ctx, sql); err != nil {
					mu.Lock()
					first = err
					mu.Unlock()
					return
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if first != nil {
		return loop{}, fmt.Errorf("%s: %w", name, first)
	}
	return summarize(name, workers, lat, time.Since(start)), nil
}
