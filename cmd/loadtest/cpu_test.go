package main

import (
	"testing"
	"time"
)

// The machine's busy time includes its steal and softirq time, and all three only grow.
func TestMachineBusyHoldsStealAndSoftirq(t *testing.T) {
	busy, steal, softirq := machineBusy()
	if busy <= 0 || steal < 0 || softirq < 0 || steal+softirq > busy {
		t.Fatalf("machineBusy: busy %v, steal %v, softirq %v", busy, steal, softirq)
	}
	deadline := time.Now().Add(30 * time.Millisecond)
	for time.Now().Before(deadline) { // spin, so the machine is busy in between
	}
	busy2, steal2, softirq2 := machineBusy()
	if busy2 <= busy || steal2 < steal || softirq2 < softirq {
		t.Fatalf("after 30 ms of work: busy %v → %v, steal %v → %v, softirq %v → %v", busy, busy2, steal, steal2, softirq, softirq2)
	}
}
