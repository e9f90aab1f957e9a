package hub

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/commonplace/commonplace/collab"
)

func TestSubmitWithOldBase(t *testing.T) {
	s, m := setup(t, "abc", Options{RecentOps: 1})
	ctx := context.Background()
	ed := info("script", true)
	v, err := m.Submit(ctx, "d", ed, 0, collab.Op{{Insert: "X"}, {Retain: 3}})
	if err != nil || v != 1 {
		t.Fatalf("submit: %d %v", v, err)
	}
	v, err = m.Submit(ctx, "d", ed, 1, collab.Op{{Retain: 2}, {Insert: "-"}, {Retain: 2}})
	if err != nil || v != 2 {
		t.Fatalf("submit: %d %v", v, err)
	}
	// Base 0 is older than the one op kept in memory: the hub reads versions 1 and 2 from the
	// store and transforms over them.
	v, err = m.Submit(ctx, "d", ed, 0, collab.Op{{Retain: 3}, {Insert: "Y"}})
	if err != nil || v != 3 {
		t.Fatalf("submit old base: %d %v", v, err)
	}
	if st := state(t, m, "d"); st.Text != "Xa-bcY" || st.Version != 3 {
		t.Fatalf("state %+v", st)
	}
	if st := state(t, m, "d"); st.Attribution.Len16() != 6 {
		t.Fatalf("attribution %+v", st.Attribution)
	}
	if _, err := m.Submit(ctx, "d", ed, 9, collab.Op{{Retain: 6}}); !errors.Is(err, ErrBaseUnknown) {
		t.Fatalf("base beyond head: %v", err)
	}
	_, err = m.Submit(ctx, "d", ed, 3, collab.Op{{Retain: 2}})
	if !errors.Is(err, ErrBadOp) || !errors.Is(err, collab.ErrBaseLength) {
		t.Fatalf("wrong length: %v", err)
	}
	if _, err := m.Submit(ctx, "nope", ed, 0, collab.Op{}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown doc: %v", err)
	}
	if s.head("d") != 3 {
		t.Fatalf("store head %d", s.head("d"))
	}
}

func TestIdleHubUnloadsAndSavesSnapshot(t *testing.T) {
	var mu sync.Mutex
	var checkpoints []int64
	s, m := setup(t, "", Options{IdleUnload: 20 * time.Millisecond, CheckpointIdle: time.Hour, OnCheckpoint: func(doc string, v int64) {
		mu.Lock()
		checkpoints = append(checkpoints, v)
		mu.Unlock()
	}})
	c := connect(t, m, "d", info("c", true), -1)
	nextOf(t, c, TypeSnapshot)
	sendOp(c, 0, 1, `["hi"]`)
	nextOf(t, c, TypeAck)
	if m.Stats().Hubs != 1 {
		t.Fatalf("stats %+v", m.Stats())
	}
	c.Close()
	if !waitFor(func() bool { return m.Stats().Hubs == 0 }) {
		t.Fatalf("hub not unloaded: %+v", m.Stats())
	}
	// The hub leaves the map before it writes its last snapshot (so new
	// requests start a fresh hub at once): wait for the write.
	if !waitFor(func() bool { return s.snapVersion("d") == 1 }) {
		t.Fatalf("snapshot at unload: version %d", s.snapVersion("d"))
	}
	if !waitFor(func() bool { mu.Lock(); defer mu.Unlock(); return len(checkpoints) == 1 && checkpoints[0] == 1 }) {
		t.Fatalf("checkpoints %v", checkpoints)
	}
	if st := state(t, m, "d"); st.Text != "hi" || st.Version != 1 || m.Stats().Hubs != 0 {
		t.Fatalf("state from the store %+v (hubs %d)", st, m.Stats().Hubs)
	}
	c2 := connect(t, m, "d", info("c", true), -1)
	if f := next(t, c2); f.Text != "hi" || f.Version != 1 {
		t.Fatalf("reloaded snapshot %+v", f)
	}
}

