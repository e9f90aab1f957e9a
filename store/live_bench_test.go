package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/collab/hub"
	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/resource"
)

// BenchmarkAppendOps commits batches the way the group committer does at 300 documents × 3
// typists: one keystroke in each of eight documents per batch. Its B/op is what the commit
// path gives the garbage collector per batch (docs/benchmarks-live.md, "tenth pass").
func BenchmarkAppendOps(b *testing.B) {
	db := pgtest.DB(b)
	ctx := context.Background()
	u, err := db.CreateUser(ctx, auth.User{Handle: "bench", Email: "bench@example.org", Name: "Bench", PasswordHash: "x"})
	if err != nil {
		b.Fatal(err)
	}
	const docs = 8
	ids := make([]string, docs)
	for i := range ids {
		r, err := db.CreateResource(ctx, resource.Resource{
			Title: "Fractions", Content: "# Fractions\n", Language: "en", License: "CC-BY-4.0", Visibility: resource.Public,
			Owner: resource.Person{ID: u.ID}}, []byte(`[["`+u.ID+`",12]]`))
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = r.ID
	}
	batch := make([]hub.StoredOp, docs)
	b.ReportAllocs()
	for n := range b.N {
		for i := range batch {
			v := int64(n + 1)
			batch[i] = hub.StoredOp{Doc: ids[i], Version: v, Author: u.ID, Client: "c-3f2a9c41d0b7e5a6", Seq: v,
				Op: collab.Op{{Retain: 12 + n}, {Insert: "é"}}, Time: time.Now()}
		}
		res, err := db.Live().AppendOps(ctx, batch)
		if err != nil || res[0].Status != hub.Appended {
			b.Fatalf("batch %d: %v %v", n, res, err)
		}
	}
}
