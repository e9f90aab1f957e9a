package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/segmentio/encoding/json"

	"github.com/commonplace/commonplace/collab"
)

// frame is any server → client frame; fields absent from a type stay zero.
type frame struct {
	Type    string          `json:"type"`
	Version int64           `json:"version"`
	From    *int64          `json:"from"` // a composed op: applies to this version (else version-1)
	Seq     *int64          `json:"seq"`
	Client  string          `json:"client"`
	Ops     json.RawMessage `json:"ops"`
	Text    string          `json:"text"`
	Role    string          `json:"role"`
	Code    string          `json:"code"`
	Message string          `json:"message"`
}

// dialer is shared by every connection; small buffers keep thousands of idle clients cheap.
var dialer = &websocket.Dialer{
	HandshakeTimeout: 15 * time.Second,
	ReadBufferSize:   2048,
	WriteBufferSize:  2048,
}

// plainProtocol, when set (--plain), connects without asking for joined messages and composed
// ops: the one-frame-per-message contract of third-party clients.
var plainProtocol bool

// liveURL turns the base http URL into the live endpoint of resource id.
func liveURL(base, id, client string, since int64) string {
	u, _ := url.Parse(base)
	if u.Scheme == "https" {
		u.Scheme = "wss"
	} else {
		u.Scheme = "ws"
	}
	u.Path = "/api/v1/resources/" + id + "/live"
	q := url.Values{"client": {client}}
	if !plainProtocol {
		// Frames queued together arrive as one JSON array, and a reader in a large room gets
		// the ops of a short tick composed into one (docs/protocol.md).
		q.Set("batch", "1")
		q.Set("compose", "1")
	}
	if since >= 0 {
		q.Set("since", strconv.FormatInt(since, 10))
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// roomDialer, for typists and readers, reads with a larger buffer: a client of a room of hundreds gets a message
// of a hundred op frames every tick, which a 2 KiB buffer read in eight system calls.
var roomDialer = &websocket.Dialer{
	HandshakeTimeout: 15 * time.Second,
	ReadBufferSize:   32 << 10,
	WriteBufferSize:  2048,
}

// dial connects a live client (anonymously when token is empty); since < 0 asks for a snapshot.
func dial(ctx context.Context, base, id, client, token string, since int64) (*websocket.Conn, error) {
	return dialWith(ctx, dialer, base, id, client, token, since)
}

// dialWith is dial through d.
func dialWith(ctx context.Context, d *websocket.Dialer, base, id, client, token string, since int64) (*websocket.Conn, error) {
	h := http.Header{}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	conn, resp, err := d.DialContext(ctx, liveURL(base, id, client, since), h)
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("dial %s: %w (HTTP %d)", id, err, resp.StatusCode)
		}
		return nil, fmt.Errorf("dial %s: %w", id, err)
	}
	return conn, nil
}

// readSnapshot reads frames until the snapshot (skipping join/cursor frames that may precede
// it) and returns it.
func readSnapshot(conn *websocket.Conn, timeout time.Duration) (frame, error) {
	_ = conn.SetReadDeadline(time.Now().Add(timeout))
	defer conn.SetReadDeadline(time.Time{})
	for range 64 {
		_, data, err := conn.ReadMessage()
		if err != nil {
			return frame{}, fmt.Errorf("read snapshot: %w", err)
		}
		fs, err := decodeFrames(data)
		if err != nil {
			return frame{}, fmt.Errorf("decode message: %w", err)
		}
		for _, f := range fs {
			switch f.Type {
			case "snapshot":
				return f, nil
			case "error":
				return frame{}, fmt.Errorf("server error %s: %s", f.Code, f.Message)
			}
		}
	}
	return frame{}, errors.New("no snapshot in the first 64 frames")
}

// typistStats is what one typist measured.
type typistStats struct {
	acks        int64
	keys        int64
	ackLat      []uint32 // send → ack, µs
	ackAt       []uint32 // when each ack came, ms since epoch (the timeline)
	keyLat      []uint32 // first keystroke of the op → ack, µs
	errors      map[string]int
	disconnects int
	resyncs     int
	remoteOps   int64
	lostKeys    int64 // keystrokes dropped with local state for a fresh snapshot

	// For remote latency (remote.go): the versions this client reached and when, and its own
	// acknowledged ops with the times of the keystrokes composed into each.
	progress []checkpoint
	own      []ownOp
	light    bool // a light client: it keeps no text, so it records no progress (light.go)
}