func TestSnapshotEveryKOps(t *testing.T) {
	s, m := setup(t, "", Options{SnapshotEvery: 5, SnapshotGap: time.Nanosecond})
	submit := func(from, to int) { typeInto(t, m, "d", from, to) }
	// The first snapshot comes spread(doc) ops early (documents opened together do not all
	// save at once), then one every K. A snapshot is saved in the background; one falling due
	// while the last is still being saved waits for the next commit, so each is awaited before
	// the next K ops.
	first := int64(5 - spread("d", "snapshot", 5))
	done := 0
	for _, want := range []int64{first, first + 5} {
		submit(done, int(want))
		done = int(want)
		if !waitFor(func() bool { return s.snapVersion("d") == want }) {
			t.Fatalf("snapshot at %d, want %d", s.snapVersion("d"), want)
		}
	}
	submit(done, done+2)
	time.Sleep(20 * time.Millisecond)
	if v := s.snapVersion("d"); v != first+5 {
		t.Fatalf("snapshot at %d after 2 more ops, want still %d", v, first+5)
	}
}

// A room typing fast saves a snapshot, and cuts a checkpoint, by op count at most once per
// SnapshotGap and CheckpointGap.
func TestSnapshotsAndCheckpointsKeepTheirGap(t *testing.T) {
	var mu sync.Mutex
	var checkpoints []int64
	s, m := setup(t, "", Options{SnapshotEvery: 5, SnapshotGap: time.Hour, CheckpointOps: 5, CheckpointGap: time.Hour,
		CheckpointIdle: time.Hour, OnCheckpoint: func(doc string, v int64) {
			mu.Lock()
			checkpoints = append(checkpoints, v)
			mu.Unlock()
		}})
	typeInto(t, m, "d", 0, 40)
	first := int64(5 - spread("d", "snapshot", 5))
	if !waitFor(func() bool { return s.snapVersion("d") == first }) {
		t.Fatalf("snapshot at %d, want the first one at %d", s.snapVersion("d"), first)
	}
	time.Sleep(50 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if v := s.snapVersion("d"); v != first || len(checkpoints) != 1 {
		t.Fatalf("after 40 ops within the gaps: snapshot at %d (want %d), checkpoints %v (want one)", v, first, checkpoints)
	}
}

// A document is being edited from its first commit until the hub goes quiet, which it says
// before its quiet checkpoint's hook runs (the search indexer reads it there), and to OnQuiet.
// Typing that stops right after a checkpoint leaves nothing for a quiet one to cut: OnQuiet is
// then the only word that it stopped.
func TestEditingUntilQuiet(t *testing.T) {
	for _, tc := range []struct {
		name      string
		everyOp   bool // a checkpoint after every op, so none when the typing stops
		wantQuiet bool // a quiet checkpoint follows
	}{{"a quiet checkpoint follows", false, true}, {"nothing left to cut", true, false}} {
		t.Run(tc.name, func(t *testing.T) {
			var m *Manager
			checkpoints, quiet := make(chan bool, 16), make(chan bool, 4)
			opts := Options{CheckpointIdle: 500 * time.Millisecond,
				OnCheckpoint: func(doc string, v int64) { checkpoints <- m.Editing(doc) },
				OnQuiet:      func(doc string) { quiet <- m.Editing(doc) }}
			if tc.everyOp {
				opts.CheckpointOps, opts.CheckpointGap = 1, time.Nanosecond
			}
			_, m = setup(t, "", opts)
			if m.Editing("d") {
				t.Fatal("a document nobody opened is being edited")
			}
			typeInto(t, m, "d", 0, 3)
			if !m.Editing("d") {
				t.Fatal("a document just typed in is not being edited")
			}
			select {
			case editing := <-quiet:
				if editing {
					t.Fatal("OnQuiet saw the document still being edited")
				}
			case <-time.After(10 * time.Second):
				t.Fatal("OnQuiet was not called")
			}
			if tc.everyOp {
				for range 3 {
					if editing := <-checkpoints; !editing {
						t.Fatal("a checkpoint while typing saw the document quiet")
					}
				}
			}
			select {
			case editing := <-checkpoints:
				if !tc.wantQuiet {
					t.Fatal("a checkpoint with nothing new to cut")
				}
				if editing {
					t.Fatal("the quiet checkpoint's hook saw the document still being edited")
				}
			case <-time.After(time.Second):
				if tc.wantQuiet {
					t.Fatal("no quiet checkpoint")
				}
			}
			if m.Editing("d") {
				t.Fatal("a quiet document is still being edited")
			}
		})
	}
}

// Documents opened together save their first snapshots and checkpoints at different moments,
// over the whole interval, and a document's snapshot and checkpoint at different moments too.
func TestSpreadSpreadsFirstSaves(t *testing.T) {
	seen := map[int]bool{}
	same := 0
	for i := range 200 {
		doc := fmt.Sprintf("doc-%d", i)
		n := spread(doc, "snapshot", 500)
		if n < 0 || n >= 500 {
			t.Fatalf("spread %d outside [0, 500)", n)
		}
		seen[n/50] = true
		if spread(doc, "checkpoint", 500) == n {
			same++
		}
	}
	if len(seen) < 9 {
		t.Fatalf("200 documents fall in only %d of 10 bands of 50 ops", len(seen))
	}
	if same > 2 {
		t.Fatalf("%d of 200 documents save their snapshot and cut their checkpoint on the same op", same)
	}
	if a, b := spread("d", "snapshot", 500), spread(string([]byte("d")), "snapshot", 500); a != b {
		t.Fatalf("spread of one document: %d, then %d", a, b)
	}
	if n := spread("d", "snapshot", 1); n != 0 {
		t.Fatalf("spread with an interval of 1: %d", n)
	}
}

// Another process takes the version this hub was about to write, and no hint arrives: the
// commit fails with VersionTaken, the hub catches up, transforms again and retries.
func TestVersionTakenReloadsAndRetries(t *testing.T) {
	s, m := setup(t, "abc", Options{})
	c := &otClient{t: t, id: "a"}
	c.conn = connect(t, m, "d", info("a", true), -1)
	c.handle(nextRaw(t, c.conn))
	other := StoredOp{Doc: "d", Version: 1, Author: "user-z", Client: "z", Seq: 1, Op: collab.Op{{Insert: "Z"}, {Retain: 3}}}
	if res, err := s.AppendOps(context.Background(), []StoredOp{other}); err != nil || res[0].Status != Appended {
		t.Fatalf("direct append: %v %v", res, err)
	}
	c.edit(collab.Op{{Retain: 3}, {Insert: "!"}})
	for c.outstanding != nil {
		c.handle(nextRaw(t, c.conn))
	}
	if c.rev != 2 || c.doc.String() != "Zabc!" {
		t.Fatalf("client at %d: %q", c.rev, c.doc.String())
	}
	if st := state(t, m, "d"); st.Text != "Zabc!" || st.Version != 2 {
		t.Fatalf("state %+v", st)
	}
	if m.Stats().Conflicts != 1 || len(c.errors) > 0 {
		t.Fatalf("stats %+v errors %v", m.Stats(), c.errors)
	}
}

func TestHintBroadcastsForeignOps(t *testing.T) {
	s, m1 := setup(t, "abc", Options{})
	m2 := NewManager(s, Options{})
	defer closeManager(t, m2)
	b := connect(t, m2, "d", info("b", true), -1)
	nextOf(t, b, TypeSnapshot)
	if _, err := m1.Submit(context.Background(), "d", info("a", true), 0, collab.Op{{Retain: 3}, {Insert: "?"}}); err != nil {
		t.Fatal(err)
	}
	m2.Hint("d", 1)
	if f := nextOf(t, b, TypeOp); f.Version != 1 || f.Client != "a" {
		t.Fatalf("foreign op %+v", f)
	}
	m2.Hint("d", 1) // a stale or repeated hint changes nothing
	if st := state(t, m2, "d"); st.Text != "abc?" || st.Version != 1 {
		t.Fatalf("state %+v", st)
	}
}

func TestRateLimited(t *testing.T) {
	_, m := setup(t, "", Options{RatePerSecond: 1, RateBurst: 3})
	c := connect(t, m, "d", info("c", true), -1)
	nextOf(t, c, TypeSnapshot)
	for seq := int64(1); seq <= 10; seq++ {
		sendOp(c, 0, seq, `["x"]`)
	}
	acks, limited := 0, 0
	for acks+limited < 10 {
		switch f := next(t, c); f.Type {
		case TypeAck:
			acks++
		case TypeError:
			if f.Code != CodeRateLimited || f.Seq == nil {
				t.Fatalf("error %+v", f)
			}
			limited++
		}
	}
	if acks < 3 || limited == 0 {
		t.Fatalf("%d acks, %d rate limited", acks, limited)
	}
}

func TestPresence(t *testing.T) {
	_, m := setup(t, "hello", Options{})
	a := connect(t, m, "d", info("a", true), -1)
	nextOf(t, a, TypeSnapshot)
	b := connect(t, m, "d", info("b", true), -1)
	if f := next(t, b); len(f.Peers) != 1 || f.Peers[0].Client != "a" || f.Peers[0].Anchor != nil {
		t.Fatalf("peers %+v", f.Peers)
	}
	if f := next(t, a); f.Type != TypeJoin || f.Client != "b" || f.User != "user-b" || f.Role != "editor" {
		t.Fatalf("join %+v", f)
	}
	sendOp(b, 0, 1, `["12",5]`)
	nextOf(t, b, TypeAck)
	nextOf(t, a, TypeOp)
	// a's cursor was taken at version 0, before b's insert: it moves right by two.
	a.Receive([]byte(`{"type":"cursor","base":0,"anchor":1,"head":3}`))
	if f := next(t, b); f.Type != TypeCursor || f.Version != 1 || f.Anchor != 3 || f.Head != 5 || f.Client != "a" || f.Name != "User a" {
		t.Fatalf("cursor %+v", f)
	}
	// The stored cursor moves with later ops and shows in a newcomer's snapshot.
	sendOp(b, 1, 2, `["0",7]`)
	nextOf(t, b, TypeAck)
	c := connect(t, m, "d", info("c", false), -1)
	f := next(t, c)
	var pa *Peer
	for i := range f.Peers {
		if f.Peers[i].Client == "a" {
			pa = &f.Peers[i]
		}
	}
	if len(f.Peers) != 2 || pa == nil || pa.Anchor == nil || *pa.Anchor != 4 || *pa.Head != 6 || f.Version != 2 {
		t.Fatalf("snapshot %+v", f)
	}
	a.Close()
	if f := nextOf(t, c, TypeLeave); f.Client != "a" {
		t.Fatalf("leave %+v", f)
	}
	if _, ok := <-a.Frames(); ok {
		// drain: frames may hold an op and a join before closing
		for range a.Frames() {
		}
	}
}

func TestResumeBeyondHeadGetsSnapshot(t *testing.T) {
	_, m := setup(t, "abc", Options{MaxReplay: 2})
	c := connect(t, m, "d", info("c", true), 7)
	if f := next(t, c); f.Type != TypeError || f.Code != CodeBaseUnknown || f.Seq != nil {
		t.Fatalf("error %+v", f)
	}
	if f := next(t, c); f.Type != TypeSnapshot || f.Text != "abc" {
		t.Fatalf("snapshot %+v", f)
	}
	for seq := int64(1); seq <= 3; seq++ {
		sendOp(c, seq-1, seq, `["x",`+string(rune('2'+seq))+`]`)
		nextOf(t, c, TypeAck)
	}
	// Three versions behind with MaxReplay 2: too old to replay.
	c2 := connect(t, m, "d", info("c2", true), 0)
	if f := next(t, c2); f.Code != CodeBaseUnknown {
		t.Fatalf("error %+v", f)
	}
	if f := next(t, c2); f.Type != TypeSnapshot || f.Version != 3 {
		t.Fatalf("snapshot %+v", f)
	}
}

func TestStoreErrorRetriesWithoutAck(t *testing.T) {
	s, m := setup(t, "", Options{})
	s.mu.Lock()
	s.failNext = 2
	s.mu.Unlock()
	c := connect(t, m, "d", info("c", true), -1)
	nextOf(t, c, TypeSnapshot)
	sendOp(c, 0, 1, `["x"]`)
	if f := nextOf(t, c, TypeAck); f.Version != 1 {
		t.Fatalf("ack %+v", f)
	}
	s.mu.Lock()
	calls := s.calls
	s.mu.Unlock()
	if calls != 3 {
		t.Fatalf("AppendOps calls %d, want 2 failures and a success", calls)
	}
}

func TestCloseCommitsPendingOps(t *testing.T) {
	s := newMemStore()
	s.create("d", "")
	m := NewManager(s, Options{})
	s.gate, s.entered = make(chan struct{}), make(chan struct{})
	c := connect(t, m, "d", info("c", true), -1)
	nextOf(t, c, TypeSnapshot)
	sendOp(c, 0, 1, `["x"]`)
	<-s.entered
	closed := make(chan error, 1)
	go func() { closed <- m.Close(context.Background()) }()
	s.gate <- struct{}{}
	if f := nextOf(t, c, TypeAck); f.Version != 1 {
		t.Fatalf("ack %+v", f)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if _, ok := <-c.Frames(); ok {
		t.Fatal("frames still open after Close")
	}
	if v := s.snapVersion("d"); v != 1 {
		t.Fatalf("snapshot at close: %d", v)
	}
	if _, err := m.Connect(context.Background(), "d", info("c", true), -1); !errors.Is(err, ErrClosed) {
		t.Fatalf("connect after close: %v", err)
	}
}

func TestSetAttributionAdoptedByLoadedHub(t *testing.T) {
	_, m := setup(t, "", Options{})
	c := connect(t, m, "d", info("c", true), -1)
	nextOf(t, c, TypeSnapshot)
	sendOp(c, 0, 1, `["abcd"]`)
	nextOf(t, c, TypeAck)
	merged := collab.Attribution{{Author: "x", Len: 2}, {Author: "y", Len: 2}}
	if err := m.SetAttribution(context.Background(), "d", 1, merged); err != nil {
		t.Fatal(err)
	}
	if st := state(t, m, "d"); len(st.Attribution) != 2 || st.Attribution[0].Author != "x" || st.Attribution[1].Author != "y" {
		t.Fatalf("attribution %+v", st.Attribution)
	}
	if err := m.SetAttribution(context.Background(), "d", 0, merged); !errors.Is(err, ErrMoved) {
		t.Fatalf("stale version: %v", err)
	}
	// Later ops are credited on top of the adopted spans.
	sendOp(c, 1, 2, `[4,"e"]`)
	nextOf(t, c, TypeAck)
	if st := state(t, m, "d"); st.Attribution.Len16() != 5 || st.Attribution[0].Author != "x" {
		t.Fatalf("after another op %+v", st.Attribution)
	}
}

// typeInto submits ops from..to-1 to doc, each inserting "x" at the start of the text.
func typeInto(t *testing.T, m *Manager, doc string, from, to int) {
	t.Helper()
	for i := from; i < to; i++ {
		op := collab.Op{{Insert: "x"}}
		if i > 0 {
			op = append(op, collab.Component{Retain: i})
		}
		if _, err := m.Submit(context.Background(), doc, info("c", true), int64(i), op); err != nil {
			t.Fatal(err)
		}
	}
}
