// Package procstat reads what the load tools report about the whole machine from /proc/stat:
// how busy its cores were, and how much of that the hypervisor gave to other machines.
package procstat

import (
	"os"
	"strconv"
	"strings"
	"time"
)

// Machine is the non-idle CPU time of all cores (user+nice+system+irq+softirq+steal), and of
// that the steal and the softirq time, all zero where /proc/stat cannot be read. Steal is time
// this virtual machine was ready to run and the host ran something else: the same load then
// finishes later, and the latencies of two runs differ with it (docs/benchmarks-live.md,
// "tenth pass").
func Machine() (busy, steal, softirq time.Duration) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0, 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0, 0, 0
	}
	tick := func(i int) time.Duration {
		v, _ := strconv.ParseInt(f[i], 10, 64)
		return time.Duration(v) * 10 * time.Millisecond
	}
	for _, i := range []int{1, 2, 3, 6, 7, 8} {
		busy += tick(i)
	}
	return busy, tick(8), tick(7)
}
