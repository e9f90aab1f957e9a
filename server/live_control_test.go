package server_test

import (
	"testing"
	"time"

	"github.com/gorilla/websocket"
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
