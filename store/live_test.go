package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/collab/hub"
	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

func mustOp(t *testing.T, js string) collab.Op {
	t.Helper()
	op, err := collab.ParseOp([]byte(js), collab.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return op
}

// opText is op's JSON.
func opText(t *testing.T, op collab.Op) string {
	t.Helper()
	b, err := op.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// twoDocs makes a user and two public documents of theirs, each "# Fractions\n" (12 units).
func twoDocs(t *testing.T, handle string) (*store.DB, auth.User, resource.Resource, resource.Resource) {
	t.Helper()
	db := pgtest.DB(t)
	u := newUser(t, db, handle)
	return db, u, newResource(t, db, u, resource.Public), newResource(t, db, u, resource.Public)
}

func TestLiveAppendStatuses(t *testing.T) {
	t.Parallel()
	db, u, a, b := twoDocs(t, "ada")
	ctx := context.Background()
	ls := db.Live()

	first := []hub.StoredOp{
		{Doc: a.ID, Version: 1, Author: u.ID, Client: "c1", Seq: 1, Op: mustOp(t, `[12,"x"]`)},
		{Doc: b.ID, Version: 1, Author: u.ID, Client: "c1", Seq: 1, Op: mustOp(t, `["y",12]`)},
		{Doc: a.ID, Version: 2, Author: u.ID, Client: "c1", Seq: 2, Op: mustOp(t, `[13,"z"]`)},
	}
	res, err := ls.AppendOps(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Status != hub.Appended {
			t.Fatalf("first batch op %d: %v", i, r.Status)
		}
	}
	// Second batch: a retry of a stored version (an attempt whose outcome was
	// unknown), a version another client already holds, and an op after each
	// (must not be stored).
	second := []hub.StoredOp{
		{Doc: a.ID, Version: 2, Author: u.ID, Client: "c1", Seq: 2, Op: mustOp(t, `[13,"z"]`)},
		{Doc: b.ID, Version: 1, Author: u.ID, Client: "c2", Seq: 1, Op: mustOp(t, `[13,"!"]`)},
		{Doc: b.ID, Version: 2, Author: u.ID, Client: "c2", Seq: 2, Op: mustOp(t, `[13,"?"]`)},
		{Doc: a.ID, Version: 3, Author: u.ID, Client: "c3", Seq: 1, Op: mustOp(t, `[14,"w"]`)},
	}
	res, err = ls.AppendOps(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Status != hub.VersionTaken {
			t.Errorf("second batch op %d: got %v, want %v", i, r.Status, hub.VersionTaken)
		}
	}
	// Nothing of a after version 2 was stored.
	if ops, err := ls.OpsSince(ctx, a.ID, 0, 100); err != nil || len(ops) != 2 {
		t.Fatalf("ops of a: %+v %v", ops, err)
	}
	// Nothing of b after version 1 was stored.
	ops, err := ls.OpsSince(ctx, b.ID, 0, 100)
	if err != nil || len(ops) != 1 || ops[0].Client != "c1" {
		t.Fatalf("ops of b: %+v %v", ops, err)
	}
	// The resources row is not on the acknowledgement path: snapshots bring it up to date.
	r, err := db.Resource(ctx, a.ID)
	if err != nil || r.Version != 0 {
		t.Fatalf("resources.version of a: %d %v", r.Version, err)
	}
	// Limit and since are honoured.
	ops, err = ls.OpsSince(ctx, a.ID, 1, 1)
	if err != nil || len(ops) != 1 || ops[0].Version != 2 || ops[0].Seq != 2 || ops[0].Op.TargetLen() != 14 {
		t.Fatalf("OpsSince(a, 1, 1): %+v %v", ops, err)
	}
}

func TestLiveLoadDocSnapshotAndTail(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	u := newUser(t, db, "bo")
	r := newResource(t, db, u, resource.Public)
	ls := db.Live()

	snap, ops, err := ls.LoadDoc(ctx, r.ID)
	if err != nil || snap.Version != 0 || snap.Text != "# Fractions\n" || len(ops) != 0 || snap.Attribution.Len16() != 12 {
		t.Fatalf("fresh LoadDoc: %+v %v %v", snap, ops, err)
	}
	batch := []hub.StoredOp{
		{Doc: r.ID, Version: 1, Author: u.ID, Client: "c", Seq: 1, Op: mustOp(t, `[12,"a"]`)},
		{Doc: r.ID, Version: 2, Author: u.ID, Client: "c", Seq: 2, Op: mustOp(t, `[13,"b"]`)},
		{Doc: r.ID, Version: 3, Author: u.ID, Client: "c", Seq: 3, Op: mustOp(t, `[14,"c"]`)},
	}
	if _, err := ls.AppendOps(ctx, batch); err != nil {
		t.Fatal(err)
	}
	snap2 := hub.Snapshot{Doc: r.ID, Version: 2, Text: "# Fractions\nab",
		Attribution: collab.Attribution{{Author: u.ID, Len: 14}}}
	for range 2 { // idempotent
		if err := ls.SaveSnapshot(ctx, snap2); err != nil {
			t.Fatal(err)
		}
	}
	snap, ops, err = ls.LoadDoc(ctx, r.ID)
	if err != nil || snap.Version != 2 || snap.Text != snap2.Text || len(ops) != 1 || ops[0].Version != 3 || ops[0].Author != u.ID {
		t.Fatalf("LoadDoc after snapshot: %+v %+v %v", snap, ops, err)
	}
	if got, _ := db.Resource(ctx, r.ID); got.Content != snap2.Text || got.Version != 2 {
		t.Fatalf("content cache: %q v%d", got.Content, got.Version)
	}

	// Unknown, malformed and deleted documents are not found.
	for _, id := range []string{store.NewID(), "nope"} {
		if _, _, err := ls.LoadDoc(ctx, id); !errors.Is(err, hub.ErrNotFound) {
			t.Errorf("LoadDoc(%s): %v", id, err)
		}
	}
	if err := db.DeleteResource(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ls.LoadDoc(ctx, r.ID); !errors.Is(err, hub.ErrNotFound) || !errors.Is(err, store.ErrNotFound) {
		t.Errorf("LoadDoc(deleted): %v", err)
	}
}

// twoProcesses opens two stores on one fresh database, as two server processes would.
func twoProcesses(t *testing.T) (db, other *store.DB) {
	t.Helper()
	url := pgtest.URL(t)
	for _, p := range []**store.DB{&db, &other} {
		var err error
		if *p, err = store.Open(context.Background(), url, 4); err != nil {
			t.Fatal(err)
		}
		t.Cleanup((*p).Close)
	}
	return db, other
}

// Another process hears of the ops this one commits.
func TestLiveListenOpsHints(t *testing.T) {
	t.Parallel()
	db, other := twoProcesses(t)
	u := newUser(t, db, "cy")
	r := newResource(t, db, u, resource.Public)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan int64, 8)
	done := make(chan struct{})
	go func() {
		defer close(done)
		other.Listen(ctx, store.Listener{Ops: func(doc string, v int64) {
			if doc == r.ID {
				got <- v
			}
		}})
	}()
	if v, hv := appendUntilHeard(ctx, t, db, r.ID, u.ID, got); hv < 1 || hv > v {
		t.Fatalf("hint %d after appending up to %d", hv, v)
	}
	cancel()
	<-done
}

// appendUntilHeard appends ops 1, 2, … to doc through db, one at a time, until heard delivers a
// hint (the listener may not be connected yet), and returns the last version appended and the
// version heard. It fails the test after 50 appends.
func appendUntilHeard(ctx context.Context, t *testing.T, db *store.DB, doc, author string, heard <-chan int64) (appended, hint int64) {
	t.Helper()
	return appendUntilHeardFrom(ctx, t, db, doc, author, 1, heard)
}

// appendUntilHeardFrom is appendUntilHeard from version from.
func appendUntilHeardFrom(ctx context.Context, t *testing.T, db *store.DB, doc, author string, from int64, heard <-chan int64) (appended, hint int64) {
	t.Helper()
	for v := from; v < from+50; v++ {
		op := hub.StoredOp{Doc: doc, Version: v, Author: author, Client: "c", Seq: v, Op: mustOp(t, `[`+itoa(11+int(v))+`,"a"]`)}
		if _, err := db.Live().AppendOps(ctx, []hub.StoredOp{op}); err != nil {
			t.Fatal(err)
		}
		select {
		case hv := <-heard:
			return v, hv
		case <-timeAfter(100):
		}
	}
	t.Fatal("no notification after 50 appends")
	return 0, 0
}

// A process does not hear its own commits: its hubs are already at those versions. The other
// process, listening the same way, hears them all the while.
func TestLiveListenSkipsOwnOps(t *testing.T) {
	t.Parallel()
	db, other := twoProcesses(t)
	u := newUser(t, db, "cyd")
	r := newResource(t, db, u, resource.Public)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	own, theirs := make(chan int64, 64), make(chan int64, 64)
	for _, l := range []struct {
		db  *store.DB
		got chan int64
	}{{db, own}, {other, theirs}} {
		go l.db.Listen(ctx, store.Listener{Ops: func(doc string, v int64) {
			if doc == r.ID {
				l.got <- v
			}
		}})
	}
	appendUntilHeard(ctx, t, db, r.ID, u.ID, theirs)
	select {
	case v := <-own:
		t.Fatalf("the committing process heard its own version %d", v)
	case <-timeAfter(200):
	}
}

// The store rules on versions only: the same (author, client, seq) at a new
// version is stored, since telling a resend from a new op is the hub's
// (collab/hub, process; migration 035).
func TestLiveAppendLeavesResendsToTheHub(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	u, v := newUser(t, db, "ada"), newUser(t, db, "bob")
	a := newResource(t, db, u, resource.Public)
	ls := db.Live()
	res, err := ls.AppendOps(ctx, []hub.StoredOp{
		{Doc: a.ID, Version: 1, Author: v.ID, Client: "tab", Seq: 1, Op: mustOp(t, `[12,"x"]`)},
		{Doc: a.ID, Version: 2, Author: u.ID, Client: "tab", Seq: 1, Op: mustOp(t, `[13,"y"]`)},
		{Doc: a.ID, Version: 3, Author: u.ID, Client: "tab", Seq: 1, Op: mustOp(t, `[14,"y"]`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Status != hub.Appended {
			t.Fatalf("op %d: %v", i, r.Status)
		}
	}
	if ops, err := ls.OpsSince(ctx, a.ID, 0, 10); err != nil || len(ops) != 3 || ops[2].Seq != 1 || ops[2].Author != u.ID {
		t.Fatalf("ops: %+v %v", ops, err)
	}
}

// The notifier announces every document of a batch after the commit, several in one
// notification: each reaches the listener as its own hint.
func TestLiveHintsForEveryDocumentOfABatch(t *testing.T) {
	t.Parallel()
	db, other := twoProcesses(t)
	u := newUser(t, db, "dee")
	docs := []string{newResource(t, db, u, resource.Public).ID, newResource(t, db, u, resource.Public).ID, newResource(t, db, u, resource.Public).ID}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan string, 64)
	go other.Listen(ctx, store.Listener{Ops: func(doc string, v int64) { got <- fmt.Sprintf("%s:%d", doc, v) }})
	heard := map[string]bool{}
	for v := int64(1); v <= 50 && len(heard) < len(docs); v++ {
		var batch []hub.StoredOp
		for _, d := range docs {
			batch = append(batch, hub.StoredOp{Doc: d, Version: v, Author: u.ID, Client: "c", Seq: v, Op: mustOp(t, `[`+itoa(11+int(v))+`,"a"]`)})
		}
		if _, err := db.Live().AppendOps(ctx, batch); err != nil {
			t.Fatal(err)
		}
		for wait := timeAfter(100); ; {
			select {
			case h := <-got:
				doc, _, _ := strings.Cut(h, ":")
				heard[doc] = true
				continue
			case <-wait:
			}
			break
		}
	}
	if len(heard) < len(docs) {
		t.Fatalf("hints for %d of %d documents", len(heard), len(docs))
	}
}

// The commit path keeps its encoding buffers from one batch to the next (append_batch.go): a
// small batch after a large one stores its own ops and nothing of the last, and a batch
// with an op that cannot be encoded stores nothing and leaves the next one whole.
func TestAppendBatchesKeepNothingOfTheLast(t *testing.T) {
	t.Parallel()
	db, u, a, b := twoDocs(t, "grace")
	ctx := context.Background()
	ls := db.Live()

	long := strings.Repeat("ü", 300)
	var big []hub.StoredOp
	for v := int64(1); v <= 40; v++ {
		big = append(big, hub.StoredOp{Doc: a.ID, Version: v, Author: u.ID, Client: "client-with-a-long-id-" + itoa(int(v)), Seq: v,
			Op: collab.Op{{Retain: 12 + int(v-1)*300}, {Insert: long}}})
	}
	if res, err := ls.AppendOps(ctx, big); err != nil || res[39].Status != hub.Appended {
		t.Fatalf("large batch: %v %v", res, err)
	}
	small := []hub.StoredOp{{Doc: b.ID, Version: 1, Author: u.ID, Client: "c", Seq: 1, Op: mustOp(t, `["é",12]`)}}
	if res, err := ls.AppendOps(ctx, small); err != nil || res[0].Status != hub.Appended {
		t.Fatalf("small batch: %v %v", res, err)
	}
	ops, err := ls.OpsSince(ctx, b.ID, 0, 100)
	if err != nil || len(ops) != 1 || ops[0].Client != "c" || ops[0].Seq != 1 || opText(t, ops[0].Op) != `["é",12]` {
		t.Fatalf("ops of b after a large batch of a: %+v %v", ops, err)
	}
	ops, err = ls.OpsSince(ctx, a.ID, 0, 100)
	if err != nil || len(ops) != 40 || ops[39].Client != "client-with-a-long-id-40" || ops[39].Op.TargetLen() != 12+40*300 {
		t.Fatalf("ops of a: %d ops, %v", len(ops), err)
	}

	bad := []hub.StoredOp{
		{Doc: b.ID, Version: 2, Author: u.ID, Client: "c", Seq: 2, Op: mustOp(t, `[13,"ok"]`)},
		{Doc: b.ID, Version: 3, Author: u.ID, Client: "c", Seq: 3, Op: collab.Op{{Retain: 15}, {Insert: "\xff"}}},
	}
	if _, err := ls.AppendOps(ctx, bad); !errors.Is(err, collab.ErrBadOp) {
		t.Fatalf("a batch with invalid UTF-8: %v, want ErrBadOp", err)
	}
	if ops, err := ls.OpsSince(ctx, b.ID, 1, 100); err != nil || len(ops) != 0 {
		t.Fatalf("the bad batch stored %+v %v", ops, err)
	}
	next := []hub.StoredOp{{Doc: b.ID, Version: 2, Author: u.ID, Client: "c", Seq: 2, Op: mustOp(t, `[13,"!"]`)}}
	if res, err := ls.AppendOps(ctx, next); err != nil || res[0].Status != hub.Appended {
		t.Fatalf("the batch after the bad one: %v %v", res, err)
	}
	if ops, err := ls.OpsSince(ctx, b.ID, 1, 100); err != nil || len(ops) != 1 || opText(t, ops[0].Op) != `[13,"!"]` {
		t.Fatalf("ops of b after the bad batch: %+v %v", ops, err)
	}
}
