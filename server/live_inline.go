package server

import (
	"encoding/binary"
	"sync"
	"syscall"

	"github.com/commonplace/commonplace/collab/hub"
)

// Writing from the waker. Most wake-ups bring a frame or two for a socket whose kernel buffer
// has room: an ack, a keystroke for one of two co-authors. Handing each to a writer goroutine
// cost a goroutine wake-up and a scheduler round per frame, three per keystroke in a small
// room: at 300 documents × 3 typists the scheduler was an eighth of the server's CPU. So the
// goroutine that wakes a socket (the hub's, almost always) first writes what is queued itself,
// in a room small enough for that (hub.Conn.WriteInline), with one non-blocking write(2) of
// the frames, framed here; the drainers do the same for a large room's sockets
// (live_drain.go). Only when the socket cannot take it all (a slow reader, a full buffer), or
// a ping, a pong, a close or the end is due, does a writer goroutine take over, and it writes
// the remainder first.
//
// Framing by hand needs a reason: gorilla/websocket writes only by blocking, and a hub must
// never block on one client. A server's frame is the simplest part of RFC 6455 (§5.2: FIN and
// opcode, the length in 7, 16 or 64 bits, no mask, no extension since compression is never
// negotiated). Frames never interleave: only the socket's owner (the wakes counter) writes
// data and our control frames, and the reader's pings and closes are answered through the
// owner (liveSocket.control).

// inlineFrames holds the frames an inline write takes, shared by all sockets.
var inlineFrames = sync.Pool{New: func() any { s := make([]*hub.Frame, 0, maxCoalesce); return &s }}

// writeNow writes what is queued without blocking, as the socket's owner. It returns true when
// it is done and has given up ownership, false when a writer goroutine must go on (with
// whatever the socket did not take in s.rest).
func (s *liveSocket) writeNow() bool {
	if s.raw == nil || s.ping.Load() || s.ctl.Load() != nil {
		return false
	}
	fp := inlineFrames.Get().(*[]*hub.Frame)
	bp := joinBufs.Get().(*[]byte)
	defer func() {
		inlineFrames.Put(fp)
		putJoinBuf(bp)
	}()
	for {
		n := s.wakes.Load()
		b, frames, took, ended := s.gather(s.hc, (*bp)[:0], (*fp)[:0])
		*bp, *fp = b, frames
		if took && !s.dead {
			w, err := s.tryWrite(b)
			switch {
			case err != nil:
				s.fail()
			case w < len(b):
				s.rest = append([]byte(nil), b[w:]...)
				return false
			}
		}
		if ended || s.ping.Load() || s.ctl.Load() != nil {
			return false
		}
		if !took && s.wakes.CompareAndSwap(n, 0) {
			return true
		}
	}
}

// maxGather is how many bytes of messages an owner gathers before it writes them.
const maxGather = 256 << 10

// frameSource is where gather takes frames from: the socket's hub.Conn.
type frameSource interface {
	Take(dst []*hub.Frame, max int) ([]*hub.Frame, bool)
}

// gather appends to dst the messages of what src queues, maxCoalesce frames to a batch
// client's message, until the queue is empty or dst holds maxGather bytes; frames is scratch
// space, returned cleared. took reports whether any frame was taken, ended whether the hub
// has ended the conn and nothing is left.
//
// All of it goes out in one write(2). Written message by message, a socket cost a system
// call per maxCoalesce frames, and a large room's sockets often hold more: with 500 typists
// and 500 readers, a drainer that comes round to a socket finds a tick's 50 ops or more, plus
// the acks. Gathering cut that room's writes from 41,000 a second to 32,000
// (docs/benchmarks-live.md, "fifteenth pass").
func (s *liveSocket) gather(src frameSource, dst []byte, frames []*hub.Frame) (b []byte, scratch []*hub.Frame, took, ended bool) {
	for len(dst) < maxGather {
		frames, ended = src.Take(frames[:0], maxCoalesce)
		n := len(frames)
		if n > 0 {
			took = true
			dst = s.appendMessages(dst, frames)
			clear(frames)
		}
		if ended || n < maxCoalesce {
			break // the queue was empty after this take
		}
	}
	return dst, frames[:0], took, ended
}

// appendMessages frames the frames as WebSocket text messages: one each, or one JSON array for
// a batch client.
func (s *liveSocket) appendMessages(dst []byte, frames []*hub.Frame) []byte {
	if !s.batch || len(frames) == 1 {
		for _, f := range frames {
			dst = appendHeader(dst, len(f.JSON))
			dst = append(dst, f.JSON...)
		}
		return dst
	}
	size := len(frames) + 1 // brackets and commas
	for _, f := range frames {
		size += len(f.JSON)
	}
	dst = appendHeader(dst, size)
	dst = append(dst, '[')
	for i, f := range frames {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, f.JSON...)
	}
	return append(dst, ']')
}

// appendHeader appends the header of a final, unmasked text frame of n bytes (RFC 6455 §5.2).
func appendHeader(dst []byte, n int) []byte {
	const finText = 0x81
	switch {
	case n < 126:
		return append(dst, finText, byte(n))
	case n <= 0xFFFF:
		return binary.BigEndian.AppendUint16(append(dst, finText, 126), uint16(n))
	default:
		return binary.BigEndian.AppendUint64(append(dst, finText, 127), uint64(n))
	}
}

// tryWrite writes as much of b as the socket takes at once, without waiting.
func (s *liveSocket) tryWrite(b []byte) (int, error) {
	w := &s.inline
	if w.fn == nil {
		w.fn = w.write
	}
	w.b = b
	err := s.raw.Write(w.fn)
	n, werr := w.n, w.err
	w.b, w.err = nil, nil // the pooled buffer is not kept reachable from the socket
	if err != nil {
		return n, err
	}
	return n, werr
}

// rawWrite is a socket's non-blocking write in the shape syscall.RawConn.Write takes, a
// function of the descriptor, made once per socket and handed its bytes and results through
// its fields. A closure made for each write cost three allocations (itself, and the two
// results it set), a sixth to a quarter of the bytes a room of 200 typists allocated
// (docs/benchmarks-live.md, "ninth pass").
type rawWrite struct {
	fn  func(fd uintptr) bool // w.write, bound once
	b   []byte
	n   int
	err error
}

func (w *rawWrite) write(fd uintptr) bool {
	w.n, w.err = writeSome(fd, w.b)
	return true // never wait for the socket to become writable
}

// liveRawConn is the socket's file descriptor access, or nil where it has none.
func liveRawConn(c any) syscall.RawConn {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return nil
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return raw
}
