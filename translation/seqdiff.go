package translation

import (
	"github.com/sergi/go-diff/diffmatchpatch"
)

// seqOp is one run of a sequence diff.
type seqOp struct {
	op diffmatchpatch.Operation
	n  int // number of elements
}

// diffSequences diffs two sequences of comparable keys (segment hashes,
// words) by mapping each distinct key to one rune and running go-diff on
// the runes: the same trick as DiffLinesToRunes, for any token.
func diffSequences(a, b []string) []seqOp {
	ids := map[string]rune{}
	toRunes := func(keys []string) []rune {
		rs := make([]rune, len(keys))
		for i, k := range keys {
			r, ok := ids[k]
			if !ok {
				r = keyRune(len(ids))
				ids[k] = r
			}
			rs[i] = r
		}
		return rs
	}
	ra, rb := toRunes(a), toRunes(b)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // deterministic: never fall back to a coarse diff
	var ops []seqOp
	for _, d := range dmp.DiffMainRunes(ra, rb, false) {
		n := len([]rune(d.Text))
		if n == 0 {
			continue
		}
		if len(ops) > 0 && ops[len(ops)-1].op == d.Type {
			ops[len(ops)-1].n += n
			continue
		}
		ops = append(ops, seqOp{op: d.Type, n: n})
	}
	return ops
}

// keyRune maps the i-th distinct key to a valid rune, skipping surrogates.
func keyRune(i int) rune {
	r := rune(0x100 + i)
	if r >= 0xD800 {
		r += 0x800
	}
	return r
}
