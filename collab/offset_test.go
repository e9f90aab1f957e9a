package collab

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// byteOffset16 agrees with a plain walk over the runes at every offset, in chunks mixing
// ASCII runs of every length with two-, three- and four-byte characters (the eight-byte skip
// must stop exactly at the offset and never read past the chunk), in order and in any order
// (a lookup walks on from the chunk's last one when that lies before it).
func TestByteOffset16MatchesRuneWalk(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "bc", "defghij", "klmnopqrstu", "é", "中", "😀", "xyzxyzxyzxyzxyzxyz"}
	for range 300 {
		var text string
		for len(text) < 200 {
			text += pieces[rng.IntN(len(pieces))]
		}
		b := []byte(text)[:len(text):len(text)] // no spare capacity: a read past the end panics
		copy(b, text)
		c := &chunk{b: b, n16: Len16(text)}
		want := map[int]int{} // unit offset → byte offset at rune starts
		u := 0
		for i, r := range text {
			want[u] = i
			u += utf8.RuneLen(r) / 4 * 2
			if utf8.RuneLen(r) < 4 {
				u++
			}
		}
		want[u] = len(text)
		check := func(off int) {
			t.Helper()
			got, ok := byteOffset16(c, off)
			w, boundary := want[off]
			if ok != boundary {
				t.Fatalf("%q at %d: ok %v, want %v", text, off, ok, boundary)
			}
			if ok && got != w {
				t.Fatalf("%q at %d: byte %d, want %d", text, off, got, w)
			}
		}
		for off := 0; off <= c.n16; off++ {
			check(off)
		}
		// In any order: each lookup starts from the one before it when that lies behind.
		for range 2 * c.n16 {
			check(rng.IntN(c.n16 + 1))
		}
	}
}

// Each chunk's count of surrogate pairs stays exact through inserts, deletes, splits and
// merges, and with it the check that no edit starts inside a pair.
func TestChunkPairsStayExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"ab", "😀", "é", "中文", "xyzxyzxyzxyz", "🎉🎉", " "}
	d := NewDoc("")
	units := []bool{} // per UTF-16 unit: true when it is the second half of a pair
	for step := range 4000 {
		n := d.Len16()
		var op Op
		if n > 0 && rng.IntN(3) == 0 {
			at := rng.IntN(n)
			del := 1 + rng.IntN(min(n-at, 3000))
			op = Op{{Retain: at}, {Delete: del}, {Retain: n - at - del}}
		} else {
			at := rng.IntN(n + 1)
			var s string
			for range 1 + rng.IntN(40) {
				s += pieces[rng.IntN(len(pieces))]
			}
			op = Op{{Retain: at}, {Insert: s}, {Retain: n - at}}
		}
		op = op.Normalize()
		inside, pos := false, 0
		for _, c := range op {
			if c.Insert == "" {
				inside = inside || (pos > 0 && pos < len(units) && units[pos])
				pos += c.Retain + c.Delete
			}
		}
		err := d.Apply(op, Limits{})
		if inside != (err != nil) {
			t.Fatalf("step %d: a boundary inside a pair %v, Apply error %v", step, inside, err)
		}
		if err == nil {
			units = units[:0]
			for _, r := range d.String() {
				units = append(units, false)
				if utf8.RuneLen(r) == 4 {
					units = append(units, true)
				}
			}
		}
		for i, c := range d.chunks {
			if c.pairs != pairsIn(c.b) {
				t.Fatalf("step %d: chunk %d counts %d pairs, holds %d", step, i, c.pairs, pairsIn(c.b))
			}
		}
	}
}
