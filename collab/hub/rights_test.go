package hub

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// fakeRights is a RightsFunc over a table of verdicts by user (default: keep as editor).
type fakeRights struct {
	mu      sync.Mutex
	by      map[string]Verdict
	fail    error
	gate    chan struct{} // when set, the first call waits for it
	held    int           // queries of the call waiting for gate
	calls   int
	queries []int // queries per call
}

func newFakeRights() *fakeRights { return &fakeRights{by: map[string]Verdict{}} }

func (f *fakeRights) set(user string, v Verdict) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.by[user] = v
}

func (f *fakeRights) recheck(ctx context.Context, qs []RightsQuery) ([][]Verdict, error) {
	f.mu.Lock()
	if g := f.gate; g != nil {
		f.gate, f.held = nil, len(qs)
		f.mu.Unlock()
		select {
		case <-g:
		case <-ctx.Done():
		}
		f.mu.Lock()
	}
	defer f.mu.Unlock()
	f.calls++
	f.queries = append(f.queries, len(qs))
	if f.fail != nil {
		return nil, f.fail
	}
	out := make([][]Verdict, len(qs))
	for i, q := range qs {
		for _, c := range q.Clients {
			v, ok := f.by[c.UserID]
			if !ok {
				v = Verdict{Role: c.Role, CanEdit: c.CanEdit}
			}
			out[i] = append(out[i], v)
		}
	}
	return out, nil
}

func (f *fakeRights) stats() (calls int, most int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, n := range f.queries {
		most = max(most, n)
	}
	return f.calls, most
}

// closedWith waits for c to be closed by the hub and returns its close code.
func closedWith(t *testing.T, c *Conn, within time.Duration) int {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case _, ok := <-c.Frames():
			if !ok {
				return c.CloseCode()
			}
		case <-deadline:
			t.Fatalf("%s: still connected after %v", c.info.ClientID, within)
		}
	}
}

func TestRevalidateClosesAndDowngradesAtOnce(t *testing.T) {
	rights := newFakeRights()
	_, m := setup(t, "abc", Options{Recheck: rights.recheck, RightsEvery: time.Hour, RightsTTL: time.Hour})
	a := connect(t, m, "d", info("a", true), -1)
	b := connect(t, m, "d", info("b", true), -1)
	r := connect(t, m, "d", info("r", false), -1)
	for _, c := range []*Conn{a, b, r} {
		nextOf(t, c, TypeSnapshot)
	}
	rights.set("user-a", Verdict{Role: "viewer"})
	rights.set("user-r", Verdict{Close: CloseRightsChanged})
	if err := m.Revalidate(context.Background(), "d"); err != nil {
		t.Fatal(err)
	}
	// Revalidate has returned: the verdicts are applied already.
	select {
	case <-r.Done():
	default:
		t.Fatal("reader still connected after Revalidate returned")
	}
	if code := r.CloseCode(); code != CloseRightsChanged {
		t.Fatalf("close code %d", code)
	}
	if f := nextOf(t, a, TypeRole); f.Role != "viewer" {
		t.Fatalf("role frame: %+v", f)
	}
	sendOp(a, 0, 1, `[3,"x"]`)
	if e := nextOf(t, a, TypeError); e.Code != CodeForbidden {
		t.Fatalf("downgraded editor's op: %+v", e)
	}
	sendOp(b, 0, 1, `[3,"y"]`)
	nextOf(t, b, TypeAck)
	if st := state(t, m, "d"); st.Text != "abcy" {
		t.Fatalf("text %q", st.Text)
	}
	if m.Stats().RightsClosed != 1 {
		t.Fatalf("stats: %+v", m.Stats())
	}
}

