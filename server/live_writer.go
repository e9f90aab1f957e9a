package server

import (
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gorilla/websocket"

	"github.com/commonplace/commonplace/collab/hub"
)

// A live socket has one goroutine of its own, the reader (gorilla/websocket reads only by
// blocking). Writing needs none while nothing is queued: the hub wakes the socket when frames
// arrive and writes them itself if the socket takes them at once (live_inline.go); otherwise a
// shared pool of writer goroutines writes them. An idle connection therefore
// holds one goroutine and no timer (pings come from one shared wheel, livePinger), which is
// most of what it used to cost in memory.

// maxCoalesce bounds how many queued frames go out in one message to a batch client.
const maxCoalesce = 64

// workerIdle is how long a writer goroutine waits for more work before it exits.
const workerIdle = 10 * time.Second

// liveWriters hands sockets with something to write to writer goroutines: the one idle most
// recently if there is one, else a new one. The pool grows with the sockets written at once
// (a slow client holds one writer until the pinger's watchdog closes it, liveWriteWait) and
// shrinks when they are idle.
//
// Each writer waits on a channel of its own, with no timer: a shared channel that every idle
// writer and every hub selected on, with a timer re-armed per job, cost a tenth of the
// server's CPU in runtime locks and timer updates at 15,000 keystrokes a second. Idle writers
// are ended by a reaper that looks once a second.
type liveWriters struct {
	mu      sync.Mutex
	idle    []*liveWriter // oldest first: a writer is appended when it finishes a job
	reaping bool          // the reaper runs (while there are writers)
	writers int
	drain   liveDrain // large rooms' sockets, written without blocking (live_drain.go)
}

type liveWriter struct {
	job   chan *liveSocket // buffered 1; nil ends the writer
	since time.Time        // when it last went idle
}

func newLiveWriters() *liveWriters { return &liveWriters{} }

func (p *liveWriters) run(s *liveSocket) {
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		w := p.idle[n-1]
		p.idle[n-1] = nil
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		w.job <- s // never blocks: an idle writer's channel is empty
		return
	}
	p.writers++
	if !p.reaping {
		p.reaping = true
		go p.reap()
	}
	p.mu.Unlock()
	go p.work(&liveWriter{job: make(chan *liveSocket, 1)}, s)
}

func (p *liveWriters) work(w *liveWriter, s *liveSocket) {
	var buf []*hub.Frame
	for s != nil {
		buf = s.flush(buf)
		now := time.Now()
		p.mu.Lock()
		w.since = now
		p.idle = append(p.idle, w)
		p.mu.Unlock()
		s = <-w.job
	}
}

// reap ends the writers idle for workerIdle, once a second, until none is left.
func (p *liveWriters) reap() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for now := range t.C {
		p.mu.Lock()
		n := 0
		for n < len(p.idle) && now.Sub(p.idle[n].since) >= workerIdle {
			p.idle[n].job <- nil
			n++
		}
		rest := copy(p.idle, p.idle[n:])
		clear(p.idle[rest:])
		p.idle = p.idle[:rest]
		p.writers -= n
		if p.writers == 0 {
			p.reaping = false
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
	}
}

// liveSocket is the write side of one live WebSocket.
type liveSocket struct {
	ws      *websocket.Conn
	raw     syscall.RawConn // for writes that must not block (live_inline.go); nil: never inline
	hc      *hub.Conn
	batch   bool // the client asked for frames queued together as one JSON array (docs/protocol.md)
	pool    *liveWriters
	wakes   atomic.Int32                // wake-ups not yet served; the owner writes while it is non-zero
	ping    atomic.Bool                 // the pinger asked for a ping
	ctl     atomic.Pointer[liveControl] // a pong or close the reader asked for
	closed  chan struct{}
	once    sync.Once
	dead    bool         // only touched by the socket's owner
	rest    []byte       // what an inline write left unwritten; only touched by the owner
	inline  rawWrite     // the inline write's state (live_inline.go); only touched by the owner
	writing atomic.Int64 // when the write under way began (Unix ns), 0 between writes
}

// liveControl is a control frame answering the client: a pong, or the close reply.
type liveControl struct {
	kind int
	data []byte
}

// wake asks for the queued frames to be written. The first wake-up makes its caller the
// socket's owner, the only one writing to it, until the wakes are served. In a small room it
// writes what it can at once and hands the rest to a writer goroutine; a large room's sockets
// are queued for the drainers (live_drain.go), which do the same.
func (s *liveSocket) wake() {
	switch {
	case s.wakes.Add(1) != 1:
	case !s.hc.WriteInline():
		s.pool.queue(s)
	case !s.writeNow():
		s.pool.run(s)
	}
}

// control has the owner write a control frame for the reader: gorilla's own handlers would
// write it from the reader's goroutine, between or inside the owner's writes.
func (s *liveSocket) control(kind int, data []byte) {
	s.ctl.Store(&liveControl{kind: kind, data: data})
	s.wake()
}

// flush writes until nothing is left that arrived before it started; buf is scratch space.
func (s *liveSocket) flush(buf []*hub.Frame) []*hub.Frame {
	for {
		n := s.wakes.Load()
		buf = s.write(buf)
		if s.wakes.CompareAndSwap(n, 0) {
			return buf
		}
	}
}

