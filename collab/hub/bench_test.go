package hub

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/commonplace/commonplace/collab"
)

// BenchmarkSubmit measures one op through transform, apply, group commit (in-memory store) and
// acknowledgement, with parallel writers spread over 16 documents.
func BenchmarkSubmit(b *testing.B) {
	s := newMemStore()
	const docs = 16
	for i := range docs {
		s.create(fmt.Sprint("d", i), "")
	}
	m := NewManager(s, Options{})
	defer m.Close(context.Background())
	var n atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		doc := fmt.Sprint("d", n.Add(1)%docs)
		ctx := context.Background()
		ed := info("bench", true)
		for pb.Next() {
			// Base 0 is transformed over everything since: keep the document short by
			// inserting at the start of an empty document at base 0 only once per goroutine.
			st, err := m.State(ctx, doc)
			if err != nil {
				b.Fatal(err)
			}
			op := collab.Op{{Insert: "x"}}
			if l := collab.Len16(st.Text); l > 0 {
				op = append(op, collab.Component{Retain: l})
			}
			if _, err := m.Submit(ctx, doc, ed, st.Version, op); err != nil {
				b.Fatal(err)
			}
		}
	})
}
