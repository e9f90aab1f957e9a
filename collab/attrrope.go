package collab

// AttrRope is an Attribution that is edited in place, for the one place that applies every op
// of a live document to it: the hub. Attribution.Apply copies the whole run list per op, which
// is fine for a document's history but not for a room of hundreds of authors, whose list grows
// to thousands of spans: copying it on every keystroke was the biggest cost of a 200-typist
// room (and most of its garbage). The rope keeps the spans in chunks of at most maxSpans,
// indexed in UTF-16 units like Doc, so an op touches only the chunks around its edits.
//
// Within a chunk, neighbours have different authors; two chunks may meet with the same author
// (merging across chunks is left to Attribution, which normalises). Not safe for concurrent
// use.
type AttrRope struct {
	chunks []spanChunk
	len16  int
	// hint remembers where the last lookup landed, because edits cluster around the cursor.
	hintChunk, hintStart int
}

type spanChunk struct {
	spans []Span
	n16   int
}

const (
	maxSpans = 128 // split a chunk that grows beyond this
	minSpans = 16  // merge a chunk that shrinks below this into a neighbour when they fit
)

// NewAttrRope makes a rope holding a (normalised on the way in).
func NewAttrRope(a Attribution) *AttrRope {
	r := &AttrRope{}
	var cur spanChunk
	for _, s := range a.Normalize() {
		if len(cur.spans) == maxSpans/2 {
			r.chunks = append(r.chunks, cur)
			cur = spanChunk{}
		}
		cur.spans = append(cur.spans, s)
		cur.n16 += s.Len
	}
	if len(cur.spans) > 0 {
		r.chunks = append(r.chunks, cur)
	}
	for _, c := range r.chunks {
		r.len16 += c.n16
	}
	return r
}

// Len16 is the document length the rope covers.
func (r *AttrRope) Len16() int { return r.len16 }

// Attribution returns a normalised copy, safe to hand to other goroutines.
func (r *AttrRope) Attribution() Attribution {
	n := 0
	for _, c := range r.chunks {
		n += len(c.spans)
	}
	out := make(Attribution, 0, n)
	for _, c := range r.chunks {
		for _, s := range c.spans {
			out = out.push(s.Author, s.Len)
		}
	}
	return out
}

// Apply credits op's insertions to author and drops the credit of what it deletes, with the
// same result as Attribution.Apply on a valid op (the hub applies ops to its Doc first, which
// validates them). What an invalid op retains beyond the end is credited to nobody, and what it
// deletes beyond the end is ignored, as Attribution.Apply does.
func (r *AttrRope) Apply(op Op, author string) {
	pos := 0 // position in the rope as edited so far
	for _, c := range op {
		switch {
		case c.Retain > 0:
			pos += c.Retain
			if pos > r.len16 { // an op longer than the rope credits nobody for the surplus
				r.insert(r.len16, "", pos-r.len16)
			}
		case c.Insert != "":
			n := Len16(c.Insert)
			r.insert(pos, author, n)
			pos += n
		case c.Delete > 0:
			if p := min(pos, r.len16); p < r.len16 {
				r.delete(p, min(c.Delete, r.len16-p))
			}
		}
	}
}

// locate finds the chunk holding position pos (0 <= pos <= len16) and the offset within it; a
// position on a chunk boundary resolves to the end of the earlier chunk.
func (r *AttrRope) locate(pos int) (ci, off int) {
	ci, start := r.hintChunk, r.hintStart
	if ci >= len(r.chunks) {
		ci, start = 0, 0
	}
	for ci > 0 && pos <= start {
		ci--
		start -= r.chunks[ci].n16
	}
	for ci < len(r.chunks)-1 && start+r.chunks[ci].n16 < pos {
		start += r.chunks[ci].n16
		ci++
	}
	r.hintChunk, r.hintStart = ci, start
	return ci, pos - start
}

