package hub

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/commonplace/commonplace/collab"
)

// storeTimeout bounds each store call a hub makes on its own goroutine.
const storeTimeout = 10 * time.Second

// Manager owns the hubs of one process: it loads a document's hub on first use, routes clients
// and REST calls to it, and runs the group committer they share.
type Manager struct {
	store Store
	opts  Options
	log   *slog.Logger
	com   *committer

	ctx    context.Context // store calls; cancelled when Close gives up
	cancel context.CancelFunc
	comEnd chan struct{} // closed after every hub exited: the committer drains and exits

	mu     sync.Mutex
	hubs   map[string]*hub
	closed bool
	hubsWG sync.WaitGroup // hub goroutines
	bg     sync.WaitGroup // snapshot saves, hooks and the rights checker

	checker chan sweepReq // background rights re-checks, batched (rights.go)
	umu     sync.Mutex
	users   map[string]map[string]int // user → document → conns, for RevalidateUser
	stale   map[string]time.Time      // docKey/userKey → last rights change, for joins that raced it
	// rightsGen is bumped when every conn must be re-checked (rights_log.go); each hub
	// re-checks its conns in the background when it sees a generation it has not swept.
	rightsGen atomic.Uint64
	// coverage is what the rights log vouches for (rights_log.go); nil until it was first read.
	coverage atomic.Pointer[coverage]

	seq      atomic.Int64 // REST submit sequence numbers
	conns    atomic.Int64
	pending  atomic.Int64
	commits  atomic.Int64
	conflict atomic.Int64
	slow     atomic.Int64

	rightsClosed atomic.Int64
}

// Stats are counters for /metrics.
type Stats struct {
	Hubs       int   // loaded documents
	Conns      int   // connected clients
	Pending    int   // ops applied but not yet committed
	Commits    int64 // ops committed by this process
	Conflicts  int64 // commits that found a version taken (by another process, or by a retried attempt)
	SlowKicked int64 // clients disconnected for being too slow
	// RightsClosed counts clients disconnected because their rights ended (signed out,
	// removed, resource made private or deleted).
	RightsClosed int64
}

// NewManager starts the group committer; hubs start on demand.
func NewManager(store Store, opts Options) *Manager {
	opts = opts.withDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	m := &Manager{
		store: store, opts: opts, log: opts.Logger,
		ctx: ctx, cancel: cancel,
		comEnd:  make(chan struct{}),
		hubs:    make(map[string]*hub),
		checker: make(chan sweepReq, 1024), users: make(map[string]map[string]int), stale: make(map[string]time.Time),
	}
	m.seq.Store(time.Now().UnixNano())
	m.com = newCommitter(store, opts.MaxBatch, opts.BatchWindow, opts.CommitGap, func(err error) {
		m.log.Warn("group commit failed", "err", err)
	})
	m.com.start(ctx, m.comEnd, opts.Committers)
	if opts.Recheck != nil {
		m.bg.Add(2)
		go func() {
			defer m.bg.Done()
			m.runChecker(m.comEnd)
		}()
		go func() {
			defer m.bg.Done()
			m.runRightsLog(m.comEnd)
		}()
	}
	return m
}

// Close stops accepting clients, lets every hub commit what it has applied, saves snapshots and
// stops all goroutines. If ctx ends first, pending store calls are cancelled and ctx's error is
// returned (uncommitted ops were never acknowledged, so clients resend them).
func (m *Manager) Close(ctx context.Context) error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	m.mu.Unlock()
	m.noteAll(noteStop) // hubs commit what they hold and exit
	wait := func(wg *sync.WaitGroup) error {
		ch := make(chan struct{})
		go func() { wg.Wait(); close(ch) }()
		select {
		case <-ch:
			return nil
		case <-ctx.Done():
			m.cancel()
			m.noteAll(noteAbandon)
			<-ch // store calls now fail fast; hubs exit
			return fmt.Errorf("close hubs: %w", ctx.Err())
		}
	}
	err := wait(&m.hubsWG)
	close(m.comEnd)
	select {
	case <-m.com.done:
	case <-ctx.Done():
		m.cancel() // a store call that does not return: cancel it
		<-m.com.done
		if err == nil {
			err = fmt.Errorf("close committer: %w", ctx.Err())
		}
	}
	if err2 := wait(&m.bg); err == nil {
		err = err2
	}
	m.cancel()
	return err
}

// noteAll sets n on every hub. After Close has set closed no hub is added, and a hub leaves
// the map only as it exits, so every running hub gets it.
func (m *Manager) noteAll(n uint32) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, h := range m.hubs {
		h.note(n)
	}
}

// hubFor returns the loaded hub of doc, loading it if needed.
func (m *Manager) hubFor(ctx context.Context, doc string) (*hub, error) {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil, ErrClosed
	}
	h := m.hubs[doc]
	if h == nil {
		h = newHub(m, doc)
		m.hubs[doc] = h
		m.hubsWG.Add(1)
		go h.run()
	}
	m.mu.Unlock()
	select {
	case <-h.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if h.loadErr != nil {
		return nil, h.loadErr
	}
	return h, nil
}

