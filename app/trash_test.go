package app

import (
	"errors"
	"testing"
	"time"

	"github.com/commonplace/commonplace/resource"
)

// age makes a deleted resource look deleted that long ago.
func (f *fixture) age(id string, ago time.Duration) {
	f.t.Helper()
	tag, err := f.a.db.Pool.Exec(f.ctx, `UPDATE resources SET deleted_at = now() - $2::interval WHERE id = $1 AND deleted_at IS NOT NULL`, id, ago)
	f.must(err)
	if tag.RowsAffected() != 1 {
		f.t.Fatalf("resource %s is not deleted", id)
	}
}

// rowsOf counts, table by table, what the database still holds of a resource.
func (f *fixture) rowsOf(id string) map[string]int {
	f.t.Helper()
	out := map[string]int{}
	for table, q := range map[string]string{
		"resources":   `SELECT count(*) FROM resources WHERE id = $1`,
		"revisions":   `SELECT count(*) FROM revisions WHERE resource_id = $1`,
		"ops":         `SELECT count(*) FROM ops WHERE resource_id = $1`,
		"snapshots":   `SELECT count(*) FROM snapshots WHERE resource_id = $1`,
		"segments":    `SELECT count(*) FROM translation_segments WHERE translation_id = $1`,
		"tm":          `SELECT count(*) FROM tm WHERE origin_resource = $1`,
		"images":      `SELECT count(*) FROM resource_images WHERE resource_id = $1`,
		"proposals":   `SELECT count(*) FROM proposals WHERE source_id = $1 OR fork_id = $1`,
		"derivations": `SELECT count(*) FROM derivations WHERE derived_id = $1 OR source_id = $1`,
	} {
		var n int
		f.must(f.a.db.Pool.QueryRow(f.ctx, q, id).Scan(&n))
		if n > 0 {
			out[table] = n
		}
	}
	return out
}

func (f *fixture) blobExists(hash string) bool {
	f.t.Helper()
	var ok bool
	f.must(f.a.db.Pool.QueryRow(f.ctx, `SELECT EXISTS (SELECT 1 FROM image_blobs WHERE hash = $1)`, hash).Scan(&ok))
	return ok
}

