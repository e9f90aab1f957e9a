package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/gorilla/websocket"

	"github.com/commonplace/commonplace/collab"
)

// In a room of hundreds, full clients (typist) in one process cost the tool more CPU than the
// server: each applies every op of every other client. --full K keeps K full typists per
// document, whose screens define remote latency ("until every other full client has applied
// it", as the Yjs harness measures), and makes the other typists and all readers light. The
// server sees the same traffic: every light typist types at the same rate, over the same
// protocol, and reads every frame it is sent.
//
// A light typist only inserts (backspaces would need the text, to not cut a surrogate pair
// and to know what a transformed delete leaves), so the length of an op is the same however
// the server transforms it. It keeps the document's version and length from the frames it
// reads (lightscan.go), and sends an op only when none is outstanding — on the version of its
// last ack, when the length is exact — putting what it typed meanwhile into the next op, as
// ot.js does with its buffer. Its caret is kept within the document but is not moved by
// other typists' edits. A light reader reads and drops its messages.

// lightTypist is a typist (or, with reader set, a reader) without a copy of the text.
type lightTypist struct {
	base, docID, clientID, token string
	typer                        *typer
	reader                       bool

	session
	version  int64 // last server version reached
	length   int   // the document's length at version, UTF-16 units
	caret    int
	outSeq   int64 // the outstanding op's seq; 0 when none
	outLen   int   // units it inserts
	outKeys  []int64
	sentAt   time.Time
	firstKey time.Time
	buf      []byte // typed while an op was outstanding
	bufKeys  []int64
	bufKey   time.Time
	nextSeq  int64
	st       typistStats
	frames   []lightFrame // scan buffer, reused
	msg      bytes.Buffer // message buffer, reused
}

func (t *lightTypist) stats() *typistStats { return &t.st }
func (t *lightTypist) isReader() bool      { return t.reader }

// connect dials, reads up to the snapshot and starts the reader goroutine.
func (t *lightTypist) connect(ctx context.Context) error {
	t.st.light = true
	t.nextSeq = 1
	conn, snap, err := t.open(ctx)
	if err != nil {
		return err
	}
	t.mu.Lock()
	t.conn = conn
	t.reset(snap)
	t.done = make(chan struct{})
	t.mu.Unlock()
	go t.readLoop(conn)
	return nil
}

// open dials for a snapshot and reads frames until it.
func (t *lightTypist) open(ctx context.Context) (*websocket.Conn, lightFrame, error) {
	conn, err := dialWith(ctx, roomDialer, t.base, t.docID, t.clientID, t.token, -1)
	if err != nil {
		return nil, lightFrame{}, err
	}
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	defer conn.SetReadDeadline(time.Time{})
	for range 64 {
		_, data, err := conn.ReadMessage()
		if err != nil {
			conn.Close()
			return nil, lightFrame{}, fmt.Errorf("read snapshot: %w", err)
		}
		fs, err := scanMessage(data, nil)
		if err != nil {
			conn.Close()
			return nil, lightFrame{}, fmt.Errorf("scan message: %w", err)
		}
		for _, f := range fs {
			switch f.typ {
			case "snapshot":
				return conn, f, nil
			case "error":
				conn.Close()
				return nil, lightFrame{}, fmt.Errorf("server error %s", f.code)
			}
		}
	}
	conn.Close()
	return nil, lightFrame{}, errors.New("no snapshot in the first 64 frames")
}

// reset starts from a snapshot; what was typed and not acknowledged is dropped. Called with mu
// held.
func (t *lightTypist) reset(snap lightFrame) {
	t.st.lostKeys += int64(len(t.outKeys) + len(t.bufKeys))
	t.version, t.length = snap.version, snap.textLen
	t.outSeq, t.outLen, t.outKeys = 0, 0, nil
	t.buf, t.bufKeys = nil, nil
	if t.typer != nil {
		t.caret = t.typer.rng.IntN(t.length + 1)
	}
}

func (t *lightTypist) synced() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.outSeq == 0
}

// key types one character: sent at once if nothing is outstanding, else buffered.
func (t *lightTypist) key(now time.Time) time.Duration {
	t.mu.Lock() // the reader's acks use the typer's random source too (send, reset)
	defer t.mu.Unlock()
	s, delay := t.typer.nextChar()
	if t.measuring {
		t.st.keys++
	}
	if len(t.buf) == 0 {
		t.bufKey = now
	}
	t.buf = append(t.buf, s...)
	t.bufKeys = append(t.bufKeys, clockAt(now))
	if t.outSeq == 0 {
		t.send(now)
	}
	return delay
}