// write sends what an inline write left, everything queued, and a control frame or ping if
// one is due. When the hub has ended the conn it sends the close frame and closes the socket.
func (s *liveSocket) write(buf []*hub.Frame) []*hub.Frame {
	if s.rest != nil {
		if !s.dead {
			if err := s.writeRaw(s.rest); err != nil {
				s.fail()
			}
		}
		s.rest = nil
	}
	jb := joinBufs.Get().(*[]byte)
	for {
		b, frames, took, ended := s.gather(s.hc, (*jb)[:0], buf[:0])
		*jb, buf = b, frames
		if took && !s.dead {
			if err := s.writeRaw(b); err != nil {
				s.fail()
			}
		}
		if ended {
			putJoinBuf(jb)
			s.end()
			return buf
		}
		if !took {
			break
		}
	}
	putJoinBuf(jb)
	if c := s.ctl.Swap(nil); c != nil && !s.dead {
		if err := s.writeMessage(c.kind, c.data); err != nil {
			s.fail()
		}
		// After the close reply nothing more may be sent; the reader sees the close and leaves.
		s.dead = s.dead || c.kind == websocket.CloseMessage
	}
	if s.ping.Swap(false) && !s.dead {
		if err := s.writeMessage(websocket.PingMessage, nil); err != nil {
			s.fail()
		}
	}
	return buf[:0]
}

// putJoinBuf returns a join buffer to the pool unless it grew too large to keep.
func putJoinBuf(b *[]byte) {
	if cap(*b) <= maxJoinBuf {
		joinBufs.Put(b)
	}
}

// writeMessage writes one message, noting when it began for the pinger's watchdog. Writes
// carry no deadline: gorilla sets the socket's deadline before every write, and a deadline
// that is not zero is a runtime timer moved on every message; the watchdog (livePinger.run)
// closes a socket whose write has waited for liveWriteWait instead.
func (s *liveSocket) writeMessage(kind int, b []byte) error {
	s.writing.Store(time.Now().UnixNano())
	err := s.ws.WriteMessage(kind, b)
	s.writing.Store(0)
	return err
}

// writeRaw writes bytes already framed, blocking, under the pinger's watchdog like
// writeMessage.
func (s *liveSocket) writeRaw(b []byte) error {
	s.writing.Store(time.Now().UnixNano())
	_, err := s.ws.NetConn().Write(b)
	s.writing.Store(0)
	return err
}

// stuck closes the socket if a write has waited since before cutoff: the writer's write then
// fails, and the reader's read.
func (s *liveSocket) stuck(cutoff int64) {
	if w := s.writing.Load(); w != 0 && w < cutoff {
		_ = s.ws.Close()
	}
}

// joinBufs holds the buffers batch messages are assembled in, and frames read (live_read.go),
// shared by all sockets so an idle one holds none.
var joinBufs = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// maxJoinBuf is the largest buffer put back in joinBufs.
const maxJoinBuf = 1 << 20

// fail gives up on a socket that could not be written: the hub is told the client left, and
// what it still queues is dropped until it ends the conn.
func (s *liveSocket) fail() {
	s.dead = true
	_ = s.ws.Close()
	go s.hc.Close() // may wait for the hub; never on a writer
}

// end says why the hub ended the conn (docs/protocol.md) and closes the socket.
func (s *liveSocket) end() {
	if !s.dead {
		msg := closeFrame(s.hc)
		if c := s.ctl.Swap(nil); c != nil && c.kind == websocket.CloseMessage {
			msg = c.data // the client closed first: the reply echoes its code
		}
		_ = s.writeMessage(websocket.CloseMessage, msg)
	}
	s.dead = true
	_ = s.ws.Close()
	s.once.Do(func() { close(s.closed) })
}

// livePinger pings every live socket once per livePingPeriod from one goroutine: sockets are
// spread over one bucket per second of the period, and each second one bucket is pinged. Each
// second it also closes the sockets whose write has waited for liveWriteWait (a client that
// stopped reading), which frees their writer.
type livePinger struct {
	mu      sync.Mutex
	buckets []map[*liveSocket]struct{}
	next    int // the bucket pinged at the next tick
	started bool
}

func newLivePinger() *livePinger {
	p := &livePinger{buckets: make([]map[*liveSocket]struct{}, int(livePingPeriod/time.Second))}
	for i := range p.buckets {
		p.buckets[i] = map[*liveSocket]struct{}{}
	}
	return p
}

// add registers s; it is first pinged one period from now. It returns the bucket for remove.
func (p *livePinger) add(s *liveSocket) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.started {
		p.started = true
		go p.run()
	}
	b := (p.next + len(p.buckets) - 1) % len(p.buckets)
	p.buckets[b][s] = struct{}{}
	return b
}

func (p *livePinger) remove(s *liveSocket, b int) {
	p.mu.Lock()
	delete(p.buckets[b], s)
	p.mu.Unlock()
}

func (p *livePinger) run() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	var due []*liveSocket
	for now := range t.C {
		p.mu.Lock()
		for s := range p.buckets[p.next] {
			due = append(due, s)
		}
		cutoff := now.Add(-liveWriteWait).UnixNano()
		for _, b := range p.buckets {
			for s := range b {
				s.stuck(cutoff)
			}
		}
		p.next = (p.next + 1) % len(p.buckets)
		empty := true
		for _, b := range p.buckets {
			empty = empty && len(b) == 0
		}
		if empty { // nothing to ping: stop until the next socket
			p.started = false
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
		for _, s := range due {
			s.ping.Store(true)
			s.wake()
		}
		clear(due)
		due = due[:0]
	}
}
