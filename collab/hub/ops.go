package hub

import (
	"fmt"
	"slices"
	"time"

	"github.com/commonplace/commonplace/collab"
)

// process transforms op (written at base) over everything after base, applies it to the
// tentative document and queues it for commit. Nothing is acknowledged here: waiters hear back
// when the commit returns. A (user, client, seq) seen before is acknowledged with its stored version,
// or, if still pending, its waiters grow; it is never applied twice.
//
// Why the hub can tell a resend on its own: an op's original is always committed after the
// resend's base. The client resends what it has no acknowledgement for, unchanged, and the
// first frame that would have shown it the original at version v (its ack, or its own op in a
// replay) is what acknowledges it, so the base it knows is below v. Every op after the base is
// in one of three places the hub looks: pending (pendingBySeq), the ring, or the ops it
// reads from the store to transform from an older base. An op of another process it has not
// heard of yet makes this hub's commit clash on its version; the hub then catches up, and
// processes the op again against what it read (resync).
func (h *hub) process(info ClientInfo, seq, base int64, op collab.Op, ws []waiter) {
	key := clientSeq{info.UserID, info.ClientID, seq}
	if v, ok := h.committedAfter(base, key); ok {
		for _, w := range ws {
			h.ackWaiter(w, seq, v)
		}
		return
	}
	if p := h.pendingBySeq[key]; p != nil {
		for _, w := range ws {
			if !hasWaiter(p.waiters, w) {
				p.waiters = append(p.waiters, w)
			}
		}
		return
	}
	old, err := h.olderThanRing(base)
	if err == nil {
		for _, o := range old {
			if seqKey(o) == key {
				for _, w := range ws {
					h.ackWaiter(w, seq, o.Version)
				}
				return
			}
		}
	}
	var t collab.Op
	if err == nil {
		t, err = h.transform(base, old, op)
	}
	if err == nil {
		err = classify(h.tdoc.Apply(t, h.opts.Limits))
	}
	if err != nil {
		for _, w := range ws {
			h.failWaiter(w, seq, err)
		}
		return
	}
	p := &pendingOp{
		op: StoredOp{
			Doc: h.doc, Version: h.head() + 1, Author: info.UserID, Client: info.ClientID,
			Seq: seq, Op: t, Time: time.Now().UTC(),
		},
		orig: op, base: base, waiters: ws,
	}
	h.pending = append(h.pending, p)
	h.pendingBySeq[key] = p
	h.m.pending.Add(1)
	h.flush()
}

// committedAfter finds the op key among the ring's ops after base: where the original of a
// resend is, if it was committed and is still in memory. It is a walk over the few ops a client
// is behind, which the transform takes anyway. A map of every op in the ring did this in one
// lookup, but a thousand rooms' maps were a fifth of the live heap, marked by the collector on
// every cycle (docs/benchmarks-live.md, "twenty-fourth pass").
func (h *hub) committedAfter(base int64, key clientSeq) (int64, bool) {
	skip := max(base-h.ringStart(), 0)
	if skip >= int64(len(h.ring)) {
		return 0, false
	}
	for _, o := range h.ring[skip:] {
		if seqKey(o) == key {
			return o.Version, true
		}
	}
	return 0, false
}

func hasWaiter(ws []waiter, w waiter) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// olderThanRing checks base and returns the committed ops in (base, ringStart], read from the
// store: none when base lies in the ring or after it.
func (h *hub) olderThanRing(base int64) ([]StoredOp, error) {
	head := h.head()
	if base < 0 || base > head {
		return nil, fmt.Errorf("base %d, head is %d: %w", base, head, ErrBaseUnknown)
	}
	if head-base > int64(h.opts.MaxTransform) {
		return nil, fmt.Errorf("base %d is %d versions behind, limit %d: %w", base, head-base, h.opts.MaxTransform, ErrBaseUnknown)
	}
	if start := h.ringStart(); base < start {
		return h.readOps(base, start)
	}
	return nil, nil
}

// transform rebases op from base onto the tentative head: over old (the committed ops from
// base to the ring, olderThanRing), the ring's ops after base, and then the pending ops.
func (h *hub) transform(base int64, old []StoredOp, op collab.Op) (collab.Op, error) {
	start := h.ringStart()
	var ring []StoredOp
	if base < h.committed {
		ring = h.ring[int(max(base-start, 0)):]
	}
	pend := h.pending[min(max(base-h.committed, 0), int64(len(h.pending))):] // versions committed+1…
	// The ops since base, in order: read from the store, in the ring, applied but pending.
	at := func(i int) collab.Op {
		if i < len(old) {
			return old[i].Op
		}
		if i -= len(old); i < len(ring) {
			return ring[i].Op
		}
		return pend[i-len(ring)].op.Op
	}
	moved, err := collab.MoveOver(op, len(old)+len(ring)+len(pend), at)
	if err != nil {
		return nil, classify(fmt.Errorf("transform from version %d: %w", base, err))
	}
	return moved, nil
}

