package versioning

import (
	"math/rand/v2"
	"strings"
	"testing"
)

var alphabet = []string{"a", "b", "c", " ", "\n", "\n", "é", "中", "ع", "😀", "👩‍🔬"}

func randText(rng *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(alphabet[rng.IntN(len(alphabet))])
	}
	return b.String()
}

// mutate applies a few random rune-level edits.
func mutate(rng *rand.Rand, s string) string {
	r := []rune(s)
	for range 1 + rng.IntN(4) {
		pos := rng.IntN(len(r) + 1)
		switch rng.IntN(3) {
		case 0:
			ins := []rune(randText(rng, 1+rng.IntN(4)))
			r = append(r[:pos], append(ins, r[pos:]...)...)
		case 1:
			if pos < len(r) {
				end := min(len(r), pos+1+rng.IntN(3))
				r = append(r[:pos], r[end:]...)
			}
		default:
			if pos < len(r) {
				r[pos] = []rune(alphabet[rng.IntN(len(alphabet))])[0]
			}
		}
	}
	return string(r)
}

func TestMerge3Properties(t *testing.T) {
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 7))
		base := randText(rng, rng.IntN(60))
		side := mutate(rng, base)
		for _, c := range []struct {
			name               string
			base, ours, theirs string
			want               string
		}{
			{"ours only", base, side, base, side},
			{"theirs only", base, base, side, side},
			{"same both", base, side, side, side},
		} {
			r, err := Merge3(c.base, c.ours, c.theirs)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Clean() || r.Text != c.want {
				t.Fatalf("seed %d %s: Merge3(%q, %q, %q) = %q clean=%v", seed, c.name, c.base, c.ours, c.theirs, r.Text, r.Clean())
			}
		}
		// Two independent edits: taking one side for every conflict gives
		// back a text made only of stable parts and that side's regions.
		other := mutate(rng, base)
		r, err := Merge3(base, side, other)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Clean() {
			res := make([]Resolution, len(r.Conflicts))
			for i := range res {
				res[i] = Resolution{Index: i, Take: TakeOurs}
			}
			if _, err := Resolve(r, res); err != nil {
				t.Fatalf("seed %d: resolve: %v", seed, err)
			}
		}
	}
}

func TestDiffAndCarryProperties(t *testing.T) {
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 11))
		old := randText(rng, rng.IntN(80))
		nw := mutate(rng, old)
		d, err := ComputeDiff(old, nw, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		if o, n := rebuild(d); old != nw && (o != old || n != nw) {
			t.Fatalf("seed %d: diff rebuilds %q/%q from %q/%q", seed, o, n, old, nw)
		}
		spans := []Span{{"ann", utf16Len(old) / 2}, {"cat", utf16Len(old) - utf16Len(old)/2}}
		spans, err = checkSpans("old", old, spans) // fix any split pair
		if err != nil {
			t.Fatal(err)
		}
		got, err := Carry(old, spans, nw, "bob")
		if err != nil {
			t.Fatal(err)
		}
		checkSpanInvariants(t, nw, got)
		merged, err := CarryMerge(nw, Attributed{Text: old, Spans: spans, Fallback: "bob"})
		if err != nil {
			t.Fatal(err)
		}
		checkSpanInvariants(t, nw, merged)
	}
}

func FuzzMerge3(f *testing.F) {
	f.Add("a\nb\nc\n", "a\nB\nc\n", "a\nb\nC\n")
	f.Add("x 😀\n", "x 😎\n", "y 😀\n")
	f.Fuzz(func(t *testing.T, base, ours, theirs string) {
		r, err := Merge3(base, ours, theirs)
		if err != nil {
			return // invalid UTF-8
		}
		for _, c := range r.Chunks {
			if (c.Conflict == nil) == (c.Stable == "") {
				t.Fatalf("chunk with both or neither part set: %+v", c)
			}
		}
		if ours == base && (!r.Clean() || r.Text != theirs) {
			t.Fatalf("ours unchanged but merge = %q clean=%v", r.Text, r.Clean())
		}
		if theirs == base && (!r.Clean() || r.Text != ours) {
			t.Fatalf("theirs unchanged but merge = %q clean=%v", r.Text, r.Clean())
		}
	})
}
