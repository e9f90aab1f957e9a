package hub

import (
	"context"
	"fmt"
	"time"
)

// Rights are decided outside the hub (the application's access policy) and can change while a
// conn is open: a collaborator removed, a role lowered, a resource made private or deleted, a
// session ended or a token revoked, in this process or another one on the same database. A hub
// therefore never trusts what it was told at connect time for long:
//
//   - every op is applied only under a verdict decided after the last invalidation (Revalidate,
//     RightsHint) and vouched for within Options.RightsTTL: decided that recently, or decided
//     earlier with the rights log read since showing no change to it (rights_log.go);
//     otherwise the hub asks Options.Recheck first, on its own goroutine, before it touches
//     the op;
//   - every Options.RightsEvery the Manager reads the rights log (Options.RightsLog) and has the
//     conns it names re-checked, so readers lose text they may no longer read even when no
//     notification arrives; when the log cannot tell (or there is none), every hub with
//     clients has all of them re-checked in the background, batched with other hubs into one
//     Recheck call;
//   - Revalidate (this process) and RightsHint (a notification from another process) re-check
//     at once.
//
// A verdict either keeps a conn (possibly with another role: a role frame tells the client) or
// closes it with a close code the client must not answer by reconnecting in a loop.

// Close codes a conn ends with when the hub ends it for a reason the client must act on
// (docs/protocol.md). Any other close by the hub is 1001 "reconnect".
const (
	CloseSignedOut     = 4401 // the session or token the conn was opened with has ended
	CloseRightsChanged = 4403 // the user may no longer read the document (removed, made private, deleted)
)

// closeText is the reason sent with a close code.
func closeText(code int) string {
	switch code {
	case CloseSignedOut:
		return "signed out"
	case CloseRightsChanged:
		return "rights changed"
	}
	return "reconnect"
}

// RightsQuery asks for the current rights of some clients of one document.
type RightsQuery struct {
	Doc     string
	Clients []ClientInfo
}

// Verdict is what one client may do now: Close non-zero ends its conn with that close code;
// otherwise it stays with Role and CanEdit.
type Verdict struct {
	Close   int
	Role    string
	CanEdit bool
}

// RightsFunc decides the current rights of the clients in qs: one []Verdict per query, one
// Verdict per client, in order. An error means nothing was decided. It must not call back into
// the Manager (it runs on hub goroutines).
type RightsFunc func(ctx context.Context, qs []RightsQuery) ([][]Verdict, error)

// fresh reports whether the rights held for cs may authorise an op at now.
func (h *hub) fresh(cs *clientState, now time.Time) bool {
	if h.opts.Recheck == nil {
		return true
	}
	// The coverage is read before staleAt: the log's reader marks hubs stale before it
	// vouches for the rest (Manager.readRightsLog).
	cov := h.m.coverage.Load()
	stale := h.staleBefore
	if s := h.staleAt.Load(); s != nil && s.After(stale) {
		stale = *s
	}
	decided := cs.checkedAt
	if !decided.After(stale) {
		return false
	}
	return now.Sub(cov.vouch(decided)) < h.opts.RightsTTL
}

// rightsQuery lists the hub's conns and the query for them, in the same order.
func (h *hub) rightsQuery() ([]*Conn, RightsQuery) {
	conns := make([]*Conn, 0, len(h.clients))
	q := RightsQuery{Doc: h.doc, Clients: make([]ClientInfo, 0, len(h.clients))}
	for c, cs := range h.clients {
		conns = append(conns, c)
		q.Clients = append(q.Clients, cs.info)
	}
	return conns, q
}

// recheck asks Options.Recheck about one query, on the hub goroutine.
func (h *hub) recheck(q RightsQuery) ([]Verdict, time.Time, error) {
	decided := time.Now()
	ctx, cancel := h.storeCtx()
	defer cancel()
	vs, err := h.opts.Recheck(ctx, []RightsQuery{q})
	if err == nil && (len(vs) != 1 || len(vs[0]) != len(q.Clients)) {
		err = fmt.Errorf("%d clients, verdicts for %d queries", len(q.Clients), len(vs))
	}
	if err != nil {
		return nil, decided, fmt.Errorf("recheck rights in %s: %w", h.doc, err)
	}
	return vs[0], decided, nil
}

// recheckAll re-checks every conn now and applies the verdicts.
func (h *hub) recheckAll() error {
	if h.opts.Recheck == nil || len(h.clients) == 0 {
		return nil
	}
	conns, q := h.rightsQuery()
	vs, decided, err := h.recheck(q)
	if err != nil {
		return err
	}
	h.applyVerdicts(conns, vs, decided)
	return nil
}

// invalidate makes every verdict held so far stale and re-checks at once. If the re-check
// fails, ops still wait for a successful one (they find their verdicts stale).
func (h *hub) invalidate() {
	h.staleBefore = time.Now()
	if err := h.recheckAll(); err != nil {
		h.m.log.Warn("re-check after a rights change failed", "doc", h.doc, "err", err)
	}
}

