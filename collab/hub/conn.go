package hub

import (
	"fmt"
	"sync"
	"time"

	"github.com/segmentio/encoding/json"

	"github.com/commonplace/commonplace/collab"
)

// ClientInfo identifies a connected client. UserID comes from the session (never from a frame)
// and is the author recorded for its ops; ClientID identifies one editor instance (one tab) of
// that user and, with the user and the client's seq numbers, makes resends idempotent.
type ClientInfo struct {
	ClientID string
	UserID   string
	Name     string
	Role     string
	CanEdit  bool
	// Credential names what authenticated the conn (a session or token, opaque to the hub;
	// empty for anonymous readers), so that Options.Recheck can tell when it has ended.
	Credential string
	// CheckedAt is when Role and CanEdit were decided (zero: at join). A conn whose rights were
	// decided before the document's last rights change is re-checked before it gets anything.
	CheckedAt time.Time
	// Compose says the client accepts composed op frames ("from" and "authors",
	// docs/protocol.md): in a large room a client that may not edit then gets the ops of a
	// tick as one op. Clients that did not ask get every op on its own.
	Compose bool
}

// sameClient reports whether two infos name the same editor instance: the same client id of the
// same user (a client id alone is chosen by the client and seen by everyone).
func (c ClientInfo) sameClient(o ClientInfo) bool {
	return c.ClientID == o.ClientID && c.UserID == o.UserID
}

// Conn is one live client of a document, typically a WebSocket. The hub queues the frames for
// it; the adapter registers a wake function with Start, takes the queued frames with Take when
// woken and writes them, passes every text frame read to Receive, and calls Close when the
// socket goes away. Nothing runs for a conn while nothing is queued: an idle conn costs the
// adapter no goroutine of its own for writing.
type Conn struct {
	h      *hub
	info   ClientInfo
	done   chan struct{} // closed by the hub when it drops the conn
	closed sync.Once

	mu        sync.Mutex
	q         []*Frame // queued, oldest first
	extra     int      // frames allowed beyond Options.SendBuffer: the first ones of a join, until taken
	ended     bool     // the hub dropped the conn: once q is taken, the adapter closes
	closeCode int      // why the hub ended the conn (0: reconnect); set with ended
	wake      func()

	pumpOnce sync.Once
	pump     chan []byte
}

// Info is the client the conn was opened for.
func (c *Conn) Info() ClientInfo { return c.info }

// Start registers wake, called (from the hub's goroutine; it must not block) whenever frames
// become available after the queue was empty, and when the conn ends. It is called at once if
// frames are already queued, as they are after Connect (the snapshot or the replay).
func (c *Conn) Start(wake func()) {
	c.mu.Lock()
	c.wake = wake
	now := len(c.q) > 0 || c.ended
	c.mu.Unlock()
	if now {
		wake()
	}
}

// WriteInline reports whether the wake function may write the queued frames itself, on the
// hub's goroutine, when it can do so without blocking: yes in a room of Options.TickAbove
// clients or fewer, where that is a write or two per op. A larger room's hub hands each of
// hundreds of sockets per tick to other goroutines instead, or its writes would hold up
// everything else it does.
func (c *Conn) WriteInline() bool { return c.h == nil || !c.h.crowded.Load() }

// maxKeptQueue is the largest queue array a conn keeps once it is empty. A large room's
// editor gets 40 to 100 frames a tick; dropping arrays above 64 made every one of them grow
// its queue again from nothing most ticks, a third of the server's allocations.
const maxKeptQueue = 256

// Take appends up to max queued frames to dst, oldest first, and reports whether the conn has
// ended with nothing left after them: then the adapter writes what it got and closes with
// CloseCode. A client whose queue grows beyond Options.SendBuffer is too slow: the hub drops
// it (after the frames already queued) and it resumes with since.
func (c *Conn) Take(dst []*Frame, max int) ([]*Frame, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := min(len(c.q), max)
	dst = append(dst, c.q[:n]...)
	rest := copy(c.q, c.q[n:])
	clear(c.q[rest:])
	c.q = c.q[:rest]
	if rest == 0 && cap(c.q) > maxKeptQueue {
		c.q = nil // an idle conn keeps no large backing array
	}
	if n > 0 {
		c.extra = 0
	}
	return dst, c.ended && rest == 0
}

// Queued is the number of frames waiting to be taken.
func (c *Conn) Queued() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.q)
}

// push queues f unless the queue holds limit frames already (the client is too slow). It
// returns the adapter's wake when f is the first frame queued: the caller (hub.send) calls it,
// now or when the hub uncorks.
func (c *Conn) push(f *Frame, limit int) (ok bool, wake func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ended {
		return true, nil
	}
	if len(c.q) >= limit+c.extra {
		return false, nil
	}
	c.q = append(c.q, f)
	if len(c.q) == 1 {
		wake = c.wake
	}
	return true, wake
}

