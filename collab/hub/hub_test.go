package hub

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/collab"
)

func TestAckOnlyAfterAppendOpsReturned(t *testing.T) {
	s, m := setup(t, "abc", Options{})
	s.gate, s.entered = make(chan struct{}), make(chan struct{})
	a := connect(t, m, "d", info("a", true), -1)
	if f := next(t, a); f.Type != TypeSnapshot || f.Text != "abc" || f.Version != 0 {
		t.Fatalf("snapshot: %+v", f)
	}
	b := connect(t, m, "d", info("b", true), -1)
	nextOf(t, b, TypeSnapshot)
	if f := next(t, a); f.Type != TypeJoin || f.Client != "b" {
		t.Fatalf("join: %+v", f)
	}
	sendOp(a, 0, 1, `["X",3]`)
	<-s.entered // AppendOps is running and has not returned
	noFrame(t, a)
	noFrame(t, b)
	if st := state(t, m, "d"); st.Version != 0 || st.Text != "abc" {
		t.Fatalf("state during commit shows uncommitted text: %+v", st)
	}
	s.gate <- struct{}{}
	if f := next(t, a); f.Type != TypeAck || *f.Seq != 1 || f.Version != 1 {
		t.Fatalf("ack: %+v", f)
	}
	if f := next(t, b); f.Type != TypeOp || f.Version != 1 || f.Client != "a" || f.Author != "user-a" || *f.Seq != 1 {
		t.Fatalf("broadcast: %+v", f)
	}
	if st := state(t, m, "d"); st.Version != 1 || st.Text != "Xabc" {
		t.Fatalf("state: %+v", st)
	}
}

func TestGroupCommitBatchesDocuments(t *testing.T) {
	s := newMemStore()
	for _, d := range []string{"d1", "d2", "d3"} {
		s.create(d, "")
	}
	s.gate, s.entered = make(chan struct{}), make(chan struct{})
	// One committer, so that what queues behind a blocked batch must form one batch.
	m := NewManager(s, Options{Committers: 1})
	defer closeManager(t, m)
	conns := map[string]*Conn{}
	for _, d := range []string{"d1", "d2", "d3"} {
		conns[d] = connect(t, m, d, info("c-"+d, true), -1)
		nextOf(t, conns[d], TypeSnapshot)
	}
	sendOp(conns["d1"], 0, 1, `["x"]`)
	<-s.entered // the first batch holds d1 alone and is blocked
	sendOp(conns["d2"], 0, 1, `["y"]`)
	sendOp(conns["d3"], 0, 1, `["z"]`)
	sendOp(conns["d1"], 0, 2, `["w"]`) // applied tentatively while d1's first op is in flight
	if !waitFor(func() bool { return m.Stats().Pending == 4 }) {
		t.Fatalf("pending: %+v", m.Stats())
	}
	s.gate <- struct{}{}
	// d2 and d3 were queued while the first batch was blocked: they form one batch. d1's second
	// op goes after its first returns, with them or alone.
	go func() {
		for range s.entered {
			s.gate <- struct{}{}
		}
	}()
	defer close(s.entered)
	for d, c := range conns {
		if f := nextOf(t, c, TypeAck); f.Version != 1 {
			t.Fatalf("%s ack %+v", d, f)
		}
	}
	if f := nextOf(t, conns["d1"], TypeAck); f.Version != 2 {
		t.Fatalf("d1 second ack %+v", f)
	}
	s.mu.Lock()
	batches := append([]int(nil), s.batchDocs...)
	s.mu.Unlock()
	if len(batches) < 2 || batches[0] != 1 || batches[1] < 2 {
		t.Fatalf("documents per AppendOps call: %v, want [1 2+ ...]", batches)
	}
}