// acked records an acknowledged op at version: its latencies when measuring, and the times of
// the keystrokes it carried (for remote latency).
func (s *typistStats) acked(measuring bool, version int64, sent, firstKey, now time.Time, keys []int64) {
	if measuring {
		s.acks++
		s.ackLat = append(s.ackLat, uint32(now.Sub(sent).Microseconds()))
		s.ackAt = append(s.ackAt, uint32(now.Sub(epoch).Milliseconds()))
		s.keyLat = append(s.keyLat, uint32(now.Sub(firstKey).Microseconds()))
	}
	if len(keys) > 0 {
		s.own = append(s.own, ownOp{version: version, keys: keys})
	}
}

func (s *typistStats) countErr(code string) {
	if s.errors == nil {
		s.errors = map[string]int{}
	}
	s.errors[code]++
}

// typist is one live editor: a connection, an ot.js client state and a typing model. The
// reader goroutine and the typing loop share the state under mu. A reader (reader set,
// anonymous) only follows the document.
type typist struct {
	base, docID, clientID, token string
	typer                        *typer
	reader                       bool
	cursors                      bool // send the caret after each ack, at most every 100 ms, like the browser

	session
	c        *otClient
	sentAt   time.Time // when the outstanding op went out
	firstKey time.Time // first keystroke composed into the outstanding op
	bufKey   time.Time // first keystroke composed into the buffer
	outKeys  []int64   // every keystroke in the outstanding op (clock(), ns)
	bufKeys  []int64   // every keystroke in the buffer
	cursorAt time.Time // last cursor frame sent
	fresh    bool      // the next reconnect must ask for a snapshot (local state is void)
	st       typistStats
	msg      bytes.Buffer // message buffer, reused: the decoder copies what it keeps
}

// session is a client's connection as its goroutines share it: the typing loop writes on it,
// the reader goroutine reads it and replaces it when it breaks; mu guards the client's state.
type session struct {
	mu      sync.Mutex
	conn    *websocket.Conn
	closing bool
	done    chan struct{} // closed when the reader goroutine ends
	// measuring: record latencies (the typing loop is inside the measured window).
	measuring bool
}

func (s *session) measure(on bool) {
	s.mu.Lock()
	s.measuring = on
	s.mu.Unlock()
}

// write sends one message on the current connection; called with mu held. A failed write is
// left to the reader, which sees the broken connection.
func (s *session) write(b []byte) {
	if s.conn == nil {
		return
	}
	_ = s.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if err := s.conn.WriteMessage(websocket.TextMessage, b); err != nil {
		s.conn.Close()
	}
}

// close ends the connection and waits for the reader.
func (s *session) close() {
	s.mu.Lock()
	s.closing = true
	conn := s.conn
	s.mu.Unlock()
	if conn != nil {
		_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
		conn.Close()
	}
	if s.done != nil {
		<-s.done
	}
}

// liveClient is a connected client of a typing scenario: a typist or a reader, full or light.
type liveClient interface {
	keyer
	connect(ctx context.Context) error
	close()
	stats() *typistStats
	isReader() bool
}

func (t *typist) stats() *typistStats { return &t.st }
func (t *typist) isReader() bool      { return t.reader }

// connect dials and waits for the snapshot; the reader goroutine starts afterwards.
func (t *typist) connect(ctx context.Context) error {
	conn, err := dialWith(ctx, roomDialer, t.base, t.docID, t.clientID, t.token, -1)
	if err != nil {
		return err
	}
	snap, err := readSnapshot(conn, 30*time.Second)
	if err != nil {
		conn.Close()
		return err
	}
	t.mu.Lock()
	t.conn = conn
	t.c = newOTClient(snap.Version, snap.Text)
	if t.typer != nil {
		t.typer.place(t.c)
	}
	t.reached(clock())
	t.done = make(chan struct{})
	t.mu.Unlock()
	go t.readLoop(conn)
	return nil
}

// writeOp sends p on the current connection; called with mu held. A failed write is left to
// the reader, which sees the broken connection and resumes.
func (t *typist) writeOp(p *pending) {
	if t.conn == nil || p == nil {
		return
	}
	b := make([]byte, 0, 64+len(p.Op)*8)
	b = append(b, `{"type":"op","base":`...)
	b = strconv.AppendInt(b, p.Base, 10)
	b = append(b, `,"seq":`...)
	b = strconv.AppendInt(b, p.Seq, 10)
	b = append(b, `,"ops":`...)
	b = p.Op.AppendJSON(b)
	t.write(append(b, '}'))
}

