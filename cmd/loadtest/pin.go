package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"

	"golang.org/x/sys/unix"
)

// With --pin the load tool runs on CPU 0 and the server with every process below it (its
// embedded PostgreSQL) on CPU 1, so the CPU and latency figures of the two sides do not mix
// on a 2-core machine. Affinity is per thread on Linux: every thread of each process is
// moved, and threads or processes started later inherit it from their parent (PostgreSQL
// forks its backends from the postmaster). Like `taskset -a -p -c 1 <pid>` for the server
// tree and `taskset -c 0` for the tool.

// toolCPU and serverCPU are the cores --pin uses.
const toolCPU, serverCPU = 0, 1

// pin moves this process to toolCPU and the process tree of serverPID to serverCPU.
func pin(serverPID int) error {
	if serverPID <= 0 {
		return fmt.Errorf("--pin needs --server-pid")
	}
	procs := append([]int{serverPID}, descendants(serverPID)...)
	for _, p := range procs {
		if err := pinProcess(p, serverCPU); err != nil {
			return fmt.Errorf("pin server process %d: %w", p, err)
		}
	}
	if err := pinProcess(os.Getpid(), toolCPU); err != nil {
		return fmt.Errorf("pin the load tool: %w", err)
	}
	// One core: more Ps would only take turns on it.
	runtime.GOMAXPROCS(1)
	logf("pinned: loadtest on CPU %d, server and %d processes below it on CPU %d", toolCPU, len(procs)-1, serverCPU)
	return nil
}

// pinProcess sets the affinity of every thread of pid to cpu.
func pinProcess(pid, cpu int) error {
	var set unix.CPUSet
	set.Set(cpu)
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		return fmt.Errorf("list threads: %w", err)
	}
	for _, t := range tasks {
		tid, err := strconv.Atoi(t.Name())
		if err != nil {
			continue
		}
		if err := unix.SchedSetaffinity(tid, &set); err != nil && err != unix.ESRCH {
			return fmt.Errorf("thread %d: %w", tid, err)
		}
	}
	return nil
}
