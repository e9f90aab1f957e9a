package hub

import (
	"fmt"
	"testing"
	"time"
)

// cursorFrames takes what is queued for c and returns its cursor frames.
func cursorFrames(t *testing.T, c *Conn) []frame {
	t.Helper()
	fs, _ := c.Take(nil, 1<<20)
	var out []frame
	for _, raw := range fs {
		if f := decode(t, raw.JSON); f.Type == TypeCursor {
			out = append(out, f)
		}
	}
	return out
}

// In a large room the first move after a quiet spell reaches the others at once, and a caret
// moving many times within the next cursor tick reaches them once more, at its latest place;
// each frame is encoded once for all of them. In a small room every move goes out at once.
func TestLargeRoomThrottlesCursors(t *testing.T) {
	const every = 300 * time.Millisecond
	_, m := setup(t, "abcdefghij", Options{TickAbove: 3, PresenceBatchAbove: 100, CursorEvery: every})
	mover := connect(t, m, "d", info("mover", true), -1)
	watchers := []*Conn{connect(t, m, "d", info("w1", false), -1)}
	takeAll(t, mover)
	takeAll(t, watchers[0])

	// Small room (2 clients): every move is sent at once.
	for i := range 3 {
		mover.Receive(fmt.Appendf(nil, `{"type":"cursor","base":0,"anchor":%d,"head":%d}`, i, i))
	}
	deadline := time.Now().Add(5 * time.Second)
	var got []frame
	for len(got) < 3 && time.Now().Before(deadline) {
		got = append(got, cursorFrames(t, watchers[0])...)
		time.Sleep(time.Millisecond)
	}
	if len(got) != 3 {
		t.Fatalf("small room: %d cursor frames for 3 moves, want 3", len(got))
	}

	// Large room (5 clients > TickAbove 3), quiet: the first move goes out at once, to
	// everyone as one frame.
	for i := 2; i <= 4; i++ {
		watchers = append(watchers, connect(t, m, "d", info(fmt.Sprint("w", i), false), -1))
	}
	for _, w := range watchers {
		takeAll(t, w)
	}
	start := time.Now()
	mover.Receive([]byte(`{"type":"cursor","base":0,"anchor":1,"head":1}`))
	var lead *Frame
	for _, w := range watchers {
		fs := takeAll(t, w)
		if f := decode(t, fs[0].JSON); len(fs) != 1 || f.Type != TypeCursor || f.Anchor != 1 {
			t.Fatalf("%s: %d frames for the first move, the first %s; want its cursor frame", w.info.ClientID, len(fs), fs[0].JSON)
		}
		if lead == nil {
			lead = fs[0]
		} else if fs[0] != lead {
			t.Fatalf("the first cursor frame was encoded once per recipient")
		}
	}
	if waited := time.Since(start); waited >= every {
		t.Fatalf("the first move after a quiet spell took %v, a whole cursor tick (%v)", waited, every)
	}

	// Then ten moves within one tick become one frame, at the latest place.
	start = time.Now()
	for i := range 10 {
		mover.Receive(fmt.Appendf(nil, `{"type":"cursor","base":0,"anchor":%d,"head":%d}`, i, i))
	}
	time.Sleep(every / 10)
	if time.Since(start) < every {
		for _, w := range watchers {
			if fs := cursorFrames(t, w); len(fs) != 0 {
				t.Fatalf("%s got %d cursor frames before the tick", w.info.ClientID, len(fs))
			}
		}
	}
	var first *Frame
	for _, w := range watchers {
		fs := takeAll(t, w)
		if len(fs) != 1 {
			t.Fatalf("%s: %d frames after the tick, want 1 cursor frame", w.info.ClientID, len(fs))
		}
		f := decode(t, fs[0].JSON)
		if f.Type != TypeCursor || f.Anchor != 9 || f.Head != 9 {
			t.Fatalf("%s: got %s, want the latest cursor at 9", w.info.ClientID, fs[0].JSON)
		}
		if first == nil {
			first = fs[0]
		} else if fs[0] != first {
			t.Fatalf("the cursor frame was encoded once per recipient")
		}
	}
}
