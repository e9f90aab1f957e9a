package main

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCrashRestartKeepsAckedOps is the acceptance test of "the service
// comes back by itself": twenty times, edits are acknowledged, then the
// service and its PostgreSQL are killed with SIGKILL at once (in both
// orders, one more edit in flight) and the service is started again
// immediately, as a supervisor would. Every restart must come up, and every
// acknowledged edit must be there, in order.
func TestCrashRestartKeepsAckedOps(t *testing.T) {
	t.Parallel()
	const rounds, opsPerRound = 20, 3
	data := dataDir(t)
	p := serveOn(t, data)
	a := newAuthor(t, p, "crash")
	var acked []string
	start := time.Now()
	var slowest time.Duration
	for round := range rounds {
		text, v := a.content(t, p)
		assertAcked(t, round, text, acked)
		for i := range opsPerRound {
			tag := fmt.Sprintf("[%d.%d]", round, i)
			v = a.appendText(t, p, v, len(text), tag)
			text += tag
			acked = append(acked, tag)
		}
		// One more edit in flight: it may or may not survive.
		go func(p *proc, v int64, n, round int) { _, _ = a.postOp(p, v, n, fmt.Sprintf("(%d?)", round)) }(p, v, len(text), round)

		pm := postmasterPID(t, data)
		if round%2 == 0 {
			p.kill9()
			_ = syscall.Kill(pm, syscall.SIGKILL)
		} else {
			_ = syscall.Kill(pm, syscall.SIGKILL)
			p.kill9()
		}
		restart := time.Now()
		p = launch(t, data)
		p.waitReady(60 * time.Second)
		slowest = max(slowest, time.Since(restart))
	}
	text, _ := a.content(t, p)
	assertAcked(t, rounds, text, acked)
	t.Logf("%d kill -9 restarts, %d acknowledged ops kept, %s in all, slowest restart %s",
		rounds, len(acked), time.Since(start).Round(time.Millisecond), slowest.Round(time.Millisecond))
}

// assertAcked checks that the acknowledged tags appear in text in order
// (edits in flight at a crash may sit between them).
func assertAcked(t *testing.T, round int, text string, acked []string) {
	t.Helper()
	rest := text
	for _, tag := range acked {
		i := strings.Index(rest, tag)
		if i < 0 {
			t.Fatalf("after crash %d: acknowledged %s is missing or out of order in %q", round, tag, text)
		}
		rest = rest[i+len(tag):]
	}
}
