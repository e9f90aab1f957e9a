package procstat

import (
	"testing"
	"time"
)

// The machine's busy time includes its steal and softirq time, and all three only grow.
func TestMachineHoldsStealAndSoftirq(t *testing.T) {
	busy, steal, softirq := Machine()
	if busy <= 0 || steal < 0 || softirq < 0 || steal+softirq > busy {
		t.Fatalf("Machine: busy %v, steal %v, softirq %v", busy, steal, softirq)
	}
	deadline := time.Now().Add(30 * time.Millisecond)
	for time.Now().Before(deadline) { // spin, so the machine is busy in between
	}
	busy2, steal2, softirq2 := Machine()
	if busy2 <= busy || steal2 < steal || softirq2 < softirq {
		t.Fatalf("after 30 ms of work: busy %v → %v, steal %v → %v, softirq %v → %v", busy, busy2, steal, steal2, softirq, softirq2)
	}
}