// key types one keystroke and returns the delay before the next.
func (t *typist) key(now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	op, delay := t.typer.next(t.c)
	wasSynced, hadBuffer := t.c.synchronized(), t.c.buffer != nil
	p, err := t.c.local(op)
	if err != nil {
		t.st.countErr("client_local")
		return delay
	}
	if t.measuring {
		t.st.keys++
	}
	at := clockAt(now)
	switch {
	case wasSynced:
		t.firstKey, t.sentAt = now, now
		t.outKeys = append(t.outKeys[:0:0], at)
		t.writeOp(p)
	case !hadBuffer:
		t.bufKey = now
		t.bufKeys = append(t.bufKeys[:0:0], at)
	default:
		t.bufKeys = append(t.bufKeys, at)
	}
	return delay
}

// keyer is a typist as the typing loop drives it (typist, lightTypist).
type keyer interface {
	// key types one keystroke at now and returns the delay before the next.
	key(now time.Time) time.Duration
	// measure sets whether latencies are recorded (inside the measured window).
	measure(on bool)
	// synced reports whether no keystroke waits for an acknowledgement.
	synced() bool
}

func (t *typist) synced() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.c.synchronized()
}

// typeUntil makes k type until the deadline, then waits (bounded) for its last op to be
// acknowledged.
func typeUntil(ctx context.Context, k keyer, start, measureFrom, end time.Time, drain time.Duration) {
	next := start
	for {
		now := time.Now()
		if now.After(end) || ctx.Err() != nil {
			break
		}
		if wait := next.Sub(now); wait > 0 {
			// A plain sleep (a key's interval at most; ctx is looked at on waking): thousands
			// of typists selecting on the one ctx.Done() contended for its lock on every key.
			time.Sleep(wait)
			continue
		}
		k.measure(!now.Before(measureFrom))
		next = next.Add(k.key(now))
		if next.Before(now.Add(-time.Second)) {
			next = now // fell far behind (a stalled write): do not burst to catch up
		}
	}
	deadline := time.Now().Add(drain)
	for time.Now().Before(deadline) && !k.synced() {
		time.Sleep(10 * time.Millisecond)
	}
	k.measure(false)
}

// readLoop handles frames until the connection ends, then resumes it (bounded) unless the
// typist is closing.
func (t *typist) readLoop(conn *websocket.Conn) {
	defer close(t.done)
	for attempt := 0; ; {
		err := t.readConn(conn)
		t.mu.Lock()
		if t.closing {
			t.mu.Unlock()
			return
		}
		if !t.fresh && !errors.Is(err, errResync) {
			t.st.disconnects++
			if disconnectLogs.Add(1) <= 5 {
				logf("typist %s: connection lost at version %d: %v", t.clientID, t.c.version, err)
			}
		}
		t.conn = nil
		since := t.c.version
		if t.fresh {
			since = -1
		}
		t.mu.Unlock()
		conn.Close()
		for {
			attempt++
			if attempt > 20 {
				t.mu.Lock()
				t.st.countErr("gave_up")
				t.mu.Unlock()
				return
			}
			time.Sleep(time.Duration(attempt) * 50 * time.Millisecond)
			c, err := dialWith(context.Background(), roomDialer, t.base, t.docID, t.clientID, t.token, since)
			if err != nil {
				continue
			}
			conn = c
			break
		}
		var snap frame
		if since < 0 {
			// Read the snapshot before the typing loop may send on this connection, so no op
			// goes out against the discarded local state.
			var err error
			if snap, err = readSnapshot(conn, 30*time.Second); err != nil {
				conn.Close()
				continue
			}
		}
		t.mu.Lock()
		if t.closing {
			t.mu.Unlock()
			conn.Close()
			return
		}
		t.conn = conn
		t.fresh = false
		if since >= 0 {
			// Resume: resend the unacknowledged op unchanged; the replay or an ack settles it.
			t.writeOp(t.c.resend())
		} else {
			t.st.resyncs++
			t.dropLocal()
			t.c.reset(snap.Version, snap.Text)
			t.reached(clock())
		}
		t.mu.Unlock()
	}
}

// disconnectLogs bounds how many lost connections are logged.
var disconnectLogs atomic.Int64

// errResync marks a connection the client closed on purpose to start from a snapshot.
var errResync = errors.New("resync")

// readConn reads frames of one connection until it fails or must be replaced.
func (t *typist) readConn(conn *websocket.Conn) error {
	for {
		_, r, err := conn.NextReader()
		if err != nil {
			return err
		}
		t.msg.Reset()
		if _, err := t.msg.ReadFrom(r); err != nil {
			return err
		}
		fs, err := decodeFrames(t.msg.Bytes())
		if err != nil {
			t.mu.Lock()
			t.st.countErr("client_decode")
			t.mu.Unlock()
			continue
		}
		for i := range fs {
			t.mu.Lock()
			err = t.handle(&fs[i], time.Now())
			t.mu.Unlock()
			if err != nil {
				return err
			}
		}
		t.mu.Lock()
		t.reached(clock())
		t.mu.Unlock()
	}
}

