package hub

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func connect(t *testing.T, m *Manager, doc string, c ClientInfo, since int64) *Conn {
	t.Helper()
	conn, err := m.Connect(context.Background(), doc, c, since)
	if err != nil {
		t.Fatalf("connect %s: %v", c.ClientID, err)
	}
	return conn
}

// next returns the next frame, failing if none comes (the bound only turns a hang into a failure).
func next(t *testing.T, c *Conn) frame {
	t.Helper()
	select {
	case raw, ok := <-c.Frames():
		if !ok {
			t.Fatalf("%s: frames closed", c.info.ClientID)
		}
		return decode(t, raw)
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: no frame", c.info.ClientID)
	}
	return frame{}
}

// nextOf skips presence frames (join, leave, cursor) unless asked for them.
func nextOf(t *testing.T, c *Conn, typ string) frame {
	t.Helper()
	for {
		f := next(t, c)
		if f.Type == typ {
			return f
		}
		switch f.Type {
		case TypeJoin, TypeLeave, TypeCursor, TypeYou:
			continue
		}
		t.Fatalf("%s: want %s frame, got %+v", c.info.ClientID, typ, f)
	}
}

// noFrame asserts nothing is queued for c right now.
func noFrame(t *testing.T, c *Conn) {
	t.Helper()
	select {
	case raw := <-c.Frames():
		t.Fatalf("%s: unexpected frame %s", c.info.ClientID, raw)
	default:
	}
}

func sendOp(c *Conn, base, seq int64, ops string) {
	c.Receive(fmt.Appendf(nil, `{"type":"op","base":%d,"seq":%d,"ops":%s}`, base, seq, ops))
}

func state(t *testing.T, m *Manager, doc string) Snapshot {
	t.Helper()
	s, err := m.State(context.Background(), doc)
	if err != nil {
		t.Fatalf("state: %v", err)
	}
	return s
}

func setup(t *testing.T, text string, opts Options) (*memStore, *Manager) {
	t.Helper()
	s := newMemStore()
	s.create("d", text)
	m := NewManager(s, opts)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = m.Close(ctx)
	})
	return s, m
}

func nextRaw(t *testing.T, c *Conn) []byte {
	t.Helper()
	select {
	case raw, ok := <-c.Frames():
		if !ok {
			t.Fatalf("%s: frames closed", c.info.ClientID)
		}
		return raw
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: no frame", c.info.ClientID)
	}
	return nil
}
