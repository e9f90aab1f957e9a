package main

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/commonplace/commonplace/cmd/loadtest/report"
)

// result is one row of the summary; cmd/loadtest/summary reads the same rows.
type result = report.Result

// percentiles fills p50/p95/p99/max (ms) from µs samples.
func percentiles(us []uint32) (p50, p95, p99, mx float64) {
	if len(us) == 0 {
		return 0, 0, 0, 0
	}
	s := slices.Clone(us)
	slices.Sort(s)
	at := func(q float64) float64 {
		i := int(q*float64(len(s))+0.5) - 1
		i = min(max(i, 0), len(s)-1)
		return float64(s[i]) / 1000
	}
	return at(0.50), at(0.95), at(0.99), float64(s[len(s)-1]) / 1000
}

func printTable(w io.Writer, rs []result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tclients\treaders\tdocs\tkeys\tacked ops\tops/s\tack p50\tp99\tmax\tremote p50\tp95\tp99\tmax\terrors\tdisconn\tdiverged\t")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%.0f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%d\t%d\t%d\t\n",
			r.Scenario, r.Clients, r.Readers, r.Docs, r.Keys, r.Acked, r.OpsPerSec, r.P50, r.P99, r.Max,
			r.RemoteP50, r.RemoteP95, r.RemoteP99, r.RemoteMax, r.ErrorCount(), r.Disconnects, r.Diverged)
	}
	fmt.Fprintln(w, "(latencies in ms; ack: op sent → its ack; remote: keystroke → applied at every other client)")
	tw.Flush()
	for _, r := range rs {
		var extra []string
		if len(r.Errors) > 0 {
			keys := make([]string, 0, len(r.Errors))
			for k := range r.Errors {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var parts []string
			for _, k := range keys {
				parts = append(parts, fmt.Sprintf("%s=%d", k, r.Errors[k]))
			}
			extra = append(extra, "errors: "+strings.Join(parts, " "))
		}
		if r.RSSAfter > 0 {
			extra = append(extra, fmt.Sprintf("server RSS %.1f → %.1f MiB, %.1f KiB per connection",
				float64(r.RSSBefore)/(1<<20), float64(r.RSSAfter)/(1<<20), float64(r.PerConn)/1024))
		}
		if r.ToolCores > 0 {
			srv := "server: pid not given"
			if r.ServerCores > 0 {
				srv = fmt.Sprintf("server %.2f, its PostgreSQL %.2f", r.ServerCores, r.DBCores)
			}
			pin := ""
			if r.Pinned {
				pin = " (pinned: loadtest on CPU 0, server and PostgreSQL on CPU 1)"
			}
			extra = append(extra, fmt.Sprintf("CPU cores used: loadtest %.2f, %s, whole machine %.2f of %d (softirq %.2f, steal %.2f)%s",
				r.ToolCores, srv, r.MachineCores, runtime.NumCPU(), r.SoftirqCores, r.StealCores, pin))
		}
		if r.RTSamples > 0 {
			extra = append(extra, fmt.Sprintf("a real-time thread's wake-up delay (cyclictest, %d wake-ups): p99 %.2f ms, p99.9 %.2f ms, max %.2f ms", r.RTSamples, r.RTP99, r.RTP999, r.RTMax))
		}
		if r.ServerUSPerKey > 0 {
			extra = append(extra, fmt.Sprintf("server+PostgreSQL CPU %.0f µs per keystroke (PostgreSQL %.0f)", r.ServerUSPerKey, r.DBUSPerKey))
		}
		if r.TCPSegsPerKey > 0 {
			extra = append(extra, fmt.Sprintf("TCP segments per keystroke %.2f, %.2f of them with data", r.TCPSegsPerKey, r.TCPDataSegsPerKey))
		}
		if r.ServerWritesPerKey > 0 {
			extra = append(extra, fmt.Sprintf("server system calls per keystroke: %.2f writes, %.2f reads", r.ServerWritesPerKey, r.ServerReadsPerKey))
		}
		if r.RemoteIncomplete > 0 || r.LostKeys > 0 {
			extra = append(extra, fmt.Sprintf("keystrokes not applied everywhere %d, dropped for a resync %d", r.RemoteIncomplete, r.LostKeys))
		}
		if r.LoadBefore[0] > 0 {
			extra = append(extra, fmt.Sprintf("load average %.1f %.1f %.1f → %.1f %.1f %.1f",
				r.LoadBefore[0], r.LoadBefore[1], r.LoadBefore[2], r.LoadAfter[0], r.LoadAfter[1], r.LoadAfter[2]))
		}
		if r.Full > 0 {
			extra = append(extra, fmt.Sprintf("%d full typists per document; the other typists and the readers are light, and remote latency is until every other full client has applied the keystroke", r.Full))
		}
		if r.Resyncs > 0 {
			extra = append(extra, fmt.Sprintf("resyncs %d", r.Resyncs))
		}
		if r.Notes != "" {
			extra = append(extra, r.Notes)
		}
		if len(extra) > 0 {
			fmt.Fprintf(w, "  %s: %s\n", r.Scenario, strings.Join(extra, "; "))
		}
	}
}

// serverMetrics reads the Go runtime gauges of the server's /metrics that explain where its
// memory went (heap and stacks in use, goroutines); missing ones are left out.
func serverMetrics(base string) map[string]float64 {
	want := map[string]bool{"go_memstats_heap_inuse_bytes": true, "go_memstats_stack_inuse_bytes": true,
		"go_goroutines": true, "go_memstats_heap_alloc_bytes": true}
	out := map[string]float64{}
	if base == "" {
		return out
	}
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(base + "/metrics")
	if err != nil {
		return out
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, v, ok := strings.Cut(sc.Text(), " ")
		if ok && want[name] {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				out[name] = f
			}
		}
	}
	return out
}

// serverRSS reads the server's resident memory: VmRSS of pid when given, else the
// process_resident_memory_bytes metric.
func serverRSS(base string, pid int) (int64, error) {
	if pid > 0 {
		f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			return 0, fmt.Errorf("server rss: %w", err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
				kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
				if err != nil {
					return 0, fmt.Errorf("server rss: parse %q: %w", v, err)
				}
				return kb * 1024, nil
			}
		}
		return 0, fmt.Errorf("server rss: no VmRSS in /proc/%d/status", pid)
	}
	if base == "" {
		return 0, fmt.Errorf("server rss: give --server-pid or --metrics")
	}
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(base + "/metrics")
	if err != nil {
		return 0, fmt.Errorf("server rss: %w", err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "process_resident_memory_bytes "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				return 0, fmt.Errorf("server rss: parse %q: %w", v, err)
			}
			return int64(f), nil
		}
	}
	return 0, fmt.Errorf("server rss: no process_resident_memory_bytes in /metrics")
}

// logTimeline logs the acknowledgement latency second by second (to stderr), so a tail can be
// told apart as a steady state or a stall.
func logTimeline(name string, lat, at []uint32) {
	if len(at) == 0 {
		return
	}
	first := slices.Min(at) / 1000
	bySec := map[uint32][]uint32{}
	for i, a := range at {
		bySec[a/1000-first] = append(bySec[a/1000-first], lat[i])
	}
	secs := slices.Sorted(maps.Keys(bySec))
	var b strings.Builder
	for _, s := range secs {
		p50, _, p99, mx := percentiles(bySec[s])
		fmt.Fprintf(&b, " %d:%d/%.0f/%.0f/%.0f", s, len(bySec[s]), p50, p99, mx)
	}
	logf("%s: ack timeline (second:acks/p50/p99/max ms)%s", name, b.String())
}