// readOps reads the committed ops in (from, to] from the store, checking there is no gap.
func (h *hub) readOps(from, to int64) ([]StoredOp, error) {
	ctx, cancel := h.storeCtx()
	defer cancel()
	var out []StoredOp
	for from < to {
		ops, err := h.m.store.OpsSince(ctx, h.doc, from, int(min(to-from, maxOpsSince)))
		if err != nil {
			return nil, fmt.Errorf("read ops after %d: %w: %w", from, ErrBaseUnknown, err)
		}
		if len(ops) == 0 {
			return nil, fmt.Errorf("read ops after %d: store has none: %w", from, ErrBaseUnknown)
		}
		for _, op := range ops {
			if op.Version != from+1 {
				return nil, fmt.Errorf("read ops after %d: got version %d: %w", from, op.Version, ErrBaseUnknown)
			}
			if from == to {
				break
			}
			out = append(out, op)
			from++
		}
	}
	return out, nil
}

// flush hands the pending ops not yet sent to the group committer, one request at a time.
func (h *hub) flush() {
	if h.inflight > 0 || len(h.pending) == 0 || time.Now().Before(h.retryAt) {
		return
	}
	n := min(len(h.pending), h.opts.MaxBatch)
	ops := make([]StoredOp, n)
	for i, p := range h.pending[:n] {
		ops[i] = p.op
	}
	h.inflight = n
	h.m.com.in <- commitReq{ops: ops, reply: h.results}
}

// committedBatch handles the committer's answer for pending[:inflight].
func (h *hub) committedBatch(res commitResult) {
	batch := h.pending[:h.inflight]
	h.inflight = 0
	if res.err != nil {
		// Nothing was stored (or the outcome is unknown: then the retry finds its versions
		// taken, and resync finds the ops in the log and acknowledges them).
		h.backoff = min(max(2*h.backoff, 10*time.Millisecond), 2*time.Second)
		h.retryAt = time.Now().Add(h.backoff)
		return
	}
	h.backoff, h.retryAt = 0, time.Time{}
	h.cork()
	ok := 0
	for ok < len(res.results) && res.results[ok].Status == Appended {
		ok++
	}
	for i, p := range batch[:ok] {
		delete(h.pendingBySeq, seqKey(p.op))
		if err := h.commit(p.op, p.waiters); err != nil {
			h.m.log.Error("committed op does not apply; reloading", "doc", h.doc, "version", p.op.Version, "err", err)
			h.m.pending.Add(-int64(i))
			h.pending = h.pending[i:] // p included: the reload finds it stored and acks it
			h.uncork()
			h.resync(true)
			h.flush()
			return
		}
	}
	h.uncork()
	clear(h.pending[:ok])
	h.pending = h.pending[ok:]
	h.m.pending.Add(-int64(ok))
	if ok < len(batch) {
		h.m.conflict.Add(1)
		h.resync(false)
	}
	if len(h.pending) == 0 {
		h.maybeCatchUp()
	}
	h.flush()
	h.maybeSnapshot()
	if h.checkpointDue() {
		h.checkpoint()
	}
}

// commit moves the committed state forward by op: text, attribution, ring, cursors; then it
// acknowledges the waiters and broadcasts the op to everyone else.
func (h *hub) commit(op StoredOp, ws []waiter) error {
	if op.Version != h.committed+1 {
		return fmt.Errorf("version %d after %d", op.Version, h.committed)
	}
	if err := h.cdoc.Apply(op.Op, collab.Limits{}); err != nil {
		return err
	}
	h.cattr.Apply(op.Op, op.Author)
	h.committed = op.Version
	h.remember(op, nil)
	if !h.editing.Load() { // before anyone hears of the commit
		h.editing.Store(true)
	}
	for _, cs := range h.cursored {
		cs.cursor.anchor = collab.TransformIndex(cs.cursor.anchor, op.Op)
		cs.cursor.head = collab.TransformIndex(cs.cursor.head, op.Op)
	}
	// The sender gets the ops before its own, then its ack, at once in every room.
	// acked is a slice, not a map: an op has one waiter or a few (resends), and a map per
	// committed op was an allocation on every keystroke.
	var few [2]*Conn
	acked := few[:0]
	for _, w := range ws {
		if w.conn != nil {
			if cs, ok := h.clients[w.conn]; ok && !slices.Contains(acked, w.conn) {
				acked = append(acked, w.conn)
				h.flushTo(w.conn, cs, op.Version-1)
				cs.sentTo = op.Version
				h.send(w.conn, ackFrame(op.Seq, op.Version))
			}
		} else {
			answer(w.submit, submitResult{version: op.Version})
		}
	}
	h.delivered(op.Version, acked)
	h.m.commits.Add(1)
	h.sinceCheck++
	h.lastCommit = time.Now()
	if f := h.opts.OnCommit; f != nil {
		f(h.doc, op.Version)
	}
	return nil
}

