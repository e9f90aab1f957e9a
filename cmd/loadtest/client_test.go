package main

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/commonplace/commonplace/collab"
)

// simServer is a minimal authoritative server: ops are transformed over what was committed
// after their base (ot.js tie-breaking: the committed op goes first), applied and broadcast.
type simServer struct {
	doc     *collab.Doc
	history []collab.Op
}

// msg is one frame in flight from the server to a client.
type msg struct {
	ack     bool
	seq     int64
	version int64
	op      collab.Op
}

func (s *simServer) submit(t *testing.T, p *pending) (collab.Op, int64) {
	t.Helper()
	op := p.Op
	for _, h := range s.history[p.Base:] {
		var err error
		if op, _, err = collab.Transform(op, h); err != nil {
			t.Fatalf("server transform: %v", err)
		}
	}
	if err := s.doc.Apply(op, limits); err != nil {
		t.Fatalf("server apply: %v", err)
	}
	s.history = append(s.history, op)
	return op, int64(len(s.history))
}

// TestClientsConverge runs typists against the simulated server with random interleavings of
// typing, server processing and delivery, and checks that every client ends with the
// server's text and version.
func TestClientsConverge(t *testing.T) {
	for seed := uint64(1); seed <= 30; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		const start = "Hello, wörld — a shared lesson.\n"
		srv := &simServer{doc: collab.NewDoc(start)}
		n := 2 + rng.IntN(4)
		clients := make([]*otClient, n)
		typers := make([]*typer, n)
		inbox := make([][]msg, n)       // server → client, FIFO
		outbox := make([][]*pending, n) // client → server, FIFO
		for i := range clients {
			clients[i] = newOTClient(0, start)
			typers[i] = newTyper(seed*10+uint64(i), 5)
			typers[i].place(clients[i])
		}
		deliver := func(i int) {
			m := inbox[i][0]
			inbox[i] = inbox[i][1:]
			var p *pending
			var err error
			if m.ack {
				p, err = clients[i].ack(m.seq, m.version)
			} else {
				err = clients[i].remote(m.version, m.op)
			}
			if err != nil {
				t.Fatalf("seed %d client %d: %v", seed, i, err)
			}
			if p != nil {
				outbox[i] = append(outbox[i], p)
			}
		}
		process := func(i int) {
			p := outbox[i][0]
			outbox[i] = outbox[i][1:]
			op, v := srv.submit(t, p)
			for j := range clients {
				if j == i {
					inbox[j] = append(inbox[j], msg{ack: true, seq: p.Seq, version: v})
				} else {
					inbox[j] = append(inbox[j], msg{version: v, op: op})
				}
			}
		}
		for range 600 {
			i := rng.IntN(n)
			switch r := rng.IntN(3); {
			case r == 0:
				op, _ := typers[i].next(clients[i])
				p, err := clients[i].local(op)
				if err != nil {
					t.Fatalf("seed %d client %d local: %v", seed, i, err)
				}
				if p != nil {
					outbox[i] = append(outbox[i], p)
				}
			case r == 1 && len(outbox[i]) > 0:
				process(i)
			case len(inbox[i]) > 0:
				deliver(i)
			}
		}
		// Drain: everything in flight reaches its destination.
		for busy := true; busy; {
			busy = false
			for i := range clients {
				for len(outbox[i]) > 0 {
					process(i)
					busy = true
				}
				for len(inbox[i]) > 0 {
					deliver(i)
					busy = true
				}
			}
		}
		want := srv.doc.String()
		for i, c := range clients {
			if !c.synchronized() {
				t.Fatalf("seed %d client %d still has an outstanding op", seed, i)
			}
			if c.version != int64(len(srv.history)) {
				t.Errorf("seed %d client %d at version %d, server %d", seed, i, c.version, len(srv.history))
			}
			if got := c.doc.String(); got != want {
				t.Errorf("seed %d client %d diverged:\n got %q\nwant %q", seed, i, got, want)
			}
		}
		if len(srv.history) == 0 {
			t.Errorf("seed %d: nothing was committed", seed)
		}
	}
}

func op(t *testing.T, js string) collab.Op {
	t.Helper()
	o, err := collab.ParseOp([]byte(js), collab.Limits{})
	if err != nil {
		t.Fatalf("parse %s: %v", js, err)
	}
	return o
}

func TestClientStates(t *testing.T) {
	c := newOTClient(5, "abc")
	p, err := c.local(op(t, `["X",3]`))
	if err != nil || p == nil || p.Base != 5 || p.Seq != 1 {
		t.Fatalf("first local op: pending %+v, err %v; want base 5 seq 1", p, err)
	}
	// A second edit while awaiting the ack is buffered, a third composed into it.
	if p, err := c.local(op(t, `[4,"Y"]`)); err != nil || p != nil {
		t.Fatalf("second local op: pending %+v, err %v; want buffered", p, err)
	}
	if p, err := c.local(op(t, `[5,"Z"]`)); err != nil || p != nil {
		t.Fatalf("third local op: pending %+v, err %v; want composed", p, err)
	}
	// A remote insert at the start moves the outstanding and buffered ops right.
	if err := c.remote(6, op(t, `["r",3]`)); err != nil {
		t.Fatalf("remote: %v", err)
	}
	if got, want := c.doc.String(), "XrabcYZ"; got != want {
		// ot.js tie-break: transform(outstanding, remote) puts the outstanding insert first,
		// as the server's transform(clientOp, committed) does.
		t.Fatalf("text after remote = %q, want %q", got, want)
	}
	// The resend after a reconnect is the op as first sent, not the transformed one.
	if r := c.resend(); r.Base != 5 || r.Seq != 1 || r.Op.BaseLen() != 3 {
		t.Fatalf("resend = %+v, want the original op at base 5", r)
	}
	// The ack sends the buffer, based on the acknowledged version.
	p, err = c.ack(1, 7)
	if err != nil || p == nil || p.Base != 7 || p.Seq != 2 {
		t.Fatalf("ack: pending %+v, err %v; want buffer at base 7 seq 2", p, err)
	}
	if js, _ := p.Op.MarshalJSON(); string(js) != `[5,"YZ"]` {
		t.Fatalf("buffered op = %s, want [5,\"YZ\"]", js)
	}
	if p, err := c.ack(2, 8); err != nil || p != nil || !c.synchronized() {
		t.Fatalf("second ack: pending %+v, err %v, synchronized %v", p, err, c.synchronized())
	}
}

