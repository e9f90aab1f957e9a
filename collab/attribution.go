package collab

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Span credits Len UTF-16 units of the document to Author.
type Span struct {
	Author string
	Len    int
}

// Attribution is the run-length list of who wrote which part of the document, in document
// order; the lengths add up to the document length and adjacent spans have different authors.
// Its JSON form is [["<author>",len],...].
type Attribution []Span

// AuthoredText is a piece of the document with its author.
type AuthoredText struct {
	Author string
	Text   string
}

// Len16 is the document length the attribution covers.
func (a Attribution) Len16() int {
	n := 0
	for _, s := range a {
		n += s.Len
	}
	return n
}

// Apply returns the attribution after op: inserted text is credited to author, deleted text
// loses its credit, retained text keeps it. a is not modified. The op must span a (callers apply
// it to the Doc first, which validates it); any surplus or shortfall is clamped rather than
// panicking, so the result always covers exactly what the op says it covers. A normalised
// attribution (no empty spans, no equal neighbours) stays normalised.
func (a Attribution) Apply(op Op, author string) Attribution {
	out := make(Attribution, 0, len(a)+2)
	i := 0   // index into a
	off := 0 // units of a[i] already consumed
	for _, c := range op {
		switch {
		case c.Retain > 0:
			n := c.Retain
			// Whole spans after the first are copied in bulk: a normalised input has no equal
			// neighbours, so only the first one pushed can merge with what out ends with.
			if off == 0 && i < len(a) && a[i].Len <= n {
				out = out.push(a[i].Author, a[i].Len)
				n -= a[i].Len
				j := i + 1
				for j < len(a) && a[j].Len <= n {
					n -= a[j].Len
					j++
				}
				out = append(out, a[i+1:j]...)
				i = j
			}
			for n > 0 && i < len(a) {
				take := min(n, a[i].Len-off)
				out = out.push(a[i].Author, take)
				n -= take
				off += take
				if off == a[i].Len {
					i, off = i+1, 0
				}
			}
			if n > 0 { // op longer than the attribution: credit nobody
				out = out.push("", n)
			}
		case c.Insert != "":
			out = out.push(author, Len16(c.Insert))
		case c.Delete > 0:
			n := c.Delete
			for n > 0 && i < len(a) {
				take := min(n, a[i].Len-off)
				n -= take
				off += take
				if off == a[i].Len {
					i, off = i+1, 0
				}
			}
		}
	}
	return out
}

// push appends a span, merging with the last one when the author is the same.
func (a Attribution) push(author string, n int) Attribution {
	if n <= 0 {
		return a
	}
	if l := len(a); l > 0 && a[l-1].Author == author {
		a[l-1].Len += n
		return a
	}
	return append(a, Span{Author: author, Len: n})
}

// Normalize drops empty spans and merges neighbours with the same author.
func (a Attribution) Normalize() Attribution {
	out := make(Attribution, 0, len(a))
	for _, s := range a {
		out = out.push(s.Author, s.Len)
	}
	return out
}

// Split cuts text into the authored pieces the attribution describes; the texts concatenate to
// text. A span boundary that falls inside a surrogate pair keeps the whole character in the
// earlier piece. Text beyond the attribution is credited to "", and spans beyond the text are
// ignored.
func (a Attribution) Split(text string) []AuthoredText {
	var out []AuthoredText
	b := 0
	for _, s := range a {
		if b >= len(text) {
			break
		}
		start := b
		for u := 0; u < s.Len && b < len(text); {
			c := text[b]
			if c < utf8.RuneSelf {
				b++
				u++
				continue
			}
			r, size := utf8.DecodeRuneInString(text[b:])
			b += size
			if r >= 0x10000 {
				u += 2
			} else {
				u++
			}
		}
		out = appendAuthored(out, s.Author, text[start:b])
	}
	if b < len(text) {
		out = appendAuthored(out, "", text[b:])
	}
	return out
}

func appendAuthored(out []AuthoredText, author, text string) []AuthoredText {
	if text == "" {
		return out
	}
	if l := len(out); l > 0 && out[l-1].Author == author {
		out[l-1].Text += text
		return out
	}
	return append(out, AuthoredText{Author: author, Text: text})
}

// MarshalJSON encodes the attribution as [["<author>",len],...].
func (a Attribution) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 2+len(a)*24)
	b = append(b, '[')
	for i, s := range a {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		if !utf8.ValidString(s.Author) {
			return nil, fmt.Errorf("attribution span %d: author is not valid UTF-8: %w", i, ErrBadOp)
		}
		b = appendJSString(b, s.Author)
		b = append(b, ',')
		b = fmt.Appendf(b, "%d", s.Len)
		b = append(b, ']')
	}
	return append(b, ']'), nil
}

// UnmarshalJSON decodes [["<author>",len],...], rejecting negative lengths, and normalises.
func (a *Attribution) UnmarshalJSON(data []byte) error {
	var raw [][2]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("attribution: %w", err)
	}
	out := make(Attribution, 0, len(raw))
	for i, r := range raw {
		var s Span
		if err := json.Unmarshal(r[0], &s.Author); err != nil {
			return fmt.Errorf("attribution span %d author: %w", i, err)
		}
		if err := json.Unmarshal(r[1], &s.Len); err != nil {
			return fmt.Errorf("attribution span %d length: %w", i, err)
		}
		if s.Len < 0 {
			return fmt.Errorf("attribution span %d: negative length %d", i, s.Len)
		}
		out = out.push(s.Author, s.Len)
	}
	*a = out
	return nil
}