// end marks the conn ended with code and wakes the adapter to write what is left and close.
func (c *Conn) end(code int) {
	c.mu.Lock()
	c.ended, c.closeCode = true, code
	wake := c.wake
	c.mu.Unlock()
	close(c.done)
	if wake != nil {
		wake()
	}
}

// Frames is a simple adapter over Start and Take for tests and tools: one goroutine delivers the
// queued frames on an unbuffered channel, one at a time, and closes it when the conn ends. The
// reader must drain it until it is closed. A server should use Start and Take.
func (c *Conn) Frames() <-chan []byte {
	c.pumpOnce.Do(func() {
		c.pump = make(chan []byte)
		signal := make(chan struct{}, 1)
		c.Start(func() {
			select {
			case signal <- struct{}{}:
			default:
			}
		})
		go func() {
			defer close(c.pump)
			var buf []*Frame
			for {
				var ended bool
				buf, ended = c.Take(buf[:0], 1)
				for _, f := range buf {
					c.pump <- f.JSON
				}
				if ended {
					return
				}
				if len(buf) == 0 {
					<-signal
				}
			}
		}()
	})
	return c.pump
}

// CloseCode says why the hub ended the conn, once it has: 0 when the client should reconnect
// (too slow, replaced, shutting down), otherwise CloseSignedOut or CloseRightsChanged. The
// adapter sends it as the WebSocket close code, with CloseText as the reason.
func (c *Conn) CloseCode() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closeCode
}

// CloseText is the close reason for a close code.
func CloseText(code int) string { return closeText(code) }

// Done is closed when the hub has dropped the conn (Take reports the end once the frames
// already queued are taken).
func (c *Conn) Done() <-chan struct{} { return c.done }

// Receive handles one text frame from the client. Parsing happens here, on the caller's
// goroutine; the hub then applies it in order with everything else. Problems come back as
// error frames; the document is untouched by a rejected frame. Receive blocks while
// the hub's queue is full (back-pressure on the socket reader). Nothing keeps raw once Receive
// returns: the caller may read the next frame into the same buffer.
func (c *Conn) Receive(raw []byte) {
	c.h.deliver(c, parseFrame(raw, c.h.m.opts.Limits))
}

// Close tells the hub the client went away: the others get a leave frame and the conn ends.
// It is safe to call more than once and after the hub dropped the conn.
func (c *Conn) Close() {
	c.closed.Do(func() { c.h.deliver(c, leaveMsg{}) })
}

// Client messages, parsed off the hub goroutine.
type (
	opMsg struct {
		base int64
		seq  int64
		op   collab.Op
	}
	cursorMsg struct {
		base         int64
		anchor, head int
	}
	badMsg struct {
		err error
		seq *int64
	}
	leaveMsg struct{}
)

// fromConn tags a client message with its conn for the hub's queue.
type fromConn struct {
	c   *Conn
	msg any
}

// frameSlack is how far a frame may exceed the op size limit for its envelope.
const frameSlack = 4096

func parseFrame(raw []byte, lim collab.Limits) any {
	if lim.MaxOpBytes > 0 && len(raw) > lim.MaxOpBytes+frameSlack {
		return badMsg{err: fmt.Errorf("frame is %d bytes, limit %d: %w", len(raw), lim.MaxOpBytes+frameSlack, ErrTooLarge)}
	}
	var f ClientFrame
	// segmentio's decoder reads the same JSON as encoding/json into the same struct, in half
	// of the time; every keystroke of every client comes through here.
	if err := json.Unmarshal(raw, &f); err != nil {
		return badMsg{err: fmt.Errorf("frame is not a JSON object: %w", err)}
	}
	switch f.Type {
	case TypeOp:
		if f.Seq == nil || f.Base == nil || f.Ops == nil {
			return badMsg{err: fmt.Errorf("op frame needs base, seq and ops"), seq: f.Seq}
		}
		if *f.Base < 0 {
			return badMsg{err: fmt.Errorf("base %d is negative: %w", *f.Base, ErrBaseUnknown), seq: f.Seq}
		}
		op, err := collab.ParseOp(f.Ops, lim)
		if err != nil {
			return badMsg{err: classify(fmt.Errorf("parse op: %w", err)), seq: f.Seq}
		}
		return opMsg{base: *f.Base, seq: *f.Seq, op: op}
	case TypeCursor:
		if f.Base == nil || f.Anchor == nil || f.Head == nil || *f.Anchor < 0 || *f.Head < 0 {
			return badMsg{err: fmt.Errorf("cursor frame needs base and non-negative anchor and head")}
		}
		return cursorMsg{base: *f.Base, anchor: *f.Anchor, head: *f.Head}
	}
	return badMsg{err: fmt.Errorf("unknown frame type %q", f.Type)}
}
