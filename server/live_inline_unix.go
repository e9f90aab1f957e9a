//go:build unix

package server

import (
	"errors"
	"syscall"
)

// writeSome writes b to the non-blocking descriptor fd until it is written or the descriptor
// would block; a full buffer is not an error.
func writeSome(fd uintptr, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := syscall.Write(int(fd), b[n:])
		if m > 0 {
			n += m
		}
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EAGAIN):
			return n, nil
		case err != nil:
			return n, err
		case m == 0:
			return n, nil
		}
	}
	return n, nil
}
