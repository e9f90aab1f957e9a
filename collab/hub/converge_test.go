package hub

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/commonplace/commonplace/collab"
)

// runEditors connects n ot.js-style clients, spread over the managers, lets each make edits
// random edits with random pauses, and returns every client's final text once all of them have
// seen the final version.
func runEditors(t *testing.T, store *memStore, ms []*Manager, doc string, n, edits int, seed uint64) []string {
	t.Helper()
	ctx := context.Background()
	idle := make(chan struct{}, n)
	texts := make([]string, n)
	targets := make([]chan int64, n)
	var wg sync.WaitGroup
	for i := range n {
		targets[i] = make(chan int64, 1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			reported := false
			defer func() {
				if !reported { // a failed client must not leave the coordinator waiting
					idle <- struct{}{}
				}
			}()
			r := rand.New(rand.NewPCG(seed, uint64(i)))
			id := fmt.Sprintf("c%d", i)
			conn, err := ms[i%len(ms)].Connect(ctx, doc, info(id, true), -1)
			if err != nil {
				t.Errorf("connect %s: %v", id, err)
				return
			}
			defer conn.Close()
			c := &otClient{t: t, id: id, conn: conn}
			c.handle(<-conn.Frames())
			done := 0
			target := int64(-1)
			for {
				if done >= edits && c.outstanding == nil && !reported {
					reported = true
					idle <- struct{}{}
				}
				if target >= 0 && c.rev >= target && c.outstanding == nil {
					texts[i] = c.doc.String()
					if len(c.errors) > 0 {
						t.Errorf("%s got error frames: %+v", id, c.errors)
					}
					return
				}
				var pause <-chan time.Time
				if done < edits {
					pause = time.After(time.Duration(r.IntN(2000)) * time.Microsecond)
				}
				select {
				case raw, ok := <-conn.Frames():
					if !ok {
						t.Errorf("%s: conn closed", c)
						return
					}
					c.handle(raw)
				case <-pause:
					c.edit(randomEdit(r, c.doc.String()))
					done++
				case target = <-targets[i]:
				case <-time.After(10 * time.Second):
					t.Errorf("%s: stuck (outstanding %v, target %d)", c, c.outstanding, target)
					return
				}
			}
		}()
	}
	for range n {
		<-idle
	}
	// Nobody edits any more: the store's head is final. Hints make sure every manager follows.
	final := store.head(doc)
	for _, m := range ms {
		m.Hint(doc, final)
	}
	for i := range n {
		targets[i] <- final
	}
	wg.Wait()
	return texts
}

// storeText replays the whole stored log from the initial text.
func storeText(t *testing.T, s *memStore, doc, initial string) string {
	t.Helper()
	d := collab.NewDoc(initial)
	ops, err := s.OpsSince(context.Background(), doc, 0, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range ops {
		if err := d.Apply(op.Op, collab.Limits{}); err != nil {
			t.Fatalf("replay version %d: %v", op.Version, err)
		}
	}
	return d.String()
}

func checkConverged(t *testing.T, s *memStore, ms []*Manager, doc, initial string, texts []string) {
	t.Helper()
	want := storeText(t, s, doc, initial)
	for i, got := range texts {
		if got != want {
			t.Errorf("client %d text %q, log replays to %q", i, got, want)
		}
	}
	for i, m := range ms {
		st, err := m.State(context.Background(), doc)
		if err != nil {
			t.Fatal(err)
		}
		if st.Text != want || st.Version != s.head(doc) {
			t.Errorf("manager %d state v%d %q, want v%d %q", i, st.Version, st.Text, s.head(doc), want)
		}
		if st.Attribution.Len16() != collab.Len16(st.Text) {
			t.Errorf("manager %d attribution covers %d units, text has %d", i, st.Attribution.Len16(), collab.Len16(st.Text))
		}
	}
}

func closeManager(t *testing.T, m *Manager) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := m.Close(ctx); err != nil {
		t.Errorf("close: %v", err)
	}
}

func TestConcurrentClientsConverge(t *testing.T) {
	for seed := range uint64(12) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			s := newMemStore()
			initial := "Hello 🌍 world\n"
			s.create("d", initial)
			m := NewManager(s, Options{SnapshotEvery: 7, RecentOps: 16})
			texts := runEditors(t, s, []*Manager{m}, "d", 4, 25, seed)
			checkConverged(t, s, []*Manager{m}, "d", initial, texts)
			closeManager(t, m)
		})
	}
}

