package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// How long start-up waits for what an earlier run left behind. A fast
// shutdown writes a checkpoint, so an orphaned postmaster gets the longest;
// orphaned backends notice their postmaster's death within milliseconds.
const (
	orphanFastWait  = 30 * time.Second
	orphanChildWait = 3 * time.Second
	quitWait        = 5 * time.Second
)

// recoverStale makes the folder startable after a crash. It runs only while
// this process holds the data folder's lock, so whatever PostgreSQL process
// still works in the folder belongs to a service that is gone:
//
//   - a postmaster whose service was killed (kill -9) gets a fast shutdown;
//   - processes of a postmaster that was killed (a backend still finishing a
//     query, the checkpointer) get a moment to notice, then SIGQUIT — what a
//     postmaster sends its children after a crash — and SIGKILL, as a
//     postmaster does to children that ignore SIGQUIT. PostgreSQL refuses to
//     start while any of them still holds the old shared memory;
//   - then postmaster.pid and the socket lock file are removed. PostgreSQL
//     would treat them as live when the dead postmaster's pid is a zombie
//     that nobody reaps (a container's init often does not) or was reused.
func (c *Cluster) recoverStale(ctx context.Context) error {
	dir, err := filepath.EvalSymlinks(c.Dir)
	if err != nil {
		return fmt.Errorf("resolve cluster folder: %w", err)
	}
	pid := c.pidFromFile()
	procs := clusterProcesses(dir)
	if pid > 0 && slices.Contains(procs, pid) {
		c.Logger.Warn("PostgreSQL from an earlier run of this data folder is still running without its service: shutting it down", "pid", pid)
		if err := c.endProcesses(ctx, []int{pid}, syscall.SIGINT, orphanFastWait); err != nil {
			return err
		}
		procs = clusterProcesses(dir)
	}
	if len(procs) > 0 {
		start := time.Now()
		c.Logger.Warn("waiting for processes of the previous PostgreSQL to exit before starting",
			"pids", procs, "at_most", (orphanChildWait + 2*quitWait).String())
		if err := c.endProcesses(ctx, procs, 0, orphanChildWait); err != nil {
			return err
		}
		c.Logger.Info("previous PostgreSQL processes are gone", "waited", time.Since(start).Round(time.Millisecond).String())
	}
	var removed []string
	for _, name := range []string{"postmaster.pid", socketName + ".lock", socketName} {
		err := os.Remove(filepath.Join(c.Dir, name))
		if err == nil {
			removed = append(removed, name)
		} else if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove stale %s: %w", name, err)
		}
	}
	if len(removed) > 0 {
		c.Logger.Info("removed lock files of the previous PostgreSQL run", "files", removed)
	}
	return nil
}

// endProcesses sends first (when not 0) to pids and waits up to wait for
// them to exit, then escalates to SIGQUIT and SIGKILL.
func (c *Cluster) endProcesses(ctx context.Context, pids []int, first syscall.Signal, wait time.Duration) error {
	steps := []struct {
		sig  syscall.Signal
		wait time.Duration
	}{{first, wait}, {syscall.SIGQUIT, quitWait}, {syscall.SIGKILL, quitWait}}
	for _, s := range steps {
		if s.sig != 0 {
			for _, p := range pids {
				if processAlive(p) {
					_ = syscall.Kill(p, s.sig)
				}
			}
			if s.sig != first {
				c.Logger.Warn("previous PostgreSQL processes did not exit; signalling them", "signal", s.sig.String(), "pids", alive(pids))
			}
		}
		deadline := time.Now().Add(s.wait)
		for len(alive(pids)) > 0 && time.Now().Before(deadline) {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
		if len(alive(pids)) == 0 {
			return nil
		}
	}
	return fmt.Errorf("processes %v of the previous PostgreSQL in %s do not exit", alive(pids), c.Dir)
}

func alive(pids []int) []int {
	var out []int
	for _, p := range pids {
		if processAlive(p) {
			out = append(out, p)
		}
	}
	return out
}

// pidFromFile reads the first line of postmaster.pid; 0 when there is none.
func (c *Cluster) pidFromFile() int {
	b, err := os.ReadFile(filepath.Join(c.Dir, "postmaster.pid"))
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

// processAlive reports whether pid runs and is not a zombie: a zombie holds
// no memory and no files, only its pid, until its parent reaps it.
func processAlive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the command name, which is in parentheses and may
	// itself contain ") ".
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && i+2 < len(s) && s[i+2] != 'Z' && s[i+2] != 'X'
}

// clusterProcesses lists the live PostgreSQL processes working in dir: every
// process of a cluster, postmaster and children, has the data folder as its
// working directory. Matching the executable too leaves alone a shell that
// an operator opened in the folder.
func clusterProcesses(dir string) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	self := os.Getpid()
	var out []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		base := "/proc/" + e.Name()
		if cwd, err := os.Readlink(base + "/cwd"); err != nil || cwd != dir {
			continue
		}
		exe, err := os.Readlink(base + "/exe")
		if err != nil || !strings.HasPrefix(filepath.Base(exe), "postgres") {
			continue
		}
		if processAlive(pid) {
			out = append(out, pid)
		}
	}
	return out
}
