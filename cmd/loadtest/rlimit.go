package main

import (
	"fmt"
	"syscall"
)

// raiseFileLimit lifts the soft limit on open files to the hard limit, so thousands of
// connections fit, and returns the new soft limit.
func raiseFileLimit() (uint64, error) {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return 0, fmt.Errorf("getrlimit: %w", err)
	}
	if l.Cur < l.Max {
		l.Cur = l.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
			return 0, fmt.Errorf("setrlimit: %w", err)
		}
	}
	return l.Cur, nil
}
