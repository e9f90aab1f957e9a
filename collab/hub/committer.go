package hub

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// commitReq is one hub's batch of consecutive ops of its document. A hub has at most one
// request in flight, so a committer batch never holds two requests for the same document.
type commitReq struct {
	ops   []StoredOp
	reply chan<- commitResult // buffered 1 by the hub
}

type commitResult struct {
	results []AppendResult
	err     error
}

// committer is the group committer shared by all hubs of a Manager: it gathers the pending
// requests of many documents into one Store.AppendOps call. It flushes as soon as its queue is
// empty (a lone op waits for no timer), when the batch holds MaxBatch ops, or when it has spent
// BatchWindow gathering; while AppendOps calls run, new requests queue up and form the next
// batches. That is adaptive group commit: with one worker (the default) a batch is whatever
// arrived during the previous flush, so batches grow with the load and every transaction's cost
// (a statement, a commit record, a WAL flush) is shared by more ops. A flush also starts no
// sooner than Options.CommitGap (1 ms) after the worker's previous one: on a quiet disk a flush
// returns in a few hundred microseconds, and without the gap 300 documents of three typists
// made about 2,000 transactions of 2.3 ops a second. A lone op after a quiet spell waits for
// nothing; under load an op waits at most the gap for its batch to start. More workers
// (Options.Committers) overlap flushes but split the queue into smaller batches: with 300
// documents of three typists, four workers made 2.6 ops per transaction and cost PostgreSQL
// 102–116 µs per keystroke against 57–67 µs with one (docs/benchmarks-live.md). Concurrent
// batches never share a document, since a hub has at most one request in flight.
type committer struct {
	store  Store
	in     chan commitReq
	max    int
	window time.Duration
	gap    time.Duration // shortest time between the starts of two flushes of a worker
	done   chan struct{}
	onErr  func(error)
}

func newCommitter(store Store, maxBatch int, window, gap time.Duration, onErr func(error)) *committer {
	return &committer{store: store, in: make(chan commitReq, 1024), max: maxBatch, window: window, gap: gap, done: make(chan struct{}), onErr: onErr}
}

// start runs n workers; done closes once all have drained the queue and exited.
func (c *committer) start(ctx context.Context, stop <-chan struct{}, n int) {
	var wg sync.WaitGroup
	for range max(n, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.run(ctx, stop)
		}()
	}
	go func() {
		wg.Wait()
		close(c.done)
	}()
}

// run serves requests until stop closes and the queue is drained of what was sent before.
func (c *committer) run(ctx context.Context, stop <-chan struct{}) {
	var last time.Time
	for {
		var first commitReq
		select {
		case first = <-c.in:
		case <-stop:
			// Serve what is already queued, then stop: hubs stop sending before stop closes.
			for {
				select {
				case r := <-c.in:
					c.flush(ctx, []commitReq{r})
				default:
					return
				}
			}
		}
		if wait := c.gap - time.Since(last); c.gap > 0 && wait > 0 {
			time.Sleep(wait) // what arrives meanwhile joins this batch (Options.CommitGap)
		}
		last = time.Now()
		batch := []commitReq{first}
		n := len(first.ops)
		deadline := time.Now().Add(c.window)
	gather:
		for n < c.max && time.Now().Before(deadline) {
			select {
			case r := <-c.in:
				batch = append(batch, r)
				n += len(r.ops)
			default:
				break gather
			}
		}
		c.flush(ctx, batch)
	}
}

func (c *committer) flush(ctx context.Context, batch []commitReq) {
	ops := batch[0].ops
	if len(batch) > 1 {
		n := 0
		for _, r := range batch {
			n += len(r.ops)
		}
		ops = make([]StoredOp, 0, n) // one allocation: a StoredOp is large, and batches hold many
		for _, r := range batch {
			ops = append(ops, r.ops...)
		}
	}
	results, err := c.store.AppendOps(ctx, ops)
	if err == nil && len(results) != len(ops) {
		err = fmt.Errorf("append %d ops: store returned %d results", len(ops), len(results))
	}
	if err != nil {
		err = fmt.Errorf("append ops: %w", err)
		c.onErr(err)
	}
	i := 0
	for _, r := range batch {
		res := commitResult{err: err}
		if err == nil {
			res.results = results[i : i+len(r.ops)]
		}
		i += len(r.ops)
		r.reply <- res
	}
}
