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

// charDiff is a character diff with semantic cleanup, so that coincidental
// shared letters inside rewritten words do not count as kept.
func charDiff(a, b string) []dmp.Diff {
	d := newDMP()
	diffs := d.DiffMain(a, b, true)
	return d.DiffCleanupSemantic(diffs)
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
