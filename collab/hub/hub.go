package hub

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/commonplace/commonplace/collab"
)

// clientSeq identifies one client operation across resends. Client ids are
// chosen by clients and visible to everyone in the document (peers, op
// frames), so they are only unique per user: the key holds the user too, or
// anyone could pre-empt another person's next seq and have that person's op
// "acknowledged" without being applied.
type clientSeq struct {
	user   string
	client string
	seq    int64
}

// seqKey is the resend key of a stored op.
func seqKey(op StoredOp) clientSeq { return clientSeq{op.Author, op.Client, op.Seq} }

// waiter is someone to acknowledge when an op commits: a live conn (ack frame) or a REST call.
type waiter struct {
	conn   *Conn
	submit chan submitResult
}

// pendingOp is an op applied to the tentative document but not yet committed. orig and base
// are kept so that it can be transformed again if another process wins its version.
type pendingOp struct {
	op      StoredOp
	orig    collab.Op
	base    int64
	waiters []waiter
}

// clientState is the hub's view of one conn.
type clientState struct {
	info      ClientInfo // Role and CanEdit as last decided
	checkedAt time.Time  // when they were decided
	color     int        // the person's colour slot in this document (colors.go)
	cursor    *cursor    // at the committed version; nil until the client sends one
	bucket    bucket
	sentTo    int64 // the ops up to this version are queued for the client (deliver.go)
}

type cursor struct{ anchor, head int }

// hub owns one loaded document. Only its run goroutine touches the fields below "owned".
type hub struct {
	m    *Manager
	doc  string
	opts Options

	in      chan any          // client frames and requests, in arrival order
	results chan commitResult // replies of the committer; one request in flight at a time
	// wake tells run that notes has something (buffered 1: a note set while a wake is
	// waiting rides along with it). The occasional signals share one channel, and the
	// Manager's stop reaches each hub as a note rather than through a channel all hubs wait
	// on: every select locks each of its channels, and a thousand hubs waiting on the same
	// two contended for their locks on every keystroke.
	wake     chan struct{}
	notes    atomic.Uint32 // noteHint | noteRights | noteSweep | noteStop | noteAbandon
	hinted   atomic.Int64
	crowded  atomic.Bool // more than Options.TickAbove clients (Conn.WriteInline)
	sweepMu  sync.Mutex
	sweepRes sweepResult // the answer of the background re-check in flight, with noteSweep
	// staleAt is the last rights change the Manager marked for this hub (RightsHint): set before
	// the note that makes run re-check, so that an op taken first is not applied under a
	// verdict the rights log has already put in doubt (fresh).
	staleAt atomic.Pointer[time.Time]
	ready   chan struct{} // closed once loaded (loadErr set on failure)
	loadErr error
	done    chan struct{} // closed when the goroutine has exited

	// owned by run
	cdoc         *collab.Doc      // committed text at version committed
	cattr        *collab.AttrRope // committed attribution, edited in place
	committed    int64
	tdoc         *collab.Doc  // tentative: cdoc with every pending op applied
	ring         []StoredOp   // recent committed ops, ascending, ending at committed
	ringFrames   []*Frame     // their op frames, encoded on first use (ringFrame); nil once sent in a small room
	pending      []*pendingOp // tentative ops at versions committed+1...
	pendingBySeq map[clientSeq]*pendingOp
	inflight     int // pending[:inflight] are with the committer
	retryAt      time.Time
	backoff      time.Duration
	clients      map[*Conn]*clientState
	// cursored are the clients with a cursor, which every committed op moves: a room of 500
	// typists and 500 readers spent 6 % of the server's CPU visiting all 1,000 clients per op
	// to find them.
	cursored     []*clientState
	colors       *colorBook
	kicked       []*Conn // dropped during a broadcast, announced after it
	lastSnapshot int64
	snapAt       time.Time   // when the last snapshot was saved (SnapshotGap)
	checkAt      time.Time   // when the last checkpoint was cut (CheckpointGap)
	saving       atomic.Bool // a snapshot save is running
	editing      atomic.Bool // ops committed since the hub last went quiet (Manager.Editing)
	sinceCheck   int         // ops committed since the last checkpoint hook
	// snapEarly and checkEarly bring this hub's first snapshot and checkpoint forward by up to
	// their interval (spread), so that documents opened together do not all save at once.
	snapEarly   int64
	checkEarly  int
	lastCommit  time.Time
	lastActive  time.Time
	lastPoll    time.Time // last periodic catch-up with the store
	stopping    bool
	staleBefore time.Time     // verdicts decided before this are stale (the last rights change)
	sweeping    bool          // a background re-check is in flight
	sweptGen    uint64        // the Manager's rightsGen this hub last re-checked every conn for
	sweepSoon   bool          // a conn joined that the rights log does not cover (noteUncovered)
	presence    presenceBatch // joins and leaves not yet announced (large rooms)
	corked      bool          // wakes wait for uncork (cork)
	woken       []func()      // the wakes held back while corked, in order

	// Large rooms (deliver.go): ops and cursors go out per tick.
	ticks, composeTicks, cursorTicks ticker
	readers                          int // composing readers, as the last editors' tick counted them
	cursorsMoved                     map[*Conn]bool
	composedCache                    map[[2]int64]*Frame
	composedAt                       int64
}