// resync recovers after a version was taken (by another process, or by an attempt of ours
// whose outcome was unknown): the tentative state is thrown away, the committed state catches
// up from the store, and the uncommitted ops are processed again from their original base,
// which acknowledges those now found in the log. With hard set (the log does not fit what we
// hold), the document is reloaded from scratch and clients reconnect.
func (h *hub) resync(hard bool) {
	rest := h.pending
	h.m.pending.Add(-int64(len(rest)))
	h.pending = nil
	clear(h.pendingBySeq)
	if !hard {
		if err := h.catchUp(false); err != nil {
			h.m.log.Warn("catch up after conflict failed", "doc", h.doc, "err", err)
			hard = true
		}
	}
	if hard {
		if err := h.load(); err != nil {
			// Keep going on what we had: the next commit fails again and retries.
			h.m.log.Error("reload failed", "doc", h.doc, "err", err)
		}
		for c := range h.clients {
			h.drop(c) // they resume with since and replay from the store
		}
	}
	h.tdoc = collab.NewDoc(h.cdoc.String())
	for _, p := range rest {
		info := ClientInfo{ClientID: p.op.Client, UserID: p.op.Author}
		h.process(info, p.op.Seq, p.base, p.orig, p.waiters)
	}
}

// maybeCatchUp follows a hint once nothing of ours is pending.
func (h *hub) maybeCatchUp() {
	if h.hinted.Load() <= h.committed || len(h.pending) > 0 || h.stopping {
		return
	}
	if err := h.catchUp(true); err != nil {
		h.m.log.Warn("catch up after hint failed", "doc", h.doc, "err", err)
	}
}

// catchUp reads ops committed by other processes after our committed version and commits them
// here (broadcast, cursors, ring). With tentative set the tentative document (equal to the
// committed one, nothing being pending) moves along too.
func (h *hub) catchUp(tentative bool) error {
	ctx, cancel := h.storeCtx()
	defer cancel()
	for range 1000 {
		ops, err := h.m.store.OpsSince(ctx, h.doc, h.committed, maxOpsSince)
		if err != nil {
			return fmt.Errorf("ops since %d: %w", h.committed, err)
		}
		for _, op := range ops {
			if err := h.commit(op, nil); err != nil {
				return fmt.Errorf("apply foreign op: %w", err)
			}
			if tentative {
				if err := h.tdoc.Apply(op.Op, collab.Limits{}); err != nil {
					return fmt.Errorf("apply foreign op to tentative text: %w", err)
				}
			}
		}
		if len(ops) < maxOpsSince {
			return nil
		}
	}
	return fmt.Errorf("ops since %d: still more after 1000 reads", h.committed)
}

// ackWaiter acknowledges an op that was already stored at version v.
func (h *hub) ackWaiter(w waiter, seq, v int64) {
	if w.conn != nil {
		if _, ok := h.clients[w.conn]; ok {
			h.send(w.conn, ackFrame(seq, v))
		}
		return
	}
	answer(w.submit, submitResult{version: v})
}

func (h *hub) failWaiter(w waiter, seq int64, err error) {
	if w.conn != nil {
		if _, ok := h.clients[w.conn]; ok {
			h.send(w.conn, errorFrame(err, &seq))
		}
		return
	}
	answer(w.submit, submitResult{err: err})
}

// answer replies to a REST submit; its channel holds one reply and a second is dropped, so
// the hub can never block on it.
func answer(ch chan submitResult, r submitResult) {
	select {
	case ch <- r:
	default:
	}
}

// reply tells every waiter of p the outcome (used when the hub gives up on p).
func (h *hub) reply(p *pendingOp, v int64, err error) {
	for _, w := range p.waiters {
		if err != nil {
			h.failWaiter(w, p.op.Seq, err)
		} else {
			h.ackWaiter(w, p.op.Seq, v)
		}
	}
}
