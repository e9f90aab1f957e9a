package main

import (
	"bufio"
	"io"
	"os"
	"strconv"
	"strings"
)

// procCalls are a process's read and write system calls so far, from /proc/<pid>/io (syscr,
// syscw; every thread's, as the kernel counts them for the thread group). Each write to a
// socket is a pass through both TCP stacks on loopback and a wake-up of the reader, so write
// calls per keystroke is what a server's batching saves or costs: a room's ticks, a socket's
// joined messages (docs/benchmarks-live.md, "fifteenth pass"). The server's PostgreSQL
// traffic is in them too; its backends' own calls are not.
type procCalls struct {
	reads, writes int64
	ok            bool // both counters were found
}

func readCalls(pid int) procCalls {
	if pid <= 0 {
		return procCalls{}
	}
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/io")
	if err != nil {
		return procCalls{}
	}
	defer f.Close()
	return parseCalls(f)
}

// parseCalls reads the "syscr: N" and "syscw: N" lines of a /proc/<pid>/io.
func parseCalls(r io.Reader) procCalls {
	var c procCalls
	var gotR, gotW bool
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
		if err != nil {
			continue
		}
		switch name {
		case "syscr":
			c.reads, gotR = n, true
		case "syscw":
			c.writes, gotW = n, true
		}
	}
	c.ok = gotR && gotW
	return c
}

// callsPerKey is what the process called between a and b per keystroke.
func callsPerKey(a, b procCalls, keys int64) (reads, writes float64) {
	if !a.ok || !b.ok || keys <= 0 {
		return 0, 0
	}
	return float64(b.reads-a.reads) / float64(keys), float64(b.writes-a.writes) / float64(keys)
}
