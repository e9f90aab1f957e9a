package main

import (
	"runtime"
	"testing"
	"time"
)

// TestKernelLoopsMeasure runs the three kernel measurements briefly: each must count
// operations, and on Linux each must see CPU spent by its own thread, since docs/benchmarks-live.md
// divides by these figures.
func TestKernelLoopsMeasure(t *testing.T) {
	loops, err := kernelLoops(t.TempDir(), 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if len(loops) != 3 {
		t.Fatalf("got %d loops, want 3", len(loops))
	}
	for _, l := range loops {
		if l.Count < 10 || l.PerSecond <= 0 {
			t.Errorf("%s: %d operations at %.0f/s, want at least 10", l.Name, l.Count, l.PerSecond)
		}
		if runtime.GOOS == "linux" && l.CPUEach <= 0 {
			t.Errorf("%s: no CPU measured per operation", l.Name)
		}
	}
	// A write that wakes a sleeping reader does strictly more work in the writer than the same
	// write with nobody waiting: the wake-up runs in the writer's system call.
	if runtime.GOOS == "linux" && loops[1].CPUEach <= loops[2].CPUEach {
		t.Errorf("waking write %.1f µs, quiet write %.1f µs: want the waking one dearer", loops[1].CPUEach, loops[2].CPUEach)
	}
}
