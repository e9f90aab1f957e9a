package store

import (
	"context"
	"time"
)

// supervise starts postgres again whenever it exits without being asked to
// (killed by an operator or the OOM killer, crashed), until Stop. While it is
// down the service's pool fails and /readyz says 503; once it answers again
// the pool reconnects by itself. Restarting here rather than exiting keeps
// the live hubs and their connections, and needs no supervisor that knows
// about PostgreSQL.
func (c *Cluster) supervise() {
	defer close(c.supervised)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-c.stopping:
			cancel()
		case <-ctx.Done():
		}
	}()
	for {
		select {
		case <-c.stopping:
			return
		case <-c.pm.exited:
		}
		select {
		case <-c.stopping:
			return // Stop's own signal raced with the exit
		default:
		}
		c.Logger.Error("private PostgreSQL exited unexpectedly; starting it again",
			"pid", c.pm.cmd.Process.Pid, "state", c.pm.cmd.ProcessState.String(), "log", lastLines(c.logSince(c.pm), 3))
		c.pm.logFile.Close()
		backoff := time.Second
		for {
			pm, err := c.launch(ctx)
			if err == nil {
				c.pm = pm
				c.Logger.Info("private PostgreSQL is back")
				break
			}
			if ctx.Err() != nil {
				return
			}
			c.Logger.Error("start private PostgreSQL again", "err", err, "retry_in", backoff.String())
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			backoff = min(2*backoff, 30*time.Second)
		}
	}
}
