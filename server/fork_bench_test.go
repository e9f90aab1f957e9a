package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// BenchmarkFork forks a resource with a short and a long history through
// the router. No history is copied, so both cost the same.
func BenchmarkFork(b *testing.B) {
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprintf("history=%d", n), func(b *testing.B) {
			e := newVT(b)
			alice, bob := e.signup("alice"), e.signup("bob")
			text := strings.Repeat("A paragraph of a lesson about fractions and decimals.\n\n", 200) // ~11 KB
			id := e.create(alice, "Long history", text, "CC-BY-4.0", "public")
			ctx := context.Background()
			// n revisions and n snapshots (the live log's trace) of history.
			if _, err := e.db.Pool.Exec(ctx, `INSERT INTO revisions (id, resource_id, version, content, attribution, kind, author_id)
				SELECT gen_random_uuid(), $1, g, $2 || g, '[]', 'checkpoint', $3 FROM generate_series(1, $4) g`, id, text, alice.ID, n); err != nil {
				b.Fatal(err)
			}
			if _, err := e.db.Pool.Exec(ctx, `INSERT INTO snapshots (resource_id, version, content, attribution)
				SELECT $1, g, $2 || g, '[]' FROM generate_series(1, $3) g`, id, text, n); err != nil {
				b.Fatal(err)
			}
			if _, err := e.db.Pool.Exec(ctx, `UPDATE resources SET version = $2 WHERE id = $1`, id, n); err != nil {
				b.Fatal(err)
			}
			if _, err := e.db.Pool.Exec(ctx, `ANALYZE`); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if st, body := e.do(&bob, "POST", "/api/v1/resources/"+id+"/forks", map[string]any{}); st != http.StatusCreated {
					b.Fatalf("fork: %d %v", st, body)
				}
			}
		})
	}
}
