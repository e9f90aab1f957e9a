package hub

import (
	"fmt"
	"slices"

	"github.com/commonplace/commonplace/collab"
)

// join registers c and queues its first frames: a snapshot, or the replay after since.
func (h *hub) join(c *Conn, since int64) error {
	info, checked, err := h.admit(c.info)
	if err != nil {
		return err
	}
	c.info = info // before Connect returns: nothing else reads it yet
	if h.colors == nil {
		h.colors = newColorBook(h.opts.Colors)
	}
	held := h.heldColors()
	for pc, cs := range h.clients { // a reconnect's old conn is replaced below: its slot is its own
		if pc.info.sameClient(c.info) {
			delete(held, cs.color)
		}
	}
	me := &clientState{info: c.info, checkedAt: checked, color: h.colors.assign(c.info.UserID, held)}
	var frames []*Frame
	if since >= 0 {
		if since > h.committed && len(h.pending) == 0 {
			// The client may have seen versions another process committed: look first.
			if err := h.catchUp(true); err != nil {
				h.m.log.Warn("catch up on resume failed", "doc", h.doc, "err", err)
			}
		}
		replay, err := h.replay(since)
		if err != nil {
			frames = append(frames, errorFrame(err, nil), h.snapshotFrame(me))
		} else {
			frames = append(frames, replay...)
			for pc, cs := range h.clients {
				if pc.info.sameClient(c.info) {
					continue
				}
				frames = append(frames, newFrame(encode(joinFrame(cs))))
				if cs.cursor != nil {
					frames = append(frames, newFrame(encode(h.cursorFrame(cs))))
				}
			}
			frames = append(frames, newFrame(encode(YouFrame{Type: TypeYou, Client: c.info.ClientID, User: c.info.UserID, Color: me.color})))
		}
	} else {
		frames = append(frames, h.snapshotFrame(me))
	}
	// A client connects once: a reconnect replaces the old conn (the socket may not have
	// noticed yet that it is dead). Only the same user's conn is replaced: client ids are
	// visible to everyone, and a copied one must not disconnect its owner.
	for old := range h.clients {
		if old.info.sameClient(c.info) {
			h.drop(old)
		}
	}
	h.flushKicked()
	c.q, c.extra = frames, len(frames) // before Connect returns: nothing else reads them yet
	me.sentTo = h.committed
	h.clients[c] = me
	h.crowded.Store(h.large())
	h.m.conns.Add(1)
	h.m.track(c.info.UserID, h.doc, 1)
	h.announceJoin(c)
	return nil
}

// replay returns the op frames after since, or ErrBaseUnknown when since is beyond the head or
// too old.
func (h *hub) replay(since int64) ([]*Frame, error) {
	if since > h.committed {
		return nil, fmt.Errorf("since %d is beyond version %d: %w", since, h.committed, ErrBaseUnknown)
	}
	if h.committed-since > int64(h.opts.MaxReplay) {
		return nil, fmt.Errorf("since %d is more than %d versions old: %w", since, h.opts.MaxReplay, ErrBaseUnknown)
	}
	var frames []*Frame
	start := h.ringStart()
	if since < start {
		old, err := h.readOps(since, start)
		if err != nil {
			return nil, err
		}
		for _, op := range old {
			frames = append(frames, opFrame(op))
		}
	}
	for v := max(since, start) + 1; v <= h.committed; v++ {
		frames = append(frames, h.ringFrame(v))
	}
	return frames, nil
}

func (h *hub) snapshotFrame(to *clientState) *Frame {
	peers := make([]Peer, 0, len(h.clients))
	for pc, cs := range h.clients {
		if pc.info.sameClient(to.info) {
			continue
		}
		p := Peer{Client: cs.info.ClientID, User: cs.info.UserID, Name: cs.info.Name, Role: cs.info.Role, Color: cs.color}
		if cs.cursor != nil {
			a, hd := cs.cursor.anchor, cs.cursor.head
			p.Anchor, p.Head = &a, &hd
		}
		peers = append(peers, p)
	}
	attr := h.cattr.Attribution()
	return newFrame(encode(SnapshotFrame{
		Type: TypeSnapshot, Version: h.committed, Text: h.cdoc.String(), Role: to.info.Role,
		Attribution: attr, Peers: peers, Color: to.color,
	}))
}