// Without any notification, an op is applied only under a verdict younger than RightsTTL.
func TestOpAfterTTLIsRecheckedFirst(t *testing.T) {
	rights := newFakeRights()
	_, m := setup(t, "abc", Options{Recheck: rights.recheck, RightsEvery: time.Hour, RightsTTL: 30 * time.Millisecond})
	a := connect(t, m, "d", info("a", true), -1)
	nextOf(t, a, TypeSnapshot)
	sendOp(a, 0, 1, `[3,"1"]`)
	nextOf(t, a, TypeAck)
	rights.set("user-a", Verdict{Close: CloseSignedOut}) // e.g. revoked in another process, hint lost
	time.Sleep(40 * time.Millisecond)
	sendOp(a, 1, 2, `[4,"2"]`)
	if code := closedWith(t, a, 5*time.Second); code != CloseSignedOut {
		t.Fatalf("close code %d", code)
	}
	if st := state(t, m, "d"); st.Text != "abc1" || st.Version != 1 {
		t.Fatalf("op applied after its writer was signed out: %q v%d", st.Text, st.Version)
	}
}

// Readers send no ops: the background sweep (batched over documents) ends them.
func TestSweepEndsReadersWithoutNotification(t *testing.T) {
	rights := newFakeRights()
	gate := make(chan struct{})
	rights.gate = gate
	s := newMemStore()
	docs := []string{"d1", "d2", "d3", "d4"}
	for _, d := range docs {
		s.create(d, "text")
	}
	m := NewManager(s, Options{Recheck: rights.recheck, RightsEvery: 30 * time.Millisecond, RightsTTL: time.Hour})
	defer closeManager(t, m)
	var release sync.Once
	defer release.Do(func() { close(gate) }) // before closeManager, even on failure
	var readers []*Conn
	for _, d := range docs {
		c := connect(t, m, d, ClientInfo{ClientID: "r", UserID: "anon-" + d, Role: "viewer"}, -1)
		nextOf(t, c, TypeSnapshot)
		readers = append(readers, c)
	}
	for _, d := range docs {
		rights.set("anon-"+d, Verdict{Close: CloseRightsChanged})
	}
	// The first sweep holds the checker; the other hubs' sweeps queue behind it and go into
	// one call.
	held := func() int { rights.mu.Lock(); defer rights.mu.Unlock(); return rights.held }
	for deadline := time.Now().Add(5 * time.Second); held() == 0 || held()+len(m.checker) < len(docs); {
		if time.Now().After(deadline) {
			t.Fatalf("%d sweeps held, %d queued", held(), len(m.checker))
		}
		time.Sleep(time.Millisecond)
	}
	first := held()
	release.Do(func() { close(gate) })
	for _, c := range readers {
		if code := closedWith(t, c, 5*time.Second); code != CloseRightsChanged {
			t.Fatalf("close code %d", code)
		}
	}
	if calls, most := rights.stats(); most < len(docs)-first {
		t.Fatalf("sweeps: %d calls, at most %d documents in one; want the %d queued ones batched", calls, most, len(docs)-first)
	}
}

