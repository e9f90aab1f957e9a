package main

import (
	"context"
	"time"
)

// settleIdle is the server + PostgreSQL CPU, in cores, below which the server counts as idle;
// it must stay there for settleQuiet. The search indexer waits for a resource to be quiet for
// two seconds and looks once a second, so a shorter wait could end before it has begun.
const (
	settleIdle  = 0.05
	settleQuiet = 3 * time.Second
)

// settle waits until the server and its PostgreSQL are idle, or limit has passed. Creating
// hundreds of documents leaves the server work that outlasts the requests: the search indexer
// takes in every new public resource (its words, then its facet counts), which for 1,000 new
// documents keeps PostgreSQL busy for twenty seconds. Typing started at once would count that
// catching up as the cost of live editing. Without the server's pid there is nothing to watch.
func settle(ctx context.Context, pid int, limit time.Duration) {
	if pid <= 0 {
		return
	}
	t0 := time.Now()
	prev := readCPU(pid)
	var idle time.Duration
	for time.Since(t0) < limit {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
		cur := readCPU(pid)
		u := cores(prev, cur)
		idle += cur.at.Sub(prev.at)
		if u.server+u.db >= settleIdle {
			idle = 0
		}
		prev = cur
		if idle >= settleQuiet {
			logf("server idle for %v after %v", settleQuiet, time.Since(t0).Round(100*time.Millisecond))
			return
		}
	}
	u := cores(prev, readCPU(pid))
	logf("server still busy after %v (server %.2f + PostgreSQL %.2f cores); typing anyway", limit, u.server, u.db)
}
