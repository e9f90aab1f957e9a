package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// rawDial connects with extra query parameters and returns the bare socket, so a test sees
// messages exactly as the server sent them.
func rawDial(t *testing.T, base, token, id, client string, since int64, query string) *websocket.Conn {
	t.Helper()
	h := http.Header{}
	h.Set("Authorization", "Bearer "+token)
	ws, resp, err := websocket.DefaultDialer.Dial(wsURL(base, id, client, since)+query, h)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial %s: %v (%d)", query, err, status)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

// readMessages reads messages until n op frames have arrived and returns the messages.
func readMessages(t *testing.T, ws *websocket.Conn, ops int) [][]byte {
	t.Helper()
	var msgs [][]byte
	for seen := 0; seen < ops; {
		_ = ws.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, b, err := ws.ReadMessage()
		if err != nil {
			t.Fatalf("read after %d ops: %v", seen, err)
		}
		msgs = append(msgs, b)
		raws, err := splitFrames(b)
		if err != nil {
			t.Fatalf("message %q: %v", b, err)
		}
		for _, r := range raws {
			var f frame
			if err := json.Unmarshal(r, &f); err != nil {
				t.Fatalf("frame %q: %v", r, err)
			}
			if f.Type == "op" {
				seen++
			}
		}
	}
	return msgs
}

// A client written to the one-frame-per-message contract (DESIGN.md §4) gets exactly that,
// even when many frames wait for it (a resume replays them all at once); a client that asked
// for batch=1 gets what waited together as one JSON array.
func TestLiveFramesPerMessageAreOptIn(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	owner := env.signup("ophelia")
	id := owner.createResource(map[string]any{"content": "x"})
	w, _ := dialLive(t, env.URL, owner.token, id, "writer", -1)
	w.until("snapshot")
	const n = 40
	for i := range n {
		w.sendOp(int64(i), int64(i+1), `["a",`+itoa(i+1)+`]`)
		for f := w.next(); f.Type != "ack"; f = w.next() {
		}
	}
	plain := rawDial(t, env.URL, owner.token, id, "plain", 0, "")
	batch := rawDial(t, env.URL, owner.token, id, "batch", 0, "&batch=1")
	for _, m := range readMessages(t, plain, n) {
		if b := bytes.TrimSpace(m); len(b) == 0 || b[0] != '{' {
			t.Fatalf("plain client got a message that is not one JSON object: %s", m)
		}
	}
	arrays := 0
	for _, m := range readMessages(t, batch, n) {
		if bytes.HasPrefix(bytes.TrimSpace(m), []byte("[")) {
			arrays++
		}
	}
	if arrays == 0 {
		t.Fatal("batch client never got frames joined into one message")
	}
}

// Opt-in parameters other than 0 and 1 are refused before the upgrade.
func TestLiveOptInParametersAreChecked(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	owner := env.signup("olga")
	id := owner.createResource(map[string]any{"content": "x"})
	for _, q := range []string{"&batch=yes", "&compose=2"} {
		h := http.Header{}
		h.Set("Authorization", "Bearer "+owner.token)
		_, resp, err := websocket.DefaultDialer.Dial(wsURL(env.URL, id, "c", -1)+q, h)
		if err == nil || resp == nil || resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("%s: err %v, response %v; want 400", q, err, resp)
		}
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}
