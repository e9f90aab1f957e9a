package hub

import (
	"slices"
	"time"

	"github.com/commonplace/commonplace/collab"
)

// Delivery of committed ops. Every client has been sent the ops up to clientState.sentTo (op
// frames, or its own op's ack). In a small room every commit goes out at once to everyone. In a
// large one (more than Options.TickAbove clients) the cost is the fan-out: every op becomes a
// frame for hundreds of people, and each frame a wake-up and a write. There the sender still
// gets its ack at once (after the ops before it), but the others get what was committed once
// per short tick:
//
//   - editors and clients that did not ask for composed ops get every op on its own frame,
//     queued together once per Options.TickEvery (a batch client gets them as one message),
//     or less often in a room so large that it would exceed Options.RoomMessages;
//   - readers (clients that may not edit) that asked for composed ops (ClientInfo.Compose) get
//     the ops of an Options.ComposeEvery tick composed into one (ComposedFrame), encoded once
//     for all of them; a reader whose socket has not taken the last one yet is skipped and
//     gets one larger op later, so a slow reader never builds a backlog.
//
// Only readers get composed ops. A client that may edit transforms its unacknowledged op over
// every op frame it receives, and the server has transformed that op over the single ops:
// transforming over a composition is not the same at insert ties (an insert next to a deletion
// composes to "insert, then delete" and wins the tie the single ops would have lost), so an
// editor fed composed ops could diverge from the server. A reader has no op to transform.
//
// Cursor frames carry the committed version, so in a large room they wait for the ops before
// them: selections are gathered per Options.CursorEvery and only the latest one of each client
// is sent.

// large reports whether the room is large enough to deliver by ticks.
func (h *hub) large() bool { return len(h.clients) > h.opts.TickAbove }

// The ticks of a large room keep it within Options.RoomMessages a second. Composing readers
// get at most a third of them, and the people who may edit the rest: a co-author's latency is
// what lets two people type in the same sentence without fighting over it, while a reader
// watching 40 ms behind rather than 25 notices nothing. In a room of 500 typists and 500
// readers the editors' tick is then 18.75 ms rather than 25, and the readers' 37.5 ms.

// readerTick is the composing readers' tick: at least ComposeEvery, and long enough that they
// take at most a third of RoomMessages.
func (h *hub) readerTick() time.Duration {
	return max(h.opts.ComposeEvery, time.Duration(h.readers)*3*time.Second/time.Duration(h.opts.RoomMessages))
}

// editorTick is everyone else's: at least TickEvery, and long enough that they take what the
// readers leave of RoomMessages.
func (h *hub) editorTick() time.Duration {
	left := float64(h.opts.RoomMessages) - float64(h.readers)/h.readerTick().Seconds()
	editors := float64(max(len(h.clients)-h.readers, 0))
	return max(h.opts.TickEvery, time.Duration(editors/left*float64(time.Second)))
}

// composes reports whether cs gets composed ops.
func (cs *clientState) composes() bool { return cs.info.Compose && !cs.info.CanEdit }

// delivered queues op v (just committed) for everyone but the conns acknowledged for it.
func (h *hub) delivered(v int64, acked []*Conn) {
	if h.large() {
		h.ticks.arm(h.editorTick())
		h.composeTicks.arm(h.readerTick())
		return
	}
	for c, cs := range h.clients {
		if !slices.Contains(acked, c) {
			h.flushTo(c, cs, v)
		}
	}
	// Everyone here has now been sent v, so the ring lets its frame go (the sockets' queues
	// hold it until written); a client that resumes later gets it encoded again. Kept, the
	// frames of a thousand small rooms were a quarter of the live heap and most of its
	// objects, for the collector to mark on every cycle (docs/benchmarks-live.md,
	// "twenty-fourth pass"). A large room's ticks read the frames after this, so it keeps them.
	h.ringFrames[v-h.ringStart()-1] = nil
}

// flushTo queues for c the committed ops after cs.sentTo up to version to, composed or one by
// one. A client whose ops are no longer in memory is dropped: it resumes with since.
func (h *hub) flushTo(c *Conn, cs *clientState, to int64) {
	from := cs.sentTo
	if from >= to {
		return
	}
	if from < h.ringStart() {
		h.m.log.Debug("client fell behind the ops in memory, disconnecting", "doc", h.doc, "client", c.info.ClientID)
		h.m.slow.Add(1)
		h.drop(c)
		return
	}
	cs.sentTo = to
	if cs.composes() && to-from > 1 {
		if f := h.composed(from, to); f != nil {
			h.send(c, f)
			return
		}
	}
	for v := from + 1; v <= to; v++ {
		h.send(c, h.ringFrame(v))
	}
}

// flushAll brings every client up to the committed version (composed ops included).
func (h *hub) flushAll() {
	for c, cs := range h.clients {
		h.flushTo(c, cs, h.committed)
	}
}

// flushEditors is the TickEvery tick: everyone who does not get composed ops. As with
// readers, a client whose previous frames are still queued is left for a later tick (it then
// gets the ops of both, from the ring), so a room's slowest sockets hold at most a tick of
// frames each instead of filling their buffers and being dropped, to come back for a
// snapshot of the whole room.
func (h *hub) flushEditors() {
	waiting := false
	readers := 0
	for c, cs := range h.clients {
		if cs.composes() {
			readers++
			continue
		}
		if cs.sentTo >= h.committed {
			continue
		}
		if h.large() && c.Queued() > 0 {
			waiting = true
			continue
		}
		h.flushTo(c, cs, h.committed)
	}
	h.readers = readers
	if waiting {
		h.ticks.arm(h.editorTick())
	}
}

