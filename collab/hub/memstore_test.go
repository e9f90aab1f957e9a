package hub

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/commonplace/commonplace/collab"
)

// memStore is an in-memory Store following the PostgreSQL contract: (doc, version) is unique
// (and nothing else: telling resends apart is the hub's), a batch is all-or-nothing on error,
// and after the first op of a document that is not appended the rest of that document's ops
// are VersionTaken.
type memStore struct {
	mu    sync.Mutex
	docs  map[string]*memDoc
	calls int
	// reads counts OpsSince calls (catch-ups and polls).
	reads int
	// batchDocs records how many documents each AppendOps call held.
	batchDocs []int
	// gate, when set, makes AppendOps announce itself on entered and wait for a value on gate.
	gate    chan struct{}
	entered chan struct{}
	// failNext makes the next n AppendOps calls fail with an error before storing anything.
	failNext int
	// onCommit is called (outside the lock) after a batch with appended ops, like NOTIFY.
	onCommit func(doc string, version int64)
	// appended records, in order, every version appended, for assertions.
	events []string
}

type memDoc struct {
	snap Snapshot
	ops  []StoredOp // ops[i].Version == i+1
}

func newMemStore() *memStore { return &memStore{docs: make(map[string]*memDoc)} }

func (s *memStore) create(doc, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := collab.Len16(text)
	attr := collab.Attribution{}
	if n > 0 {
		attr = collab.Attribution{{Author: "seed", Len: n}}
	}
	s.docs[doc] = &memDoc{snap: Snapshot{Doc: doc, Text: text, Attribution: attr}}
}

func (s *memStore) LoadDoc(ctx context.Context, doc string) (Snapshot, []StoredOp, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[doc]
	if d == nil {
		return Snapshot{}, nil, fmt.Errorf("memstore %s: %w", doc, ErrNotFound)
	}
	return d.snap, append([]StoredOp(nil), d.ops[d.snap.Version:]...), nil
}

func (s *memStore) OpsSince(ctx context.Context, doc string, since int64, limit int) ([]StoredOp, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads++
	d := s.docs[doc]
	if d == nil {
		return nil, fmt.Errorf("memstore %s: %w", doc, ErrNotFound)
	}
	if since >= int64(len(d.ops)) {
		return nil, nil
	}
	end := min(int64(len(d.ops)), since+int64(limit))
	return append([]StoredOp(nil), d.ops[since:end]...), nil
}

func (s *memStore) AppendOps(ctx context.Context, batch []StoredOp) ([]AppendResult, error) {
	if s.gate != nil {
		select {
		case s.entered <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		select {
		case <-s.gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	s.mu.Lock()
	s.calls++
	docs := map[string]bool{}
	for _, op := range batch {
		docs[op.Doc] = true
	}
	s.batchDocs = append(s.batchDocs, len(docs))
	if s.failNext > 0 {
		s.failNext--
		s.mu.Unlock()
		return nil, errors.New("memstore: injected failure")
	}
	res := make([]AppendResult, len(batch))
	failed := map[string]bool{}
	heads := map[string]int64{}
	for i, op := range batch {
		d := s.docs[op.Doc]
		if d == nil {
			s.mu.Unlock()
			return nil, fmt.Errorf("memstore %s: %w", op.Doc, ErrNotFound)
		}
		switch {
		case failed[op.Doc]:
			res[i] = AppendResult{Status: VersionTaken}
		case op.Version != int64(len(d.ops))+1:
			res[i] = AppendResult{Status: VersionTaken}
			failed[op.Doc] = true
		default:
			d.ops = append(d.ops, op)
			heads[op.Doc] = op.Version
			res[i] = AppendResult{Status: Appended}
			s.events = append(s.events, fmt.Sprintf("append %s %d", op.Doc, op.Version))
		}
	}
	hook := s.onCommit
	s.mu.Unlock()
	if hook != nil {
		for doc, v := range heads {
			hook(doc, v)
		}
	}
	return res, nil
}

func (s *memStore) SaveSnapshot(ctx context.Context, snap Snapshot) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[snap.Doc]
	if d == nil {
		return fmt.Errorf("memstore %s: %w", snap.Doc, ErrNotFound)
	}
	if snap.Version > d.snap.Version {
		d.snap = snap
	}
	return nil
}

func (s *memStore) head(doc string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return int64(len(s.docs[doc].ops))
}

func (s *memStore) snapVersion(doc string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.docs[doc].snap.Version
}

// readCount is how many OpsSince calls there have been.
func (s *memStore) readCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reads
}

// opCount is how many stored ops carry (client, seq).
func (s *memStore) opCount(doc string, client string, seq int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, op := range s.docs[doc].ops {
		if op.Client == client && op.Seq == seq {
			n++
		}
	}
	return n
}

var _ Store = (*memStore)(nil)

// waitFor polls cond until it holds; the bound only turns a hang into a failure.
func waitFor(cond func() bool) bool {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(2 * time.Millisecond)
	}
	return cond()
}
