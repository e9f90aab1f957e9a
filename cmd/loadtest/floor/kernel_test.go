package main

import (
	"runtime"
	"testing"
	"time"
)

// TestKernelLoopsMeasure runs the three kernel measurements briefly: each must count
// operations, and on Linux each must see CPU spent by its own thread, since docs/benchmarks-live.md
// divides by these figures. Which write costs more is a measurement, not asserted: on a busy
// machine the reader may not be asleep.
func TestKernelLoopsMeasure(t *testing.T) {
	loops, err := kernelLoops(t.TempDir(), 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if len(loops) != 3 {
		t.Fatalf("got %d loops, want 3", len(loops))
	}
	for _, l := range loops {
		if l.Count < 1 || l.PerSecond <= 0 {
			t.Errorf("%s: %d operations at %.0f/s", l.Name, l.Count, l.PerSecond)
		}
		if runtime.GOOS == "linux" && l.CPUEach <= 0 {
			t.Errorf("%s: no CPU measured per operation", l.Name)
		}
	}
}