// flushReaders is the ComposeEvery tick. A reader whose previous frames are still queued is
// left for a later tick, which composes more into one op.
func (h *hub) flushReaders() {
	waiting := false
	for c, cs := range h.clients {
		if !cs.composes() || cs.sentTo >= h.committed {
			continue
		}
		if c.Queued() > 0 {
			waiting = true
			continue
		}
		h.flushTo(c, cs, h.committed)
	}
	if waiting {
		h.composeTicks.arm(h.readerTick())
	}
}

// ringFrame is the op frame of committed version v (in the ring), encoded once.
func (h *hub) ringFrame(v int64) *Frame {
	i := int(v - h.ringStart() - 1)
	if h.ringFrames[i] == nil {
		h.ringFrames[i] = opFrame(h.ring[i])
	}
	return h.ringFrames[i]
}

// composed is the ComposedFrame of the ops in (from, to], all in the ring, encoded once per
// range while the committed version stays (every reader of a tick shares one); nil if the ops
// do not compose (a bug: they were committed one after the other).
func (h *hub) composed(from, to int64) *Frame {
	if h.composedAt != h.committed {
		clear(h.composedCache)
		h.composedAt = h.committed
	}
	key := [2]int64{from, to}
	if f, ok := h.composedCache[key]; ok {
		return f
	}
	start := h.ringStart()
	ops := h.ring[from-start : to-start]
	op := ops[0].Op
	// Who wrote what: the text at from is marked, and what is not marked at the end was
	// inserted, in document order, by the authors of the ops.
	const before = "\x00"
	attr := collab.Attribution{}
	if n := op.BaseLen(); n > 0 {
		attr = collab.Attribution{{Author: before, Len: n}}
	}
	attr = attr.Apply(op, ops[0].Author)
	for _, o := range ops[1:] {
		var err error
		if op, err = collab.Compose(op, o.Op); err != nil {
			h.m.log.Error("committed ops do not compose", "doc", h.doc, "version", o.Version, "err", err)
			h.composedCache[key] = nil
			return nil
		}
		attr = attr.Apply(o.Op, o.Author)
	}
	authors := collab.Attribution{}
	for _, s := range attr {
		if s.Author != before {
			authors = append(authors, s)
		}
	}
	f := newFrame(encode(ComposedFrame{Type: TypeOp, From: from, Version: to, Ops: op, Authors: authors.Normalize()}))
	h.composedCache[key] = f
	return f
}

// cursorMoved shows cs's new selection to the others: at once in a small room, gathered per
// CursorEvery in a large one.
func (h *hub) cursorMoved(c *Conn, cs *clientState) {
	if !h.large() {
		// The frame carries the committed version: a room that was large a moment ago may
		// still owe someone the ops of a tick, so they go first.
		h.flushAll()
		frame := newFrame(encode(h.cursorFrame(cs)))
		for other := range h.clients {
			if other != c {
				h.send(other, frame)
			}
		}
		return
	}
	if h.cursorsMoved == nil {
		h.cursorsMoved = map[*Conn]bool{}
	}
	h.cursorsMoved[c] = true
	h.cursorTicks.arm(h.opts.CursorEvery)
}

// flushCursors sends the latest selection of every client that moved since the last flush, to
// everyone who has the ops up to the committed version (the frames carry it).
func (h *hub) flushCursors() {
	moved := h.cursorsMoved
	h.cursorsMoved = nil
	h.flushEditors()
	for c := range moved {
		cs := h.clients[c]
		if cs == nil || cs.cursor == nil {
			continue
		}
		frame := newFrame(encode(h.cursorFrame(cs)))
		for other, ocs := range h.clients {
			if other != c && ocs.sentTo == h.committed {
				h.send(other, frame)
			}
		}
	}
}

// ticker is a timer that is armed on demand and fires once per arming: a throttle with a
// leading edge after a quiet spell. Armed when it has not fired for quietTicks times d, it
// fires at once (on the hub's next turn, after the batch being applied), so the first op after
// a pause goes out without waiting: in a lecture room, one teacher typing to sixty readers,
// every keystroke is such an op, and a tick (5 ms for editors, 25 ms for composing readers)
// was all of the delay the others saw beyond the commit (docs/benchmarks-live.md, "ninth
// pass"). Armed sooner, it waits the whole of d, so a busy room gets at most one flush per d
// and its messages a second stay as Options.RoomMessages sets them.
type ticker struct {
	t     *time.Timer
	armed bool
	last  time.Time // when it last fired
}

// quietTicks is how many ticks without a firing make a room quiet. One tick is not enough: in
// a busy room a commit held up by a stall (a GC cycle, a slow flush) can arrive a tick after
// the last firing, and firing at once then sent an extra message to every socket just when the
// machine was busiest. A room of 200 typists flushed more often, and its p99 was worse in five
// pairs of runs of six, by 5 to 15 ms; four ticks (20 ms in such a room) leave it as it was.
const quietTicks = 4

// arm starts the timer unless it is running: for d, or for no time if the room is quiet.
func (t *ticker) arm(d time.Duration) {
	if t.armed {
		return
	}
	if time.Since(t.last) >= quietTicks*d {
		d = 0
	}
	t.armed = true
	if t.t == nil {
		t.t = time.NewTimer(d)
	} else {
		t.t.Reset(d)
	}
}

// C is the channel to wait on (nil when not armed); the receiver calls fired.
func (t *ticker) C() <-chan time.Time {
	if !t.armed {
		return nil
	}
	return t.t.C
}

func (t *ticker) fired() { t.armed, t.last = false, time.Now() }

func (t *ticker) stop() {
	if t.t != nil {
		t.t.Stop()
	}
	t.armed = false
}
