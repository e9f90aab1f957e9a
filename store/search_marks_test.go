package store_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/collab/hub"
	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/versioning"
)

// dueIDs takes every resource waiting for the indexer and clears its mark, as the indexer
// does once it has written the row.
func dueIDs(t *testing.T, db *store.DB) []string {
	t.Helper()
	ctx := context.Background()
	due, err := db.DueForIndex(ctx, 0, 0, true, 100)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range due {
		ids = append(ids, d.ID)
		if err := db.IndexedDone(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

// Live typing reaches the index once per checkpoint revision: the snapshots a hub saves while
// people type rewrite the cached text but mark nothing (migration 032). Before, a typed
// document was re-indexed after every snapshot as well.
func TestSnapshotsLeaveTheIndexToCheckpoints(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	u := newUser(t, db, "ines")
	r := newResource(t, db, u, resource.Public)
	if got := dueIDs(t, db); len(got) != 1 || got[0] != r.ID {
		t.Fatalf("a new resource: due %v, want [%s]", got, r.ID)
	}
	ls := db.Live()
	if _, err := ls.AppendOps(ctx, []hub.StoredOp{{Doc: r.ID, Version: 1, Author: u.ID, Client: "c", Seq: 1, Op: mustOp(t, `[12,"ab"]`)}}); err != nil {
		t.Fatal(err)
	}
	text := "# Fractions\nab"
	if err := ls.SaveSnapshot(ctx, hub.Snapshot{Doc: r.ID, Version: 1, Text: text,
		Attribution: collab.Attribution{{Author: u.ID, Len: 14}}}); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Resource(ctx, r.ID); err != nil || got.Content != text {
		t.Fatalf("the snapshot did not update the cached text: %q, %v", got.Content, err)
	}
	if got := dueIDs(t, db); len(got) != 0 {
		t.Fatalf("a snapshot marked %v for the indexer", got)
	}
	if _, _, err := db.CreateRevision(ctx, store.NewRevision{ResourceID: r.ID, Version: 1, Content: text,
		Attribution: []byte(`[["` + u.ID + `",14]]`), Kind: versioning.RevCheckpoint}); err != nil {
		t.Fatal(err)
	}
	if got := dueIDs(t, db); len(got) != 1 || got[0] != r.ID {
		t.Fatalf("a checkpoint: due %v, want [%s]", got, r.ID)
	}
	// Metadata still marks at once.
	r.Title = "Fractions and decimals"
	if err := db.UpdateMetadata(ctx, r); err != nil {
		t.Fatal(err)
	}
	if got := dueIDs(t, db); len(got) != 1 || got[0] != r.ID {
		t.Fatalf("a new title: due %v, want [%s]", got, r.ID)
	}
}

// A checkpoint's mark is text only, and the indexer may hold it back (migration 042); any other
// mark makes it full and lifts the hold, and so does a later checkpoint, so that the indexer
// looks again.
func TestCheckpointMarksMayBeHeld(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	u := newUser(t, db, "hana")
	r := newResource(t, db, u, resource.Public)
	dueIDs(t, db)
	checkpoint := func(version int64) {
		t.Helper()
		if _, _, err := db.CreateRevision(ctx, store.NewRevision{ResourceID: r.ID, Version: version, Content: fmt.Sprint("text ", version),
			Attribution: []byte(`[]`), Kind: versioning.RevCheckpoint}); err != nil {
			t.Fatal(err)
		}
	}
	due := func(held bool) []store.DirtyResource {
		t.Helper()
		d, err := db.DueForIndex(ctx, 0, 0, held, 100)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	hold := func(d store.DirtyResource, every time.Duration) bool {
		t.Helper()
		ok, err := db.HoldIndex(ctx, d, every)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}

	checkpoint(1)
	d := due(false)
	if len(d) != 1 || !d[0].TextOnly {
		t.Fatalf("a checkpoint's mark: %+v, want one text-only mark", d)
	}
	if hold(d[0], -time.Second) {
		t.Fatal("held a mark past its time")
	}
	if !hold(d[0], time.Hour) {
		t.Fatal("did not hold a text-only mark")
	}
	if got := due(false); len(got) != 0 {
		t.Fatalf("a held mark is due: %+v", got)
	}
	if got := due(true); len(got) != 1 {
		t.Fatalf("FlushIndex does not see the held mark: %+v", got)
	}

	// A later checkpoint lifts the hold and stays text only.
	checkpoint(2)
	d = due(false)
	if len(d) != 1 || !d[0].TextOnly {
		t.Fatalf("after another checkpoint: %+v, want one text-only mark", d)
	}
	if !hold(d[0], time.Hour) {
		t.Fatal("did not hold the text-only mark again")
	}
	// A mark taken before a new one came is not held: the new one is looked at afresh.
	stale := d[0]
	checkpoint(3)
	if hold(stale, time.Hour) {
		t.Fatal("held a mark that was renewed since it was taken")
	}

	// A new title makes the mark full: due, and never held.
	r.Title = "Fractions and decimals"
	if err := db.UpdateMetadata(ctx, r); err != nil {
		t.Fatal(err)
	}
	d = due(false)
	if len(d) != 1 || d[0].TextOnly {
		t.Fatalf("after a new title: %+v, want one full mark", d)
	}
	if hold(d[0], time.Hour) {
		t.Fatal("held a full mark")
	}
	checkpoint(4) // a checkpoint after it leaves the mark full
	if d = due(false); len(d) != 1 || d[0].TextOnly {
		t.Fatalf("a checkpoint after a new title: %+v, want the full mark", d)
	}
	// A named revision is a full mark of its own.
	dueIDs(t, db)
	if _, _, err := db.CreateRevision(ctx, store.NewRevision{ResourceID: r.ID, Version: 5, Content: "named",
		Attribution: []byte(`[]`), Kind: versioning.RevNamed, Message: "For class"}); err != nil {
		t.Fatal(err)
	}
	if d = due(false); len(d) != 1 || d[0].TextOnly {
		t.Fatalf("a named revision: %+v, want a full mark", d)
	}
}

// Re-indexing a resource whose counts and facets did not change writes neither again: the
// recount leaves the row as it is, and the facet counters' trigger (they read updated_at only
// as its UTC day) does not run for a later time on the same day. A new day still moves the
// counters.
func TestReindexWritesOnlyWhatChanged(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	u := newUser(t, db, "oscar")
	r := newResource(t, db, u, resource.Public)
	put := func(ctx context.Context, updated time.Time) {
		t.Helper()
		if err := db.PutSearchDoc(ctx, store.SearchDoc{ID: r.ID, FamilyID: r.FamilyID, Kind: r.Kind, Language: "en", Config: "english",
			License: "CC-BY-4.0", Level: "", AllowsAdaptation: true, AllowsCommercial: true, Title: "Fractions", TitleIndex: "Fractions",
			BodyIndex: "halves and quarters", Created: updated, Updated: updated, Meta: []byte(`{}`), MetaHash: "h"}); err != nil {
			t.Fatal(err)
		}
	}
	xmin := func(query string, args ...any) string {
		t.Helper()
		var x string
		if err := db.Pool.QueryRow(ctx, query, args...).Scan(&x); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return x
	}
	dayCount := func(day string) int {
		t.Helper()
		var n int
		err := db.Pool.QueryRow(ctx, `SELECT coalesce(sum(n), 0) FROM search_facets WHERE ff = '' AND fv = '' AND facet = 'day' AND value = $1`, day).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	const rowXmin = `SELECT xmin::text FROM search_docs WHERE id = $1`

	put(ctx, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	if n := dayCount("2026-03-02"); n != 1 {
		t.Fatalf("day facet after the first index: %d, want 1", n)
	}
	row := xmin(rowXmin, r.ID)
	if _, err := db.Pool.Exec(ctx, `SELECT search_refresh_stats($1)`, r.ID); err != nil {
		t.Fatal(err)
	}
	if got := xmin(rowXmin, r.ID); got != row {
		t.Errorf("the recount rewrote a row whose counts did not change (xmin %s, then %s)", row, got)
	}

	// The counters' trigger first takes their lock (12, 30): held elsewhere, a re-index that
	// fires the trigger waits for it, and one that does not goes through.
	held, err := db.Pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	if _, err := held.Exec(ctx, `SELECT pg_advisory_lock(12, 30)`); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 3*time.Second)
	put(short, time.Date(2026, 3, 2, 17, 30, 0, 0, time.UTC)) // fails the test on the lock's timeout
	cancel()
	if _, err := held.Exec(ctx, `SELECT pg_advisory_unlock(12, 30)`); err != nil {
		t.Fatal(err)
	}
	if n := dayCount("2026-03-02"); n != 1 {
		t.Errorf("day facet after a re-index on the same day: %d, want 1", n)
	}

	put(ctx, time.Date(2026, 3, 3, 8, 0, 0, 0, time.UTC))
	if a, b := dayCount("2026-03-02"), dayCount("2026-03-03"); a != 0 || b != 1 {
		t.Errorf("day facets after a re-index on the next day: %d and %d, want 0 and 1", a, b)
	}
}

// The recount of a source's derivatives reads the derivatives, not every public resource,
// even on the statistics of a new database (nothing here has been analysed): a source among
// 300 public resources, with one public adaptation and one private one, costs a handful of
// tuple reads on resources. Migration 032's join walked resources_public_idx, all 300.
func TestRecountReadsOnlyTheDerivatives(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	u := newUser(t, db, "quentin")
	src := newResource(t, db, u, resource.Public)
	// As a bulk import leaves them: many pages, no statistics yet.
	if _, err := db.Pool.Exec(ctx, `INSERT INTO resources (id, family_id, title, language, license, visibility, owner_id, content)
		SELECT gen_random_uuid(), gen_random_uuid(), 'Imported ' || i, 'en', 'CC-BY-4.0', 'public', $1, repeat('text ', 300)
		FROM generate_series(1, 300) AS i`, u.ID); err != nil {
		t.Fatal(err)
	}
	rev, _, err := db.CreateRevision(ctx, store.NewRevision{ResourceID: src.ID, Content: "a\n", Kind: versioning.RevCheckpoint})
	if err != nil {
		t.Fatal(err)
	}
	for _, vis := range []resource.Visibility{resource.Public, resource.Private} {
		if _, _, err := db.CreateFork(ctx, store.NewFork{Resource: resource.Resource{Title: "Adapted", Language: "en", License: "CC-BY-4.0",
			Visibility: vis, Owner: resource.Person{ID: u.ID}}, SourceID: src.ID, SourceRevision: rev, AuthorID: u.ID}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.PutSearchDoc(ctx, store.SearchDoc{ID: src.ID, FamilyID: src.FamilyID, Kind: src.Kind, Language: "en", Config: "english",
		License: "CC-BY-4.0", AllowsAdaptation: true, AllowsCommercial: true, Title: "Fractions", TitleIndex: "Fractions",
		Created: time.Now(), Updated: time.Now(), Meta: []byte(`{}`), MetaHash: "h"}); err != nil {
		t.Fatal(err)
	}

	// One connection, so that its statistics are flushed before they are read.
	conn, err := db.Pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	reads := func() int64 {
		t.Helper()
		var n int64
		if _, err := conn.Exec(ctx, `SELECT pg_stat_force_next_flush()`); err != nil {
			t.Fatal(err)
		}
		if err := conn.QueryRow(ctx, `SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables
			WHERE relname = 'resources'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if _, err := conn.Exec(ctx, `UPDATE search_docs SET adaptations = 0 WHERE id = $1`, src.ID); err != nil {
		t.Fatal(err)
	}
	before := reads()
	if _, err := conn.Exec(ctx, `SELECT search_refresh_stats($1)`, src.ID); err != nil {
		t.Fatal(err)
	}
	after := reads()
	var n int
	if err := conn.QueryRow(ctx, `SELECT adaptations FROM search_docs WHERE id = $1`, src.ID).Scan(&n); err != nil || n != 1 {
		t.Fatalf("public adaptations counted: %d, %v; want 1", n, err)
	}
	if after-before > 10 {
		t.Fatalf("the recount read %d rows of resources for a source with 2 derivatives among 303", after-before)
	}
}

// The recount and the marking run on every re-index and every marking trigger. They are
// PL/pgSQL, whose statements are planned once per session, not LANGUAGE sql functions, whose
// statement PostgreSQL plans again at every call (migration 034): the connection that called
// them holds their plans afterwards.
func TestSearchFunctionsKeepTheirPlans(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	u := newUser(t, db, "rosa")
	r := newResource(t, db, u, resource.Public)
	conn, err := db.Pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	for range 2 {
		if _, err := conn.Exec(ctx, `SELECT search_refresh_stats($1), search_mark($1)`, r.ID); err != nil {
			t.Fatal(err)
		}
	}
	for _, stmt := range []string{"UPDATE search_docs s SET adaptations", "INSERT INTO search_dirty"} {
		var n int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_backend_memory_contexts
			WHERE name = 'CachedPlanSource' AND ident LIKE '%' || $1 || '%'`, stmt).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("no plan kept for %q after two calls: it is planned at every call", stmt)
		}
	}
}

// forkable makes dora's public resource with a checkpoint to fork from.
func forkable(t *testing.T, db *store.DB) (auth.User, resource.Resource, versioning.Revision) {
	t.Helper()
	u := newUser(t, db, "dora")
	src := newResource(t, db, u, resource.Public)
	rev, _, err := db.CreateRevision(context.Background(), store.NewRevision{ResourceID: src.ID, Content: "a\n", Kind: versioning.RevCheckpoint})
	if err != nil {
		t.Fatal(err)
	}
	return u, src, rev
}

// forkOf makes u's public fork of src at rev.
func forkOf(ctx context.Context, db *store.DB, u auth.User, src resource.Resource, rev versioning.Revision) (resource.Resource, error) {
	fork, _, err := db.CreateFork(ctx, store.NewFork{Resource: resource.Resource{Title: "Adapted", Language: "en", License: "CC-BY-4.0",
		Visibility: resource.Public, Owner: resource.Person{ID: u.ID}}, SourceID: src.ID, SourceRevision: rev, AuthorID: u.ID})
	return fork, err
}

// aFamily makes dora's public source and n public forks of it, the source first.
func aFamily(t *testing.T, db *store.DB, n int) (auth.User, []resource.Resource) {
	t.Helper()
	u, src, rev := forkable(t, db)
	family := []resource.Resource{src}
	for range n {
		fork, err := forkOf(context.Background(), db, u, src, rev)
		if err != nil {
			t.Fatal(err)
		}
		family = append(family, fork)
	}
	return u, family
}

// toggle makes r public in even rounds and private in odd ones.
func toggle(ctx context.Context, db *store.DB, r resource.Resource, round int) error {
	r.Visibility = resource.Public
	if round%2 == 1 {
		r.Visibility = resource.Private
	}
	return db.UpdateMetadata(ctx, r)
}

// toggleEach turns each resource of family public and private again in a goroutine of its own,
// round after round while more(round) holds and no loop has failed; the function it returns
// waits for them.
func toggleEach(ctx context.Context, db *store.DB, family []resource.Resource, failed *firstFailure, more func(round int) bool) (wait func()) {
	var wg sync.WaitGroup
	for _, r := range family {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; more(i); i++ {
				if failed.stop(toggle(ctx, db, r, i)) {
					return
				}
			}
		}()
	}
	return wg.Wait
}

// firstFailure keeps the first error of loops run side by side; once there is one, every loop
// stops.
type firstFailure struct{ err atomic.Pointer[error] }

// stop records err, if it is the first, and tells whether the loops should stop.
func (f *firstFailure) stop(err error) bool {
	if err != nil {
		f.err.CompareAndSwap(nil, &err)
	}
	return f.err.Load() != nil
}

func (f *firstFailure) check(t *testing.T) {
	t.Helper()
	if err := f.err.Load(); err != nil {
		t.Fatal(*err)
	}
}

// A fork of a resource while its owner saves its settings: both mark the resource for the
// index and write its index row, and did so in opposite orders until migration 037, so that
// one of them could fail with "deadlock detected". Many rounds of the two side by side.
func TestForkBesideSettingsSaveNeverDeadlocks(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	u, src, rev := forkable(t, db)
	if err := db.PutSearchDoc(ctx, store.SearchDoc{ID: src.ID, FamilyID: src.FamilyID, Kind: src.Kind, Language: "en", Config: "english",
		License: "CC-BY-4.0", Title: "Fractions", TitleIndex: "Fractions", Created: time.Now(), Updated: time.Now(), Meta: []byte(`{}`), MetaHash: "h"}); err != nil {
		t.Fatal(err)
	}
	const rounds, pairs = 100, 3
	var failed firstFailure
	var wg sync.WaitGroup
	for range pairs {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for range rounds {
				if _, err := forkOf(ctx, db, u, src, rev); failed.stop(err) {
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			r := src
			for i := range rounds {
				r.Summary = fmt.Sprintf("summary %d", i)
				if failed.stop(db.UpdateMetadata(ctx, r)) {
					return
				}
			}
		}()
	}
	wg.Wait()
	failed.check(t)
}

// A source and its fork made public and private again at the same moment, each by its own
// owner. Each change marks its own resource for the index and then the other (the source's
// counts change with the fork's visibility; the fork's relations with the source's), so
// before migration 038 the two could take the marks in opposite orders and one of them
// failed with "deadlock detected".
func TestSourceAndForkVisibilityTogetherNeverDeadlock(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	_, family := aFamily(t, db, 2)
	var failed firstFailure
	toggleEach(ctx, db, family, &failed, func(round int) bool { return round < 150 })()
	failed.check(t)
}

// An account deleted while the owner of resources it contributed to turns them public and
// private. The deletion marks for the index every resource the person contributed to; it
// took those marks in whatever order its query returned them, a visibility change takes its
// family's in id order, and one of the two could fail with "deadlock detected".
func TestAccountDeletionBesideVisibilityNeverDeadlocks(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	u, family := aFamily(t, db, 5)
	const members = 40
	var failed firstFailure
	var done atomic.Bool
	wait := toggleEach(ctx, db, family, &failed, func(int) bool { return !done.Load() })
	for i := range members {
		if failed.stop(nil) {
			break
		}
		m := newUser(t, db, fmt.Sprintf("member%d", i))
		for _, r := range family {
			if err := db.SetCollaborator(ctx, r.ID, m.ID, resource.RoleEditor, u.ID); err != nil {
				t.Fatal(err)
			}
			if _, _, err := db.CreateRevision(ctx, store.NewRevision{ResourceID: r.ID, Content: fmt.Sprintf("a\n%d\n", i),
				Kind: versioning.RevNamed, AuthorID: m.ID}); err != nil {
				t.Fatal(err)
			}
		}
		_, err := db.DeleteUser(ctx, store.Tombstone{UserID: m.ID, Handle: m.Handle, NewHandle: fmt.Sprintf("former-%d", i),
			Email: fmt.Sprintf("former-%d@invalid", i), Name: "Former member", Transfers: map[string]string{}})
		failed.stop(err)
	}
	done.Store(true)
	wait()
	failed.check(t)
}