func joinFrame(cs *clientState) JoinFrame {
	c := cs.info
	return JoinFrame{Type: TypeJoin, Client: c.ClientID, User: c.UserID, Name: c.Name, Role: c.Role, Color: cs.color}
}

func (h *hub) cursorFrame(cs *clientState) CursorFrame {
	return CursorFrame{
		Type: TypeCursor, Client: cs.info.ClientID, User: cs.info.UserID, Name: cs.info.Name, Color: cs.color,
		Version: h.committed, Anchor: cs.cursor.anchor, Head: cs.cursor.head,
	}
}

// moveCursor stores a client's selection, moved from its base to the committed version, and
// shows it to the others. A cursor whose base is unknown (beyond the head, or older than the
// ops kept in memory) is dropped: cursors are ephemeral and the next one will do.
func (h *hub) moveCursor(c *Conn, cs *clientState, m cursorMsg) {
	start := h.ringStart()
	if m.base > h.committed || m.base < start {
		return
	}
	a, hd := m.anchor, m.head
	for _, op := range h.ring[int(m.base-start):] {
		a = collab.TransformIndex(a, op.Op)
		hd = collab.TransformIndex(hd, op.Op)
	}
	n := h.cdoc.Len16()
	if cs.cursor == nil {
		h.cursored = append(h.cursored, cs)
	}
	cs.cursor = &cursor{anchor: min(a, n), head: min(hd, n)}
	h.cursorMoved(c, cs)
}

// send queues a frame for c. A client whose buffer is full is too slow: it is dropped (after
// the frames already queued) and resumes with since; the op log loses nothing.
// In a large room a client can be owed hundreds of ops at once (a tick skipped it while its
// socket was busy, or its ack comes after the ops committed before it): they are shared
// frames, and their bound is the ring (flushTo drops a client that falls out of it), so the
// buffer there is the ring's size plus SendBuffer.
func (h *hub) send(c *Conn, frame *Frame) {
	if _, ok := h.clients[c]; !ok {
		return
	}
	limit := h.opts.SendBuffer
	if h.large() {
		limit += h.ringKeep()
	}
	ok, wake := c.push(frame, limit)
	if !ok {
		h.m.slow.Add(1)
		h.m.log.Debug("client too slow, disconnecting", "doc", h.doc, "client", c.info.ClientID)
		h.drop(c)
		return
	}
	switch {
	case wake == nil:
	case h.corked:
		h.woken = append(h.woken, wake) // called once the hub uncorks (hub.cork)
	default:
		wake()
	}
}

// drop unregisters c and closes its frames (the client should reconnect). The leave frame to
// the others is sent by flushKicked, after any broadcast in progress.
func (h *hub) drop(c *Conn) { h.closeWith(c, 0) }

// closeWith is drop with a close code for the client (0: reconnect).
func (h *hub) closeWith(c *Conn, code int) {
	cs, ok := h.clients[c]
	if !ok {
		return
	}
	delete(h.clients, c)
	if cs.cursor != nil {
		i := slices.Index(h.cursored, cs)
		h.cursored = slices.Delete(h.cursored, i, i+1)
	}
	h.crowded.Store(h.large())
	delete(h.cursorsMoved, c)
	h.m.conns.Add(-1)
	h.m.track(c.info.UserID, h.doc, -1)
	c.end(code)
	h.kicked = append(h.kicked, c)
}

// flushKicked announces the conns dropped since the last call.
func (h *hub) flushKicked() {
	for len(h.kicked) > 0 {
		c := h.kicked[0]
		h.kicked = h.kicked[1:]
		h.announceLeave(c)
	}
	h.kicked = nil
}
