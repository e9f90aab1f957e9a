package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/commonplace/commonplace/collab/hub"
	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// A live commit does not queue behind other work for a connection: with every connection of
// the shared pool taken (slow page loads, say), AppendOps still stores and returns at once,
// and so does the op-by-op path a clashing batch takes.
func TestLiveCommitsDoNotWaitForTheSharedPool(t *testing.T) {
	t.Parallel()
	db, err := store.Open(context.Background(), pgtest.URL(t), 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	u := newUser(t, db, "ines")
	r := newResource(t, db, u, resource.Public)

	ctx := context.Background()
	for range 2 {
		c, err := db.Pool.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(c.Release)
	}

	wait, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	op := hub.StoredOp{Doc: r.ID, Version: 1, Author: u.ID, Client: "c1", Seq: 1, Op: mustOp(t, `[12,"x"]`)}
	res, err := db.Live().AppendOps(wait, []hub.StoredOp{op})
	if err != nil || res[0].Status != hub.Appended {
		t.Fatalf("AppendOps with the shared pool taken: %v, %v", res, err)
	}
	// The retry clashes with the stored op, which sends the batch down appendEach.
	res, err = db.Live().AppendOps(wait, []hub.StoredOp{op})
	if err != nil || res[0].Status != hub.VersionTaken {
		t.Fatalf("retry with the shared pool taken: %v, %v", res, err)
	}
}
