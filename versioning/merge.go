package versioning

import (
	"fmt"
	"strings"
)

// Chunk is a piece of a merge result: either text both sides agree on (or
// only one side changed), or a conflict. Exactly one of the two is set.
type Chunk struct {
	Stable   string
	Conflict *Conflict
}

// Conflict is a region both sides changed differently. Index numbers the
// conflicts of one MergeResult from 0 in text order. Base, Ours and Theirs
// are whole lines (with their newlines) from the three texts.
type Conflict struct {
	Index              int
	Base, Ours, Theirs string
}

// MergeResult is the outcome of Merge3. Text is the merged text and is only
// meaningful when Clean; with conflicts it is "" and Resolve builds the text.
type MergeResult struct {
	Chunks    []Chunk
	Conflicts []Conflict
	Text      string
}

// Clean reports whether the merge has no conflicts.
func (r MergeResult) Clean() bool { return len(r.Conflicts) == 0 }

// Merge3 merges the changes base→ours and base→theirs (diff3 over lines).
//
// Rules, following git's merge of text files:
//   - a region changed on one side only takes that side;
//   - regions changed identically on both sides merge cleanly;
//   - changes that overlap OR TOUCH (adjacent lines, or an insertion right at
//     the edge of the other side's change) form one conflict region. This is
//     the stricter git behaviour: edits to neighbouring lines usually belong
//     together (a sentence split across lines, a list item and its
//     continuation), so a person should look at them;
//   - two insertions at the same point conflict unless they are identical.
//
// Within a conflict region, when every change on each side overlaps a change
// on the other side (both sides edited the same lines), the region is merged
// again character by character with the same rules; if that merge is clean
// its result is used, otherwise the whole line region is a conflict. Edits to
// adjacent but different lines are never refined, so they stay conflicts.
//
// A missing final newline is part of the last line: adding one changes that
// line, exactly as in git.
func Merge3(base, ours, theirs string) (MergeResult, error) {
	for _, t := range []struct{ what, s string }{{"base", base}, {"ours", ours}, {"theirs", theirs}} {
		if err := checkUTF8(t.what, t.s); err != nil {
			return MergeResult{}, fmt.Errorf("merge: %w", err)
		}
	}
	baseLines := splitLines(base)
	oc, err := lineDiff(base, ours)
	if err != nil {
		return MergeResult{}, fmt.Errorf("merge: diff base and ours: %w", err)
	}
	tc, err := lineDiff(base, theirs)
	if err != nil {
		return MergeResult{}, fmt.Errorf("merge: diff base and theirs: %w", err)
	}
	pieces := diff3(baseLines, lineRegions(oc), lineRegions(tc))

	var res MergeResult
	var stable strings.Builder
	flush := func() {
		if stable.Len() > 0 {
			res.Chunks = append(res.Chunks, Chunk{Stable: stable.String()})
			stable.Reset()
		}
	}
	for _, p := range pieces {
		if !p.conflict {
			stable.WriteString(p.text)
			continue
		}
		if p.refinable {
			if text, ok := mergeChars(p.base, p.ours, p.theirs); ok {
				stable.WriteString(text)
				continue
			}
		}
		flush()
		c := Conflict{Index: len(res.Conflicts), Base: p.base, Ours: p.ours, Theirs: p.theirs}
		res.Conflicts = append(res.Conflicts, c)
		res.Chunks = append(res.Chunks, Chunk{Conflict: &c})
	}
	flush()
	if res.Clean() {
		var b strings.Builder
		for _, c := range res.Chunks {
			b.WriteString(c.Stable)
		}
		res.Text = b.String()
	}
	return res, nil
}

// mergeChars merges one conflicting line region character by character and
// reports whether that merge is clean.
func mergeChars(base, ours, theirs string) (string, bool) {
	baseToks := runeTokens(base)
	pieces := diff3(baseToks, charRegions(base, ours), charRegions(base, theirs))
	var b strings.Builder
	for _, p := range pieces {
		if p.conflict {
			return "", false
		}
		b.WriteString(p.text)
	}
	return b.String(), true
}

func runeTokens(s string) []string {
	out := make([]string, 0, len(s))
	for i, r := range s {
		out = append(out, s[i:i+len(string(r))])
	}
	return out
}
