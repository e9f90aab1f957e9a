package collab

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestTransformOverIsTransformsFirstResult: on random concurrent ops (inserts at the same
// places, overlapping deletes) TransformOver gives exactly Transform's a'.
func TestTransformOverIsTransformsFirstResult(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for i := range 20_000 {
		n := rng.IntN(30)
		a, b := randomOp(rng, n), randomOp(rng, n)
		want, _, err := Transform(a, b)
		if err != nil {
			t.Fatalf("case %d: Transform(%v, %v): %v", i, a, b, err)
		}
		got, err := TransformOver(a, b)
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("case %d: TransformOver(%v, %v) = %v, %v; want %v", i, a, b, got, err, want)
		}
	}
	if _, err := TransformOver(Op{{Retain: 2}}, Op{{Retain: 3}}); !errors.Is(err, ErrBaseLength) {
		t.Errorf("base lengths 2 and 3: %v, want ErrBaseLength", err)
	}
}

// TestMoveOverIsTransformOverInTurn moves random ops, single insertions most of all, over
// random sequences of ops and wants what TransformOver gives one op at a time.
func TestMoveOverIsTransformOverInTurn(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 13))
	for i := range 5000 {
		n := rng.IntN(40)
		a := randomOp(rng, n)
		if rng.IntN(3) > 0 {
			p := rng.IntN(n + 1)
			a = Op{}.retain(p).insert("ab").retain(n - p)
		}
		var bs []Op
		size := n
		for range rng.IntN(6) {
			b := randomOp(rng, size)
			bs = append(bs, b)
			size = b.TargetLen()
		}
		want := a
		for _, b := range bs {
			var err error
			if want, err = TransformOver(want, b); err != nil {
				t.Fatalf("case %d: %v", i, err)
			}
		}
		got, err := MoveOver(a, len(bs), func(k int) Op { return bs[k] })
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("case %d: MoveOver(%v, %v) = %v, %v; want %v", i, a, bs, got, err, want)
		}
	}
	_, err := MoveOver(Op{{Retain: 1}, {Insert: "x"}}, 1, func(int) Op { return Op{{Retain: 2}} })
	if !errors.Is(err, ErrBaseLength) {
		t.Errorf("over an op of another length: %v, want ErrBaseLength", err)
	}
}
