package hub

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/collab"
)

// takeAll waits until c has frames queued and takes them (without the Frames pump).
func takeAll(t *testing.T, c *Conn) []*Frame {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); c.Queued() == 0; {
		if time.Now().After(deadline) {
			t.Fatalf("%s: nothing queued", c.info.ClientID)
		}
		time.Sleep(time.Millisecond)
	}
	fs, _ := c.Take(nil, 1<<20)
	return fs
}

// A broadcast is encoded once: every recipient is queued the same frame.
func TestBroadcastIsEncodedOnce(t *testing.T) {
	_, m := setup(t, "abc", Options{})
	a := connect(t, m, "d", info("a", true), -1)
	b := connect(t, m, "d", info("b", true), -1)
	c := connect(t, m, "d", info("c", false), -1)
	for _, x := range []*Conn{a, b, c} {
		takeAll(t, x) // snapshots and joins
	}
	sendOp(a, 0, 1, `["X",3]`)
	if fs := takeAll(t, a); len(fs) != 1 || decode(t, fs[0].JSON).Type != TypeAck {
		t.Fatalf("a: %d frames", len(fs))
	}
	fb, fc := takeAll(t, b), takeAll(t, c)
	if len(fb) != 1 || len(fc) != 1 || fb[0] != fc[0] {
		t.Fatalf("b got %d frames, c %d; the same one: %v", len(fb), len(fc), len(fb) == 1 && len(fc) == 1 && fb[0] == fc[0])
	}
	if f := decode(t, fb[0].JSON); f.Type != TypeOp || f.Version != 1 {
		t.Fatalf("frame %s", fb[0].JSON)
	}
}

// A large room's tick throttles with a leading edge: after a quiet spell an op goes out to the
// others at once (a teacher typing to a class waits for no tick), and the ops committed soon
// after it wait for the next tick together.
func TestQuietLargeRoomSendsTheFirstOpAtOnce(t *testing.T) {
	const every = 300 * time.Millisecond
	_, m := setup(t, "abc", Options{TickAbove: 2, TickEvery: every, PresenceEvery: time.Hour})
	w := connect(t, m, "d", info("w", true), -1)
	ed := connect(t, m, "d", info("ed", true), -1)
	other := connect(t, m, "d", info("other", true), -1)
	for _, c := range []*Conn{w, ed, other} {
		takeAll(t, c) // snapshots and joins
	}
	start := time.Now()
	sendOp(w, 0, 1, `["X",3]`)
	if fs := takeAll(t, ed); len(fs) != 1 || decode(t, fs[0].JSON).Version != 1 {
		t.Fatalf("ed: %d frames for the first op", len(fs))
	}
	if waited := time.Since(start); waited >= every {
		t.Fatalf("the first op after a quiet spell took %v, a whole tick (%v)", waited, every)
	}
	takeAll(t, w) // the ack

	start = time.Now()
	sendOp(w, 1, 2, `["Y",4]`)
	takeAll(t, w) // acknowledged at once, in every room
	time.Sleep(every / 10)
	if n := ed.Queued(); n != 0 && time.Since(start) < every {
		t.Fatalf("ed has %d frames before the tick, for an op committed right after the last flush", n)
	}
	if fs := takeAll(t, ed); len(fs) != 1 || decode(t, fs[0].JSON).Version != 2 {
		t.Fatalf("ed: %d frames at the tick", len(fs))
	}
}

// reader follows a document from the frames queued for it, the way a client would: single ops
// and composed ones.
type reader struct {
	c        *Conn
	doc      *collab.Doc
	version  int64
	composed int // composed ops applied
	single   int // single ops applied
}

func (r *reader) apply(t *testing.T, fs []*Frame) {
	t.Helper()
	for _, raw := range fs {
		f := decode(t, raw.JSON)
		switch f.Type {
		case TypeSnapshot:
			r.doc, r.version = collab.NewDoc(f.Text), f.Version
		case TypeOp:
			from := f.Version - 1
			if f.From != nil {
				from = *f.From
				r.composed++
				if f.Authors.Len16() != f.Ops.TargetLen()-f.Ops.BaseLen()+deleted(f.Ops) {
					t.Fatalf("authors %v do not cover the inserts of %v", f.Authors, f.Ops)
				}
			} else {
				r.single++
			}
			if from != r.version {
				t.Fatalf("%s at %d got an op from %d to %d", r.c.info.ClientID, r.version, from, f.Version)
			}
			if err := r.doc.Apply(f.Ops, collab.Limits{}); err != nil {
				t.Fatalf("%s: apply %v: %v", r.c.info.ClientID, f.Ops, err)
			}
			r.version = f.Version
		}
	}
}

func deleted(op collab.Op) int {
	n := 0
	for _, c := range op {
		n += c.Delete
	}
	return n
}