func newHub(m *Manager, doc string) *hub {
	return &hub{
		m: m, doc: doc, opts: m.opts,
		snapEarly: int64(spread(doc, "snapshot", m.opts.SnapshotEvery)), checkEarly: spread(doc, "checkpoint", m.opts.CheckpointOps),
		in:            make(chan any, 256),
		results:       make(chan commitResult, 1),
		wake:          make(chan struct{}, 1),
		ready:         make(chan struct{}),
		done:          make(chan struct{}),
		pendingBySeq:  make(map[clientSeq]*pendingOp),
		clients:       make(map[*Conn]*clientState),
		composedCache: make(map[[2]int64]*Frame),
		sweptGen:      m.rightsGen.Load(), // its conns are decided as they join
	}
}

// storeCtx bounds one store call made on the hub goroutine.
func (h *hub) storeCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(h.m.ctx, storeTimeout)
}

func (h *hub) run() {
	defer h.m.hubsWG.Done()
	defer close(h.done)
	if err := h.load(); err != nil {
		h.loadErr = err
		h.m.forget(h)
		close(h.ready)
		return
	}
	close(h.ready)
	h.lastActive = time.Now()
	tick := time.NewTicker(h.opts.tickEvery())
	defer tick.Stop()
	for {
		in := h.in
		if len(h.pending) >= h.opts.MaxPending {
			in = nil // back-pressure: let commits catch up before reading more
		}
		select {
		case msg := <-in:
			h.lastActive = time.Now()
			h.handle(msg)
		case res := <-h.results:
			h.lastActive = time.Now()
			h.committedBatch(res)
		case <-h.wake:
			if h.noted() {
				h.finish()
				return
			}
		case <-h.presence.due():
			h.flushPresence()
		case <-h.ticks.C():
			h.ticks.fired()
			h.flushEditors()
		case <-h.composeTicks.C():
			h.composeTicks.fired()
			h.flushReaders()
		case <-h.cursorTicks.C():
			h.cursorTicks.fired()
			h.flushCursors()
		case <-tick.C:
			h.onTick(time.Now())
		}
		h.flushKicked()
		if h.stopping && len(h.pending) == 0 {
			h.finish()
			return
		}
	}
}

// Notes for run, set with note.
const (
	noteHint    uint32 = 1 << iota // another process committed (Manager.Hint)
	noteRights                     // rights changed elsewhere: re-check every conn (RightsHint)
	noteSweep                      // a background re-check answered: sweepRes
	noteStop                       // Close: commit what is pending, then exit
	noteAbandon                    // Close gave up waiting: exit now
)

// note sets n for run and wakes it; it never blocks.
func (h *hub) note(n uint32) {
	h.notes.Or(n)
	select {
	case h.wake <- struct{}{}:
	default: // a wake is already waiting, and run reads every note when it takes it
	}
}

// noted handles the notes set since the last wake and reports whether the hub must exit
// at once (noteAbandon: uncommitted ops, never acknowledged, are abandoned).
func (h *hub) noted() bool {
	n := h.notes.Swap(0)
	if n&noteAbandon != 0 {
		return true
	}
	if n&noteStop != 0 {
		h.stopping = true
	}
	if n&noteSweep != 0 {
		h.sweepMu.Lock()
		res := h.sweepRes
		h.sweepRes = sweepResult{}
		h.sweepMu.Unlock()
		h.swept(res)
	}
	if n&noteRights != 0 {
		h.invalidate()
	}
	if n&noteHint != 0 {
		h.maybeCatchUp()
	}
	return false
}

