package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// postmaster is one run of the postgres server process.
type postmaster struct {
	cmd     *exec.Cmd
	exited  chan struct{}
	logFile *os.File
	logFrom int64 // size of postgres.log when this run started
}

// startupError is a postmaster that exited before it accepted connections;
// log is what it wrote.
type startupError struct{ log string }

func (e *startupError) Error() string {
	return "postgres exited during start-up: " + lastLines(e.log, 5)
}

// transient reports the refusals that only mean "an earlier run is not
// quite gone": its socket lock or its shared memory still in use.
func (e *startupError) transient() bool {
	return strings.Contains(e.log, "pre-existing shared memory block") ||
		(strings.Contains(e.log, "lock file") && strings.Contains(e.log, "already exists"))
}

// launch clears what an earlier run left, starts postgres and waits until it
// answers. A start refused because the earlier run is still going away is
// retried a few times, so a supervisor restarting us at once sees us come up.
func (c *Cluster) launch(ctx context.Context) (*postmaster, error) {
	const attempts = 5
	for attempt := 1; ; attempt++ {
		if err := c.recoverStale(ctx); err != nil {
			return nil, err
		}
		pm, err := c.startPostgres()
		if err != nil {
			return nil, err
		}
		err = c.waitAnswer(ctx, pm)
		if err == nil {
			return pm, nil
		}
		_ = c.stopPostmaster(context.Background(), pm)
		var se *startupError
		if !errors.As(err, &se) || !se.transient() || attempt == attempts || ctx.Err() != nil {
			return nil, err
		}
		c.Logger.Warn("PostgreSQL refused to start while the previous run is going away; retrying", "attempt", attempt, "reason", lastLines(se.log, 1))
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Duration(attempt) * 500 * time.Millisecond):
		}
	}
}

func (c *Cluster) startPostgres() (*postmaster, error) {
	logPath := filepath.Join(c.Dir, "postgres.log")
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", logPath, err)
	}
	if c.cred != nil {
		_ = f.Chown(int(c.cred.Uid), int(c.cred.Gid))
	}
	var from int64
	if fi, err := f.Stat(); err == nil {
		from = fi.Size()
	}
	args := []string{"-D", c.Dir, "-k", c.Dir, "-p", strconv.Itoa(pgPort),
		"-c", "listen_addresses=", "-c", "max_connections=200", "-c", "unix_socket_permissions=0700"}
	if c.Fast {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	// Not bound to a context: the cluster must outlive the start-up context.
	cmd := c.command(context.Background(), filepath.Join(c.bin, "postgres"), args...)
	cmd.Stdout, cmd.Stderr = f, f
	// If we die without stopping it, the postmaster gets SIGINT (a fast
	// shutdown); recoverStale covers the cases where that signal is lost.
	cmd.SysProcAttr.Pdeathsig = syscall.SIGINT
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("start postgres: %w", err)
	}
	pm := &postmaster{cmd: cmd, logFile: f, logFrom: from, exited: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(pm.exited)
	}()
	c.Logger.Info("private PostgreSQL started", "pid", cmd.Process.Pid, "socket", c.Dir)
	return pm, nil
}

// logSince is what pm wrote to postgres.log.
func (c *Cluster) logSince(pm *postmaster) string {
	f, err := os.Open(filepath.Join(c.Dir, "postgres.log"))
	if err != nil {
		return ""
	}
	defer f.Close()
	b, _ := io.ReadAll(io.NewSectionReader(f, pm.logFrom, 1<<20))
	return string(b)
}

// waitAnswer waits until the cluster accepts connections. With pm, it also
// notices that postgres gave up; without, it waits for someone else's.
func (c *Cluster) waitAnswer(ctx context.Context, pm *postmaster) error {
	deadline := time.Now().Add(60 * time.Second)
	var exited <-chan struct{}
	if pm != nil {
		exited = pm.exited
	}
	var lastErr error
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return &startupError{log: c.logSince(pm)}
		case <-ctx.Done():
			if lastErr != nil {
				return fmt.Errorf("%w (last: %v)", ctx.Err(), lastErr)
			}
			return ctx.Err()
		default:
		}
		conn, err := pgx.Connect(ctx, c.urlFor("postgres"))
		if err == nil {
			conn.Close(ctx)
			return nil
		}
		lastErr = err
		select {
		case <-time.After(50 * time.Millisecond):
		case <-exited:
		case <-ctx.Done():
		}
	}
	return fmt.Errorf("postgres did not accept connections within 60s: %w", lastErr)
}

// stopPostmaster asks pm for a fast shutdown and waits for it; if it hangs,
// an immediate shutdown (SIGQUIT; crash recovery at the next start), then
// SIGKILL.
func (c *Cluster) stopPostmaster(ctx context.Context, pm *postmaster) error {
	if pm == nil {
		return nil
	}
	defer pm.logFile.Close()
	var err error
	for _, s := range []struct {
		sig  syscall.Signal
		wait time.Duration
	}{{syscall.SIGINT, 30 * time.Second}, {syscall.SIGQUIT, quitWait}, {syscall.SIGKILL, time.Minute}} {
		_ = pm.cmd.Process.Signal(s.sig)
		select {
		case <-pm.exited:
			return err
		case <-time.After(s.wait):
		case <-ctx.Done():
			ctx = context.Background() // escalate once, then give each step its time
		}
		err = fmt.Errorf("postgres did not stop after %s", s.sig)
		c.Logger.Warn("private PostgreSQL does not stop; escalating", "pid", pm.cmd.Process.Pid, "after", s.sig.String())
	}
	<-pm.exited
	return err
}
