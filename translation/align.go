package translation

import (
	"regexp"
	"sort"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// AlignKind says how a segment of the new source relates to the old one.
type AlignKind int

const (
	// Unchanged: the same bytes (possibly moved); the translation carries over.
	Unchanged AlignKind = iota
	// Minor: only whitespace, markup or URLs changed; the translation carries
	// over and is not outdated.
	Minor
	// Changed: the text changed; keep the old translation, flag it outdated.
	Changed
	// Added: a new segment with no counterpart.
	Added
	// Removed: an old segment with no counterpart.
	Removed
)

func (k AlignKind) String() string {
	switch k {
	case Unchanged:
		return "unchanged"
	case Minor:
		return "minor"
	case Changed:
		return "changed"
	case Added:
		return "added"
	case Removed:
		return "removed"
	}
	return "unknown"
}

// Alignment pairs an old segment with a new one. Old is nil for Added,
// New is nil for Removed.
type Alignment struct {
	Kind     AlignKind
	Old, New *Segment
}

// minSimilarity is the score (0–100) above which a deleted and an inserted
// segment in the same changed region are taken as one edited segment.
const minSimilarity = 50

// Align matches the segments of an old and a new version of a source.
// Segments match by hash first: a sequence diff over the hashes keeps the
// unchanged ones in place. Inside each changed region, deleted and
// inserted segments pair up when their texts are at least 50% similar
// (Minor when only whitespace/markup/URLs differ, else Changed). Segments
// that moved elsewhere still match by hash (Unchanged) or as a minor edit.
// The rest are Removed or Added. The result follows the new document's
// order, each removed segment placed after its old predecessor's match.
func Align(old, new *Document) []Alignment {
	var os, ns []Segment
	if old != nil {
		os = old.Segments
	}
	if new != nil {
		ns = new.Segments
	}
	oldToNew := make([]int, len(os))
	newToOld := make([]int, len(ns))
	kind := make([]AlignKind, len(ns))
	for i := range oldToNew {
		oldToNew[i] = -1
	}
	for j := range newToOld {
		newToOld[j] = -1
	}
	pair := func(i, j int, k AlignKind) {
		oldToNew[i], newToOld[j], kind[j] = j, i, k
	}

	ha := make([]string, len(os))
	for i, s := range os {
		ha[i] = s.Hash
	}
	hb := make([]string, len(ns))
	for j, s := range ns {
		hb[j] = s.Hash
	}
	type hunk struct{ dels, ins []int }
	var hunks []hunk
	cur := hunk{}
	i, j := 0, 0
	for _, o := range diffSequences(ha, hb) {
		switch o.op {
		case diffmatchpatch.DiffEqual:
			if len(cur.dels)+len(cur.ins) > 0 {
				hunks = append(hunks, cur)
				cur = hunk{}
			}
			for k := 0; k < o.n; k++ {
				pair(i+k, j+k, Unchanged)
			}
			i += o.n
			j += o.n
		case diffmatchpatch.DiffDelete:
			for k := 0; k < o.n; k++ {
				cur.dels = append(cur.dels, i+k)
			}
			i += o.n
		case diffmatchpatch.DiffInsert:
			for k := 0; k < o.n; k++ {
				cur.ins = append(cur.ins, j+k)
			}
			j += o.n
		}
	}
	if len(cur.dels)+len(cur.ins) > 0 {
		hunks = append(hunks, cur)
	}

	// Pair within each changed region by similarity, best pairs first.
	for _, h := range hunks {
		pairBySimilarity(os, ns, h.dels, h.ins, oldToNew, newToOld, pair, minSimilarity)
	}
	// Moved segments: anything left that matches exactly or minorly elsewhere.
	var dels, ins []int
	for i := range os {
		if oldToNew[i] < 0 {
			dels = append(dels, i)
		}
	}
	for j := range ns {
		if newToOld[j] < 0 {
			ins = append(ins, j)
		}
	}
	pairBySimilarity(os, ns, dels, ins, oldToNew, newToOld, pair, 101)

	// Emit in new order; removed segments after their predecessor's match.
	removedAfter := map[int][]int{} // new index (or -1) → old indices
	anchor := -1
	for i := range os {
		if oldToNew[i] >= 0 {
			anchor = oldToNew[i]
			continue
		}
		removedAfter[anchor] = append(removedAfter[anchor], i)
	}
	var out []Alignment
	emitRemoved := func(a int) {
		for _, i := range removedAfter[a] {
			out = append(out, Alignment{Kind: Removed, Old: &os[i]})
		}
	}
	emitRemoved(-1)
	for j := range ns {
		if i := newToOld[j]; i >= 0 {
			out = append(out, Alignment{Kind: kind[j], Old: &os[i], New: &ns[j]})
		} else {
			out = append(out, Alignment{Kind: Added, New: &ns[j]})
		}
		emitRemoved(j)
	}
	return out
}

// pairBySimilarity pairs unmatched old and new segments greedily, best
// score first. Exact hashes score above 100, minor changes 100. With
// threshold 101 only exact and minor matches pair.
func pairBySimilarity(os, ns []Segment, dels, ins []int, oldToNew, newToOld []int, pair func(i, j int, k AlignKind), threshold int) {
	type cand struct{ i, j, score int }
	var cands []cand
	for _, i := range dels {
		for _, j := range ins {
			a, b := os[i], ns[j]
			var score int
			switch {
			case a.Hash == b.Hash:
				score = 102
			case IsMinorChange(a.Source, b.Source):
				score = 101
			case threshold <= 100:
				score = Similarity(plainText(a.Source), plainText(b.Source))
			default:
				continue
			}
			if score >= threshold {
				cands = append(cands, cand{i, j, score})
			}
		}
	}
	sort.SliceStable(cands, func(x, y int) bool {
		if cands[x].score != cands[y].score {
			return cands[x].score > cands[y].score
		}
		// prefer pairs close in position
		dx := abs(cands[x].i - cands[x].j)
		dy := abs(cands[y].i - cands[y].j)
		return dx < dy
	})
	for _, c := range cands {
		if oldToNew[c.i] >= 0 || newToOld[c.j] >= 0 {
			continue
		}
		switch {
		case c.score == 102:
			pair(c.i, c.j, Unchanged)
		case c.score == 101:
			pair(c.i, c.j, Minor)
		default:
			pair(c.i, c.j, Changed)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

var (
	urlRe       = regexp.MustCompile(`(?i)(?:\b[a-z][a-z0-9+.-]*://|\bwww\.|\bmailto:)[^\s<>()\[\]{}"]+`)
	linkDestRe  = regexp.MustCompile(`\]\([^)]*\)`)
	markupChars = strings.NewReplacer("*", "", "_", "", "`", "", "~", "", "[", "", "]", "", "#", "")
)

// IsMinorChange reports whether two source texts (placeholder notation, or
// plain Markdown) differ only in whitespace, markup (placeholders, emphasis
// or code markers, brackets) or URLs — changes that do not make an existing
// translation outdated.
func IsMinorChange(oldSource, newSource string) bool {
	return minorKey(oldSource) == minorKey(newSource)
}

func minorKey(s string) string {
	s = plainText(s)
	s = linkDestRe.ReplaceAllString(s, "]")
	s = urlRe.ReplaceAllString(s, " ")
	s = markupChars.Replace(s)
	return strings.Join(strings.Fields(s), " ")
}
