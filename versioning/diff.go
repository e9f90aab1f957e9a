package versioning

import (
	"fmt"
	"strings"

	dmp "github.com/sergi/go-diff/diffmatchpatch"
)

// DefaultContext is the number of unchanged lines shown around a change when
// ComputeDiff is given a negative context.
const DefaultContext = 3

// Op is the kind of a diff piece.
type Op int

// The diff operations.
const (
	Equal Op = iota
	Insert
	Delete
)

func (o Op) String() string {
	switch o {
	case Insert:
		return "insert"
	case Delete:
		return "delete"
	default:
		return "equal"
	}
}

// Segment is a character-level piece inside a changed line. On a deleted
// line Op is Equal or Delete; on an inserted line, Equal or Insert.
type Segment struct {
	Op   Op
	Text string
}

// Line is one line of a diff. Text has no trailing newline; NoNewline says
// the line was the last of its text and had none. OldNo and NewNo are
// 1-based; the number that does not apply (NewNo of a deleted line, OldNo of
// an inserted one) is 0. Segments is set on changed lines that were paired
// with a line on the other side (the i-th deleted with the i-th inserted line
// of a change block).
type Line struct {
	Op        Op
	OldNo     int
	NewNo     int
	Text      string
	NoNewline bool
	Segments  []Segment
}

// Hunk is a group of changes with their context, numbered like unified diff
// headers (@@ -OldStart,OldLines +NewStart,NewLines @@).
type Hunk struct {
	OldStart, OldLines int
	NewStart, NewLines int
	Lines              []Line
}

// Diff is the difference between two texts. Added and Removed count lines.
type Diff struct {
	Hunks          []Hunk
	Added, Removed int
	Identical      bool
}

// ComputeDiff diffs old and new line by line, then refines paired changed
// lines character by character (with semantic cleanup, so a rewritten word is
// one change rather than a scatter of letters). contextLines < 0 means
// DefaultContext. It fails with ErrInvalidUTF8 on invalid input, which go-diff
// would otherwise mangle.
func ComputeDiff(old, new string, contextLines int) (Diff, error) {
	if err := checkUTF8("old text", old); err != nil {
		return Diff{}, fmt.Errorf("compute diff: %w", err)
	}
	if err := checkUTF8("new text", new); err != nil {
		return Diff{}, fmt.Errorf("compute diff: %w", err)
	}
	if old == new {
		return Diff{Identical: true}, nil
	}
	if contextLines < 0 {
		contextLines = DefaultContext
	}
	chunks, err := lineDiff(old, new)
	if err != nil {
		return Diff{}, fmt.Errorf("compute diff: %w", err)
	}
	lines, added, removed := flattenLines(chunks)
	return Diff{Hunks: buildHunks(lines, contextLines), Added: added, Removed: removed}, nil
}

// flattenLines numbers the lines of a line diff and pairs the deletions and
// insertions of each change block for character refinement.
func flattenLines(chunks []lineChunk) (lines []Line, added, removed int) {
	oldNo, newNo := 1, 1
	for i := 0; i < len(chunks); {
		if chunks[i].op == Equal {
			for _, l := range chunks[i].lines {
				t, nn := trimNL(l)
				lines = append(lines, Line{Op: Equal, OldNo: oldNo, NewNo: newNo, Text: t, NoNewline: nn})
				oldNo++
				newNo++
			}
			i++
			continue
		}
		var dels, ins []Line
		for ; i < len(chunks) && chunks[i].op != Equal; i++ {
			for _, l := range chunks[i].lines {
				t, nn := trimNL(l)
				if chunks[i].op == Delete {
					dels = append(dels, Line{Op: Delete, OldNo: oldNo, Text: t, NoNewline: nn})
					oldNo++
				} else {
					ins = append(ins, Line{Op: Insert, NewNo: newNo, Text: t, NoNewline: nn})
					newNo++
				}
			}
		}
		for k := 0; k < len(dels) && k < len(ins); k++ {
			dels[k].Segments, ins[k].Segments = lineSegments(dels[k].Text, ins[k].Text)
		}
		removed += len(dels)
		added += len(ins)
		lines = append(lines, dels...)
		lines = append(lines, ins...)
	}
	return lines, added, removed
}

func trimNL(l string) (string, bool) {
	if t, ok := strings.CutSuffix(l, "\n"); ok {
		return t, false
	}
	return l, true
}

// lineSegments splits a changed pair of lines into the pieces each side shows.
func lineSegments(oldLine, newLine string) (oldSegs, newSegs []Segment) {
	for _, d := range charDiff(oldLine, newLine) {
		switch d.Type {
		case dmp.DiffEqual:
			oldSegs = appendSeg(oldSegs, Equal, d.Text)
			newSegs = appendSeg(newSegs, Equal, d.Text)
		case dmp.DiffDelete:
			oldSegs = appendSeg(oldSegs, Delete, d.Text)
		case dmp.DiffInsert:
			newSegs = appendSeg(newSegs, Insert, d.Text)
		}
	}
	return oldSegs, newSegs
}

func appendSeg(segs []Segment, op Op, text string) []Segment {
	if text == "" {
		return segs
	}
	if n := len(segs); n > 0 && segs[n-1].Op == op {
		segs[n-1].Text += text
		return segs
	}
	return append(segs, Segment{Op: op, Text: text})
}

// buildHunks groups changed lines with ctx lines of context; changes closer
// than 2*ctx unchanged lines share a hunk, as in GNU diff.
func buildHunks(lines []Line, ctx int) []Hunk {
	var hunks []Hunk
	n := len(lines)
	for i := 0; i < n; {
		if lines[i].Op == Equal {
			i++
			continue
		}
		start := max(i-ctx, 0)
		end := i // exclusive end of the last change seen
		for j := i; j < n; j++ {
			if lines[j].Op != Equal {
				end = j + 1
				continue
			}
			if j-end >= 2*ctx {
				break
			}
		}
		stop := min(end+ctx, n)
		hunks = append(hunks, makeHunk(lines, start, stop))
		i = stop
	}
	return hunks
}

func makeHunk(lines []Line, start, stop int) Hunk {
	oldBefore, newBefore := 0, 0
	for _, l := range lines[:start] {
		if l.Op != Insert {
			oldBefore++
		}
		if l.Op != Delete {
			newBefore++
		}
	}
	h := Hunk{Lines: append([]Line(nil), lines[start:stop]...)}
	for _, l := range h.Lines {
		if l.Op != Insert {
			h.OldLines++
		}
		if l.Op != Delete {
			h.NewLines++
		}
	}
	// GNU convention: an empty range starts at the line before it.
	h.OldStart, h.NewStart = oldBefore, newBefore
	if h.OldLines > 0 {
		h.OldStart++
	}
	if h.NewLines > 0 {
		h.NewStart++
	}
	return h
}