// insert credits n units at pos to author.
func (r *AttrRope) insert(pos int, author string, n int) {
	if n <= 0 {
		return
	}
	r.len16 += n
	if len(r.chunks) == 0 {
		r.chunks = []spanChunk{{spans: []Span{{Author: author, Len: n}}, n16: n}}
		r.hintChunk, r.hintStart = 0, 0
		return
	}
	ci, off := r.locate(pos)
	c := &r.chunks[ci]
	c.n16 += n
	// Find the span holding off: i is the first span ending at or after off.
	i, end := 0, 0
	for i < len(c.spans) && end+c.spans[i].Len < off {
		end += c.spans[i].Len
		i++
	}
	if i == len(c.spans) { // an empty chunk (never kept) or off past its end
		c.spans = append(c.spans, Span{Author: author, Len: n})
		r.split(ci)
		return
	}
	s := &c.spans[i]
	at := off - end // units of span i before the insertion point, 0 < at <= Len unless off == 0
	switch {
	case s.Author == author:
		s.Len += n
	case at == s.Len && i+1 < len(c.spans) && c.spans[i+1].Author == author:
		c.spans[i+1].Len += n
	case at == 0:
		c.spans = insertSpans(c.spans, i, Span{Author: author, Len: n})
	case at == s.Len:
		c.spans = insertSpans(c.spans, i+1, Span{Author: author, Len: n})
	default: // inside span i: cut it in two around the new one
		tail := Span{Author: s.Author, Len: s.Len - at}
		s.Len = at
		c.spans = insertSpans(c.spans, i+1, Span{Author: author, Len: n}, tail)
	}
	r.split(ci)
}

// insertSpans inserts spans at index i.
func insertSpans(s []Span, i int, add ...Span) []Span {
	s = append(s, add...)
	copy(s[i+len(add):], s[i:])
	copy(s[i:], add)
	return s
}

// split halves chunk ci when it holds more than maxSpans.
func (r *AttrRope) split(ci int) {
	c := r.chunks[ci]
	if len(c.spans) <= maxSpans {
		return
	}
	half := len(c.spans) / 2
	left := spanChunk{spans: append(make([]Span, 0, maxSpans), c.spans[:half]...)}
	right := spanChunk{spans: append(make([]Span, 0, maxSpans), c.spans[half:]...)}
	for _, s := range left.spans {
		left.n16 += s.Len
	}
	right.n16 = c.n16 - left.n16
	r.chunks = append(r.chunks, spanChunk{})
	copy(r.chunks[ci+2:], r.chunks[ci+1:])
	r.chunks[ci], r.chunks[ci+1] = left, right
	if r.hintChunk > ci {
		r.hintChunk++
	} else if r.hintChunk == ci {
		r.hintChunk, r.hintStart = 0, 0
	}
}

// delete drops the credit of n units from pos (pos+n <= len16).
func (r *AttrRope) delete(pos, n int) {
	r.len16 -= n
	ci, off := r.locate(pos)
	first := ci
	for n > 0 && ci < len(r.chunks) {
		c := &r.chunks[ci]
		if off == c.n16 {
			ci, off = ci+1, 0
			continue
		}
		take := min(n, c.n16-off)
		c.spans = cutSpans(c.spans, off, take)
		c.n16 -= take
		n -= take
		if n > 0 {
			ci, off = ci+1, 0
		}
	}
	r.compact(first, min(ci, len(r.chunks)-1))
}

// cutSpans removes n units at offset off from a chunk's spans, dropping emptied spans and
// merging the neighbours that come to meet with the same author.
func cutSpans(spans []Span, off, n int) []Span {
	out := spans[:0]
	start := 0
	for _, s := range spans {
		end := start + s.Len
		lo, hi := max(off, start), min(off+n, end)
		if lo < hi {
			s.Len -= hi - lo
		}
		start = end
		if s.Len == 0 {
			continue
		}
		if l := len(out); l > 0 && out[l-1].Author == s.Author {
			out[l-1].Len += s.Len
			continue
		}
		out = append(out, s)
	}
	clear(spans[len(out):])
	return out
}

// compact removes empty chunks and merges small ones among chunks lo-1..hi+1, so repeated
// deletions cannot leave a long tail of tiny chunks.
func (r *AttrRope) compact(lo, hi int) {
	lo = max(lo-1, 0)
	hi = min(hi+1, len(r.chunks)-1)
	small := false
	for i := lo; i <= hi; i++ {
		if len(r.chunks[i].spans) < minSpans {
			small = true
			break
		}
	}
	if !small {
		return
	}
	merged := make([]spanChunk, 0, hi-lo+1)
	for _, c := range r.chunks[lo : hi+1] {
		if len(c.spans) == 0 {
			continue
		}
		if l := len(merged); l > 0 {
			p := &merged[l-1]
			if (len(p.spans) < minSpans || len(c.spans) < minSpans) && len(p.spans)+len(c.spans) <= maxSpans {
				for _, s := range c.spans {
					p.spans = Attribution(p.spans).push(s.Author, s.Len)
				}
				p.n16 += c.n16
				continue
			}
		}
		merged = append(merged, c)
	}
	tail := len(r.chunks) - (hi + 1)
	k := copy(r.chunks[lo:], merged)
	copy(r.chunks[lo+k:], r.chunks[hi+1:])
	end := lo + k + tail
	clear(r.chunks[end:])
	r.chunks = r.chunks[:end]
	r.hintChunk, r.hintStart = 0, 0
}
