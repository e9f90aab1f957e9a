package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/collab/hub"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// groupCommit offers rate single-keystroke ops per second over docs documents for d and commits
// them the way collab/hub's committers do: each of n committers takes everything queued (at
// most 256 ops, one request per document in flight) and stores it with one AppendOps call. It
// returns the latency from an op's arrival to the return of the call that stored it.
func groupCommit(ctx context.Context, db *store.DB, rate float64, docs, n int, d time.Duration) (loop, error) {
	tag := fmt.Sprintf("%x", time.Now().UnixNano())
	u, err := db.CreateUser(ctx, auth.User{Handle: "floor" + tag, Email: "floor" + tag + "@example.org", Name: "Floor", PasswordHash: "x"})
	if err != nil {
		return loop{}, fmt.Errorf("floor user: %w", err)
	}
	type doc struct {
		id      string
		version int64
		busy    bool        // a request of this document is being committed
		queued  []time.Time // arrivals waiting, one op each
		textLen int
	}
	ds := make([]*doc, docs)
	for i := range ds {
		r, err := db.CreateResource(ctx, resource.Resource{Title: "Floor", Content: "", Language: "en", License: "CC-BY-4.0",
			Visibility: resource.Private, Owner: resource.Person{ID: u.ID}}, []byte(`[]`))
		if err != nil {
			return loop{}, fmt.Errorf("floor document: %w", err)
		}
		ds[i] = &doc{id: r.ID}
	}
	var (
		mu    sync.Mutex
		wake  = sync.NewCond(&mu)
		lat   []time.Duration
		first error
		done  bool
	)
	ls := db.Live()
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				var batch []hub.StoredOp
				var arrived []time.Time
				var took []*doc
				for len(batch) == 0 && !done {
					for _, x := range ds {
						if x.busy || len(x.queued) == 0 || len(batch) >= 256 {
							continue
						}
						x.busy = true
						took = append(took, x)
						for _, at := range x.queued {
							x.version++
							batch = append(batch, hub.StoredOp{Doc: x.id, Version: x.version, Author: u.ID, Client: "floor", Seq: x.version,
								Op: collab.Op{{Retain: x.textLen}, {Insert: "a"}}.Normalize(), Time: time.Now()})
							x.textLen++
							arrived = append(arrived, at)
						}
						x.queued = x.queued[:0]
					}
					if len(batch) == 0 && !done {
						wake.Wait()
					}
				}
				if len(batch) == 0 {
					mu.Unlock()
					return
				}
				mu.Unlock()
				_, err := ls.AppendOps(ctx, batch)
				now := time.Now()
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				for _, at := range arrived {
					lat = append(lat, now.Sub(at))
				}
				for _, x := range took {
					x.busy = false
				}
				wake.Broadcast()
				mu.Unlock()
			}
		}()
	}
	start := time.Now()
	interval := time.Duration(float64(time.Second) / rate)
	next := start
	for i := 0; time.Since(start) < d; i++ {
		if wait := time.Until(next); wait > 0 {
			time.Sleep(wait)
		}
		now := time.Now()
		for ; !next.After(now); next = next.Add(interval) { // catch up after a late wake-up
			mu.Lock()
			x := ds[(i*7919)%docs]
			x.queued = append(x.queued, next)
			i++
			mu.Unlock()
		}
		wake.Broadcast()
	}
	mu.Lock()
	done = true
	wake.Broadcast()
	mu.Unlock()
	wg.Wait()
	if first != nil {
		return loop{}, fmt.Errorf("group commit: %w", first)
	}
	name := fmt.Sprintf("live group commit, %.0f ops/s over %d document%s, %d committer%s", rate, docs, plural(docs), n, plural(n))
	return summarize(name, n, lat, time.Since(start)), nil
}

// plural is the "s" of a count other than one.
func plural(n int) string { return strings.Repeat("s", min(max(n-1, 0), 1)) }