// loaded returns doc's hub if it is loaded (or loading), without loading it.
func (m *Manager) loaded(doc string) *hub {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hubs[doc]
}

// Editing reports whether doc is being edited in this process: its hub has committed ops
// since it last went quiet for Options.CheckpointIdle (and cut the checkpoint that follows).
// The search indexer holds back a document's words while it is (app/index.go).
func (m *Manager) Editing(doc string) bool {
	h := m.loaded(doc)
	return h != nil && h.editing.Load()
}

// forget removes h from the map if it is still the hub of its document.
func (m *Manager) forget(h *hub) {
	m.mu.Lock()
	if m.hubs[h.doc] == h {
		delete(m.hubs, h.doc)
	}
	m.mu.Unlock()
}

// errHubGone means the hub unloaded before it took the request; callers retry with a new hub.
var errHubGone = errors.New("hub unloaded")

// request sends msg to doc's hub and waits for its reply, retrying if the hub unloads meanwhile.
func request[T any](ctx context.Context, m *Manager, doc string, mk func(reply chan T) any) (T, error) {
	var zero T
	for range 5 {
		h, err := m.hubFor(ctx, doc)
		if err != nil {
			return zero, err
		}
		reply := make(chan T, 1)
		select {
		case h.in <- mk(reply):
		case <-h.done:
			continue
		case <-ctx.Done():
			return zero, ctx.Err()
		}
		select {
		case r := <-reply:
			return r, nil
		case <-h.done:
			select {
			case r := <-reply:
				return r, nil
			default:
				continue // taken by a hub that was already leaving: never processed
			}
		case <-ctx.Done():
			return zero, ctx.Err()
		}
	}
	return zero, fmt.Errorf("document %s: %w", doc, errHubGone)
}

// Requests to a hub (besides client frames).
type (
	joinReq struct {
		c     *Conn
		since int64
		reply chan error
	}
	submitReq struct {
		info  ClientInfo
		seq   int64
		base  int64
		op    collab.Op
		reply chan submitResult
	}
	submitResult struct {
		version int64
		err     error
	}
	stateReq struct{ reply chan Snapshot }
)