// load reads the latest snapshot and the ops after it.
func (h *hub) load() error {
	ctx, cancel := h.storeCtx()
	defer cancel()
	snap, ops, err := h.m.store.LoadDoc(ctx, h.doc)
	if err != nil {
		return fmt.Errorf("load %s: %w", h.doc, err)
	}
	h.cdoc = collab.NewDoc(snap.Text)
	h.cattr = collab.NewAttrRope(fitAttribution(snap.Attribution, h.cdoc.Len16()))
	h.committed = snap.Version
	h.lastSnapshot = snap.Version
	clear(h.ring)
	h.ring = h.ring[:0]
	clear(h.ringFrames)
	h.ringFrames = h.ringFrames[:0]
	for _, op := range ops {
		if op.Version != h.committed+1 {
			return fmt.Errorf("load %s: op version %d after %d: gap in the log", h.doc, op.Version, h.committed)
		}
		if err := h.cdoc.Apply(op.Op, collab.Limits{}); err != nil {
			return fmt.Errorf("load %s: replay version %d: %w", h.doc, op.Version, err)
		}
		h.cattr.Apply(op.Op, op.Author)
		h.committed = op.Version
		h.remember(op, nil)
	}
	h.tdoc = collab.NewDoc(h.cdoc.String())
	return nil
}

// remember appends a committed op to the ring, keeping it bounded.
func (h *hub) remember(op StoredOp, f *Frame) {
	h.ring = append(h.ring, op)
	h.ringFrames = append(h.ringFrames, f)
	// Trim a quarter at a time: trimming one op per commit copied the whole ring down on
	// every commit of a busy room (and ran the GC's write barriers over it).
	if over := len(h.ring) - h.ringKeep(); over > h.ringKeep()/4 {
		// Copy down rather than reslice so the backing array does not grow without bound.
		n := copy(h.ring, h.ring[over:])
		clear(h.ring[n:])
		h.ring = h.ring[:n]
		copy(h.ringFrames, h.ringFrames[over:])
		clear(h.ringFrames[n:])
		h.ringFrames = h.ringFrames[:n]
	}
}

// cork holds back the wakes of conns whose queue fills until uncork, so a conn that gets
// several frames from one step of the hub (its ack and the others' ops of one commit batch)
// is written once with all of them, not once per frame. A write to a socket costs far more
// than its bytes (cmd/loadtest/floor), and under load a document's ops often commit together:
// at 1,000 × 3 this took the server from 2.79 to 2.14 writes per op. The hub's goroutine
// only; the held-back frames wait for the rest of the step, microseconds.
func (h *hub) cork() { h.corked = true }

// uncork wakes the conns held back since cork, each once, in the order their queues filled.
func (h *hub) uncork() {
	h.corked = false
	for _, wake := range h.woken {
		wake()
	}
	clear(h.woken)
	h.woken = h.woken[:0]
}

// ringKeep is how many committed ops the ring keeps: RecentOps, or at least largeRoomRing in
// a large room, where hundreds of typists commit a thousand ops in under a second and a client
// skipped for a few ticks (deliver.go) must still find its ops in memory.
func (h *hub) ringKeep() int {
	if h.large() {
		return max(4*h.opts.RecentOps, largeRoomRing)
	}
	return h.opts.RecentOps
}

// largeRoomRing is the least a large room's ring keeps: about four seconds of a room of 200
// typists, a second and a half of one of 500.
const largeRoomRing = 4000

// ringStart is the version just before the first op in the ring.
func (h *hub) ringStart() int64 { return h.committed - int64(len(h.ring)) }

// head is the tentative version.
func (h *hub) head() int64 { return h.committed + int64(len(h.pending)) }

func (h *hub) handle(msg any) {
	switch r := msg.(type) {
	case fromConn:
		h.handleClient(r.c, r.msg)
	case joinReq:
		if h.stopping {
			r.reply <- ErrClosed
			return
		}
		r.reply <- h.join(r.c, r.since)
	case submitReq:
		if h.stopping {
			r.reply <- submitResult{err: ErrClosed}
			return
		}
		h.process(r.info, r.seq, r.base, r.op, []waiter{{submit: r.reply}})
	case stateReq:
		r.reply <- Snapshot{Doc: h.doc, Version: h.committed, Text: h.cdoc.String(), Attribution: h.cattr.Attribution()}
	case revalidateReq:
		h.invalidate()
		r.reply <- struct{}{}
	case attrReq:
		// Ops still pending are credited on top when they commit, so only
		// the committed spans at exactly this version are replaced.
		if r.version != h.committed || r.attr.Len16() != h.cdoc.Len16() {
			r.reply <- ErrMoved
			return
		}
		h.cattr = collab.NewAttrRope(r.attr)
		r.reply <- nil
	}
}

