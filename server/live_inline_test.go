package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/commonplace/commonplace/collab/hub"
)

// socketPair connects a gorilla client to a liveSocket on a real TCP socket.
func socketPair(t *testing.T) (*liveSocket, *websocket.Conn) {
	t.Helper()
	got := make(chan *websocket.Conn, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			t.Errorf("upgrade: %v", err)
			return
		}
		got <- ws
	}))
	t.Cleanup(srv.Close)
	client, _, err := websocket.DefaultDialer.Dial(strings.Replace(srv.URL, "http", "ws", 1), nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { client.Close() })
	ws := <-got
	t.Cleanup(func() { ws.Close() })
	s := &liveSocket{ws: ws, raw: liveRawConn(ws.NetConn()), closed: make(chan struct{})}
	if s.raw == nil {
		t.Fatal("a TCP socket has no raw conn")
	}
	return s, client
}

// writeAll writes b as the owner does: at once what the socket takes, the rest blocking.
func writeAll(s *liveSocket, b []byte) error {
	n, err := s.tryWrite(b)
	if err != nil {
		return fmt.Errorf("inline write: %w", err)
	}
	if n < len(b) {
		if err := s.writeRaw(b[n:]); err != nil {
			return fmt.Errorf("write the rest: %w", err)
		}
	}
	return nil
}

// Our frames must read as the messages they carry in a standard client, at every length
// encoding (7, 16 and 64 bits) and on both sides of each boundary.
func TestInlineFramesReadByGorilla(t *testing.T) {
	s, client := socketPair(t)
	for _, n := range []int{0, 1, 125, 126, 127, 65535, 65536, 300_000} {
		payload := bytes.Repeat([]byte("é"), n/2)
		payload = append(payload, bytes.Repeat([]byte("x"), n%2)...)
		wrote := make(chan error, 1)
		go func() { wrote <- writeAll(s, s.appendMessages(nil, []*hub.Frame{{JSON: payload}})) }()
		kind, got, err := client.ReadMessage()
		if err != nil {
			t.Fatalf("%d bytes: read: %v", n, err)
		}
		if kind != websocket.TextMessage || !bytes.Equal(got, payload) {
			t.Fatalf("%d bytes: got kind %d, %d bytes", n, kind, len(got))
		}
		if err := <-wrote; err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
	}
}

// Several frames go out as several messages in one write, or as one JSON array for a batch
// client.
func TestInlineFramesMessagesAndBatch(t *testing.T) {
	s, client := socketPair(t)
	frames := []*hub.Frame{{JSON: []byte(`{"a":1}`)}, {JSON: []byte(`{"b":2}`)}, {JSON: []byte(`{"c":3}`)}}
	if err := writeAll(s, s.appendMessages(nil, frames)); err != nil {
		t.Fatal(err)
	}
	for _, f := range frames {
		if _, got, err := client.ReadMessage(); err != nil || !bytes.Equal(got, f.JSON) {
			t.Fatalf("got %q, %v; want %q", got, err, f.JSON)
		}
	}
	s.batch = true
	if err := writeAll(s, s.appendMessages(nil, frames)); err != nil {
		t.Fatal(err)
	}
	if _, got, err := client.ReadMessage(); err != nil || string(got) != `[{"a":1},{"b":2},{"c":3}]` {
		t.Fatalf("batch: got %q, %v", got, err)
	}
}

// A socket whose client is not reading takes part of a large write and no more; the inline
// write returns at once with what it wrote, and the rest, written later, completes the message.
func TestInlineWriteStopsAtFullBuffer(t *testing.T) {
	s, client := socketPair(t)
	payload := []byte(strings.Repeat("0123456789", 1_600_000)) // 16 MB: more than any socket buffer
	b := s.appendMessages(nil, []*hub.Frame{{JSON: payload}})
	n, err := s.tryWrite(b)
	if err != nil {
		t.Fatalf("inline write: %v", err)
	}
	if n == 0 || n >= len(b) {
		t.Fatalf("inline write took %d of %d bytes; want a part", n, len(b))
	}
	done := make(chan error, 1)
	go func() { done <- s.writeRaw(b[n:]) }()
	_, got, err := client.ReadMessage()
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if !bytes.Equal(got, payload) {
		t.Fatalf("got %d bytes, want %d", len(got), len(payload))
	}
	if err := <-done; err != nil {
		t.Fatalf("write the rest: %v", err)
	}
}