// In a large room readers that asked for composed ops get a tick's ops as one op (a slow one
// gets one op for everything it missed, not a backlog); editors and readers that did not ask
// get every op on its own; all end on the committed text.
func TestLargeRoomComposesOpsForReaders(t *testing.T) {
	_, m := setup(t, "abc", Options{TickAbove: 3, ComposeEvery: 20 * time.Millisecond, PresenceEvery: time.Hour})
	w := connect(t, m, "d", info("w", true), -1)
	ed := &reader{c: connect(t, m, "d", info("ed", true), -1)}
	plain := &reader{c: connect(t, m, "d", info("plain", false), -1)}
	fast := &reader{c: connect(t, m, "d", ClientInfo{ClientID: "fast", UserID: "g1", Role: "viewer", Compose: true}, -1)}
	slow := &reader{c: connect(t, m, "d", ClientInfo{ClientID: "slow", UserID: "g2", Role: "viewer", Compose: true}, -1)}
	nextOf(t, w, TypeSnapshot)
	stop, done := make(chan struct{}), make(chan struct{})
	go func() { // the fast reader and the editor keep up; the slow reader reads nothing
		defer close(done)
		for {
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
			for _, r := range []*reader{fast, ed, plain} {
				fs, _ := r.c.Take(nil, 1<<20)
				r.apply(t, fs)
			}
		}
	}()
	const n = 60
	for i := range n {
		sendOp(w, int64(i), int64(i+1), fmt.Sprintf(`[%d,"x"]`, 3+i))
		nextOf(t, w, TypeAck)
		if i%10 == 0 {
			time.Sleep(30 * time.Millisecond) // let a tick or two pass
		}
	}
	time.Sleep(100 * time.Millisecond)
	close(stop)
	<-done
	if q := slow.c.Queued(); q > 8 {
		t.Fatalf("the slow reader has %d frames queued, want a few composed ones", q)
	}
	slow.apply(t, takeAll(t, slow.c)) // the snapshot: until it was taken, the reader was skipped
	slow.apply(t, takeAll(t, slow.c)) // then everything as one op
	for _, r := range []*reader{fast, ed, plain} {
		fs, _ := r.c.Take(nil, 1<<20)
		r.apply(t, fs)
	}
	want := "abc" + strings.Repeat("x", n)
	for _, r := range []*reader{fast, slow, ed, plain} {
		if r.version != n || r.doc.String() != want {
			t.Fatalf("%s at version %d with %q", r.c.info.ClientID, r.version, r.doc.String())
		}
	}
	if fast.composed == 0 || slow.composed == 0 || slow.composed+slow.single > 6 {
		t.Fatalf("composed ops: fast %d (+%d single), slow %d (+%d single)", fast.composed, fast.single, slow.composed, slow.single)
	}
	if ed.composed != 0 || plain.composed != 0 || ed.single != n || plain.single != n {
		t.Fatalf("editor got %d composed and %d single ops, plain reader %d and %d; want %d single each", ed.composed, ed.single, plain.composed, plain.single, n)
	}
}

// A composed op credits every inserted unit to the author who typed it.
func TestComposedOpCreditsAuthors(t *testing.T) {
	_, m := setup(t, "abc", Options{TickAbove: 2, ComposeEvery: 5 * time.Millisecond, PresenceEvery: time.Hour})
	a := connect(t, m, "d", info("a", true), -1)
	b := connect(t, m, "d", info("b", true), -1)
	// The reader takes nothing until the ops are in: it is skipped at every tick meanwhile, then
	// gets them all as one op.
	r := &reader{c: connect(t, m, "d", ClientInfo{ClientID: "r", UserID: "g", Role: "viewer", Compose: true}, -1)}
	nextOf(t, a, TypeSnapshot)
	nextOf(t, b, TypeSnapshot)
	sendOp(a, 0, 1, `["AA",3]`)
	nextOf(t, a, TypeAck)
	sendOp(b, 1, 1, `[2,"B",3]`)
	for f := next(t, b); f.Type != TypeAck; f = next(t, b) { // a's op comes first
	}
	sendOp(a, 2, 2, `[1,-1,4]`)                              // deletes the second A
	for f := next(t, a); f.Type != TypeAck; f = next(t, a) { // b's op comes first
	}
	time.Sleep(20 * time.Millisecond)
	r.apply(t, takeAll(t, r.c))
	fs := takeAll(t, r.c)
	r.apply(t, fs)
	if r.version != 3 || r.doc.String() != "ABabc" || r.composed != 1 {
		t.Fatalf("reader at %d with %q after %d composed ops", r.version, r.doc.String(), r.composed)
	}
	f := decode(t, fs[len(fs)-1].JSON)
	want := collab.Attribution{{Author: "user-a", Len: 1}, {Author: "user-b", Len: 1}}
	if *f.From != 0 || len(f.Authors) != 2 || f.Authors[0] != want[0] || f.Authors[1] != want[1] {
		t.Fatalf("composed frame %s", fs[len(fs)-1].JSON)
	}
}

// A large room's ticks lengthen with the room so that it sends at most RoomMessages a second,
// and composing readers get at most a third of them.
func TestRoomTicksKeepTheRoomWithinItsMessages(t *testing.T) {
	for _, tc := range []struct {
		editors, readers       int
		editorTick, readerTick time.Duration
	}{
		{200, 0, 5 * time.Millisecond, 25 * time.Millisecond},
		{1000, 0, 25 * time.Millisecond, 25 * time.Millisecond},
		{500, 500, 18750 * time.Microsecond, 37500 * time.Microsecond},
		{50, 500, 5 * time.Millisecond, 37500 * time.Microsecond},
	} {
		o := Options{}.withDefaults()
		h := &hub{opts: o, clients: map[*Conn]*clientState{}, readers: tc.readers}
		for range tc.editors + tc.readers {
			h.clients[&Conn{}] = &clientState{}
		}
		et, rt := h.editorTick(), h.readerTick()
		if et != tc.editorTick || rt != tc.readerTick {
			t.Errorf("%d editors, %d readers: ticks %v and %v, want %v and %v", tc.editors, tc.readers, et, rt, tc.editorTick, tc.readerTick)
		}
		if rate := float64(tc.editors)/et.Seconds() + float64(tc.readers)/rt.Seconds(); rate > float64(o.RoomMessages)*1.001 {
			t.Errorf("%d editors, %d readers: %.0f messages a second, more than %d", tc.editors, tc.readers, rate, o.RoomMessages)
		}
	}
}
