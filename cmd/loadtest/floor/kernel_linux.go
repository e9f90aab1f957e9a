package main

import (
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// threadCPU is the calling thread's CPU time, to the nanosecond (CLOCK_THREAD_CPUTIME_ID;
// getrusage counts in scheduler ticks, too coarse for one system call).
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

func fdatasync(f *os.File) error {
	if err := unix.Fdatasync(int(f.Fd())); err != nil {
		return fmt.Errorf("fdatasync %s: %w", f.Name(), err)
	}
	return nil
}
