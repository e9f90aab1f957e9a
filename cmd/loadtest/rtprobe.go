package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

// The host's own pauses. This machine is a virtual one, and its hypervisor sometimes leaves a
// virtual CPU unscheduled for milliseconds, whatever runs inside: a keystroke that arrives then
// waits, and so does everything queued behind it. Steal time (cpu.go) says how much of a run's
// CPU went that way, not how long each pause was, and it is the long pauses that make a p99.
//
// --rt-probe runs cyclictest (Debian's rt-tests) beside the typing window: one real-time thread
// per CPU (SCHED_FIFO, priority 95) sleeping for 5 ms at a time and timing how late it wakes.
// Nothing inside the machine can hold such a thread back for long, so what it measures is the
// host's scheduling plus the kernel's own short non-preemptible sections. A pause longer than
// the sleep always delays a wake-up, by what is left of it. The probe costs the run 400
// wake-ups a second: 0.02–0.03 of a core here, where a timer's wake-up is a VM exit (1 ms
// sleeps cost 0.08). cyclictest is the standard tool for this measure; a Go sleeper would add
// the Go scheduler's own delay to what it times.

// rtProbeInterval is cyclictest's sleep between wake-ups (µs), and rtProbeBuckets the
// histogram's range (µs): delays past 100 ms are counted as overflows, with the largest kept.
const (
	rtProbeInterval = 5000
	rtProbeBuckets  = 100_000
)

// rtProbe is a cyclictest run under way.
type rtProbe struct {
	cmd  *exec.Cmd
	dir  string
	done chan error
}

// rtOutcome is what a probe found, or why it could not.
type rtOutcome struct {
	d   rtDelays
	err error
}

// startRTProbe starts cyclictest (bin: its name or path) until stop is called. With no bin it
// starts nothing, and stop reports no samples.
func startRTProbe(ctx context.Context, bin string) (*rtProbe, error) {
	if bin == "" {
		return nil, nil
	}
	dir, err := os.MkdirTemp("", "loadtest-rtprobe-")
	if err != nil {
		return nil, fmt.Errorf("rt probe: %w", err)
	}
	cmd := exec.CommandContext(ctx, bin, "--smp", "--mlockall", "--priority=95",
		"--interval="+strconv.Itoa(rtProbeInterval), "--quiet", "--default-system",
		"--histogram="+strconv.Itoa(rtProbeBuckets), "--histfile=/dev/null",
		"--json="+filepath.Join(dir, "out.json"))
	cmd.Stdout, cmd.Stderr = nil, nil // its one warning (cpu_dma_latency left alone) says nothing here
	if err := cmd.Start(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("rt probe: start %s (apt-get install rt-tests): %w", bin, err)
	}
	p := &rtProbe{cmd: cmd, dir: dir, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait() }()
	return p, nil
}

// stop interrupts cyclictest, which then writes its results, and reads them.
func (p *rtProbe) stop() (rtDelays, error) {
	if p == nil {
		return rtDelays{}, nil
	}
	defer func() { _ = os.RemoveAll(p.dir) }()
	_ = p.cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-p.done:
		if err != nil {
			return rtDelays{}, fmt.Errorf("rt probe: cyclictest: %w", err)
		}
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		return rtDelays{}, errors.New("rt probe: cyclictest did not stop within 10 s")
	}
	b, err := os.ReadFile(filepath.Join(p.dir, "out.json"))
	if err != nil {
		return rtDelays{}, fmt.Errorf("rt probe: %w", err)
	}
	return parseCyclictest(b)
}

// rtDelays summarises how late the real-time threads woke, all CPUs together.
type rtDelays struct {
	Samples int64
	P99     time.Duration
	P999    time.Duration
	Max     time.Duration
}

// parseCyclictest reads the file cyclictest --json writes: per thread, the count of wake-ups
// ("cycles"), the largest delay ("max", µs) and a histogram of delays in µs that lists only
// the buckets that are not empty. Wake-ups beyond the histogram's range are in cycles but not
// in it; they count as at least its range.
func parseCyclictest(b []byte) (rtDelays, error) {
	var f struct {
		ReturnCode *int `json:"return_code"`
		Threads    map[string]struct {
			Cycles    int64            `json:"cycles"`
			Max       int64            `json:"max"`
			Histogram map[string]int64 `json:"histogram"`
		} `json:"thread"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return rtDelays{}, fmt.Errorf("rt probe: cyclictest's JSON: %w", err)
	}
	if f.ReturnCode == nil || *f.ReturnCode != 0 || len(f.Threads) == 0 {
		return rtDelays{}, errors.New("rt probe: cyclictest reported no measurement (is it running as root?)")
	}
	hist := map[int64]int64{} // µs → wake-ups, every thread
	var d rtDelays
	var maxUS int64
	for _, t := range f.Threads {
		var inHist int64
		for k, n := range t.Histogram {
			us, err := strconv.ParseInt(k, 10, 64)
			if err != nil || n < 0 {
				return rtDelays{}, fmt.Errorf("rt probe: histogram bucket %q: %d", k, n)
			}
			hist[us] += n
			inHist += n
		}
		if inHist > t.Cycles {
			return rtDelays{}, fmt.Errorf("rt probe: %d wake-ups in a histogram of %d", inHist, t.Cycles)
		}
		if over := t.Cycles - inHist; over > 0 {
			hist[max(t.Max, rtProbeBuckets)] += over
		}
		d.Samples += t.Cycles
		maxUS = max(maxUS, t.Max)
	}
	if d.Samples == 0 {
		return rtDelays{}, errors.New("rt probe: cyclictest woke no thread")
	}
	keys := make([]int64, 0, len(hist))
	for us := range hist {
		keys = append(keys, us)
	}
	slices.Sort(keys)
	at := func(q float64) time.Duration {
		need := int64(q*float64(d.Samples) + 0.5)
		var seen int64
		for _, us := range keys {
			if seen += hist[us]; seen >= need {
				return time.Duration(us) * time.Microsecond
			}
		}
		return time.Duration(maxUS) * time.Microsecond
	}
	d.P99, d.P999, d.Max = at(0.99), at(0.999), time.Duration(maxUS)*time.Microsecond
	return d, nil
}

// msOf is d in milliseconds, as the results print latencies.
func msOf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
