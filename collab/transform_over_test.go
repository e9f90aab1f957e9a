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