func TestIdempotentResend(t *testing.T) {
	s, m := setup(t, "abc", Options{})
	a := connect(t, m, "d", info("a", true), -1)
	nextOf(t, a, TypeSnapshot)
	sendOp(a, 0, 1, `[3,"!"]`)
	if f := nextOf(t, a, TypeAck); f.Version != 1 {
		t.Fatalf("ack %+v", f)
	}
	// Resent on the same conn, and after a reconnect with since: acknowledged, not applied.
	sendOp(a, 0, 1, `[3,"!"]`)
	if f := nextOf(t, a, TypeAck); f.Version != 1 || *f.Seq != 1 {
		t.Fatalf("resend ack %+v", f)
	}
	a.Close()
	a2 := connect(t, m, "d", info("a", true), 0)
	if f := next(t, a2); f.Type != TypeOp || f.Version != 1 || f.Client != "a" || *f.Seq != 1 {
		t.Fatalf("replay %+v", f)
	}
	sendOp(a2, 0, 1, `[3,"!"]`)
	if f := nextOf(t, a2, TypeAck); f.Version != 1 {
		t.Fatalf("resend after resume %+v", f)
	}
	// Resent while the first copy is still being committed: one version, acked once.
	s.gate, s.entered = make(chan struct{}), make(chan struct{})
	sendOp(a2, 1, 2, `[4,"?"]`)
	<-s.entered
	sendOp(a2, 1, 2, `[4,"?"]`)
	if !waitFor(func() bool { return len(m.loaded("d").in) == 0 }) {
		t.Fatal("resend not taken")
	}
	s.gate <- struct{}{}
	if f := nextOf(t, a2, TypeAck); f.Version != 2 || *f.Seq != 2 {
		t.Fatalf("ack %+v", f)
	}
	s.gate, s.entered = nil, nil
	sendOp(a2, 2, 3, `[5,"."]`)
	if f := nextOf(t, a2, TypeAck); f.Version != 3 || *f.Seq != 3 {
		t.Fatalf("after a pending resend the next frame must be seq 3's ack: %+v", f)
	}
	if st := state(t, m, "d"); st.Text != "abc!?." {
		t.Fatalf("text %q", st.Text)
	}
	for seq := int64(1); seq <= 3; seq++ {
		if n := s.opCount("d", "a", seq); n != 1 {
			t.Fatalf("seq %d stored %d times", seq, n)
		}
	}
}

// A resend whose original was committed behind other people's ops, and a co-author of the
// same client id and seq: the hub finds the original among the ring's ops after the resend's
// base, by user as well as client and seq.
func TestResendFoundBehindOthersOps(t *testing.T) {
	_, m := setup(t, "abc", Options{})
	a := connect(t, m, "d", info("a", true), -1)
	nextOf(t, a, TypeSnapshot)
	other := info("a", true) // the same client id and seq under another user
	other.UserID = "user-b"
	b := connect(t, m, "d", other, -1)
	nextOf(t, b, TypeSnapshot)
	sendOp(b, 0, 1, `["x",3]`)
	if f := nextOf(t, b, TypeAck); f.Version != 1 {
		t.Fatalf("b's ack %+v", f)
	}
	nextOf(t, a, TypeOp)
	sendOp(a, 0, 1, `[3,"!"]`) // transformed over b's op: version 2
	if f := nextOf(t, a, TypeAck); f.Version != 2 {
		t.Fatalf("a's ack %+v", f)
	}
	nextOf(t, b, TypeOp)
	sendOp(b, 2, 2, `["y",5]`)
	if f := nextOf(t, b, TypeAck); f.Version != 3 {
		t.Fatalf("b's second ack %+v", f)
	}
	a.Close()
	a2 := connect(t, m, "d", info("a", true), 3)
	sendOp(a2, 0, 1, `[3,"!"]`)
	if f := nextOf(t, a2, TypeAck); f.Version != 2 || *f.Seq != 1 {
		t.Fatalf("resend with base 0: %+v, want the ack of version 2", f)
	}
	if st := state(t, m, "d"); st.Text != "yxabc!" || st.Version != 3 {
		t.Fatalf("text %q v%d", st.Text, st.Version)
	}
}

