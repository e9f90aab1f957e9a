package translation

import (
	"github.com/clipperhouse/uax29/v2/words"
	"github.com/sergi/go-diff/diffmatchpatch"
)

// DiffPart is one run of a word diff.
type DiffPart struct {
	Op   string // "equal", "insert" or "delete"
	Text string
}

// Diff operations in DiffPart.Op.
const (
	DiffEqual  = "equal"
	DiffInsert = "insert"
	DiffDelete = "delete"
)

// WordDiff compares two texts word by word (UAX #29 word boundaries, so
// spaces and punctuation are their own tokens, and Chinese or Japanese
// ideographs compare one by one), for showing what changed in a source.
func WordDiff(old, new string) []DiffPart {
	a, b := wordTokens(old), wordTokens(new)
	var parts []DiffPart
	emit := func(op string, toks []string) {
		for _, t := range toks {
			if len(parts) > 0 && parts[len(parts)-1].Op == op {
				parts[len(parts)-1].Text += t
				continue
			}
			parts = append(parts, DiffPart{Op: op, Text: t})
		}
	}
	i, j := 0, 0
	for _, o := range diffSequences(a, b) {
		switch o.op {
		case diffmatchpatch.DiffEqual:
			emit(DiffEqual, a[i:i+o.n])
			i += o.n
			j += o.n
		case diffmatchpatch.DiffDelete:
			emit(DiffDelete, a[i:i+o.n])
			i += o.n
		case diffmatchpatch.DiffInsert:
			emit(DiffInsert, b[j:j+o.n])
			j += o.n
		}
	}
	return parts
}

func wordTokens(s string) []string {
	var out []string
	it := words.FromString(s)
	for it.Next() {
		out = append(out, it.Value())
	}
	return out
}