func TestRightsHintAndRevalidateUser(t *testing.T) {
	rights := newFakeRights()
	s := newMemStore()
	s.create("d1", "")
	s.create("d2", "")
	m := NewManager(s, Options{Recheck: rights.recheck, RightsEvery: time.Hour, RightsTTL: time.Hour})
	defer closeManager(t, m)
	u1 := connect(t, m, "d1", ClientInfo{ClientID: "t1", UserID: "u", Role: "editor", CanEdit: true}, -1)
	u2 := connect(t, m, "d2", ClientInfo{ClientID: "t2", UserID: "u", Role: "editor", CanEdit: true}, -1)
	o := connect(t, m, "d2", ClientInfo{ClientID: "t3", UserID: "o", Role: "editor", CanEdit: true}, -1)
	for _, c := range []*Conn{u1, u2, o} {
		nextOf(t, c, TypeSnapshot)
	}
	if got := fmt.Sprint(len(m.docsOf("u")), len(m.docsOf("o"))); got != "2 1" {
		t.Fatalf("user index: %s", got)
	}
	rights.set("u", Verdict{Close: CloseSignedOut})
	if err := m.RevalidateUser(context.Background(), "u"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*Conn{u1, u2} {
		select {
		case <-c.Done():
		default:
			t.Fatalf("%s still connected", c.info.ClientID)
		}
	}
	if len(m.docsOf("u")) != 0 {
		t.Fatalf("user index keeps a closed user: %v", m.docsOf("u"))
	}
	rights.set("o", Verdict{Role: "viewer"})
	m.RightsHint("d2")
	if f := nextOf(t, o, TypeRole); f.Role != "viewer" {
		t.Fatalf("role after hint: %+v", f)
	}
}

// A conn whose rights were decided before the document's last rights change is re-checked
// before it receives anything.
func TestJoinRacingARightsChangeIsRechecked(t *testing.T) {
	rights := newFakeRights()
	_, m := setup(t, "secret", Options{Recheck: rights.recheck, RightsEvery: time.Hour, RightsTTL: time.Hour})
	a := connect(t, m, "d", info("a", true), -1)
	nextOf(t, a, TypeSnapshot)
	decided := time.Now() // the adapter checked rights here...
	rights.set("user-late", Verdict{Close: CloseRightsChanged})
	if err := m.Revalidate(context.Background(), "d"); err != nil { // ...then they were taken away
		t.Fatal(err)
	}
	late := ClientInfo{ClientID: "late", UserID: "user-late", Role: "viewer", CheckedAt: decided}
	if _, err := m.Connect(context.Background(), "d", late, -1); !errors.Is(err, ErrForbidden) {
		t.Fatalf("join with rights decided before the change: %v", err)
	}
	late.CheckedAt = time.Now()
	c := connect(t, m, "d", late, -1) // decided after the change: trusted
	nextOf(t, c, TypeSnapshot)
}

// When rights cannot be decided, an op waiting for them is not applied: the client is dropped
// (code 0: reconnect) and resends after reconnecting.
func TestRecheckFailureDropsWithoutApplying(t *testing.T) {
	rights := newFakeRights()
	_, m := setup(t, "abc", Options{Recheck: rights.recheck, RightsEvery: time.Hour, RightsTTL: time.Millisecond})
	a := connect(t, m, "d", info("a", true), -1)
	nextOf(t, a, TypeSnapshot)
	rights.mu.Lock()
	rights.fail = errors.New("database away")
	rights.mu.Unlock()
	time.Sleep(5 * time.Millisecond)
	sendOp(a, 0, 1, `[3,"x"]`)
	if code := closedWith(t, a, 5*time.Second); code != 0 {
		t.Fatalf("close code %d, want 0 (reconnect)", code)
	}
	if st := state(t, m, "d"); st.Version != 0 {
		t.Fatalf("op applied without a verdict: %+v", st)
	}
}

// A join that raced a rights change made while its document was not even loaded here, or a
// change of its user's credentials, is re-checked before it gets anything.
func TestJoinRacingAChangeWhileUnloaded(t *testing.T) {
	rights := newFakeRights()
	_, m := setup(t, "secret", Options{Recheck: rights.recheck, RightsEvery: time.Hour, RightsTTL: time.Hour})
	for _, change := range []func(){
		func() { _ = m.Revalidate(context.Background(), "d") }, // no hub loaded: nothing to re-check, but remembered
		func() { _ = m.RevalidateUser(context.Background(), "user-late") },
		func() { m.RightsHint("d") },
		func() { m.UserRightsHint("user-late") },
	} {
		decided := time.Now()
		rights.set("user-late", Verdict{Close: CloseRightsChanged})
		time.Sleep(time.Millisecond)
		change()
		late := ClientInfo{ClientID: "late", UserID: "user-late", Role: "viewer", CheckedAt: decided}
		if _, err := m.Connect(context.Background(), "d", late, -1); !errors.Is(err, ErrForbidden) {
			t.Fatalf("join with rights decided before the change: %v", err)
		}
		rights.set("user-late", Verdict{Role: "viewer"})
	}
}