func TestTrashRestoresForItsOwnersOnly(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, bob, eve := f.user("alice"), f.user("bob"), f.user("eve")
	r := f.create(alice, "Volcanoes", "Lava is hot.\n", "CC-BY-4.0", resource.Public)
	_, err := f.a.SetCollaborator(f.ctx, alice, r.ID, "bob", resource.RoleEditor)
	f.must(err)
	f.flush()
	if !has(f.search(Anonymous, SearchRequest{Query: "lava"}), "Volcanoes") {
		t.Fatal("the public resource is not found before its deletion")
	}
	f.must(f.a.DeleteResource(f.ctx, alice, r.ID))
	if has(f.search(Anonymous, SearchRequest{Query: "lava"}), "Volcanoes") {
		t.Fatal("a deleted resource is found")
	}
	if _, _, err := f.a.Resource(f.ctx, alice, r.ID, resource.View); !errors.Is(err, resource.ErrNotFound) {
		t.Fatalf("a deleted resource read: %v", err)
	}
	var tomb int
	f.must(f.a.db.Pool.QueryRow(f.ctx, `SELECT count(*) FROM oai_tombstones WHERE id = $1`, r.ID).Scan(&tomb))
	if tomb != 1 {
		t.Fatalf("a deleted public resource has %d OAI-PMH tombstones", tomb)
	}

	trash, err := f.a.DeletedResources(f.ctx, alice)
	f.must(err)
	if len(trash) != 1 || trash[0].Resource.ID != r.ID || trash[0].Resource.Title != "Volcanoes" ||
		!trash[0].Purge.Equal(trash[0].Deleted.Add(30*24*time.Hour)) || time.Since(trash[0].Deleted) > time.Minute {
		t.Fatalf("alice's trash = %+v", trash)
	}
	// An editor may not delete, so the trash is not theirs: it is empty, and
	// restoring answers as for a missing resource; so it does for anyone else.
	for _, who := range []Actor{bob, eve} {
		if list, err := f.a.DeletedResources(f.ctx, who); err != nil || len(list) != 0 {
			t.Fatalf("%s's trash = %+v, %v", who.Handle, list, err)
		}
		if _, _, err := f.a.RestoreResource(f.ctx, who, r.ID); !errors.Is(err, resource.ErrNotFound) {
			t.Fatalf("%s restored it: %v", who.Handle, err)
		}
	}
	if _, err := f.a.DeletedResources(f.ctx, Anonymous); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("anonymous trash: %v", err)
	}
	if _, _, err := f.a.RestoreResource(f.ctx, Anonymous, r.ID); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("anonymous restore: %v", err)
	}
	for _, id := range []string{"not-an-id", "00000000-0000-0000-0000-000000000000"} {
		if _, _, err := f.a.RestoreResource(f.ctx, alice, id); !errors.Is(err, resource.ErrNotFound) {
			t.Fatalf("restore %q: %v", id, err)
		}
	}

	got, _, err := f.a.RestoreResource(f.ctx, alice, r.ID)
	f.must(err)
	if got.ID != r.ID || got.Content != "Lava is hot.\n" || got.Visibility != resource.Public {
		t.Fatalf("restored = %+v", got)
	}
	if f.text(bob, r.ID) != "Lava is hot.\n" {
		t.Fatal("the editor lost the restored resource")
	}
	f.flush()
	if !has(f.search(Anonymous, SearchRequest{Query: "lava"}), "Volcanoes") {
		t.Fatal("the restored public resource is not found again")
	}
	f.must(f.a.db.Pool.QueryRow(f.ctx, `SELECT count(*) FROM oai_tombstones WHERE id = $1`, r.ID).Scan(&tomb))
	if tomb != 0 {
		t.Fatal("a restored public resource is still a deleted record to harvesters")
	}
	if _, _, err := f.a.RestoreResource(f.ctx, alice, r.ID); !errors.Is(err, resource.ErrNotFound) {
		t.Fatalf("restored twice: %v", err)
	}

	// Past the keeping time it is no longer in the trash, and cannot come back.
	f.must(f.a.DeleteResource(f.ctx, alice, r.ID))
	f.age(r.ID, 31*24*time.Hour)
	if list, err := f.a.DeletedResources(f.ctx, alice); err != nil || len(list) != 0 {
		t.Fatalf("trash after 31 days = %+v, %v", list, err)
	}
	if _, _, err := f.a.RestoreResource(f.ctx, alice, r.ID); !errors.Is(err, resource.ErrNotFound) {
		t.Fatalf("restored after 31 days: %v", err)
	}
}

