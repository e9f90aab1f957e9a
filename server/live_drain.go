package server

import "sync"

// A large room's tick wakes hundreds of sockets at once. Its hub must not write them itself
// (hub.Conn.WriteInline), and handing each to a writer goroutine of its own cost a goroutine
// wake-up per socket and gorilla's framing per message: half of the server's CPU in a room of
// 500 typists and 500 readers went to writing. Instead the sockets of a burst queue up here,
// and at most maxDrainers goroutines (one per core this is meant for) write them in turn
// without blocking, as the hub of a small room does (writeNow); a socket that cannot take
// everything at once goes on to a writer goroutine, which may block.

// maxDrainers bounds the goroutines writing queued sockets.
const maxDrainers = 2

// liveDrain is the queue of woken sockets of large rooms, part of the writers' pool.
type liveDrain struct {
	mu       sync.Mutex
	queue    []*liveSocket
	head     int // queue[head:] is waiting
	drainers int
}

// queue has s, whose owner the caller has become, written by a drainer, and starts one if
// fewer than maxDrainers run.
func (p *liveWriters) queue(s *liveSocket) {
	d := &p.drain
	d.mu.Lock()
	d.queue = append(d.queue, s)
	start := d.drainers < maxDrainers
	if start {
		d.drainers++
	}
	d.mu.Unlock()
	if start {
		go p.drainQueue()
	}
}

// drainQueue writes queued sockets until none is left.
func (p *liveWriters) drainQueue() {
	d := &p.drain
	for {
		d.mu.Lock()
		if d.head == len(d.queue) {
			clear(d.queue)
			d.queue, d.head = d.queue[:0], 0
			if cap(d.queue) > 4096 {
				d.queue = nil // a burst's backing array is not kept for ever
			}
			d.drainers--
			d.mu.Unlock()
			return
		}
		s := d.queue[d.head]
		d.queue[d.head] = nil
		d.head++
		d.mu.Unlock()
		if !s.writeNow() {
			p.run(s)
		}
	}
}
