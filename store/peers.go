package store

import (
	"context"
	"strings"
	"sync"
	"time"
)

// PeersChannel is the LISTEN/NOTIFY channel on which the processes sharing the database tell
// each other that they listen: "<origin>;hello" when a process's listener connects (the
// others answer at once) and "<origin>;here" from each every peerEvery.
//
// Why: the ops notifications (notifier.go) are for other processes only, since a process's
// own listener skips what it sent. Yet with one process, the default, it sent them all the
// same: a PostgreSQL transaction every few milliseconds under live typing, its wake-up of the
// listening backend, and the listener reading them back to drop them: 3–6 % of what the
// server and PostgreSQL spend per keystroke at 300 documents × 3 typists
// (docs/benchmarks-live.md, "twelfth pass"). A process now sends them only while it knows
// another listens, or cannot tell (its own listener is not connected, or has just connected).
//
// Nothing depends on the notifications arriving: a hub that misses one learns of the op by
// its poll (hub.Options.PollEvery) or when its next commit clashes. So the census only has to
// be right in the common case, and errs towards sending.
const PeersChannel = "commonplace_peers"

// The census's timing (peers.every, ttl and grace; the tests shorten them).
const (
	// peerEvery is how often a listening process says it is here.
	peerEvery = 10 * time.Second
	// peerTTL is how long a process counts as listening after it was last heard: three
	// announcements, so that one lost or late does not stop the hints.
	peerTTL = 35 * time.Second
	// peerGrace is how long after its listener connects a process keeps sending hints
	// without having heard of another: the time the others' answers take to arrive, with
	// room to spare.
	peerGrace = 2 * time.Second
)

// peers is what a process knows of the other listening processes.
type peers struct {
	every, ttl, grace time.Duration // peerEvery, peerTTL and peerGrace

	mu        sync.Mutex
	listening time.Time            // when this process's listener connected; zero when it is not
	heard     map[string]time.Time // another process's origin → when it was last heard
}

// connected records whether this process's listener is connected.
func (p *peers) connected(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if on {
		p.listening = time.Now()
	} else {
		p.listening = time.Time{}
	}
}

// hear records that origin listens.
func (p *peers) hear(origin string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.heard == nil {
		p.heard = map[string]time.Time{}
	}
	p.heard[origin] = time.Now()
}

// others reports whether another process may be listening: yes unless this process's own
// listener has been connected for its grace and has heard no other within the TTL.
func (p *peers) others() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if p.listening.IsZero() || now.Sub(p.listening) < p.grace {
		return true
	}
	for origin, at := range p.heard {
		if now.Sub(at) < p.ttl {
			return true
		}
		delete(p.heard, origin)
	}
	return false
}

// Peer announcements (the payload after "<origin>;").
const (
	peerHello = "hello" // a listener has just connected: answer it
	peerHere  = "here"  // still listening
)

// announce tells the other processes that this one listens; errors are dropped, since the
// next announcement, or the others' sending when unsure, covers a lost one.
func (db *DB) announce(ctx context.Context, what string) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, _ = db.Pool.Exec(ctx, notifySQL, PeersChannel, db.peerPayload(what))
}

// peerPayload is this process's announcement what, as sent on PeersChannel.
func (db *DB) peerPayload(what string) string { return db.origin + ";" + what }

// heardPeer handles a notification on PeersChannel: another process's hello is answered at
// once, so that a process that has just started learns of this one well within its grace.
func (db *DB) heardPeer(ctx context.Context, payload string) {
	origin, what, ok := strings.Cut(payload, ";")
	if !ok || origin == db.origin || !validID(origin) {
		return
	}
	db.peers.hear(origin)
	if what == peerHello {
		go db.announce(ctx, peerHere)
	}
}

// announceEvery says "here" every peers.every until ctx ends.
func (db *DB) announceEvery(ctx context.Context) {
	t := time.NewTicker(db.peers.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			db.announce(ctx, peerHere)
		}
	}
}