func TestPurgeErasesWhatNothingLeansOn(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, bob, tina := f.user("alice"), f.user("bob"), f.user("tina")
	month := 31 * 24 * time.Hour

	// A private draft with a picture of its own, typed live and revised.
	draft := f.create(alice, "Draft", "Secret words.\n", "CC-BY-4.0", resource.Private)
	f.edit(alice, draft.ID, "Secret words, revised.\n")
	_, err := f.a.NameVersion(f.ctx, alice, draft.ID, "First draft")
	f.must(err)
	own, err := f.a.AddImage(f.ctx, alice, draft.ID, []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="#c33"/></svg>`), "A red square")
	f.must(err)

	// A public source with a picture, a fork whose proposal was merged back,
	// and a translation with memory entries.
	src := f.create(alice, "Volcanoes", "Volcanoes erupt.\n\nLava is hot.\n", "CC-BY-4.0", resource.Public)
	shared, err := f.a.AddImage(f.ctx, alice, src.ID, []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="#36c"/></svg>`), "A blue square")
	f.must(err)
	res, err := f.a.Fork(f.ctx, bob, src.ID, ForkRequest{})
	f.must(err)
	fork := res.Resource
	f.edit(bob, fork.ID, "Volcanoes erupt.\n\nLava is very hot.\n")
	p, err := f.a.CreateProposal(f.ctx, bob, fork.ID, ProposalRequest{Title: "Hotter lava"})
	f.must(err)
	_, _, err = f.a.ReviewProposal(f.ctx, alice, p.ID, ReviewRequest{Verdict: "approve"})
	f.must(err)
	_, err = f.a.MergeProposal(f.ctx, alice, p.ID, MergeRequest{})
	f.must(err)
	tr, err := f.a.StartTranslation(f.ctx, tina, src.ID, StartRequest{Language: "es"})
	f.must(err)
	segs, err := f.a.Segments(f.ctx, tina, tr.ID, SegmentQuery{})
	f.must(err)
	_, err = f.a.ChangeSegment(f.ctx, tina, tr.ID, segs.All[1].ID, SegmentChange{Target: ptr("Los volcanes entran en erupción.")})
	f.must(err)
	if f.rowsOf(tr.ID)["tm"] == 0 || f.rowsOf(draft.ID)["revisions"] == 0 || f.rowsOf(draft.ID)["ops"] == 0 {
		t.Fatalf("nothing to erase: translation %v, draft %v", f.rowsOf(tr.ID), f.rowsOf(draft.ID))
	}

	// Deleted, but within the keeping time: nothing is erased.
	f.must(f.a.DeleteResource(f.ctx, alice, draft.ID))
	f.age(draft.ID, 29*24*time.Hour)
	if n, err := f.a.PurgeDeleted(f.ctx); err != nil || n != 0 {
		t.Fatalf("purged %d within the keeping time: %v", n, err)
	}
	// Past it, the draft goes whole, with the picture no one else holds.
	f.age(draft.ID, month)
	if n, err := f.a.PurgeDeleted(f.ctx); err != nil || n != 1 {
		t.Fatalf("purged %d, want the draft: %v", n, err)
	}
	if left := f.rowsOf(draft.ID); len(left) != 0 {
		t.Fatalf("the purged draft left %v", left)
	}
	if f.blobExists(own.Hash) {
		t.Fatal("the purged draft's own picture is still stored")
	}

	// The source is deleted, but the fork and the translation still lean on it.
	f.must(f.a.DeleteResource(f.ctx, alice, src.ID))
	f.age(src.ID, month)
	if n, err := f.a.PurgeDeleted(f.ctx); err != nil || n != 0 {
		t.Fatalf("purged %d while derivatives lean on the source: %v", n, err)
	}
	if left := f.rowsOf(src.ID); left["resources"] != 1 || left["revisions"] == 0 {
		t.Fatalf("a source with derivatives lost %v", left)
	}
	// The translation goes, with its memory; the fork keeps the source.
	f.must(f.a.DeleteResource(f.ctx, tina, tr.ID))
	f.age(tr.ID, month)
	if n, err := f.a.PurgeDeleted(f.ctx); err != nil || n != 1 {
		t.Fatalf("purged %d, want the translation: %v", n, err)
	}
	if left := f.rowsOf(tr.ID); len(left) != 0 {
		t.Fatalf("the purged translation left %v", left)
	}
	// A fork deleted recently still keeps its source, and is restorable.
	f.must(f.a.DeleteResource(f.ctx, bob, fork.ID))
	if n, err := f.a.PurgeDeleted(f.ctx); err != nil || n != 0 {
		t.Fatalf("purged %d while the fork is in the trash: %v", n, err)
	}
	// Once both are old, the source and its fork (each leaning on the other:
	// the fork derives from the source, the source's merge from the fork) go
	// together, and the picture they shared with them.
	f.age(fork.ID, month)
	if n, err := f.a.PurgeDeleted(f.ctx); err != nil || n != 2 {
		t.Fatalf("purged %d, want the source and its fork: %v", n, err)
	}
	for _, id := range []string{src.ID, fork.ID} {
		if left := f.rowsOf(id); len(left) != 0 {
			t.Fatalf("purged %s left %v", id, left)
		}
	}
	if f.blobExists(shared.Hash) {
		t.Fatal("a picture no resource holds is still stored")
	}
	// The harvesters' tombstone of the public source stays: an id and a date.
	var tomb int
	f.must(f.a.db.Pool.QueryRow(f.ctx, `SELECT count(*) FROM oai_tombstones WHERE id = $1`, src.ID).Scan(&tomb))
	if tomb != 1 {
		t.Fatalf("the purged source has %d OAI-PMH tombstones", tomb)
	}
}