// applyVerdicts applies verdicts decided at decided to conns (those still connected whose
// rights were not decided later meanwhile).
func (h *hub) applyVerdicts(conns []*Conn, vs []Verdict, decided time.Time) {
	for i, c := range conns {
		cs := h.clients[c]
		if cs == nil || decided.Before(cs.checkedAt) {
			continue
		}
		cs.checkedAt = decided
		switch v := vs[i]; {
		case v.Close != 0:
			h.m.rightsClosed.Add(1)
			h.closeWith(c, v.Close)
		case v.Role != cs.info.Role || v.CanEdit != cs.info.CanEdit:
			// What was committed goes out under the old role (a reader's composed ops end
			// here): an editor's ops are transformed over single ops only.
			h.flushTo(c, cs, h.committed)
			cs.info.Role, cs.info.CanEdit = v.Role, v.CanEdit
			h.send(c, newFrame(encode(RoleFrame{Type: TypeRole, Role: v.Role, CanEdit: v.CanEdit})))
		}
	}
}

// admit decides the rights of a joining conn whose rights were decided before the last
// change of the document's rights or of its user's credentials (it raced the change, perhaps
// while the hub was not even loaded): nothing is sent to it before it is re-checked.
func (h *hub) admit(info ClientInfo) (ClientInfo, time.Time, error) {
	checked := info.CheckedAt
	if checked.IsZero() {
		checked = time.Now()
	}
	stale := h.m.staleSince(h.doc, info.UserID)
	if h.staleBefore.After(stale) {
		stale = h.staleBefore
	}
	if h.opts.Recheck == nil || checked.After(stale) {
		h.noteUncovered(checked)
		return info, checked, nil
	}
	vs, decided, err := h.recheck(RightsQuery{Doc: h.doc, Clients: []ClientInfo{info}})
	if err != nil {
		return info, checked, err
	}
	if vs[0].Close != 0 {
		return info, checked, fmt.Errorf("rights changed while connecting (%s): %w", closeText(vs[0].Close), ErrForbidden)
	}
	info.Role, info.CanEdit = vs[0].Role, vs[0].CanEdit
	return info, decided, nil
}

// noteUncovered has a conn decided before the rights log began to cover changes (before a
// process's first read of it, say) re-checked in the background soon: no read of the log will
// name a change committed between its decision and then.
func (h *hub) noteUncovered(decided time.Time) {
	if cov := h.m.coverage.Load(); cov != nil && decided.Before(cov.from) {
		h.sweepSoon = true
	}
}

// sweepReq asks the checker to re-check conns of hub h in the background.
type sweepReq struct {
	h     *hub
	conns []*Conn
	q     RightsQuery
}

// sweepResult is the checker's answer; a hub has at most one sweep in flight.
type sweepResult struct {
	conns    []*Conn
	verdicts []Verdict
	decided  time.Time
	err      error
}

// maybeSweep starts a background re-check of every conn when the Manager asked for one
// (rightsGen) since the last, or a conn joined that the rights log does not cover.
func (h *hub) maybeSweep() {
	gen := h.m.rightsGen.Load()
	if h.opts.Recheck == nil || h.sweeping || h.stopping || gen == h.sweptGen && !h.sweepSoon {
		return
	}
	if len(h.clients) == 0 {
		h.sweptGen, h.sweepSoon = gen, false // conns that join later are decided as they join
		return
	}
	conns, q := h.rightsQuery()
	select {
	case h.m.checker <- sweepReq{h: h, conns: conns, q: q}:
		h.sweeping, h.sweptGen, h.sweepSoon = true, gen, false
	default: // the checker is behind: try again on a later tick
	}
}

// swept applies a background re-check.
func (h *hub) swept(r sweepResult) {
	h.sweeping = false
	if r.err != nil {
		h.m.log.Warn("periodic rights re-check failed", "doc", h.doc, "err", r.err)
		return
	}
	h.applyVerdicts(r.conns, r.verdicts, r.decided)
}

// maxSweepClients bounds the clients of one Recheck call made by the checker; sweepWindow is
// how long it gathers requests into one call. Sweeps are not urgent, so with many documents open
// the database sees a few batched queries a second, not one per document.
const (
	maxSweepClients = 4096
	sweepWindow     = 20 * time.Millisecond
)