func TestClientErrors(t *testing.T) {
	tests := []struct {
		name string
		run  func(c *otClient) error
		want error
	}{
		{"op version gap", func(c *otClient) error { return c.remote(3, op(t, `["x",3]`)) }, errGap},
		{"ack while synchronized", func(c *otClient) error { _, err := c.ack(1, 2); return err }, errUnexpectedAck},
		{"ack version gap", func(c *otClient) error {
			if _, err := c.local(op(t, `["x",3]`)); err != nil {
				return err
			}
			_, err := c.ack(1, 4)
			return err
		}, errGap},
		{"ack for another seq", func(c *otClient) error {
			if _, err := c.local(op(t, `["x",3]`)); err != nil {
				return err
			}
			_, err := c.ack(9, 2)
			return err
		}, errUnexpectedAck},
		{"remote op of the wrong length", func(c *otClient) error { return c.remote(2, op(t, `["x",7]`)) }, collab.ErrBaseLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newOTClient(1, "abc")
			if err := tt.run(c); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestTyperPace checks that keystrokes are valid single-character edits and that their mean
// interval is 1/rate (the delays are computed, not measured).
func TestTyperPace(t *testing.T) {
	c := newOTClient(0, seedText(500))
	ty := newTyper(42, 5)
	ty.place(c)
	var total time.Duration
	const n = 20000
	deletes := 0
	for range n {
		before := c.doc.Len16()
		o, d := ty.next(c)
		if err := c.doc.Apply(o, limits); err != nil {
			t.Fatalf("keystroke %v does not apply: %v", o, err)
		}
		switch diff := c.doc.Len16() - before; diff {
		case 1:
		case -1:
			deletes++
		default:
			t.Fatalf("keystroke changed the length by %d", diff)
		}
		if c.cursor < 0 || c.cursor > c.doc.Len16() {
			t.Fatalf("cursor %d outside [0,%d]", c.cursor, c.doc.Len16())
		}
		total += d
	}
	mean := total / n
	if mean < 180*time.Millisecond || mean > 220*time.Millisecond {
		t.Errorf("mean interval %v, want about 200ms at 5 keys/s", mean)
	}
	if deletes == 0 || deletes > n/5 {
		t.Errorf("%d backspaces in %d keystrokes, want a few percent", deletes, n)
	}
}

func TestPercentiles(t *testing.T) {
	us := make([]uint32, 100)
	for i := range us {
		us[i] = uint32((100 - i) * 1000) // 100ms … 1ms, unsorted
	}
	p50, p95, p99, mx := percentiles(us)
	if p50 != 50 || p95 != 95 || p99 != 99 || mx != 100 {
		t.Fatalf("percentiles = %v %v %v %v, want 50 95 99 100", p50, p95, p99, mx)
	}
}

func TestCheckLoopback(t *testing.T) {
	for _, tt := range []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080", true},
		{"http://localhost:1", true},
		{"http://[::1]:80", true},
		{"http://example.org", false},
		{"http://10.0.0.1:8080", false},
		{"ftp://127.0.0.1", false},
	} {
		if err := checkLoopback(tt.url); (err == nil) != tt.ok {
			t.Errorf("checkLoopback(%q) = %v, want ok=%v", tt.url, err, tt.ok)
		}
	}
}

// TestRemoteLatency checks that an op counts as applied everywhere when the last other client
// reached its version, per keystroke, and that a client that never got there marks it
// incomplete.
func TestRemoteLatency(t *testing.T) {
	ms := func(n int64) int64 { return n * int64(time.Millisecond) }
	a := &typistStats{ // typed two keys into version 5, one into version 7
		own:      []ownOp{{version: 5, keys: []int64{ms(100), ms(104)}}, {version: 7, keys: []int64{ms(200)}}},
		progress: []checkpoint{{4, ms(90)}, {5, ms(110)}, {7, ms(210)}},
	}
	b := &typistStats{progress: []checkpoint{{4, ms(95)}, {6, ms(112)}, {7, ms(215)}}}
	c := &typistStats{progress: []checkpoint{{5, ms(120)}, {6, ms(150)}}} // never reaches 7
	var out remoteOutcome
	remoteLatency([]*typistStats{a, b, c}, 0, ms(1000), &out)
	slices.Sort(out.samples)
	if want := []uint32{16000, 20000}; !slices.Equal(out.samples, want) || out.incomplete != 1 {
		t.Fatalf("samples %v incomplete %d, want %v and 1", out.samples, out.incomplete, want)
	}
	out = remoteOutcome{}
	remoteLatency([]*typistStats{a, b, c}, ms(101), ms(1000), &out)
	if len(out.samples) != 1 || out.samples[0] != 16000 {
		t.Fatalf("window: samples %v", out.samples)
	}
}
