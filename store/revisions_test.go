package store_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/migrations"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/versioning"
)

func TestRevisionsChainAndSkip(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	owner := newUser(t, db, "amina")
	r := newResource(t, db, owner, resource.Public)
	if _, err := db.LatestRevision(ctx, r.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("latest of a resource without revisions: %v", err)
	}
	first, created, err := db.CreateRevision(ctx, store.NewRevision{ResourceID: r.ID, Content: "a\n", Kind: versioning.RevCheckpoint, SkipIfSame: true})
	if err != nil || !created || len(first.Parents) != 0 || string(first.Attribution) != "[]" {
		t.Fatalf("first = %+v, %v, %v", first, created, err)
	}
	same, created, err := db.CreateRevision(ctx, store.NewRevision{ResourceID: r.ID, Version: 1, Content: "a\n", Kind: versioning.RevCheckpoint, SkipIfSame: true})
	if err != nil || created || same.ID != first.ID {
		t.Fatalf("unchanged text made a new checkpoint: %+v %v %v", same, created, err)
	}
	second, created, err := db.CreateRevision(ctx, store.NewRevision{ResourceID: r.ID, Version: 2, Content: "b\n", Kind: versioning.RevNamed,
		Message: "two", AuthorID: owner.ID})
	if err != nil || !created || len(second.Parents) != 1 || second.Parents[0].ID != first.ID || second.AuthorName != owner.Name {
		t.Fatalf("second = %+v, %v, %v", second, created, err)
	}
	list, total, err := db.ListRevisions(ctx, r.ID, 10, 0)
	if err != nil || total != 2 || list[0].ID != second.ID || list[0].Content != "" {
		t.Fatalf("list = %+v, %d, %v", list, total, err)
	}
	n, err := db.CountRevisionsAfter(ctx, r.ID, 0)
	if err != nil || n != 1 {
		t.Fatalf("count after 0 = %d, %v", n, err)
	}

	other := newUser(t, db, "bruno")
	fork, rev, err := db.CreateFork(ctx, store.NewFork{Resource: resource.Resource{Title: "Fork", Language: "en", License: "CC-BY-4.0",
		Visibility: resource.Public, Owner: resource.Person{ID: other.ID}}, SourceID: r.ID, SourceRevision: second, AuthorID: other.ID})
	if err != nil {
		t.Fatal(err)
	}
	if fork.Kind != resource.Fork || fork.FamilyID != r.FamilyID || fork.Content != "b\n" || rev.Kind != versioning.RevFork ||
		len(rev.Parents) != 1 || rev.Parents[0].ID != second.ID || rev.Parents[0].ResourceID != r.ID {
		t.Fatalf("fork = %+v, rev = %+v", fork, rev)
	}
	d, err := db.DerivationOf(ctx, fork.ID)
	if err != nil || d.SourceID != r.ID || d.Base() != second.ID {
		t.Fatalf("derivation = %+v, %v", d, err)
	}
	if err := db.SetSynced(ctx, fork.ID, first.ID); err != nil {
		t.Fatal(err)
	}
	if d, _ = db.DerivationOf(ctx, fork.ID); d.Base() != first.ID {
		t.Errorf("base after sync = %s", d.Base())
	}
	if _, err := db.DerivationOf(ctx, r.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("derivation of an original: %v", err)
	}
}

// Migration 041 takes the English sentences the service once stored as the message of the
// revisions it cut itself, and leaves people's own messages alone.
func TestMigrationClearsSystemRevisionMessages(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	owner := newUser(t, db, "amina")
	r := newResource(t, db, owner, resource.Public)
	msgs := []struct{ kind, before, after string }{
		{versioning.RevFork, "Forked from revision 01a23b36-8f4e-79b8-9f00-849733d832de", ""},
		{versioning.RevRestore, "Restored revision 3", ""},
		{versioning.RevMerge, "Merged changes from the source", ""},
		{versioning.RevMerge, "Merged proposal: Add the third", "Add the third"},
		{versioning.RevNamed, "Restored revision 3", "Restored revision 3"}, // a person's own words
		{versioning.RevRestore, "Restored revision 3 for term 2", "Restored revision 3 for term 2"},
	}
	ids := make([]string, len(msgs))
	for i, m := range msgs {
		rev, _, err := db.CreateRevision(ctx, store.NewRevision{ResourceID: r.ID, Version: int64(i), Content: fmt.Sprint(i, "\n"),
			Kind: m.kind, Message: m.before, AuthorID: owner.ID})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = rev.ID
	}
	sql, err := fs.ReadFile(migrations.FS, "041_system_revision_messages.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, string(sql)); err != nil {
		t.Fatal(err)
	}
	for i, m := range msgs {
		rev, err := db.Revision(ctx, ids[i])
		if err != nil {
			t.Fatal(err)
		}
		if rev.Message != m.after {
			t.Errorf("%s %q became %q, want %q", m.kind, m.before, rev.Message, m.after)
		}
	}
}
