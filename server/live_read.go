package server

import (
	"bytes"
	"sync"

	"github.com/gorilla/websocket"

	"github.com/commonplace/commonplace/collab/hub"
)

// Reading live frames. gorilla's ReadMessage makes a new buffer for every message: in a room
// of 200 typists that was up to a tenth of the bytes the server allocated, and every byte
// allocated brings the next GC cycle closer, whose marking held the room's keystrokes up by
// 20 to 40 ms (docs/benchmarks-live.md, "ninth pass"). A frame is parsed by
// hub.Conn.Receive before the next one is read, and nothing parsed keeps its bytes, so a
// buffer can serve message after message. The buffers are pooled rather than kept per socket,
// so an idle socket holds none.

// liveReadBufs holds the buffers frames are read into.
var liveReadBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledRead is the largest buffer put back: one that grew for a rare large op (up to
// liveReadLimit) is left to the collector.
const maxPooledRead = 64 << 10

// receiveNext reads the next message of ws and hands it to hc. It reports false once the
// socket has failed (closed, timed out, or a message over the read limit).
func receiveNext(ws *websocket.Conn, hc *hub.Conn) bool {
	kind, r, err := ws.NextReader()
	if err != nil {
		return false
	}
	buf := liveReadBufs.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledRead {
			buf.Reset()
			liveReadBufs.Put(buf)
		}
	}()
	buf.Reset()
	if _, err := buf.ReadFrom(r); err != nil {
		return false
	}
	data := buf.Bytes()
	if kind != websocket.TextMessage {
		data = []byte("binary frame") // answered with bad_message
	}
	hc.Receive(data)
	return true
}