// An inline write allocates nothing: in a room of 200 typists there are 40,000 of them a
// second, and a closure made for each was a sixth to a quarter of the bytes the server allocated.
func TestInlineWriteAllocatesNothing(t *testing.T) {
	s, _ := socketPair(t)
	b := s.appendMessages(nil, []*hub.Frame{{JSON: []byte(`{"type":"op","v":1}`)}})
	if _, err := s.tryWrite(b); err != nil { // the first write binds the write function
		t.Fatal(err)
	}
	// 100 small writes fit in the socket's buffer: nobody needs to read them.
	allocs := testing.AllocsPerRun(100, func() {
		if n, err := s.tryWrite(b); err != nil || n != len(b) {
			t.Fatalf("wrote %d of %d bytes: %v", n, len(b), err)
		}
	})
	if allocs != 0 {
		t.Fatalf("an inline write allocated %v times", allocs)
	}
}

// queuedFrames is a frame source holding frames, as a hub.Conn's queue does.
type queuedFrames struct {
	q     []*hub.Frame
	ended bool
	takes int
}

func (f *queuedFrames) Take(dst []*hub.Frame, max int) ([]*hub.Frame, bool) {
	f.takes++
	n := min(len(f.q), max)
	dst = append(dst, f.q[:n]...)
	f.q = f.q[n:]
	return dst, f.ended && len(f.q) == 0
}

func numberedFrames(n, size int) []*hub.Frame {
	frames := make([]*hub.Frame, n)
	for i := range frames {
		pad := strings.Repeat("x", max(0, size-20))
		frames[i] = &hub.Frame{JSON: fmt.Appendf(nil, `{"v":%d,"p":"%s"}`, i, pad)}
	}
	return frames
}

// Everything queued goes into one buffer, and so one write: a batch client's frames in
// messages of maxCoalesce, in order, and the source taken until it was empty.
func TestGatherJoinsAllQueuedMessages(t *testing.T) {
	s, client := socketPair(t)
	s.batch = true
	frames := numberedFrames(2*maxCoalesce+22, 40)
	src := &queuedFrames{q: frames}
	b, scratch, took, ended := s.gather(src, nil, nil)
	if !took || ended || len(src.q) != 0 {
		t.Fatalf("took %v, ended %v, %d frames left; want all taken, not ended", took, ended, len(src.q))
	}
	if len(scratch) != 0 {
		t.Fatalf("scratch came back with %d frames", len(scratch))
	}
	if err := writeAll(s, b); err != nil {
		t.Fatal(err)
	}
	next := 0
	for _, want := range []int{maxCoalesce, maxCoalesce, 22} {
		_, msg, err := client.ReadMessage()
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		var got []struct{ V int }
		if err := json.Unmarshal(msg, &got); err != nil {
			t.Fatalf("message of %d bytes is no JSON array: %v", len(msg), err)
		}
		if len(got) != want {
			t.Fatalf("a message of %d frames, want %d", len(got), want)
		}
		for _, f := range got {
			if f.V != next {
				t.Fatalf("frame %d where %d was due", f.V, next)
			}
			next++
		}
	}

	// A plain client gets one message per frame, all in the same buffer.
	s.batch = false
	src = &queuedFrames{q: numberedFrames(maxCoalesce+1, 40), ended: true}
	b, _, took, ended = s.gather(src, nil, nil)
	if !took || !ended {
		t.Fatalf("took %v, ended %v; want both", took, ended)
	}
	if err := writeAll(s, b); err != nil {
		t.Fatal(err)
	}
	for i := range maxCoalesce + 1 {
		_, msg, err := client.ReadMessage()
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		if want := fmt.Sprintf(`{"v":%d,`, i); !strings.HasPrefix(string(msg), want) {
			t.Fatalf("message %d is %.20q", i, msg)
		}
	}
}

// A long queue is written maxGather bytes at a time: the rest stays queued for the next
// round, so one write never has to hold a whole backlog.
func TestGatherStopsAtMaxGather(t *testing.T) {
	s, _ := socketPair(t)
	s.batch = true
	const size = 4 << 10
	src := &queuedFrames{q: numberedFrames(3*maxGather/size, size)}
	b, _, took, _ := s.gather(src, nil, nil)
	if !took || len(b) < maxGather || len(b) > maxGather+maxCoalesce*(size+1)+16 {
		t.Fatalf("gathered %d bytes; want maxGather (%d) and less than one more message", len(b), maxGather)
	}
	if len(src.q) == 0 {
		t.Fatalf("the whole queue was taken: %d bytes, %d takes", len(b), src.takes)
	}
	// An empty source is one take, and nothing.
	empty := &queuedFrames{}
	if b, _, took, ended := s.gather(empty, nil, nil); took || ended || len(b) != 0 || empty.takes != 1 {
		t.Fatalf("empty source: %d bytes, took %v, ended %v, %d takes", len(b), took, ended, empty.takes)
	}
}
