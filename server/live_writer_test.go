package server

import (
	"bytes"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// A client that stops reading fills the socket's buffers and blocks the server's write; writes
// carry no deadline, so the pinger's watchdog (stuck) must close the socket, which ends the
// write with an error and frees its writer.
func TestStuckWriteIsClosed(t *testing.T) {
	s, _ := socketPair(t) // the client never reads: the server's writes back up
	failed := make(chan error, 1)
	go func() {
		big := bytes.Repeat([]byte("x"), 1<<20)
		for {
			if err := s.writeMessage(websocket.TextMessage, big); err != nil {
				failed <- err
				return
			}
		}
	}()
	// Wait until a write has been under way for a while: the buffers are full.
	deadline := time.Now().Add(10 * time.Second)
	for {
		if w := s.writing.Load(); w != 0 && time.Since(time.Unix(0, w)) > 200*time.Millisecond {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the server's writes never blocked")
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.stuck(time.Now().Add(-time.Hour).UnixNano()) // a write younger than the cutoff is left alone
	select {
	case err := <-failed:
		t.Fatalf("a write within its time failed: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	s.stuck(time.Now().UnixNano())
	select {
	case err := <-failed:
		if err == nil {
			t.Fatal("the stuck write returned no error")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the stuck write was not ended by closing the socket")
	}
}