// Two managers on one store stand for two server processes on one database: they race for
// versions (VersionTaken), reload and transform again, and follow each other through hints.
func TestTwoProcessesConverge(t *testing.T) {
	for seed := range uint64(8) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			s := newMemStore()
			initial := "𝄞 shared\n"
			s.create("d", initial)
			m1 := NewManager(s, Options{RecentOps: 8})
			m2 := NewManager(s, Options{RecentOps: 8})
			// Deliver hints like NOTIFY, but drop every third: correctness must not need them.
			var mu sync.Mutex
			n := 0
			s.mu.Lock()
			s.onCommit = func(doc string, v int64) {
				mu.Lock()
				n++
				drop := n%3 == 0
				mu.Unlock()
				if !drop {
					m1.Hint(doc, v)
					m2.Hint(doc, v)
				}
			}
			s.mu.Unlock()
			ms := []*Manager{m1, m2}
			texts := runEditors(t, s, ms, "d", 4, 25, seed)
			checkConverged(t, s, ms, "d", initial, texts)
			closeManager(t, m1)
			closeManager(t, m2)
			if c := m1.Stats().Conflicts + m2.Stats().Conflicts; c == 0 {
				t.Logf("seed %d: no version conflicts happened", seed)
			}
		})
	}
}

// With no hint at all, a hub with clients still learns of another process's
// ops: the periodic catch-up is the safety net under LISTEN/NOTIFY.
func TestFollowsOtherProcessWithoutHints(t *testing.T) {
	s := newMemStore()
	s.create("d", "")
	m1 := NewManager(s, Options{})
	m2 := NewManager(s, Options{PollEvery: 20 * time.Millisecond})
	defer closeManager(t, m1)
	defer closeManager(t, m2)
	watcher := connect(t, m2, "d", info("w", false), -1)
	nextOf(t, watcher, TypeSnapshot)
	if _, err := m1.Submit(context.Background(), "d", info("c", true), 0, collab.Op{{Insert: "hello"}}); err != nil {
		t.Fatal(err)
	}
	if f := nextOf(t, watcher, TypeOp); f.Version != 1 {
		t.Fatalf("op frame %+v", f)
	}
	if st := state(t, m2, "d"); st.Text != "hello" {
		t.Fatalf("m2 text %q", st.Text)
	}
}

// A hub that commits does not poll: its commits prove it holds every op up to them, and
// another process's op makes its next commit clash and catch up. Once it stops committing,
// the polls come back.
func TestPollsOnlyWhileNotCommitting(t *testing.T) {
	s := newMemStore()
	s.create("d", "")
	other := NewManager(s, Options{})
	// A hub ticks at a quarter of CheckpointIdle: every 30 ms here, so the poll could come at
	// every tick.
	m := NewManager(s, Options{PollEvery: 30 * time.Millisecond, CheckpointIdle: 120 * time.Millisecond})
	defer closeManager(t, other)
	defer closeManager(t, m)
	typist := connect(t, m, "d", info("t", true), -1)
	nextOf(t, typist, TypeSnapshot)
	reads := func() int {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.reads
	}
	var v, seq int64
	length := 0
	typeKey := func() {
		t.Helper()
		seq++
		if length == 0 {
			sendOp(typist, v, seq, `["a"]`)
		} else {
			sendOp(typist, v, seq, fmt.Sprintf(`["a",%d]`, length))
		}
		length++
		f := nextOf(t, typist, TypeAck)
		v = f.Version
	}

	before := reads()
	for end := time.Now().Add(600 * time.Millisecond); time.Now().Before(end); {
		typeKey()
		time.Sleep(5 * time.Millisecond)
	}
	if n := reads() - before; n > 2 {
		t.Errorf("a hub committing every 5 ms polled the store %d times in 600 ms (PollEvery 30 ms)", n)
	}

	// Another process commits and sends no hint: the next keystroke clashes, and the typist
	// gets that op before the ack of its own.
	if _, err := other.Submit(context.Background(), "d", info("c", true), v, collab.Op{{Insert: "X"}, {Retain: length}}); err != nil {
		t.Fatal(err)
	}
	seq++
	sendOp(typist, v, seq, fmt.Sprintf(`["a",%d]`, length))
	if f := nextOf(t, typist, TypeOp); f.Version != v+1 {
		t.Fatalf("the other process's op came as %+v, want version %d", f, v+1)
	}
	if f := nextOf(t, typist, TypeAck); f.Version != v+2 {
		t.Fatalf("the ack came as %+v, want version %d", f, v+2)
	}

	before = reads()
	if !waitFor(func() bool { return reads()-before >= 2 }) {
		t.Errorf("a hub that stopped committing polled %d times", reads()-before)
	}
	if st := state(t, m, "d"); strings.Count(st.Text, "X") != 1 || collab.Len16(st.Text) != length+2 {
		t.Errorf("text %q", st.Text)
	}
}