// deliver queues a client message for the hub; it gives up if the conn or the hub is gone.
func (h *hub) deliver(c *Conn, msg any) {
	select {
	case h.in <- fromConn{c: c, msg: msg}:
	case <-c.done:
	case <-h.done:
	}
}

func (h *hub) handleClient(c *Conn, msg any) {
	if _, ok := msg.(leaveMsg); ok {
		h.drop(c)
		return
	}
	cs := h.clients[c]
	if cs == nil || h.stopping {
		return // dropped conn or shutting down: the client resends after reconnecting
	}
	switch r := msg.(type) {
	case badMsg:
		h.send(c, errorFrame(r.err, r.seq))
	case opMsg:
		seq := r.seq
		if !h.fresh(cs, time.Now()) {
			// Rights are decided again before the op is looked at: they may have been taken
			// away (in another process, with the notification lost) since they were decided.
			if err := h.recheckAll(); err != nil {
				h.m.log.Warn("re-check before an op failed; dropping the client", "doc", h.doc, "err", err)
				h.drop(c) // the op was not applied: the client resends it after reconnecting
				return
			}
			if h.clients[c] == nil {
				return // closed by its verdict
			}
		}
		switch {
		case !cs.info.CanEdit:
			h.send(c, errorFrame(fmt.Errorf("role %q may not edit: %w", cs.info.Role, ErrForbidden), &seq))
		case !cs.bucket.allow(time.Now(), h.opts.RatePerSecond, h.opts.RateBurst):
			h.send(c, errorFrame(fmt.Errorf("more than %g frames per second: %w", h.opts.RatePerSecond, ErrRateLimited), &seq))
		default:
			h.process(cs.info, r.seq, r.base, r.op, []waiter{{conn: c}})
		}
	case cursorMsg:
		if cs.bucket.allow(time.Now(), h.opts.RatePerSecond, h.opts.RateBurst) {
			h.moveCursor(c, cs, r)
		}
	}
}

func (h *hub) onTick(now time.Time) {
	if len(h.pending) > 0 && h.inflight == 0 {
		h.flush() // a commit retry after a store error
	}
	h.maybeCatchUp()
	h.maybeSweep()
	// A safety net under LISTEN/NOTIFY: a hint can be lost (the listener was
	// reconnecting, another process never sent it), so a hub with people in
	// it also asks the store now and then whether others committed. Not while
	// it commits itself: versions are dense, so a commit at v proves the hub
	// held every op up to v, and another process's op after it makes the
	// hub's next commit clash and catch up. Either way the hub has known the
	// head within the last PollEvery; at 300 documents × 3 typists the poll
	// was a hundred queries a second that never found anything.
	if len(h.clients) > 0 && len(h.pending) == 0 && !h.stopping && now.Sub(h.lastPoll) >= h.opts.PollEvery &&
		now.Sub(h.lastCommit) >= h.opts.PollEvery {
		h.lastPoll = now
		if err := h.catchUp(true); err != nil {
			h.m.log.Warn("periodic catch up failed", "doc", h.doc, "err", err)
		}
	}
	quiet := now.Sub(h.lastCommit) >= h.opts.CheckpointIdle
	if quiet && h.editing.Load() {
		h.editing.Store(false) // before the hooks run: the checkpoint it cuts is a quiet one
		if f := h.opts.OnQuiet; f != nil {
			doc := h.doc
			h.m.goBackground("quiet", func() { f(doc) })
		}
	}
	if h.sinceCheck > 0 && (h.checkpointDue() || quiet) {
		h.checkpoint()
	}
	if h.committed > h.lastSnapshot && quiet {
		// A quiet document gets its snapshot (and the resources row its version and time of
		// the last edit) without waiting for SnapshotEvery ops.
		h.saveSnapshot()
	}
	if len(h.clients) == 0 && len(h.pending) == 0 && now.Sub(h.lastActive) >= h.opts.IdleUnload {
		h.stopping = true // run finishes the hub after this tick
	}
}