// A resend reaching a process that does not remember it: its original lies after the resend's
// base, in the ops the hub reads from the store to transform it, and is acknowledged from there.
func TestResendToAnotherProcessIsFoundInTheLog(t *testing.T) {
	s, m1 := setup(t, "abc", Options{})
	a := connect(t, m1, "d", info("a", true), -1)
	nextOf(t, a, TypeSnapshot)
	sendOp(a, 0, 1, `["1",3]`)
	nextOf(t, a, TypeAck)
	sendOp(a, 1, 2, `[4,"2"]`)
	nextOf(t, a, TypeAck)
	closeManager(t, m1) // saves a snapshot at version 2, so a fresh process has no op tail
	if v := s.snapVersion("d"); v != 2 {
		t.Fatalf("snapshot at %d", v)
	}
	m2 := NewManager(s, Options{})
	defer closeManager(t, m2)
	a2 := connect(t, m2, "d", info("a", true), 2)
	sendOp(a2, 0, 1, `["1",3]`)
	if f := nextOf(t, a2, TypeAck); f.Version != 1 || *f.Seq != 1 {
		t.Fatalf("duplicate ack %+v", f)
	}
	wantAppliedOnce(t, s, m2, "1abc2", 2, 1)
}

// A resend whose original has left the ring is found among the ops read from the store to
// transform it: the store keeps no resend key (migration 035), so only the hub can tell.
func TestResendOlderThanTheRingIsFoundInTheLog(t *testing.T) {
	s, m := setup(t, "abc", Options{RecentOps: 4})
	a := connect(t, m, "d", info("a", true), -1)
	nextOf(t, a, TypeSnapshot)
	for seq := int64(1); seq <= 12; seq++ {
		sendOp(a, seq-1, seq, fmt.Sprintf(`[%d,"%d"]`, 3+seq-1, seq%10))
		if f := nextOf(t, a, TypeAck); f.Version != seq {
			t.Fatalf("ack %+v", f)
		}
	}
	// The ring keeps 4 ops (RecentOps) and trims a quarter past that: version 1 is long gone.
	reads := s.readCount()
	sendOp(a, 0, 1, `[3,"1"]`)
	if f := nextOf(t, a, TypeAck); f.Version != 1 || *f.Seq != 1 {
		t.Fatalf("resend ack %+v", f)
	}
	if s.readCount() == reads {
		t.Fatal("the resend was answered without reading the log")
	}
	wantAppliedOnce(t, s, m, "abc123456789012", 12, 1)
}

// A resend reaching a process that has the document open but has not heard of the original
// yet: its commit clashes on the version, it catches up, and finds the original there.
func TestResendBeforeThisProcessHeardOfIt(t *testing.T) {
	s, m1 := setup(t, "abc", Options{})
	m2 := NewManager(s, Options{PollEvery: time.Hour})
	defer closeManager(t, m2)
	r := connect(t, m2, "d", info("r", true), -1) // m2's hub holds version 0
	nextOf(t, r, TypeSnapshot)
	a := connect(t, m1, "d", info("a", true), -1)
	nextOf(t, a, TypeSnapshot)
	sendOp(a, 0, 1, `["1",3]`)
	nextOf(t, a, TypeAck)

	a2 := connect(t, m2, "d", info("a", true), -1)
	if f := nextOf(t, a2, TypeSnapshot); f.Version != 0 {
		t.Fatalf("m2 heard of version 1 before the resend (snapshot at %d): the test needs it not to", f.Version)
	}
	sendOp(a2, 0, 1, `["1",3]`)
	for {
		f := next(t, a2)
		if f.Type == TypeAck {
			if f.Version != 1 || *f.Seq != 1 {
				t.Fatalf("resend ack %+v", f)
			}
			break
		}
		// The caught-up original reaches a2 as its own op, which also acknowledges it.
		if f.Type == TypeOp && (f.Version != 1 || f.Client != "a" || *f.Seq != 1) {
			t.Fatalf("frame before the ack %+v", f)
		}
	}
	wantAppliedOnce(t, s, m2, "1abc", 1, 1)
}

// wantAppliedOnce checks the document's text and version after a resend of client a's op seq,
// and that the op is stored once.
func wantAppliedOnce(t *testing.T, s *memStore, m *Manager, text string, version, seq int64) {
	t.Helper()
	if st := state(t, m, "d"); st.Text != text || st.Version != version {
		t.Fatalf("state %+v, want %q at %d", st, text, version)
	}
	if n := s.opCount("d", "a", seq); n != 1 {
		t.Fatalf("seq %d stored %d times", seq, n)
	}
}

