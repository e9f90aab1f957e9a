package app

import (
	"testing"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/versioning"
)

func TestCheckpoints(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(c *Config) { c.Checkpoints = versioning.CheckpointPolicy{EveryOps: 2, IdleAfter: 1 << 62} })
	alice := f.user("alice")
	id := f.create(alice, "Counting", "one\n", "CC-BY-4.0", resource.Public).ID
	count := func() int {
		_, _, _, total, err := f.a.Revisions(f.ctx, Anonymous, id, 50, 0)
		f.must(err)
		return total
	}
	f.edit(alice, id, "one\ntwo\n")
	if n := count(); n != 1 {
		// version 1 after one edit: 2 versions since "no revision" → due.
		t.Fatalf("after 1 edit: %d revisions, want 1", n)
	}
	f.edit(alice, id, "one\ntwo\nthree\n")
	if n := count(); n != 1 {
		t.Fatalf("after 2 edits: %d revisions, want 1", n)
	}
	f.edit(alice, id, "one\ntwo\nthree\nfour\n")
	if n := count(); n != 2 {
		t.Fatalf("after 3 edits: %d revisions, want 2", n)
	}
	// The live hub's hook: an unchanged text is not cut again.
	f.a.checkpoint(f.ctx, id, 3)
	if n := count(); n != 2 {
		t.Fatalf("checkpoint of an unchanged text: %d revisions, want 2", n)
	}
	f.a.cfg.Checkpoints = versioning.CheckpointPolicy{IdleAfter: 1 << 62}
	f.edit(alice, id, "changed\n")
	f.a.checkpoint(f.ctx, id, 4)
	if n := count(); n != 3 {
		t.Fatalf("checkpoint of a changed text: %d revisions, want 3", n)
	}
	_, _, list, _, err := f.a.Revisions(f.ctx, Anonymous, id, 50, 0)
	f.must(err)
	if list[0].Kind != versioning.RevCheckpoint {
		t.Errorf("kind = %v", list[0].Kind)
	}

	// Idle trigger: an edit after a quiet spell cuts the text it replaces.
	f.a.cfg.Checkpoints = versioning.CheckpointPolicy{IdleAfter: 1} // 1ns: always idle
	f.edit(alice, id, "changed again\n")
	_, _, list, _, err = f.a.Revisions(f.ctx, Anonymous, id, 50, 0)
	f.must(err)
	rev, _, err := f.a.Revision(f.ctx, Anonymous, list[0].ID)
	f.must(err)
	if rev.Content != "changed\n" {
		t.Errorf("idle checkpoint holds %q, want the text before the edit", rev.Content)
	}
}
