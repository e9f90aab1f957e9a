package collab

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// randomOp is a valid op on a document of n units: a few edits at random places, inserts of
// 1–3 units (some outside the BMP: two units) and deletes.
func randomOp(rng *rand.Rand, n int) Op {
	var op Op
	pos := 0
	for e := 1 + rng.IntN(3); e > 0; e-- {
		if pos < n {
			skip := rng.IntN(n - pos + 1)
			op = op.retain(skip)
			pos += skip
		}
		if rng.IntN(5) == 0 && pos < n {
			d := 1 + rng.IntN(min(n-pos, 8))
			op = op.delete(d)
			pos += d
		} else {
			s := strings.Repeat("x", 1+rng.IntN(3))
			if rng.IntN(10) == 0 {
				s = "😀"
			}
			op = op.insert(s)
		}
	}
	return op.retain(n - pos)
}

// TestAttrRopeAppliesLikeAttribution edits a rope and an Attribution with the same random ops
// by many authors, through splits and merges of chunks, and wants the same credit after each.
func TestAttrRopeAppliesLikeAttribution(t *testing.T) {
	for seed := range uint64(8) {
		rng := rand.New(rand.NewPCG(seed, 7))
		var a Attribution
		if seed%2 == 1 {
			a = Attribution{{Author: "seed", Len: 500}}
		}
		r := NewAttrRope(a)
		most := 0
		for step := range 4000 {
			op := randomOp(rng, a.Len16())
			author := string(rune('a' + rng.IntN(40)))
			a = a.Apply(op, author)
			r.Apply(op, author)
			if step%97 == 0 || step == 3999 {
				if got := r.Attribution(); !slices.Equal(got, a) {
					t.Fatalf("seed %d step %d after %v by %s:\n rope %v\n want %v", seed, step, op, author, got, a)
				}
			}
			most = max(most, len(r.chunks))
			if r.Len16() != a.Len16() {
				t.Fatalf("seed %d step %d: rope length %d, want %d", seed, step, r.Len16(), a.Len16())
			}
		}
		if most < 4 {
			t.Errorf("seed %d: at most %d chunks; the test should exercise splits and merges", seed, most)
		}
	}
}

// TestAttrRopeClampsLikeAttribution: an op that does not fit the rope (which the hub never
// applies) credits nobody for the surplus, as Attribution.Apply does, and does not panic.
func TestAttrRopeClampsLikeAttribution(t *testing.T) {
	a := Attribution{{Author: "a", Len: 3}}
	for _, op := range []Op{
		{{Retain: 5}, {Insert: "zz"}},
		{{Retain: 1}, {Delete: 9}},
		{{Insert: "q"}, {Retain: 7}},
		{{Retain: 2}, {Delete: 1}, {Retain: 4}, {Insert: "w"}},
	} {
		r := NewAttrRope(a)
		r.Apply(op, "b")
		if got, want := r.Attribution(), a.Apply(op, "b"); !slices.Equal(got, want) {
			t.Errorf("%v: rope %v, want %v", op, got, want)
		}
	}
	r := NewAttrRope(nil)
	r.Apply(Op{{Insert: "hello"}}, "z")
	if got := r.Attribution(); !slices.Equal(got, Attribution{{Author: "z", Len: 5}}) {
		t.Errorf("empty rope: %v", got)
	}
}

// BenchmarkAttributionPerKeystroke types one unit at a time into a document credited to 200
// authors in alternation (a large room), with the copying Apply and with the rope.
func BenchmarkAttributionPerKeystroke(b *testing.B) {
	var a Attribution
	for i := range 10_000 {
		a = append(a, Span{Author: string(rune('A' + i%200)), Len: 3})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	ops := make([]Op, 1024)
	n := a.Len16()
	for i := range ops {
		p := rng.IntN(n + 1)
		ops[i] = Op{}.retain(p).insert("k").retain(n - p)
		n++
	}
	b.Run("copy", func(b *testing.B) {
		for b.Loop() {
			_ = a.Apply(ops[0], "me")
		}
	})
	b.Run("rope", func(b *testing.B) {
		r := NewAttrRope(a)
		for i := 0; b.Loop(); i++ {
			if i%len(ops) == 0 {
				r = NewAttrRope(a)
			}
			r.Apply(ops[i%len(ops)], string(rune('A'+i%200)))
		}
	})
}