// finish unloads the hub: no new requests reach it once it is out of the map; conns are closed,
// a snapshot and a checkpoint are saved if anything changed since the last ones.
func (h *hub) finish() {
	h.m.forget(h)
	h.editing.Store(false)
	for c := range h.clients {
		h.drop(c)
	}
	h.kicked = nil
	if h.presence.timer != nil {
		h.presence.timer.Stop()
	}
	h.ticks.stop()
	h.composeTicks.stop()
	h.cursorTicks.stop()
	// Requests already queued are answered so that callers do not wait for nothing.
	for {
		select {
		case msg := <-h.in:
			switch r := msg.(type) {
			case joinReq:
				r.reply <- errHubGone
			case submitReq:
				r.reply <- submitResult{err: errHubGone}
			case stateReq:
				r.reply <- Snapshot{Doc: h.doc, Version: h.committed, Text: h.cdoc.String(), Attribution: h.cattr.Attribution()}
			case revalidateReq:
				r.reply <- struct{}{}
			}
			continue
		default:
		}
		break
	}
	for _, p := range h.pending {
		h.reply(p, 0, ErrClosed)
	}
	h.m.pending.Add(-int64(len(h.pending)))
	h.pending = nil
	if h.committed > h.lastSnapshot && h.m.ctx.Err() == nil {
		ctx, cancel := h.storeCtx()
		err := h.m.store.SaveSnapshot(ctx, h.snapshot())
		cancel()
		if err != nil {
			h.m.log.Warn("save snapshot at unload", "doc", h.doc, "version", h.committed, "err", err)
		}
	}
	if h.sinceCheck > 0 {
		h.checkpoint()
	}
}

func (h *hub) snapshot() Snapshot {
	s := Snapshot{Doc: h.doc, Version: h.committed, Text: h.cdoc.String(), Attribution: h.cattr.Attribution()}
	if n := len(h.ring); n > 0 {
		s.Edited = h.ring[n-1].Time
	}
	return s
}

// maybeSnapshot saves a snapshot off the hub goroutine every SnapshotEvery ops.
func (h *hub) maybeSnapshot() {
	if h.committed-h.lastSnapshot+h.snapEarly >= int64(h.opts.SnapshotEvery) && time.Since(h.snapAt) >= h.opts.SnapshotGap {
		h.saveSnapshot()
	}
}

// saveSnapshot saves a snapshot of the committed state off the hub goroutine, unless one is
// being saved.
func (h *hub) saveSnapshot() {
	if !h.saving.CompareAndSwap(false, true) {
		return
	}
	s := h.snapshot()
	h.lastSnapshot = s.Version
	h.snapAt = time.Now()
	h.snapEarly = 0
	h.m.goBackground("snapshot", func() {
		defer h.saving.Store(false)
		ctx, cancel := context.WithTimeout(h.m.ctx, storeTimeout)
		defer cancel()
		if err := h.m.store.SaveSnapshot(ctx, s); err != nil && !errors.Is(err, context.Canceled) {
			h.m.log.Warn("save snapshot", "doc", s.Doc, "version", s.Version, "err", err)
		}
	})
}

// checkpointDue reports whether enough ops were committed since the last checkpoint, and
// enough time has passed.
func (h *hub) checkpointDue() bool {
	return h.sinceCheck+h.checkEarly >= h.opts.CheckpointOps && time.Since(h.checkAt) >= h.opts.CheckpointGap
}

// spread is how many ops early a hub's first snapshot (what "snapshot") or checkpoint
// ("checkpoint") falls due: from 0 to every-1, fixed per document and different for the two.
// A class that opens its documents at nine and types at the same pace would otherwise have
// every document save its snapshot, cut its checkpoint revision and be re-indexed in the
// same second, a burst the live path waits behind. The phase set by the first save stays
// (the next comes every ops later), so the whole interval spreads them evenly for good. Half
// of it, with one phase for both, packed 300 documents' snapshots and checkpoints into half of
// every interval; when the host was busy, the keystrokes of those seconds were the slowest
// of a run (docs/benchmarks-live.md, "tenth pass").
func spread(doc, what string, every int) int {
	if every <= 1 {
		return 0
	}
	h := fnv.New32a()
	h.Write([]byte(what))
	h.Write([]byte{0})
	h.Write([]byte(doc))
	return int(h.Sum32() % uint32(every))
}

// checkpoint calls the OnCheckpoint hook off the hub goroutine.
func (h *hub) checkpoint() {
	h.sinceCheck = 0
	h.checkEarly = 0
	h.checkAt = time.Now()
	if f := h.opts.OnCheckpoint; f != nil {
		doc, v := h.doc, h.committed
		h.m.goBackground("checkpoint", func() { f(doc, v) })
	}
}
