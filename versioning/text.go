package versioning

import (
	"strings"
	"time"
	"unicode/utf8"

	dmp "github.com/sergi/go-diff/diffmatchpatch"
)

// diffTimeout bounds one go-diff call. When it expires go-diff returns a
// valid but less minimal diff, so results stay correct under load.
const diffTimeout = 2 * time.Second

// maxDistinctLines keeps the line differ inside the rune space go-diff uses to
// encode one line per rune (0x10FFFF minus the surrogate block).
const maxDistinctLines = 1_000_000

func utf8Valid(s string) bool { return utf8.ValidString(s) }

func newDMP() *dmp.DiffMatchPatch {
	d := dmp.New()
	d.DiffTimeout = diffTimeout
	return d
}

// utf16Len is the length of s in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += runeUnits(r)
	}
	return n
}

func runeUnits(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// splitLines splits s into lines that keep their "\n"; the last one may lack
// it. It cuts exactly where go-diff's line mode cuts.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	out := make([]string, 0, strings.Count(s, "\n")+1)
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// lineChunk is a run of whole lines with one operation.
type lineChunk struct {
	op    Op
	lines []string
}

func fromDMP(op dmp.Operation) Op {
	switch op {
	case dmp.DiffInsert:
		return Insert
	case dmp.DiffDelete:
		return Delete
	default:
		return Equal
	}
}

// lineDiff diffs a and b line by line the way go-diff recommends:
// DiffLinesToRunes → DiffMainRunes → DiffCharsToLines. Inputs must be UTF-8.
func lineDiff(a, b string) ([]lineChunk, error) {
	d := newDMP()
	ra, rb, lineArray := d.DiffLinesToRunes(a, b)
	if len(lineArray) > maxDistinctLines {
		return nil, ErrTooLarge
	}
	diffs := d.DiffCharsToLines(d.DiffMainRunes(ra, rb, false), lineArray)
	out := make([]lineChunk, 0, len(diffs))
	for _, df := range diffs {
		if df.Text == "" {
			continue
		}
		out = append(out, lineChunk{op: fromDMP(df.Type), lines: splitLines(df.Text)})
	}
	return out, nil
}

// semanticCleanupLimit bounds the change blocks that get go-diff's semantic
// cleanup, whose cost grows faster than linearly with the block.
const semanticCleanupLimit = 32 << 10

// charDiff is a character diff computed line level first, then character by
// character inside each changed block of lines, with semantic cleanup there
// so that coincidental shared letters inside rewritten words do not count as
// kept. Cleaning per block rather than over the whole text keeps it fast on
// long documents. Consecutive pieces may share an operation.
func charDiff(a, b string) []dmp.Diff {
	d := newDMP()
	chunks, err := lineDiff(a, b)
	if err != nil { // too many lines for line mode: plain character diff
		return d.DiffMain(a, b, false)
	}
	var out []dmp.Diff
	for i := 0; i < len(chunks); {
		if chunks[i].op == Equal {
			out = append(out, dmp.Diff{Type: dmp.DiffEqual, Text: strings.Join(chunks[i].lines, "")})
			i++
			continue
		}
		var del, ins strings.Builder
		for ; i < len(chunks) && chunks[i].op != Equal; i++ {
			w := &ins
			if chunks[i].op == Delete {
				w = &del
			}
			for _, l := range chunks[i].lines {
				w.WriteString(l)
			}
		}
		switch {
		case ins.Len() == 0:
			out = append(out, dmp.Diff{Type: dmp.DiffDelete, Text: del.String()})
		case del.Len() == 0:
			out = append(out, dmp.Diff{Type: dmp.DiffInsert, Text: ins.String()})
		default:
			diffs := d.DiffMain(del.String(), ins.String(), false)
			if del.Len()+ins.Len() <= semanticCleanupLimit {
				diffs = d.DiffCleanupSemantic(diffs)
			}
			out = append(out, diffs...)
		}
	}
	return out
}

// diffTokens diffs two sequences of opaque tokens (one rune per distinct
// token) and returns, in order, runs of (op, count).
func diffTokens(a, b []string) []tokenRun {
	ids := map[string]rune{}
	next := rune(1)
	enc := func(toks []string) []rune {
		out := make([]rune, len(toks))
		for i, t := range toks {
			id, ok := ids[t]
			if !ok {
				id = next
				ids[t] = id
				next++
				if next == 0xD800 { // skip the surrogate block
					next = 0xE000
				}
			}
			out[i] = id
		}
		return out
	}
	ra, rb := enc(a), enc(b)
	diffs := newDMP().DiffMainRunes(ra, rb, false)
	out := make([]tokenRun, 0, len(diffs))
	for _, df := range diffs {
		n := utf8.RuneCountInString(df.Text)
		if n > 0 {
			out = append(out, tokenRun{op: fromDMP(df.Type), n: n})
		}
	}
	return out
}

type tokenRun struct {
	op Op
	n  int
}
