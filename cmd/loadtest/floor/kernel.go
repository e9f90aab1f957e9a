package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

// The two kernel costs every durable, acknowledged keystroke pays on this machine, measured
// below PostgreSQL and the WebSocket server so docs/benchmarks-live.md can say how much of a
// keystroke's CPU they are:
//
//   - a WAL flush: write 8 KiB into a preallocated file and fdatasync it, as PostgreSQL does at
//     each commit (wal_sync_method fdatasync). The CPU is the calling thread's: the flush
//     runs in the committing backend.
//   - a loopback write of one small WebSocket frame, once to a peer that is asleep waiting for
//     it (every write wakes a thread: what the server pays per frame to a load tool that is
//     idle between keystrokes) and once to a peer that is not waiting (the same bytes and TCP
//     path without the wake-up).
//
// CPU is read per thread (the thread CPU clock, with the goroutine locked to its thread), so
// neither the Go runtime's other threads nor the peer's reading count.

// kernelLoops runs the three kernel measurements: a WAL flush in dir, and a 60-byte frame (an
// op frame of one keystroke) written every 300 µs to a sleeping reader, then to no reader.
func kernelLoops(dir string, d time.Duration) ([]loop, error) {
	flush, err := withSteal(func() (loop, error) { return flushCost(dir, 8<<10, d) })
	if err != nil {
		return nil, err
	}
	woken, err := withSteal(func() (loop, error) { return wakeCost(60, 300*time.Microsecond, true, d) })
	if err != nil {
		return nil, err
	}
	quiet, err := withSteal(func() (loop, error) { return wakeCost(60, 0, false, d) })
	if err != nil {
		return nil, err
	}
	return []loop{flush, woken, quiet}, nil
}

// flushCost writes and flushes size-byte blocks of a file in dir for d.
func flushCost(dir string, size int, d time.Duration) (loop, error) {
	name := fmt.Sprintf("WAL flush (%d KiB write + fdatasync) in the data folder", size/1024)
	f, err := os.CreateTemp(dir, "floor-flush-*")
	if err != nil {
		return loop{}, fmt.Errorf("%s: %w", name, err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	const blocks = 2048 // 16 MiB at 8 KiB, a WAL segment: overwrite, never extend, like PostgreSQL
	if _, err := f.WriteAt(make([]byte, blocks*size), 0); err != nil {
		return loop{}, fmt.Errorf("%s: preallocate: %w", name, err)
	}
	if err := fdatasync(f); err != nil {
		return loop{}, fmt.Errorf("%s: %w", name, err)
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	buf := make([]byte, size)
	var lat []time.Duration
	cpu0 := threadCPU()
	start := time.Now()
	for i := 0; time.Since(start) < d; i++ {
		t := time.Now()
		if _, err := f.WriteAt(buf, int64(i%blocks)*int64(size)); err != nil {
			return loop{}, fmt.Errorf("%s: write: %w", name, err)
		}
		if err := fdatasync(f); err != nil {
			return loop{}, fmt.Errorf("%s: %w", name, err)
		}
		lat = append(lat, time.Since(t))
	}
	l := summarize(name, 1, lat, time.Since(start))
	l.CPUEach = perEach(threadCPU()-cpu0, len(lat))
	return l, nil
}

// wakeCost writes a frame-sized message to a loopback TCP socket, every pace, for d; the peer
// reads each message as it comes (asleep in between) when waiting is true, or only after the
// writer is done when it is false. Without a waiting peer the socket's buffer bounds the count.
func wakeCost(frame int, pace time.Duration, waiting bool, d time.Duration) (loop, error) {
	name := "loopback write of a frame, waking a sleeping reader"
	if !waiting {
		name = "loopback write of a frame, no reader waiting"
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return loop{}, fmt.Errorf("%s: %w", name, err)
	}
	defer l.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			close(accepted)
			return
		}
		accepted <- c
	}()
	w, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		return loop{}, fmt.Errorf("%s: %w", name, err)
	}
	defer w.Close()
	r, ok := <-accepted
	if !ok {
		return loop{}, fmt.Errorf("%s: accept failed", name)
	}
	defer r.Close()
	start := make(chan struct{})
	release := sync.OnceFunc(func() { close(start) })
	defer release() // an early return must not leave the reader waiting for its start
	drained := make(chan error, 1)
	go func() {
		if !waiting {
			<-start
		}
		_, err := io.Copy(io.Discard, r)
		drained <- err
	}()
	msg := make([]byte, frame)
	runtime.LockOSThread()
	var (
		lat   []time.Duration
		spent time.Duration
	)
	budget := 32 << 10 // inside the receive window, so every byte still takes the receive path
	began := time.Now()
	for time.Since(began) < d && (waiting || len(lat)*frame < budget) {
		if waiting {
			time.Sleep(pace) // the reader finishes the last message and goes back to sleep
		}
		c0, t := threadCPU(), time.Now()
		if _, err := w.Write(msg); err != nil {
			runtime.UnlockOSThread()
			return loop{}, fmt.Errorf("%s: %w", name, err)
		}
		lat = append(lat, time.Since(t))
		spent += threadCPU() - c0
	}
	runtime.UnlockOSThread()
	took := time.Since(began)
	release()
	w.Close()
	if err := <-drained; err != nil && !errors.Is(err, net.ErrClosed) {
		return loop{}, fmt.Errorf("%s: read: %w", name, err)
	}
	res := summarize(name, 1, lat, took)
	res.CPUEach = perEach(spent, len(lat))
	return res, nil
}

func perEach(cpu time.Duration, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(cpu.Microseconds()) / float64(n)
}

// dataDirOf is where the WAL flush is measured: the cluster's own folder, so the same disk.
func dataDirOf(data string) string {
	if data == "" {
		return os.TempDir()
	}
	return filepath.Join(data, "postgres")
}