func TestReadOnlyClient(t *testing.T) {
	_, m := setup(t, "abc", Options{})
	v := connect(t, m, "d", info("v", false), -1)
	if f := next(t, v); f.Role != "viewer" {
		t.Fatalf("snapshot role %+v", f)
	}
	e := connect(t, m, "d", info("e", true), -1)
	nextOf(t, e, TypeSnapshot)
	sendOp(v, 0, 1, `["x",3]`)
	if f := nextOf(t, v, TypeError); f.Code != CodeForbidden || f.Seq == nil || *f.Seq != 1 {
		t.Fatalf("error %+v", f)
	}
	if st := state(t, m, "d"); st.Text != "abc" || st.Version != 0 {
		t.Fatalf("viewer changed the doc: %+v", st)
	}
	sendOp(e, 0, 1, `["x",3]`)
	nextOf(t, e, TypeAck)
	if f := nextOf(t, v, TypeOp); f.Version != 1 {
		t.Fatalf("viewer op %+v", f)
	}
	v.Receive([]byte(`{"type":"cursor","base":1,"anchor":2,"head":4}`))
	if f := nextOf(t, e, TypeCursor); f.Client != "v" || f.Anchor != 2 || f.Head != 4 || f.Version != 1 {
		t.Fatalf("cursor %+v", f)
	}
	if _, err := m.Submit(context.Background(), "d", info("v", false), 0, collab.Op{{Insert: "x"}, {Retain: 3}}); !errors.Is(err, ErrForbidden) {
		t.Fatalf("submit by viewer: %v", err)
	}
}

func TestBadFramesLeaveDocumentIntact(t *testing.T) {
	_, m := setup(t, "a😀b", Options{Limits: collab.Limits{MaxOpBytes: 200, MaxInsert16: 10, MaxDoc16: 100}})
	c := connect(t, m, "d", info("c", true), -1)
	nextOf(t, c, TypeSnapshot)
	cases := []struct{ name, frame, code string }{
		{"not json", `{"type":`, CodeBadMessage},
		{"unknown type", `{"type":"hello"}`, CodeBadMessage},
		{"op without ops", `{"type":"op","base":0,"seq":1}`, CodeBadMessage},
		{"not an op", `{"type":"op","base":0,"seq":1,"ops":{"x":1}}`, CodeBadOp},
		{"wrong length", `{"type":"op","base":0,"seq":1,"ops":[1,"x"]}`, CodeBadOp},
		{"splits a pair", `{"type":"op","base":0,"seq":1,"ops":[2,"x",2]}`, CodeBadOp},
		{"lone surrogate", `{"type":"op","base":0,"seq":1,"ops":["\ud83d",4]}`, CodeBadOp},
		{"insert too large", `{"type":"op","base":0,"seq":1,"ops":["` + strings.Repeat("x", 11) + `",4]}`, CodeTooLarge},
		{"frame too large", `{"type":"op","base":0,"seq":1,"ops":["` + strings.Repeat("x", 5000) + `",4]}`, CodeTooLarge},
		{"base beyond head", `{"type":"op","base":9,"seq":1,"ops":[4]}`, CodeBaseUnknown},
		{"negative base", `{"type":"op","base":-1,"seq":1,"ops":[4]}`, CodeBaseUnknown},
		{"cursor without base", `{"type":"cursor","anchor":1,"head":1}`, CodeBadMessage},
	}
	for _, tc := range cases {
		c.Receive([]byte(tc.frame))
		if f := nextOf(t, c, TypeError); f.Code != tc.code {
			t.Errorf("%s: got %s (%s), want %s", tc.name, f.Code, f.Message, tc.code)
		}
		if st := state(t, m, "d"); st.Text != "a😀b" || st.Version != 0 {
			t.Fatalf("%s changed the doc: %+v", tc.name, st)
		}
	}
	// The connection is still usable.
	sendOp(c, 0, 1, `[4,"!"]`)
	if f := nextOf(t, c, TypeAck); f.Version != 1 {
		t.Fatalf("ack %+v", f)
	}
}

