package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server"
)

// A client's ping is answered with a pong carrying its data, and its close with a close reply
// carrying its code, by the socket's owner (gorilla's own handlers would write from the
// reader's goroutine, between the owner's writes); ops keep flowing around the ping.
func TestLivePingAndCloseAnsweredByOwner(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	owner := env.signup("pia")
	id := owner.createResource(map[string]any{"content": "abc"})
	a, _ := dialLive(t, env.URL, owner.token, id, "a", -1)
	if s := a.next(); s.Type != "snapshot" {
		t.Fatalf("snapshot: %+v", s)
	}
	pong := make(chan string, 1)
	a.ws.SetPongHandler(func(data string) error { pong <- data; return nil })
	if err := a.ws.WriteControl(websocket.PingMessage, []byte("are you there"), time.Now().Add(time.Second)); err != nil {
		t.Fatalf("ping: %v", err)
	}
	a.sendOp(0, 1, `[3,"d"]`)
	if ack := a.until("ack"); ack.Version != 1 { // reading runs the pong handler
		t.Fatalf("ack: %+v", ack)
	}
	select {
	case got := <-pong:
		if got != "are you there" {
			t.Fatalf("pong carries %q", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no pong")
	}
	closed := make(chan int, 1)
	a.ws.SetCloseHandler(func(code int, _ string) error { closed <- code; return nil })
	msg := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "bye")
	if err := a.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second)); err != nil {
		t.Fatalf("close: %v", err)
	}
	_ = a.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		if _, _, err := a.ws.ReadMessage(); err != nil {
			break
		}
	}
	select {
	case code := <-closed:
		if code != websocket.CloseNormalClosure {
			t.Fatalf("close reply code %d, want %d", code, websocket.CloseNormalClosure)
		}
	default:
		t.Fatal("no close reply")
	}
}

// A client that stops reading must not hold up its room, whether the hub writes to it itself (a
// small room) or the drainers do (a large one): its socket takes what it can, the rest waits
// for a writer goroutine, and the typist and a reading peer go on getting every frame intact.
func TestLiveNonReaderDoesNotHoldUpTheRoom(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		tickAbove int
	}{{"small room", 0}, {"large room", 1}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newEnv(t, func(c *app.Config, _ *server.Config) {
				if tc.tickAbove > 0 {
					c.Live.TickAbove = tc.tickAbove
				}
				c.Live.RatePerSecond, c.Live.RateBurst = 1e6, 1e6 // the typist types as fast as it is acked
			})
			owner := env.signup("nora")
			id := owner.createResource(map[string]any{"content": ""})
			typist, _ := dialLive(t, env.URL, owner.token, id, "typist", -1)
			peer, _ := dialLive(t, env.URL, owner.token, id, "peer", -1)
			dialLive(t, env.URL, owner.token, id, "stuck", -1) // never read
			typist.until("snapshot")
			peer.until("snapshot")

			// Each insertion carries 16 KB, so the stuck socket's buffers fill after a few
			// hundred; each is erased again to keep the document small.
			chunk := strings.Repeat("x", 16<<10)
			const pairs = 300
			version, seq := int64(0), int64(0)
			for range pairs {
				for _, ops := range []string{`["` + chunk + `"]`, fmt.Sprintf(`[%d]`, -len(chunk))} {
					seq++
					typist.sendOp(version, seq, ops)
					ack := typist.next()
					for ack.Type != "ack" && ack.Type != "error" {
						ack = typist.next()
					}
					if ack.Type != "ack" || ack.Seq == nil || *ack.Seq != seq {
						t.Fatalf("ack %+v for seq %d", ack, seq)
					}
					version = ack.Version
				}
			}
			text, at := "", int64(0)
			for at < version {
				if f := peer.next(); f.Type == "op" {
					if f.Version != at+1 {
						t.Fatalf("peer got version %d after %d", f.Version, at)
					}
					text, at = applyJSON(t, text, f.Ops), f.Version
				}
			}
			if text != "" {
				t.Fatalf("peer's text has %d bytes; want none", len(text))
			}
		})
	}
}