// runChecker serves sweep requests until stop closes: the requests arriving within sweepWindow
// of the first go into the same Recheck call (one query for many documents).
func (m *Manager) runChecker(stop <-chan struct{}) {
	for {
		var first sweepReq
		select {
		case first = <-m.checker:
		case <-stop:
			return
		}
		batch, n := []sweepReq{first}, len(first.conns)
		window := time.NewTimer(sweepWindow)
	gather:
		for n < maxSweepClients {
			select {
			case r := <-m.checker:
				batch, n = append(batch, r), n+len(r.conns)
			case <-window.C:
				break gather
			case <-stop:
				break gather
			}
		}
		window.Stop()
		qs := make([]RightsQuery, len(batch))
		for i, r := range batch {
			qs[i] = r.q
		}
		decided := time.Now()
		ctx, cancel := context.WithTimeout(m.ctx, storeTimeout)
		vs, err := m.opts.Recheck(ctx, qs)
		cancel()
		if err == nil && len(vs) != len(qs) {
			err = fmt.Errorf("recheck %d queries: %d answers", len(qs), len(vs))
		}
		for i, r := range batch {
			res := sweepResult{conns: r.conns, decided: decided, err: err}
			if err == nil {
				if res.verdicts = vs[i]; len(res.verdicts) != len(r.conns) {
					res.err = fmt.Errorf("recheck %s: %d clients, %d verdicts", r.q.Doc, len(r.conns), len(res.verdicts))
				}
			}
			r.h.sweepMu.Lock()
			r.h.sweepRes = res // a hub has at most one sweep in flight
			r.h.sweepMu.Unlock()
			r.h.note(noteSweep)
		}
	}
}

// revalidateReq asks a hub to re-check all its conns now (Manager.Revalidate).
type revalidateReq struct{ reply chan struct{} }

// Revalidate makes the conns of doc in this process answer to their rights as they are now
// before it returns: the application calls it after it changed who may do what with doc.
// A document not loaded here has no conns and nothing to do.
func (m *Manager) Revalidate(ctx context.Context, doc string) error {
	m.markStale(docKey(doc))
	h := m.loaded(doc)
	if h == nil || m.opts.Recheck == nil {
		return nil
	}
	reply := make(chan struct{}, 1)
	select {
	case h.in <- revalidateReq{reply: reply}:
	case <-h.done:
		return nil // unloaded: no conns left
	case <-ctx.Done():
		return fmt.Errorf("revalidate %s: %w", doc, ctx.Err())
	}
	select {
	case <-reply:
		return nil
	case <-h.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("revalidate %s: %w", doc, ctx.Err())
	}
}

// RevalidateUser is Revalidate for every document where user has a conn in this process (a
// session ended, a token revoked).
func (m *Manager) RevalidateUser(ctx context.Context, user string) error {
	m.markStale(userKey(user))
	for _, doc := range m.docsOf(user) {
		if err := m.Revalidate(ctx, doc); err != nil {
			return err
		}
	}
	return nil
}

// RightsHint says the rights on doc changed in another process (a notification): its hub, if
// loaded here, re-checks its conns at once. Like Hint it never blocks, and nothing depends on
// it arriving (verdicts age out).
func (m *Manager) RightsHint(doc string) {
	now := time.Now()
	m.markStale(docKey(doc))
	h := m.loaded(doc)
	if h == nil {
		return
	}
	h.staleAt.Store(&now)
	h.note(noteRights)
}

// UserRightsHint is RightsHint for every document where user has a conn in this process.
func (m *Manager) UserRightsHint(user string) {
	m.markStale(userKey(user))
	for _, doc := range m.docsOf(user) {
		m.RightsHint(doc)
	}
}

// staleKeep is how long a rights change is remembered for joins that raced it: far longer
// than any connect takes from its rights check to its join.
const staleKeep = time.Minute

func docKey(doc string) string   { return "d:" + doc }
func userKey(user string) string { return "u:" + user }

// markStale records that rights on a document or of a user changed now.
func (m *Manager) markStale(key string) {
	now := time.Now()
	m.umu.Lock()
	defer m.umu.Unlock()
	if len(m.stale) >= 1024 {
		for k, t := range m.stale {
			if now.Sub(t) > staleKeep {
				delete(m.stale, k)
			}
		}
	}
	m.stale[key] = now
}

// staleSince is the last change of rights on doc or of user (zero if none is remembered).
func (m *Manager) staleSince(doc, user string) time.Time {
	m.umu.Lock()
	defer m.umu.Unlock()
	t, u := m.stale[docKey(doc)], m.stale[userKey(user)]
	if u.After(t) {
		return u
	}
	return t
}

// docsOf lists the documents where user has conns.
func (m *Manager) docsOf(user string) []string {
	m.umu.Lock()
	defer m.umu.Unlock()
	docs := make([]string, 0, len(m.users[user]))
	for d := range m.users[user] {
		docs = append(docs, d)
	}
	return docs
}

// track counts a conn of user in doc (delta +1 on join, -1 on drop).
func (m *Manager) track(user, doc string, delta int) {
	m.umu.Lock()
	defer m.umu.Unlock()
	docs := m.users[user]
	if docs == nil {
		if delta < 0 {
			return
		}
		docs = map[string]int{}
		m.users[user] = docs
	}
	if docs[doc] += delta; docs[doc] <= 0 {
		delete(docs, doc)
		if len(docs) == 0 {
			delete(m.users, user)
		}
	}
}
