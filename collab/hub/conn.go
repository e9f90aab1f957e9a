package hub

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"

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
}

// sameClient reports whether two infos name the same editor instance: the same client id of the
// same user (a client id alone is chosen by the client and seen by everyone).
func (c ClientInfo) sameClient(o ClientInfo) bool {
	return c.ClientID == o.ClientID && c.UserID == o.UserID
}

// Conn is one live client of a document, typically a WebSocket. The adapter writes everything
// from Frames() to the socket, passes every text frame read to Receive, and calls Close when the
// socket goes away.
type Conn struct {
	h      *hub
	info   ClientInfo
	frames chan []byte   // set by the hub before Connect returns; closed by the hub
	done   chan struct{} // closed by the hub together with frames
	closed sync.Once
	// closeCode is why the hub ended the conn (0: reconnect); set before frames is closed.
	closeCode int
}

// Info is the client the conn was opened for.
func (c *Conn) Info() ClientInfo { return c.info }

// Frames delivers the encoded JSON text frames to send, in order. It is closed when the conn
// ends: the client was too slow to keep up (it should reconnect with since), it connected again
// under the same client id, or the hub shut down.
func (c *Conn) Frames() <-chan []byte { return c.frames }

// CloseCode says why the hub ended the conn, once Frames is closed: 0 when the client should
// reconnect (too slow, replaced, shutting down), otherwise CloseSignedOut or CloseRightsChanged.
// The adapter sends it as the WebSocket close code, with CloseText as the reason.
func (c *Conn) CloseCode() int {
	select {
	case <-c.done:
		return c.closeCode
	default:
		return 0
	}
}

// CloseText is the close reason for a close code.
func CloseText(code int) string { return closeText(code) }

// Done is closed when the hub has dropped the conn (Frames is closed right after, once the frames
// already queued are read).
func (c *Conn) Done() <-chan struct{} { return c.done }

// Receive handles one text frame from the client. Parsing happens here, on the caller's
// goroutine; the hub then applies it in order with everything else. Problems come back as
// error frames on Frames(); the document is untouched by a rejected frame. Receive blocks while
// the hub's queue is full (back-pressure on the socket reader).
func (c *Conn) Receive(raw []byte) {
	c.h.deliver(c, parseFrame(raw, c.h.m.opts.Limits))
}

// Close tells the hub the client went away: the others get a leave frame and Frames() closes.
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