// Connect joins client c to doc. With since < 0 the first frame is a snapshot; with since >= 0
// the op frames after since are replayed (the client's own included, recognisable by client and
// seq), followed by a join frame (and a cursor frame if known) per peer. When since is beyond the
// head or more than Options.MaxReplay ops old, the client gets an error frame base_unknown and
// then a snapshot. A second Connect with the same ClientID and UserID drops the older conn.
func (m *Manager) Connect(ctx context.Context, doc string, c ClientInfo, since int64) (*Conn, error) {
	if c.ClientID == "" || c.UserID == "" {
		return nil, fmt.Errorf("connect to %s: %w", doc, ErrBadClient)
	}
	for range 5 {
		h, err := m.hubFor(ctx, doc)
		if err != nil {
			return nil, fmt.Errorf("connect to %s: %w", doc, err)
		}
		conn := &Conn{h: h, info: c, done: make(chan struct{})}
		reply := make(chan error, 1)
		select {
		case h.in <- joinReq{c: conn, since: since, reply: reply}:
		case <-h.done:
			continue
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		select {
		case err := <-reply:
			if err != nil {
				return nil, fmt.Errorf("connect to %s: %w", doc, err)
			}
			return conn, nil
		case <-h.done:
			select {
			case err := <-reply:
				if err != nil {
					return nil, fmt.Errorf("connect to %s: %w", doc, err)
				}
				return conn, nil
			default:
				continue
			}
		case <-ctx.Done():
			// The hub may still register the conn; make sure it is dropped.
			go conn.Close()
			return nil, ctx.Err()
		}
	}
	return nil, fmt.Errorf("connect to %s: %w", doc, errHubGone)
}

// Submit applies op, written against version base, for a script (REST). The op is transformed
// over everything committed after base, made durable, and its version returned. REST submits
// carry no client seq, so they are not idempotent: a retry after an unknown outcome may apply
// twice (scripts that need idempotence use the live protocol). If ctx ends before the commit
// is known, ctx's error is returned and the op may still be committed.
func (m *Manager) Submit(ctx context.Context, doc string, c ClientInfo, base int64, op collab.Op) (int64, error) {
	if !c.CanEdit {
		return 0, fmt.Errorf("submit to %s: %w", doc, ErrForbidden)
	}
	if c.UserID == "" {
		return 0, fmt.Errorf("submit to %s: %w", doc, ErrBadClient)
	}
	if base < 0 {
		return 0, fmt.Errorf("submit to %s: base %d: %w", doc, base, ErrBaseUnknown)
	}
	if c.ClientID == "" {
		c.ClientID = "rest-" + randomID()
	}
	seq := m.seq.Add(1)
	res, err := request(ctx, m, doc, func(reply chan submitResult) any {
		return submitReq{info: c, seq: seq, base: base, op: op, reply: reply}
	})
	if err != nil {
		return 0, fmt.Errorf("submit to %s: %w", doc, err)
	}
	if res.err != nil {
		return 0, fmt.Errorf("submit to %s: %w", doc, res.err)
	}
	return res.version, nil
}

// State returns the committed text, version and attribution of doc: from its hub when it is
// loaded (the live state), otherwise from the store.
func (m *Manager) State(ctx context.Context, doc string) (Snapshot, error) {
	if m.loaded(doc) != nil {
		s, err := request(ctx, m, doc, func(reply chan Snapshot) any { return stateReq{reply: reply} })
		if err != nil {
			return Snapshot{}, fmt.Errorf("state of %s: %w", doc, err)
		}
		return s, nil
	}
	snap, ops, err := m.store.LoadDoc(ctx, doc)
	if err != nil {
		return Snapshot{}, fmt.Errorf("state of %s: %w", doc, err)
	}
	d := collab.NewDoc(snap.Text)
	attr := collab.NewAttrRope(fitAttribution(snap.Attribution, d.Len16()))
	for _, op := range ops {
		if err := d.Apply(op.Op, collab.Limits{}); err != nil {
			return Snapshot{}, fmt.Errorf("state of %s: replay version %d: %w", doc, op.Version, err)
		}
		attr.Apply(op.Op, op.Author)
		snap.Version = op.Version
	}
	return Snapshot{Doc: doc, Version: snap.Version, Text: d.String(), Attribution: attr.Attribution()}, nil
}

// attrReq asks a hub to take attr as the credit of its text at version.
type attrReq struct {
	version int64
	attr    collab.Attribution
	reply   chan error
}

// SetAttribution makes attr the credit of doc's text at version, for changes
// whose text came from other authors (a merge keeps who wrote what; the op
// that carried it only names the person who merged). It affects a loaded hub
// only — the caller stores the same spans as the snapshot at version, which
// is what a later load starts from — and fails with ErrMoved when the
// document is no longer at version.
func (m *Manager) SetAttribution(ctx context.Context, doc string, version int64, attr collab.Attribution) error {
	if m.loaded(doc) == nil {
		return nil
	}
	err, rerr := request(ctx, m, doc, func(reply chan error) any { return attrReq{version: version, attr: attr, reply: reply} })
	if rerr != nil {
		return fmt.Errorf("attribution of %s: %w", doc, rerr)
	}
	if err != nil {
		return fmt.Errorf("attribution of %s at %d: %w", doc, version, err)
	}
	return nil
}

// maxOpsSince bounds one OpsSince read.
const maxOpsSince = 1000

// OpsSince returns up to limit committed ops after since (at most 1000), from the store.
func (m *Manager) OpsSince(ctx context.Context, doc string, since int64, limit int) ([]StoredOp, error) {
	if limit <= 0 || limit > maxOpsSince {
		limit = maxOpsSince
	}
	if since < 0 {
		since = 0
	}
	ops, err := m.store.OpsSince(ctx, doc, since, limit)
	if err != nil {
		return nil, fmt.Errorf("ops of %s since %d: %w", doc, since, err)
	}
	return ops, nil
}

// Hint says another process committed doc up to version (a LISTEN/NOTIFY hint). A loaded hub
// that is behind reads the missing ops from the store and broadcasts them; the hint itself is
// never trusted for data, and nothing is lost if a hint never arrives (the next commit finds
// the conflict).
func (m *Manager) Hint(doc string, version int64) {
	h := m.loaded(doc)
	if h == nil {
		return
	}
	for {
		cur := h.hinted.Load()
		if version <= cur || h.hinted.CompareAndSwap(cur, version) {
			break
		}
	}
	h.note(noteHint)
}

// Stats reports counters for /metrics.
func (m *Manager) Stats() Stats {
	m.mu.Lock()
	n := len(m.hubs)
	m.mu.Unlock()
	return Stats{
		Hubs: n, Conns: int(m.conns.Load()), Pending: int(m.pending.Load()),
		Commits: m.commits.Load(), Conflicts: m.conflict.Load(), SlowKicked: m.slow.Load(),
		RightsClosed: m.rightsClosed.Load(),
	}
}

// goBackground runs f off the hub goroutine; Close waits for it. A panicking hook is logged,
// never fatal.
func (m *Manager) goBackground(what string, f func()) {
	m.bg.Add(1)
	go func() {
		defer m.bg.Done()
		defer func() {
			if r := recover(); r != nil {
				m.log.Error("background task panicked", "task", what, "panic", r)
			}
		}()
		f()
	}()
}

func randomID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// fitAttribution returns a when it covers n units, otherwise a single anonymous span: a
// snapshot from before attribution existed must not break the document.
func fitAttribution(a collab.Attribution, n int) collab.Attribution {
	if a.Len16() == n {
		return a
	}
	if n == 0 {
		return collab.Attribution{}
	}
	return collab.Attribution{{Author: "", Len: n}}
}
