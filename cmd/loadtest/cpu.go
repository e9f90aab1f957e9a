package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/commonplace/commonplace/internal/procstat"
)

// cpuTime is the CPU (user+system) used so far by this process, and by the server when its
// pid is known, so a run can say which side of the shared cores was busy.
type cpuTime struct {
	at      time.Time
	self    time.Duration
	server  time.Duration // zero when unknown
	db      time.Duration // the server's child processes (the embedded PostgreSQL)
	busy    time.Duration // every process on the machine (/proc/stat), other work included
	steal   time.Duration // of busy, what the hypervisor gave to other machines (/proc/stat)
	softirq time.Duration // of busy, softirq: mostly loopback packets, counted to no process
	tcp     tcpCounts     // the machine's TCP segments so far (tcpsegs.go)
	calls   procCalls     // the server's read and write system calls so far (syscalls.go)
}

func readCPU(pid int) cpuTime {
	c := cpuTime{at: time.Now()}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		c.self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	if pid > 0 {
		c.server, _ = procCPU(pid)
		c.db = descendantsCPU(pid)
	}
	c.busy, c.steal, c.softirq = procstat.Machine()
	c.tcp = readTCP()
	c.calls = readCalls(pid)
	return c
}

// descendantsCPU sums the CPU of every live descendant of pid.
func descendantsCPU(pid int) time.Duration {
	var total time.Duration
	for _, p := range descendants(pid) {
		d, _ := procCPU(p)
		total += d
	}
	return total
}

// descendants lists the live processes below pid (children, grandchildren…).
func descendants(pid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	parent := map[int]int{}
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		if i := strings.LastIndexByte(s, ')'); i >= 0 {
			if f := strings.Fields(s[i+1:]); len(f) > 1 {
				parent[p], _ = strconv.Atoi(f[1])
			}
		}
	}
	var out []int
	for p := range parent {
		for q, hops := parent[p], 0; q > 1 && hops < 64; q, hops = parent[q], hops+1 {
			if q == pid {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// procCPU reads utime+stime of pid from /proc/<pid>/stat (clock ticks of 1/100 s on Linux).
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("read stat: %w", err)
	}
	// The command name may hold spaces; fields start after the closing parenthesis.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("parse /proc/%d/stat", pid)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("parse /proc/%d/stat: %d fields", pid, len(f))
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("parse /proc/%d/stat times", pid)
	}
	return time.Duration(ut+st) * 10 * time.Millisecond, nil
}

// coreUse is the average number of cores used between two readings.
type coreUse struct{ tool, server, db, machine, steal, softirq float64 }

func cores(a, b cpuTime) coreUse {
	wall := b.at.Sub(a.at).Seconds()
	if wall <= 0 {
		return coreUse{}
	}
	per := func(x, y time.Duration) float64 { return (y - x).Seconds() / wall }
	return coreUse{per(a.self, b.self), per(a.server, b.server), per(a.db, b.db), per(a.busy, b.busy), per(a.steal, b.steal), per(a.softirq, b.softirq)}
}

// loadAverage is the 1, 5 and 15 minute load average (/proc/loadavg): how busy the shared
// machine was around a run.
func loadAverage() [3]float64 {
	var l [3]float64
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return l
	}
	f := strings.Fields(string(b))
	for i := 0; i < 3 && i < len(f); i++ {
		l[i], _ = strconv.ParseFloat(f[i], 64)
	}
	return l
}