func TestEraseNowForItsOwnersOnly(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, bob := f.user("alice"), f.user("bob")
	draft := f.create(alice, "Draft", "Secret words.\n", "CC-BY-4.0", resource.Private)
	_, err := f.a.SetCollaborator(f.ctx, alice, draft.ID, "bob", resource.RoleEditor)
	f.must(err)
	pic, err := f.a.AddImage(f.ctx, alice, draft.ID, []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="#3c3"/></svg>`), "A green square")
	f.must(err)
	if err := f.a.EraseResource(f.ctx, alice, draft.ID); !errors.Is(err, resource.ErrNotFound) {
		t.Fatalf("erased a live resource: %v", err)
	}
	f.must(f.a.DeleteResource(f.ctx, alice, draft.ID))
	if err := f.a.EraseResource(f.ctx, Anonymous, draft.ID); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("anonymous erase: %v", err)
	}
	if err := f.a.EraseResource(f.ctx, bob, draft.ID); !errors.Is(err, resource.ErrNotFound) {
		t.Fatalf("an editor erased it: %v", err)
	}
	f.must(f.a.EraseResource(f.ctx, alice, draft.ID))
	if left := f.rowsOf(draft.ID); len(left) != 0 {
		t.Fatalf("the erased draft left %v", left)
	}
	if f.blobExists(pic.Hash) {
		t.Fatal("the erased draft's picture is still stored")
	}
	if err := f.a.EraseResource(f.ctx, alice, draft.ID); !errors.Is(err, resource.ErrNotFound) {
		t.Fatalf("erased twice: %v", err)
	}
	if _, _, err := f.a.RestoreResource(f.ctx, alice, draft.ID); !errors.Is(err, resource.ErrNotFound) {
		t.Fatalf("restored after erasing: %v", err)
	}

	// A source that a fork still derives from cannot be erased yet; it stays
	// restorable, and once the fork is erased it can go.
	src := f.create(alice, "Volcanoes", "Lava is hot.\n", "CC-BY-4.0", resource.Public)
	res, err := f.a.Fork(f.ctx, bob, src.ID, ForkRequest{})
	f.must(err)
	f.must(f.a.DeleteResource(f.ctx, alice, src.ID))
	wantKind(t, "erasing a source with a fork", f.a.EraseResource(f.ctx, alice, src.ID), Conflict, "still_derived_from")
	if trash, err := f.a.DeletedResources(f.ctx, alice); err != nil || len(trash) != 1 || trash[0].Resource.ID != src.ID {
		t.Fatalf("the refused erase changed the trash: %+v, %v", trash, err)
	}
	f.must(f.a.DeleteResource(f.ctx, bob, res.Resource.ID))
	f.must(f.a.EraseResource(f.ctx, bob, res.Resource.ID))
	f.must(f.a.EraseResource(f.ctx, alice, src.ID))
	if left := f.rowsOf(src.ID); len(left) != 0 {
		t.Fatalf("the erased source left %v", left)
	}
}