// send puts the buffer on the wire as one insertion at the caret on the current version.
// Called with mu held and nothing outstanding.
func (t *lightTypist) send(now time.Time) {
	if len(t.buf) == 0 || t.conn == nil {
		return
	}
	ins := string(t.buf)
	t.caret = min(max(t.caret, 0), t.length)
	if t.typer.rng.IntN(200) == 0 {
		t.caret = t.typer.rng.IntN(t.length + 1)
	}
	op := build(t.caret, ins, 0, t.length-t.caret)
	t.outSeq, t.nextSeq = t.nextSeq, t.nextSeq+1
	t.outLen = collab.Len16(ins)
	t.outKeys, t.firstKey, t.sentAt = t.bufKeys, t.bufKey, now
	t.caret += t.outLen
	t.buf, t.bufKeys = t.buf[:0], nil
	b := make([]byte, 0, 64+len(ins))
	b = append(b, `{"type":"op","base":`...)
	b = strconv.AppendInt(b, t.version, 10)
	b = append(b, `,"seq":`...)
	b = strconv.AppendInt(b, t.outSeq, 10)
	b = append(b, `,"ops":`...)
	b = op.AppendJSON(b)
	t.write(append(b, '}'))
}

// readLoop reads until the connection ends, then starts again from a snapshot (bounded)
// unless the client is closing. A light client does not resume: it has nothing to replay.
func (t *lightTypist) readLoop(conn *websocket.Conn) {
	defer close(t.done)
	for attempt := 0; ; {
		err := t.readConn(conn)
		conn.Close()
		t.mu.Lock()
		if t.closing {
			t.mu.Unlock()
			return
		}
		if !errors.Is(err, errResync) {
			t.st.disconnects++
			if disconnectLogs.Add(1) <= 5 {
				logf("light client %s: connection lost at version %d: %v", t.clientID, t.version, err)
			}
		}
		t.conn = nil
		t.mu.Unlock()
		for {
			if attempt++; attempt > 20 {
				t.mu.Lock()
				t.st.countErr("gave_up")
				t.mu.Unlock()
				return
			}
			time.Sleep(time.Duration(attempt) * 50 * time.Millisecond)
			c, snap, err := t.open(context.Background())
			if err != nil {
				continue
			}
			t.mu.Lock()
			if t.closing {
				t.mu.Unlock()
				c.Close()
				return
			}
			t.st.resyncs++
			t.conn = c
			t.reset(snap)
			t.mu.Unlock()
			conn = c
			break
		}
	}
}

// readConn handles the messages of one connection until it fails or must be replaced.
func (t *lightTypist) readConn(conn *websocket.Conn) error {
	for {
		if t.reader {
			_, r, err := conn.NextReader()
			if err != nil {
				return err
			}
			if _, err := io.Copy(io.Discard, r); err != nil {
				return err
			}
			continue
		}
		_, r, err := conn.NextReader()
		if err != nil {
			return err
		}
		t.msg.Reset() // one buffer for every message: reading into a fresh one was a fifth of the tool's CPU
		if _, err := t.msg.ReadFrom(r); err != nil {
			return err
		}
		now := time.Now()
		t.mu.Lock()
		t.frames, err = scanMessage(t.msg.Bytes(), t.frames[:0])
		if err != nil {
			t.st.countErr("client_decode")
			t.mu.Unlock()
			return errResync
		}
		for i := range t.frames {
			if err = t.handle(&t.frames[i], now); err != nil {
				break
			}
		}
		t.mu.Unlock()
		if err != nil {
			return err
		}
	}
}

// handle applies one frame's facts; called with mu held. errResync asks for a fresh start.
func (t *lightTypist) handle(f *lightFrame, now time.Time) error {
	switch f.typ {
	case "snapshot":
		t.st.resyncs++
		t.reset(*f)
	case "ack":
		return t.acked(f.seq, f.version, now)
	case "op":
		if t.outSeq != 0 && f.seq == t.outSeq && string(f.client) == t.clientID {
			return t.acked(f.seq, f.version, now)
		}
		from := f.version - 1
		if f.from >= 0 {
			from = f.from
		}
		if from != t.version || f.version <= from {
			t.st.countErr("client_gap")
			return errResync
		}
		t.version, t.length = f.version, t.length+f.delta
		t.caret = min(t.caret, t.length)
		t.st.remoteOps++
	case "error":
		t.st.countErr(f.code)
		if f.seq >= 0 {
			return errResync
		}
	}
	return nil
}

// acked settles the outstanding op and sends the buffer, if any.
func (t *lightTypist) acked(seq, version int64, now time.Time) error {
	if t.outSeq == 0 || seq != t.outSeq {
		t.st.countErr("client_ack")
		return errResync
	}
	if version != t.version+1 {
		t.st.countErr("client_gap")
		return errResync
	}
	t.version, t.length = version, t.length+t.outLen
	t.st.acked(t.measuring, version, t.sentAt, t.firstKey, now, t.outKeys)
	t.outSeq, t.outLen, t.outKeys = 0, 0, nil
	t.send(now)
	return nil
}
