package versioning

import (
	"fmt"
	"unicode/utf8"

	dmp "github.com/sergi/go-diff/diffmatchpatch"
)

// Span credits Len UTF-16 code units of a text to Author. A list of spans
// covers its text exactly, in order, with adjacent equal authors merged and
// no empty spans. It has the shape of collab.Span, defined here so that the
// two packages stay independent.
type Span struct {
	Author string
	Len    int
}

// Attributed is a text with its authorship, as a source for CarryMerge.
type Attributed struct {
	Text     string
	Spans    []Span
	Fallback string
}

// AuthoredText is a piece of text written by one author.
type AuthoredText struct {
	Author, Text string
}

// spanBuilder appends spans, merging equal neighbours and dropping empties.
type spanBuilder struct{ spans []Span }

func (b *spanBuilder) add(author string, n int) {
	if n <= 0 {
		return
	}
	if k := len(b.spans); k > 0 && b.spans[k-1].Author == author {
		b.spans[k-1].Len += n
		return
	}
	b.spans = append(b.spans, Span{Author: author, Len: n})
}

func spansLen(spans []Span) int {
	n := 0
	for _, s := range spans {
		n += s.Len
	}
	return n
}

// checkSpans validates text and its spans and returns the spans normalised:
// merged, no empties, and no boundary inside a surrogate pair (a pair split
// by the caller goes wholly to the earlier author).
func checkSpans(what, text string, spans []Span) ([]Span, error) {
	if err := checkUTF8(what, text); err != nil {
		return nil, err
	}
	for _, s := range spans {
		if s.Len < 0 {
			return nil, fmt.Errorf("%s: negative span length %d: %w", what, s.Len, ErrSpanLength)
		}
	}
	if got, want := spansLen(spans), utf16Len(text); got != want {
		return nil, fmt.Errorf("%s: spans cover %d units, text has %d: %w", what, got, want, ErrSpanLength)
	}
	var b spanBuilder
	pos, start, end := 0, 0, 0 // pos: text offset at a rune boundary
	rest := text
	for _, s := range spans {
		end += s.Len
		for pos < end {
			r, size := utf8.DecodeRuneInString(rest)
			rest = rest[size:]
			pos += runeUnits(r)
		}
		b.add(s.Author, pos-start) // pos is end, or end+1 when end split a pair
		start = pos
	}
	return b.spans, nil
}

// Carry moves authorship from oldText to newText: characters the diff keeps
// keep their author, inserted characters go to author.
func Carry(oldText string, old []Span, newText string, author string) ([]Span, error) {
	old, err := checkSpans("old text", oldText, old)
	if err != nil {
		return nil, fmt.Errorf("carry authorship: %w", err)
	}
	if err := checkUTF8("new text", newText); err != nil {
		return nil, fmt.Errorf("carry authorship: %w", err)
	}
	var b spanBuilder
	cur := spanCursor{spans: old}
	for _, d := range charDiff(oldText, newText) {
		n := utf16Len(d.Text)
		switch d.Type {
		case dmp.DiffEqual:
			cur.take(n, b.add)
		case dmp.DiffDelete:
			cur.take(n, func(string, int) {})
		case dmp.DiffInsert:
			b.add(author, n)
		}
	}
	return b.spans, nil
}

// spanCursor reads a span list from the front, unit by unit.
type spanCursor struct {
	spans []Span
	i     int
	used  int // units of spans[i] already taken
}

func (c *spanCursor) take(n int, emit func(author string, n int)) {
	for n > 0 && c.i < len(c.spans) {
		k := min(n, c.spans[c.i].Len-c.used)
		emit(c.spans[c.i].Author, k)
		n -= k
		c.used += k
		if c.used == c.spans[c.i].Len {
			c.i++
			c.used = 0
		}
	}
}

// CarryMerge credits each character of merged to the first source (in
// argument order) whose text contains it according to a character diff
// source→merged; characters no source explains (written while resolving
// conflicts) go to the Fallback of the last source that has one.
func CarryMerge(merged string, sources ...Attributed) ([]Span, error) {
	if err := checkUTF8("merged text", merged); err != nil {
		return nil, fmt.Errorf("carry merge authorship: %w", err)
	}
	n := utf16Len(merged)
	owner := make([]int32, n) // index into authors, -1 while unexplained
	for i := range owner {
		owner[i] = -1
	}
	var authors []string
	ids := map[string]int32{}
	intern := func(a string) int32 {
		id, ok := ids[a]
		if !ok {
			id = int32(len(authors))
			authors = append(authors, a)
			ids[a] = id
		}
		return id
	}
	fallback := ""
	for k, src := range sources {
		spans, err := checkSpans(fmt.Sprintf("source %d", k), src.Text, src.Spans)
		if err != nil {
			return nil, fmt.Errorf("carry merge authorship: %w", err)
		}
		if src.Fallback != "" {
			fallback = src.Fallback
		}
		srcOwner := make([]int32, 0, utf16Len(src.Text))
		for _, s := range spans {
			id := intern(s.Author)
			for range s.Len {
				srcOwner = append(srcOwner, id)
			}
		}
		sp, mp := 0, 0
		for _, d := range charDiff(src.Text, merged) {
			u := utf16Len(d.Text)
			switch d.Type {
			case dmp.DiffEqual:
				for x := range u {
					if owner[mp+x] < 0 {
						owner[mp+x] = srcOwner[sp+x]
					}
				}
				sp += u
				mp += u
			case dmp.DiffDelete:
				sp += u
			case dmp.DiffInsert:
				mp += u
			}
		}
	}
	fb := intern(fallback)
	var b spanBuilder
	for _, o := range owner {
		if o < 0 {
			o = fb
		}
		b.add(authors[o], 1)
	}
	return b.spans, nil
}

// SplitSpans cuts text into author pieces that concatenate back to text.
// Spans are read as UTF-16 lengths; a boundary inside a surrogate pair moves
// after it, text beyond the spans gets the author "", spans beyond the text
// are ignored.
func SplitSpans(text string, spans []Span) []AuthoredText {
	var out []AuthoredText
	push := func(author, t string) {
		if t == "" {
			return
		}
		if k := len(out); k > 0 && out[k-1].Author == author {
			out[k-1].Text += t
			return
		}
		out = append(out, AuthoredText{Author: author, Text: t})
	}
	rest := text
	debt := 0 // units a previous span took from this one by finishing a pair
	for _, s := range spans {
		if rest == "" {
			break
		}
		need := s.Len - debt
		if need <= 0 {
			debt = -need
			continue
		}
		units, cut := 0, 0
		for units < need && cut < len(rest) {
			r, size := utf8.DecodeRuneInString(rest[cut:])
			cut += size
			units += runeUnits(r)
		}
		push(s.Author, rest[:cut])
		rest = rest[cut:]
		debt = units - need
	}
	push("", rest)
	return out
}
