package hub

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// fakeLog is a RightsLogFunc: each read returns what was queued for it (once), Whole on the
// first read, or fail. With hold set, reads wait until it is closed.
type fakeLog struct {
	hold  chan struct{}
	mu    sync.Mutex
	reads int
	next  RightsLogged
	fail  error
}

func (l *fakeLog) read(ctx context.Context, mark string) (RightsLogged, error) {
	if l.hold != nil {
		select {
		case <-l.hold:
		case <-ctx.Done():
			return RightsLogged{}, ctx.Err()
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reads++
	if l.fail != nil {
		return RightsLogged{}, l.fail
	}
	out := l.next
	l.next = RightsLogged{}
	out.Whole = out.Whole || mark == ""
	out.Mark = strconv.Itoa(l.reads)
	return out, nil
}

// queue makes the next read name docs and users, and waits until a read after it returned.
func (l *fakeLog) queue(t *testing.T, docs, users []string) {
	t.Helper()
	l.mu.Lock()
	l.next = RightsLogged{Docs: docs, Users: users}
	after := l.reads + 1
	l.mu.Unlock()
	l.waitReads(t, after+1)
}

func (l *fakeLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reads
}

func (l *fakeLog) waitReads(t *testing.T, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(2 * time.Millisecond) {
		r := l.count()
		if r >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d reads of the rights log, want %d", r, n)
		}
	}
}

// withLog starts a Manager over document "d" ("abc") whose rights come from a fakeRights and
// a fakeLog, and returns once the log was read twice: it covers what is decided from then on.
func withLog(t *testing.T, every, ttl time.Duration) (*fakeRights, *fakeLog, *Manager) {
	t.Helper()
	rights, log := newFakeRights(), &fakeLog{}
	_, m := setup(t, "abc", Options{Recheck: rights.recheck, RightsLog: log.read, RightsEvery: every, RightsTTL: ttl})
	log.waitReads(t, 2)
	return rights, log, m
}

// queriedDocs records the documents each Recheck call asked about.
type queriedDocs struct {
	*fakeRights
	mu   sync.Mutex
	docs []string
}

func (q *queriedDocs) recheck(ctx context.Context, qs []RightsQuery) ([][]Verdict, error) {
	q.mu.Lock()
	for _, r := range qs {
		q.docs = append(q.docs, r.Doc)
	}
	q.mu.Unlock()
	return q.fakeRights.recheck(ctx, qs)
}

func (q *queriedDocs) take() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	d := q.docs
	q.docs = nil
	slices.Sort(d)
	return slices.Compact(d)
}

// With a rights log, the background re-check asks only about the conns the log names: the
// first read (which cannot tell) re-checks everyone, later ones only the documents and users
// they name, and quiet ones nobody.
func TestRightsLogRechecksOnlyWhatItNames(t *testing.T) {
	rights := &queriedDocs{fakeRights: newFakeRights()}
	// The first read waits until every reader joined: a reader that joins after it is decided
	// under the log's coverage and rightly not re-checked (on a loaded machine three joins
	// can take longer than the 10 ms before the first read).
	log := &fakeLog{hold: make(chan struct{})}
	s := newMemStore()
	docs := []string{"d1", "d2", "d3"}
	for _, d := range docs {
		s.create(d, "text")
	}
	m := NewManager(s, Options{Recheck: rights.recheck, RightsLog: log.read, RightsEvery: 10 * time.Millisecond, RightsTTL: time.Hour})
	defer closeManager(t, m)
	readers := map[string]*Conn{}
	for _, d := range docs {
		c := connect(t, m, d, ClientInfo{ClientID: "r", UserID: "user-" + d, Role: "viewer"}, -1)
		nextOf(t, c, TypeSnapshot)
		readers[d] = c
	}
	close(log.hold)
	// Joined before the first read: its Whole answer has every hub re-check its conns.
	var swept []string
	for deadline := time.Now().Add(5 * time.Second); len(swept) < len(docs); time.Sleep(5 * time.Millisecond) {
		swept = slices.Compact(slices.Sorted(slices.Values(append(swept, rights.take()...))))
		if time.Now().After(deadline) {
			t.Fatalf("first sweep re-checked %v", swept)
		}
	}
	log.waitReads(t, log.count()+20)
	if got := rights.take(); len(got) != 0 {
		t.Fatalf("quiet log, re-checked anyway: %v", got)
	}

	rights.set("user-d2", Verdict{Close: CloseRightsChanged})
	log.queue(t, []string{"d2"}, nil)
	if code := closedWith(t, readers["d2"], 5*time.Second); code != CloseRightsChanged {
		t.Fatalf("close code %d", code)
	}
	if got := rights.take(); !slices.Equal(got, []string{"d2"}) {
		t.Fatalf("re-checked %v for a change to d2", got)
	}

	rights.set("user-d3", Verdict{Close: CloseSignedOut})
	log.queue(t, nil, []string{"user-d3"})
	if code := closedWith(t, readers["d3"], 5*time.Second); code != CloseSignedOut {
		t.Fatalf("close code %d", code)
	}
	if got := rights.take(); !slices.Equal(got, []string{"d3"}) {
		t.Fatalf("re-checked %v for a change to user-d3", got)
	}
	select {
	case <-readers["d1"].Done():
		t.Fatal("d1's reader closed")
	default:
	}
}

