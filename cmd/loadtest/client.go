package main

import (
	"errors"
	"fmt"

	"github.com/commonplace/commonplace/collab"
)

// errGap means a frame's version does not follow the client's version: the protocol says to
// resynchronise rather than guess.
var errGap = errors.New("version gap")

// errUnexpectedAck means an ack arrived while no op was outstanding, or for another seq.
var errUnexpectedAck = errors.New("unexpected ack")

// limits are the engine bounds the client applies to its own copy; generous, the server
// enforces the real ones.
var limits = collab.Limits{MaxDoc16: 64 << 20}

// otClient is the ot.js Client state machine (Synchronized / AwaitingConfirm /
// AwaitingWithBuffer) plus the local copy of the text and the caret. It does no I/O: each
// method returns the op to send, if any, and the caller sends it. Not safe for concurrent use.
type otClient struct {
	version int64       // last server version applied
	doc     *collab.Doc // server text at version, plus outstanding, plus buffer
	cursor  int         // caret, UTF-16 units in doc

	outstanding collab.Op // sent, not yet acknowledged (nil when synchronized)
	outSeq      int64
	sentOp      collab.Op // outstanding as sent, for an unchanged resend after a reconnect
	sentBase    int64
	buffer      collab.Op // local edits made while outstanding was in flight
	nextSeq     int64
}

// pending is an op ready to go on the wire.
type pending struct {
	Base int64
	Seq  int64
	Op   collab.Op
}

func newOTClient(version int64, text string) *otClient {
	c := &otClient{nextSeq: 1}
	c.reset(version, text)
	return c
}

// reset starts again from a snapshot, discarding any local, unacknowledged edits.
func (c *otClient) reset(version int64, text string) {
	c.version = version
	c.doc = collab.NewDoc(text)
	c.outstanding, c.buffer = nil, nil
	c.cursor = min(c.cursor, c.doc.Len16())
}

// synchronized reports whether nothing local is waiting for the server.
func (c *otClient) synchronized() bool { return c.outstanding == nil }

// local applies a user edit to the local copy and returns the op to send now, if the client
// was synchronized (ot.js applyClient).
func (c *otClient) local(op collab.Op) (*pending, error) {
	if err := c.doc.Apply(op, limits); err != nil {
		return nil, fmt.Errorf("apply local op: %w", err)
	}
	switch {
	case c.outstanding == nil:
		return c.send(op), nil
	case c.buffer == nil:
		c.buffer = op
	default:
		composed, err := collab.Compose(c.buffer, op)
		if err != nil {
			return nil, fmt.Errorf("compose buffer: %w", err)
		}
		c.buffer = composed
	}
	return nil, nil
}

func (c *otClient) send(op collab.Op) *pending {
	c.outstanding, c.outSeq = op, c.nextSeq
	c.sentOp, c.sentBase = op, c.version
	c.nextSeq++
	return &pending{Base: c.version, Seq: c.outSeq, Op: op}
}

// resend returns the outstanding op unchanged (same base, same seq) for a resumed connection.
func (c *otClient) resend() *pending {
	if c.outstanding == nil {
		return nil
	}
	return &pending{Base: c.sentBase, Seq: c.outSeq, Op: c.sentOp}
}

// ack handles the server's acknowledgement of the outstanding op and returns the buffered
// op to send next, if any (ot.js serverAck).
func (c *otClient) ack(seq, version int64) (*pending, error) {
	if c.outstanding == nil || seq != c.outSeq {
		return nil, fmt.Errorf("ack seq %d, outstanding %d: %w", seq, c.outSeq, errUnexpectedAck)
	}
	if version != c.version+1 {
		return nil, fmt.Errorf("ack version %d after %d: %w", version, c.version, errGap)
	}
	c.version = version
	c.outstanding = nil
	if c.buffer != nil {
		op := c.buffer
		c.buffer = nil
		return c.send(op), nil
	}
	return nil, nil
}

// remote applies another client's committed op (ot.js applyServer): it is transformed over
// the outstanding op and the buffer, and the caret moves with it.
func (c *otClient) remote(version int64, op collab.Op) error {
	return c.remoteFrom(version-1, version, op)
}

// remoteFrom applies a committed op that turns version from into version to: one op
// (to = from+1) or, in a large room, the ops from+1…to composed into one (docs/protocol.md).
// It is applied exactly like a single op.
func (c *otClient) remoteFrom(from, version int64, op collab.Op) error {
	if from != c.version || version <= from {
		return fmt.Errorf("op from version %d to %d after %d: %w", from, version, c.version, errGap)
	}
	var err error
	if c.outstanding != nil {
		if c.outstanding, op, err = collab.Transform(c.outstanding, op); err != nil {
			return fmt.Errorf("transform outstanding: %w", err)
		}
		if c.buffer != nil {
			if c.buffer, op, err = collab.Transform(c.buffer, op); err != nil {
				return fmt.Errorf("transform buffer: %w", err)
			}
		}
	}
	if err := c.doc.Apply(op, limits); err != nil {
		return fmt.Errorf("apply remote op: %w", err)
	}
	c.cursor = collab.TransformIndex(c.cursor, op)
	c.version = version
	return nil
}
