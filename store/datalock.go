package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// LockFileName is the file in a data folder that the process running its
// cluster holds an exclusive flock on, for as long as it lives.
const LockFileName = "commonplace.lock"

// BusyError says another live process holds a data folder.
type BusyError struct {
	Folder string
	PID    int // 0 when the holder did not write its pid yet
}

func (e *BusyError) Error() string {
	who := "another commonplace process"
	if e.PID > 0 {
		who = fmt.Sprintf("another commonplace process (pid %d)", e.PID)
	}
	return fmt.Sprintf("data folder %s is in use by %s: one server per data folder — stop it or choose another --data", e.Folder, who)
}

// ErrBusy matches every *BusyError with errors.Is.
var ErrBusy = errors.New("data folder in use")

// Is makes errors.Is(err, ErrBusy) true.
func (e *BusyError) Is(target error) bool { return target == ErrBusy }

// dataLock is a held flock. The kernel drops it when the process dies, however
// it dies, so a crash never leaves a folder locked; the file itself stays and
// only tells who held it last.
type dataLock struct{ f *os.File }

// lockDataFolder takes the exclusive lock of folder without waiting. The file
// is opened close-on-exec (Go's default), so the PostgreSQL processes we start
// never inherit the lock and an orphaned postmaster cannot keep a folder busy.
func lockDataFolder(folder string) (*dataLock, error) {
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	path := filepath.Join(folder, LockFileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, &BusyError{Folder: folder, PID: lockHolder(path)}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	// Only for the message a second process prints; the lock is the flock.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &dataLock{f: f}, nil
}

func lockHolder(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

// release drops the lock; the file stays for the next holder.
func (l *dataLock) release() {
	if l == nil || l.f == nil {
		return
	}
	_ = syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	_ = l.f.Close()
	l.f = nil
}
