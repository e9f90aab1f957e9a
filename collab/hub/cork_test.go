package hub

import (
	"sync"
	"testing"
)

// TestOneCommitBatchWakesAConnOnce: when one commit batch brings a conn several frames (here
// a watcher gets two ops), the conn is woken once with both queued, not once per frame. The
// wake below takes everything queued at once, as the server's inline writer does, so without
// corking the second frame would find the queue empty again and wake it a second time.
func TestOneCommitBatchWakesAConnOnce(t *testing.T) {
	s, m := setup(t, "abc", Options{})
	s.gate, s.entered = make(chan struct{}), make(chan struct{})
	a := connect(t, m, "d", info("a", true), -1)
	nextOf(t, a, TypeSnapshot)
	b := connect(t, m, "d", info("b", true), -1)
	nextOf(t, b, TypeSnapshot)
	c := connect(t, m, "d", info("c", true), -1)
	nextOf(t, c, TypeSnapshot)

	w := connect(t, m, "d", info("w", false), -1)
	var (
		mu    sync.Mutex
		wakes []int // frames taken by each wake
		taken []*Frame
	)
	w.Start(func() {
		mu.Lock()
		defer mu.Unlock()
		n := len(taken)
		taken, _ = w.Take(taken, 1<<10)
		wakes = append(wakes, len(taken)-n)
	})
	settled := func(want int) bool {
		return waitFor(func() bool { mu.Lock(); defer mu.Unlock(); return len(taken) >= want })
	}
	if !settled(1) { // the snapshot
		t.Fatal("no snapshot for the watcher")
	}

	sendOp(a, 0, 1, `["X",3]`)
	<-s.entered // a's op is being committed alone
	sendOp(b, 0, 1, `[3,"Y"]`)
	sendOp(c, 0, 1, `[1,"Z",2]`)
	if !waitFor(func() bool { return m.Stats().Pending == 3 }) {
		t.Fatalf("pending: %+v", m.Stats())
	}
	s.gate <- struct{}{}
	<-s.entered // b's and c's ops are one batch now
	if !settled(2) {
		t.Fatal("the watcher did not get a's op")
	}
	mu.Lock()
	before, had := len(wakes), len(taken)
	mu.Unlock()
	s.gate <- struct{}{}
	if !settled(had + 2) {
		t.Fatal("the watcher did not get b's and c's ops")
	}
	mu.Lock()
	defer mu.Unlock()
	if got := wakes[before:]; len(got) != 1 || got[0] != 2 {
		t.Errorf("the batch of two ops woke the watcher %d times, taking %v frames: want once, with both", len(got), got)
	}
	for _, f := range taken[had:] {
		if d := decode(t, f.JSON); d.Type != TypeOp {
			t.Errorf("the watcher got a %s frame with the batch, want only ops", d.Type)
		}
	}
}