func TestSlowClientResumesWithoutLosingOps(t *testing.T) {
	_, m := setup(t, "", Options{SendBuffer: 4})
	w := connect(t, m, "d", info("w", true), -1)
	nextOf(t, w, TypeSnapshot)
	slow := connect(t, m, "d", info("slow", false), -1)
	left := false
	for i := range 12 {
		op := `["x"]`
		if i > 0 {
			op = `[` + strconv.Itoa(i) + `,"x"]`
		}
		sendOp(w, int64(i), int64(i+1), op)
		for {
			f := next(t, w)
			if f.Type == TypeLeave && f.Client == "slow" {
				left = true
				continue
			}
			if f.Type == TypeJoin {
				continue
			}
			if f.Type != TypeAck || f.Version != int64(i+1) {
				t.Fatalf("ack %+v", f)
			}
			break
		}
	}
	// The slow client never read: it got what fits its buffer, then its frames were closed.
	c := &otClient{t: t, id: "slow"}
	n := 0
	for raw := range slow.Frames() {
		c.handle(raw)
		n++
	}
	if n == 0 || n > 5 || c.rev >= 12 {
		t.Fatalf("slow client got %d frames, at version %d", n, c.rev)
	}
	if m.Stats().SlowKicked < 1 {
		t.Fatalf("stats %+v", m.Stats())
	}
	if !left {
		t.Fatal("others were not told the slow client left")
	}
	slow2 := connect(t, m, "d", info("slow", false), c.rev)
	c.conn = slow2
	for c.rev < 12 {
		raw := <-slow2.Frames()
		c.handle(raw)
	}
	if got := c.doc.String(); got != strings.Repeat("x", 12) {
		t.Fatalf("resumed text %q", got)
	}
}

// With several committers, a blocked transaction does not hold back the
// other documents' commits.
func TestCommittersRunConcurrently(t *testing.T) {
	s := newMemStore()
	s.gate, s.entered = make(chan struct{}), make(chan struct{})
	m := NewManager(s, Options{Committers: 2})
	defer closeManager(t, m)
	conns := map[string]*Conn{}
	for _, d := range []string{"d1", "d2"} {
		s.create(d, "")
		conns[d] = connect(t, m, d, info("c-"+d, true), -1)
		nextOf(t, conns[d], TypeSnapshot)
	}
	sendOp(conns["d1"], 0, 1, `["x"]`)
	<-s.entered // d1's transaction is blocked
	sendOp(conns["d2"], 0, 1, `["y"]`)
	<-s.entered // d2's started alongside it on the second committer
	s.gate <- struct{}{}
	s.gate <- struct{}{}
	for d, c := range conns {
		if f := nextOf(t, c, TypeAck); f.Version != 1 {
			t.Fatalf("%s ack %+v", d, f)
		}
	}
}

// Receive keeps nothing of the bytes it is given: the server reads the next frame into the
// same buffer. An op and a rejected frame read from a buffer overwritten at once still reach
// everyone as they were sent.
func TestReceiveKeepsNothingOfTheFrame(t *testing.T) {
	_, m := setup(t, "abc", Options{})
	a := connect(t, m, "d", info("a", true), -1)
	b := connect(t, m, "d", info("b", true), -1)
	nextOf(t, a, TypeSnapshot)
	nextOf(t, b, TypeSnapshot)
	buf := []byte(`{"type":"op","base":0,"seq":1,"ops":["hello ",3]}`)
	a.Receive(buf)
	copy(buf, bytes.Repeat([]byte("x"), len(buf)))
	if f := nextOf(t, a, TypeAck); f.Version != 1 {
		t.Fatalf("ack for version %d", f.Version)
	}
	if f := nextOf(t, b, TypeOp); len(f.Ops) != 2 || f.Ops[0].Insert != "hello " || f.Ops[1].Retain != 3 {
		t.Fatalf("b got %+v", f.Ops)
	}
	buf = []byte(`{"type":"op","base":1,"seq":2,"ops":[1,"zz"]}`) // one unit short of the text
	a.Receive(buf)
	copy(buf, bytes.Repeat([]byte("x"), len(buf)))
	if f := nextOf(t, a, TypeError); f.Seq == nil || *f.Seq != 2 || !strings.Contains(f.Message, "length") {
		t.Fatalf("error frame %+v", f)
	}
	if s := state(t, m, "d"); s.Text != "hello abc" {
		t.Fatalf("text %q", s.Text)
	}
}
