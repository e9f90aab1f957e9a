package server

import (
	"bytes"

	"github.com/gorilla/websocket"

	"github.com/commonplace/commonplace/collab/hub"
)

// Reading live frames. gorilla's ReadMessage makes a new buffer for every message: in a room
// of 200 typists that was up to a tenth of the bytes the server allocated, and every byte
// allocated brings the next GC cycle closer, whose marking held the room's keystrokes up by
// 20 to 40 ms (docs/benchmarks-live.md, "ninth pass"). A frame is parsed by
// hub.Conn.Receive before the next one is read, and nothing parsed keeps its bytes, so a
// buffer can serve message after message.

// receiveNext reads the next message of ws and hands it to hc. It reports false once the
// socket has failed (closed, timed out, or a message over the read limit). The message is read
// into one of the scratch buffers the writers use (joinBufs), so an idle socket holds none.
func receiveNext(ws *websocket.Conn, hc *hub.Conn) bool {
	kind, r, err := ws.NextReader()
	if err != nil {
		return false
	}
	bp := joinBufs.Get().(*[]byte)
	buf := bytes.NewBuffer((*bp)[:0])
	defer func() {
		if *bp = buf.Bytes()[:0]; cap(*bp) <= maxJoinBuf {
			joinBufs.Put(bp)
		}
	}()
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