// reached records that the client's text is at its current version now (called with mu held
// after each message): a version it reached includes every op up to it.
func (t *typist) reached(at int64) {
	p := t.st.progress
	if n := len(p); n == 0 || p[n-1].version < t.c.version {
		t.st.progress = append(p, checkpoint{version: t.c.version, at: at})
	}
}

// dropLocal forgets the keystrokes of local edits discarded for a fresh snapshot.
func (t *typist) dropLocal() {
	t.st.lostKeys += int64(len(t.outKeys) + len(t.bufKeys))
	t.outKeys, t.bufKeys = nil, nil
}

// handle applies one frame; called with mu held. A non-nil error ends the connection.
func (t *typist) handle(f *frame, now time.Time) error {
	switch f.Type {
	case "snapshot":
		// After base_unknown: whatever was local is gone.
		t.st.resyncs++
		t.dropLocal()
		t.c.reset(f.Version, f.Text)
	case "ack":
		if f.Seq == nil {
			t.st.countErr("client_ack_without_seq")
			return nil
		}
		return t.acked(*f.Seq, f.Version, now)
	case "op":
		if f.Client == t.clientID && f.Seq != nil && !t.c.synchronized() && *f.Seq == t.c.outSeq {
			return t.acked(*f.Seq, f.Version, now) // our own op, replayed after a resume
		}
		op, err := collab.ParseOp(f.Ops, collab.Limits{})
		if err != nil {
			t.st.countErr("client_parse_op")
			return t.resync()
		}
		from := f.Version - 1
		if f.From != nil {
			from = *f.From
		}
		if err := t.c.remoteFrom(from, f.Version, op); err != nil {
			if errors.Is(err, errGap) {
				t.st.countErr("client_gap")
				return err // resume with since
			}
			t.st.countErr("client_transform")
			return t.resync()
		}
		t.st.remoteOps++
	case "error":
		t.st.countErr(f.Code)
		if f.Seq != nil {
			// The op was not applied: drop local state and start from a snapshot.
			return t.resync()
		}
	}
	return nil
}

func (t *typist) acked(seq, version int64, now time.Time) error {
	p, err := t.c.ack(seq, version)
	if err != nil {
		if errors.Is(err, errGap) {
			t.st.countErr("client_gap")
			return err
		}
		t.st.countErr("client_ack")
		return t.resync()
	}
	t.st.acked(t.measuring, version, t.sentAt, t.firstKey, now, t.outKeys)
	t.outKeys = nil
	if p != nil {
		t.firstKey, t.sentAt = t.bufKey, now
		t.outKeys, t.bufKeys = t.bufKeys, nil
		t.writeOp(p)
	} else if t.cursors && now.Sub(t.cursorAt) >= 100*time.Millisecond {
		t.cursorAt = now
		t.writeCursor()
	}
	return nil
}

// writeCursor sends the caret at the synchronized version, as the browser does after an ack.
func (t *typist) writeCursor() {
	if t.conn == nil {
		return
	}
	b := make([]byte, 0, 64)
	b = append(b, `{"type":"cursor","base":`...)
	b = strconv.AppendInt(b, t.c.version, 10)
	b = append(b, `,"anchor":`...)
	b = strconv.AppendInt(b, int64(t.c.cursor), 10)
	b = append(b, `,"head":`...)
	b = strconv.AppendInt(b, int64(t.c.cursor), 10)
	t.write(append(b, '}'))
}

func (t *typist) resync() error {
	t.fresh = true
	return errResync
}

// decodeFrames turns one WebSocket message into its frames: the server sends a lone frame as
// an object and frames queued together as an array. One pass over the message, with
// segmentio's drop-in decoder (about twice encoding/json's speed on these frames): with 200
// clients in a room, decoding was half of the load tool's own CPU, and a tool short of CPU
// measures its own queueing instead of the server.
func decodeFrames(b []byte) ([]frame, error) {
	if fs, ok := decodeFast(b, nil); ok {
		return fs, nil
	}
	return decodeJSON(b)
}

// decodeJSON is decodeFrames through the JSON decoder.
func decodeJSON(b []byte) ([]frame, error) {
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '[' {
		var many []frame
		err := json.Unmarshal(t, &many)
		return many, err
	}
	fs := make([]frame, 1)
	return fs, json.Unmarshal(b, &fs[0])
}
