package versioning

import (
	"strings"
	"unicode/utf8"

	dmp "github.com/sergi/go-diff/diffmatchpatch"
)

// region says that base tokens [start,end) became text on one side.
// Insertions have start == end.
type region struct {
	start, end int
	text       string
}

// piece is one output unit of diff3: stable text, or a conflict with the
// three versions of its region.
type piece struct {
	conflict           bool
	text               string
	base, ours, theirs string
	refinable          bool // both sides edited the same tokens
}

// lineRegions turns a line diff into change regions over base lines.
func lineRegions(chunks []lineChunk) []region {
	var out []region
	pos := 0
	for i := 0; i < len(chunks); {
		if chunks[i].op == Equal {
			pos += len(chunks[i].lines)
			i++
			continue
		}
		r := region{start: pos, end: pos}
		var b strings.Builder
		for ; i < len(chunks) && chunks[i].op != Equal; i++ {
			if chunks[i].op == Delete {
				r.end += len(chunks[i].lines)
			} else {
				for _, l := range chunks[i].lines {
					b.WriteString(l)
				}
			}
		}
		r.text = b.String()
		pos = r.end
		out = append(out, r)
	}
	return out
}

// charRegions diffs base and other by characters (semantic cleanup, so the
// regions are whole words more often than single letters) and returns change
// regions over base runes.
func charRegions(base, other string) []region {
	var out []region
	pos := 0
	diffs := charDiff(base, other)
	for i := 0; i < len(diffs); {
		if diffs[i].Type == dmp.DiffEqual {
			pos += utf8.RuneCountInString(diffs[i].Text)
			i++
			continue
		}
		r := region{start: pos, end: pos}
		var b strings.Builder
		for ; i < len(diffs) && diffs[i].Type != dmp.DiffEqual; i++ {
			if diffs[i].Type == dmp.DiffDelete {
				r.end += utf8.RuneCountInString(diffs[i].Text)
			} else {
				b.WriteString(diffs[i].Text)
			}
		}
		r.text = b.String()
		pos = r.end
		out = append(out, r)
	}
	return out
}

// diff3 walks the change regions of both sides over base tokens. Regions of
// the two sides that overlap or touch (start <= end of the group so far) join
// one group; a group with changes from one side takes that side, a group whose
// two results are equal is stable, anything else is a conflict.
func diff3(base []string, ours, theirs []region) []piece {
	var out []piece
	pos, i, j := 0, 0, 0
	for i < len(ours) || j < len(theirs) {
		var gs, ge int
		switch {
		case j >= len(theirs) || (i < len(ours) && ours[i].start <= theirs[j].start):
			gs, ge = ours[i].start, ours[i].end
		default:
			gs, ge = theirs[j].start, theirs[j].end
		}
		oi, ti := i, j
		for grew := true; grew; {
			grew = false
			for ; i < len(ours) && ours[i].start <= ge; i++ {
				ge = max(ge, ours[i].end)
				grew = true
			}
			for ; j < len(theirs) && theirs[j].start <= ge; j++ {
				ge = max(ge, theirs[j].end)
				grew = true
			}
		}
		if gs > pos {
			out = append(out, piece{text: strings.Join(base[pos:gs], "")})
		}
		og, tg := ours[oi:i], theirs[ti:j]
		switch {
		case len(tg) == 0:
			out = append(out, piece{text: apply(base, gs, ge, og)})
		case len(og) == 0:
			out = append(out, piece{text: apply(base, gs, ge, tg)})
		default:
			o, t := apply(base, gs, ge, og), apply(base, gs, ge, tg)
			if o == t {
				out = append(out, piece{text: o})
			} else {
				out = append(out, piece{
					conflict:  true,
					base:      strings.Join(base[gs:ge], ""),
					ours:      o,
					theirs:    t,
					refinable: crossOverlap(og, tg) && crossOverlap(tg, og),
				})
			}
		}
		pos = ge
	}
	if pos < len(base) {
		out = append(out, piece{text: strings.Join(base[pos:], "")})
	}
	return out
}

// apply rebuilds base tokens [gs,ge) with the given regions (all inside it).
func apply(base []string, gs, ge int, regs []region) string {
	var b strings.Builder
	pos := gs
	for _, r := range regs {
		for _, t := range base[pos:r.start] {
			b.WriteString(t)
		}
		b.WriteString(r.text)
		pos = r.end
	}
	for _, t := range base[pos:ge] {
		b.WriteString(t)
	}
	return b.String()
}

// crossOverlap reports whether every region of a shares at least one base
// token with some region of b. Pure insertions share none.
func crossOverlap(a, b []region) bool {
	for _, x := range a {
		found := false
		for _, y := range b {
			if max(x.start, y.start) < min(x.end, y.end) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
