package main

import (
	"fmt"
	"os"
	"strings"
	"syscall"
)

// The Go runtime's monitor thread (sysmon) naps 20 µs at a time, for a millisecond or more,
// whenever a system call ends its deep sleep, and it sleeps deeply whenever every P is idle.
// A server at moderate load goes from idle to busy hundreds of times a second, so the thread
// kept napping: at 300 documents × 3 typists it woke 3,000–5,000 times a second and took
// 0.09–0.12 of a core, a sixth of the server's CPU, each nap a timer and two context switches
// on a virtual machine (docs/benchmarks-live.md, "sixteenth pass"; the tick is hard-coded,
// golang/go#18236). The runtime has no setting for it, but while its scheduler trace is on
// the thread never sleeps deeply, and with nothing to retake it backs off to one wake-up
// every 10 ms. So serve runs with the trace's period at its largest, 2^31-1 ms (24.8 days):
// it prints one line to stderr when the machine's monotonic clock passes a multiple of that,
// and nothing else. GODEBUG is read only when the process starts, hence the re-execution.

// sysmonSetting is the GODEBUG setting serve runs with.
const sysmonSetting = "schedtrace=2147483647"

// withQuietSysmon returns env with sysmonSetting added to GODEBUG, or nil when GODEBUG
// already sets schedtrace: the process was re-executed already, or someone chose a trace
// period (GODEBUG=schedtrace=0 keeps the runtime's default behaviour).
func withQuietSysmon(env []string) []string {
	out := make([]string, 0, len(env)+1)
	found := false
	for _, kv := range env {
		v, ok := strings.CutPrefix(kv, "GODEBUG=")
		if !ok {
			out = append(out, kv)
			continue
		}
		for _, s := range strings.Split(v, ",") {
			if strings.HasPrefix(s, "schedtrace=") {
				return nil
			}
		}
		if v != "" {
			v += ","
		}
		out = append(out, "GODEBUG="+v+sysmonSetting)
		found = true
	}
	if !found {
		out = append(out, "GODEBUG="+sysmonSetting)
	}
	return out
}

// quietSysmon re-executes this program, same process id and arguments, with sysmonSetting.
// It returns only if there is nothing to do or the execution failed (then serve goes on with
// the runtime's default, having said why).
func quietSysmon() {
	env := withQuietSysmon(os.Environ())
	if env == nil {
		return
	}
	exe, err := os.Executable()
	if err == nil {
		err = syscall.Exec(exe, os.Args, env)
	}
	fmt.Fprintf(os.Stderr, "commonplace: serving with Go's default scheduler monitor: re-execute with GODEBUG=%s: %v\n", sysmonSetting, err)
}