// An op is applied without a re-check under a verdict older than RightsTTL while the log,
// read since, vouches for it; once the log cannot be read, the verdict ages out and the op is
// re-checked first.
func TestOpUnderAVerdictTheLogVouchesFor(t *testing.T) {
	rights, log, m := withLog(t, 5*time.Millisecond, 40*time.Millisecond)
	a := connect(t, m, "d", info("a", true), -1)
	nextOf(t, a, TypeSnapshot)
	time.Sleep(60 * time.Millisecond) // older than RightsTTL
	calls, _ := rights.stats()
	sendOp(a, 0, 1, `[3,"1"]`)
	nextOf(t, a, TypeAck)
	if now, _ := rights.stats(); now != calls {
		t.Fatalf("%d re-checks for an op under a vouched-for verdict", now-calls)
	}

	rights.set("user-a", Verdict{Close: CloseSignedOut})
	log.mu.Lock()
	log.fail = errors.New("database away")
	log.mu.Unlock()
	time.Sleep(60 * time.Millisecond)
	sendOp(a, 1, 2, `[4,"2"]`)
	if code := closedWith(t, a, 5*time.Second); code != CloseSignedOut {
		t.Fatalf("close code %d", code)
	}
	if st := state(t, m, "d"); st.Text != "abc1" {
		t.Fatalf("op applied under a verdict nobody vouched for: %q", st.Text)
	}
}

// A change the log names makes an op wait for its re-check even if the hub has not yet taken
// the note: the log's reader marks the hub before it vouches for anything.
func TestOpAfterTheLogNamedItsDocument(t *testing.T) {
	rights, _, m := withLog(t, 5*time.Millisecond, time.Hour)
	a := connect(t, m, "d", info("a", true), -1)
	nextOf(t, a, TypeSnapshot)
	h := m.loaded("d")
	before := time.Now()
	h.staleAt.Store(&before) // as readRightsLog does, with the note not yet taken
	rights.set("user-a", Verdict{Close: CloseRightsChanged})
	sendOp(a, 0, 1, `[3,"1"]`)
	if code := closedWith(t, a, 5*time.Second); code != CloseRightsChanged {
		t.Fatalf("close code %d", code)
	}
	if st := state(t, m, "d"); st.Text != "abc" {
		t.Fatalf("op applied under a verdict the log doubted: %q", st.Text)
	}
}

// A conn decided before the rights log began to cover changes (it connected as the process
// first read the log) is re-checked in the background: no read will name a change made
// between its decision and then.
func TestJoinDecidedBeforeTheLogCoveredIsRechecked(t *testing.T) {
	decided := time.Now()
	rights, _, m := withLog(t, 10*time.Millisecond, time.Hour)
	rights.set("user-r", Verdict{Close: CloseRightsChanged}) // changed after the decision, before the log covered it
	r := info("r", false)
	r.CheckedAt = decided
	c := connect(t, m, "d", r, -1)
	if code := closedWith(t, c, 5*time.Second); code != CloseRightsChanged {
		t.Fatalf("close code %d", code)
	}
}
