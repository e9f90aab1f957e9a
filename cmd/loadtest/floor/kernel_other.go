//go:build !linux

package main

import (
	"fmt"
	"os"
	"time"
)

// threadCPU is not measured outside Linux: the kernel rows then show no CPU.
func threadCPU() time.Duration { return 0 }

func fdatasync(f *os.File) error {
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", f.Name(), err)
	}
	return nil
}
