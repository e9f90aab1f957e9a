package hub

import "time"

// In a small room every join and leave is announced at once with its own frame. In a large one
// (more than Options.PresenceBatchAbove clients) they are gathered for Options.PresenceEvery and
// announced in one peers frame: hundreds of readers leaving at once (a lesson ends) would
// otherwise queue hundreds of frames for every editor, fill their buffers and get them
// disconnected as slow, for nothing but presence.

// presenceBatch holds the joins and leaves not yet announced.
type presenceBatch struct {
	joined map[*Conn]bool
	left   []*Conn
	timer  *time.Timer
}

// due fires when the batch must be announced (never while there is none).
func (b *presenceBatch) due() <-chan time.Time {
	if b.timer == nil {
		return nil
	}
	return b.timer.C
}

// batching reports whether a presence change now goes into the batch: in a large room, and
// whenever a batch is open (so that changes are announced in order).
func (h *hub) batching() bool {
	return h.presence.timer != nil || len(h.clients) > h.opts.PresenceBatchAbove
}

func (h *hub) openBatch() {
	if h.presence.timer == nil {
		h.presence.timer = time.NewTimer(h.opts.PresenceEvery)
		h.presence.joined = map[*Conn]bool{}
	}
}

// announceJoin tells the others that c (already registered) joined.
func (h *hub) announceJoin(c *Conn) {
	if h.batching() {
		h.openBatch()
		h.presence.joined[c] = true
		return
	}
	jf := newFrame(encode(joinFrame(h.clients[c])))
	for other := range h.clients {
		if other != c {
			h.send(other, jf)
		}
	}
}

// announceLeave tells the others that c (already dropped) left.
func (h *hub) announceLeave(c *Conn) {
	if h.batching() {
		h.openBatch()
		// Announced even when it joined within the batch: clients that joined meanwhile
		// saw it in their snapshot. A leave of a client one never saw is harmless.
		delete(h.presence.joined, c)
		h.presence.left = append(h.presence.left, c)
		return
	}
	lf := newFrame(encode(LeaveFrame{Type: TypeLeave, Client: c.info.ClientID, User: c.info.UserID, Name: c.info.Name}))
	for other := range h.clients {
		h.send(other, lf)
	}
}

// flushPresence announces the batch in one peers frame (leaves first, then joins).
func (h *hub) flushPresence() {
	b := h.presence
	h.presence = presenceBatch{}
	if b.timer != nil {
		b.timer.Stop()
	}
	f := PeersFrame{Type: TypePeers, Join: []Peer{}, Leave: make([]Parted, 0, len(b.left))}
	for _, c := range b.left {
		f.Leave = append(f.Leave, Parted{Client: c.info.ClientID, User: c.info.UserID, Name: c.info.Name})
	}
	for c := range b.joined {
		if cs := h.clients[c]; cs != nil {
			f.Join = append(f.Join, Peer{Client: cs.info.ClientID, User: cs.info.UserID, Name: cs.info.Name, Role: cs.info.Role, Color: cs.color})
		}
	}
	if len(f.Join) == 0 && len(f.Leave) == 0 {
		return
	}
	frame := newFrame(encode(f))
	for c := range h.clients {
		h.send(c, frame)
	}
}
