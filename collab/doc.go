package collab

import (
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Chunk sizes of the rope. Edits touch one small chunk (a memmove of at most maxChunk bytes),
// and finding a position scans only the per-chunk lengths, so a keystroke costs far less than
// rebuilding the text.
const (
	maxChunk = 2048 // split a chunk that grows beyond this many bytes
	minChunk = 256  // merge a chunk that shrinks below this into a neighbour when they fit
)

// Doc is a document's text indexed in UTF-16 code units, stored as a rope of UTF-8 chunks.
// Chunks always end on code-point boundaries and hold only valid UTF-8. A Doc is not safe for
// concurrent use; the hub owns it.
type Doc struct {
	chunks []chunk
	len16  int
	nbytes int
	// hint remembers where the last lookup landed, because edits cluster around the cursor.
	hintChunk, hintStart int
}

type chunk struct {
	b     []byte
	n16   int
	pairs int // characters outside the BMP (two UTF-16 units each): with none, no offset splits a pair
	// at16 and atB are a UTF-16 offset on a code-point boundary and its byte offset, the last
	// one found or edited in this chunk (0 and 0 hold in any chunk). Typing moves forward from
	// the caret, so the next lookup walks from there instead of from the chunk's start. Every
	// change to b keeps them true: an edit leaves the prefix before it alone and sets them to
	// the edit's end, and a merge appends.
	at16, atB int
}

// pairsIn counts the four-byte characters of valid UTF-8 b: the surrogate pairs of UTF-16.
func pairsIn[T string | []byte](b T) int {
	n := 0
	for i := 0; i < len(b); i++ {
		if b[i] >= 0xF0 {
			n++
		}
	}
	return n
}

// ascii reports whether every byte is ASCII: any other character takes more bytes than units.
func (c *chunk) ascii() bool { return len(c.b) == c.n16 }

// NewDoc makes a document holding text. Invalid UTF-8 in text is replaced by U+FFFD so that
// the document only ever holds valid UTF-8.
func NewDoc(text string) *Doc {
	text = strings.ToValidUTF8(text, "\uFFFD")
	d := &Doc{}
	d.chunks = appendChunks(nil, text)
	for _, c := range d.chunks {
		d.len16 += c.n16
		d.nbytes += len(c.b)
	}
	return d
}

// appendChunks cuts valid UTF-8 text into chunks of about maxChunk/2 bytes on code-point
// boundaries, leaving room to type into each.
func appendChunks(cs []chunk, text string) []chunk {
	for len(text) > 0 {
		n := min(len(text), maxChunk/2)
		for n < len(text) && !utf8.RuneStart(text[n]) {
			n--
		}
		b := make([]byte, n, maxChunk)
		copy(b, text[:n])
		cs = append(cs, chunk{b: b, n16: Len16(text[:n]), pairs: pairsIn(text[:n])})
		text = text[n:]
	}
	return cs
}

// Len16 is the document length in UTF-16 code units.
func (d *Doc) Len16() int { return d.len16 }

// Len is the document length in bytes of UTF-8.
func (d *Doc) Len() int { return d.nbytes }

// String returns the whole text.
func (d *Doc) String() string {
	var sb strings.Builder
	sb.Grow(d.nbytes)
	for _, c := range d.chunks {
		sb.Write(c.b)
	}
	return sb.String()
}

// Slice16 returns the text between two UTF-16 offsets. Offsets are clamped to the document and
// an offset inside a surrogate pair is moved to the start of the pair.
func (d *Doc) Slice16(from, to int) string {
	from = clamp(from, 0, d.len16)
	to = clamp(to, from, d.len16)
	if from == to {
		return ""
	}
	ci, off := d.locate(from)
	var sb strings.Builder
	for n := to - from; n > 0 && ci < len(d.chunks); ci, off = ci+1, 0 {
		c := &d.chunks[ci]
		bs, ok := byteOffset16(c, off)
		if !ok { // from falls inside a pair: start at the pair
			bs = floorRune(c.b, bs)
		}
		take := min(n, c.n16-off)
		be, ok := byteOffset16(c, off+take)
		if !ok { // to falls inside a pair: stop before it
			be = floorRune(c.b, be)
		}
		sb.Write(c.b[bs:be])
		n -= take
	}
	return sb.String()
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// locate finds the chunk holding UTF-16 position pos (0 <= pos <= len16) and the offset within
// it. A position on a chunk boundary resolves to the end of the earlier chunk.
func (d *Doc) locate(pos int) (ci, off int) {
	if len(d.chunks) == 0 {
		return 0, 0
	}
	ci, start := d.hintChunk, d.hintStart
	if ci >= len(d.chunks) {
		ci, start = 0, 0
	}
	for ci > 0 && pos <= start {
		ci--
		start -= d.chunks[ci].n16
	}
	for ci < len(d.chunks)-1 && start+d.chunks[ci].n16 < pos {
		start += d.chunks[ci].n16
		ci++
	}
	d.hintChunk, d.hintStart = ci, start
	return ci, pos - start
}

// byteOffset16 converts a UTF-16 offset within a chunk to a byte offset; ok is false when the
// offset falls between the halves of a surrogate pair (the byte offset is then just past it).
func byteOffset16(c *chunk, off16 int) (int, bool) {
	if c.ascii() || off16 == 0 {
		return off16, true
	}
	if off16 == c.n16 {
		return len(c.b), true
	}
	b, u := 0, 0
	if c.at16 <= off16 {
		b, u = c.atB, c.at16
	}
	for u < off16 {
		// Most text between two accented letters is ASCII: skip it eight bytes at a time
		// (a byte below 0x80 is one unit), since this walk is most of what applying an op
		// to a non-ASCII chunk costs.
		for off16-u >= 8 && binary.LittleEndian.Uint64(c.b[b:])&0x8080808080808080 == 0 {
			b += 8
			u += 8
		}
		if u == off16 {
			break
		}
		x := c.b[b]
		if x < utf8.RuneSelf {
			b++
			u++
			continue
		}
		_, size := utf8.DecodeRune(c.b[b:])
		b += size
		if size == 4 {
			u += 2
		} else {
			u++
		}
	}
	if u == off16 {
		c.at16, c.atB = off16, b
	}
	return b, u == off16
}

// floorRune moves a byte offset back to the start of the code point before it.
func floorRune(b []byte, i int) int {
	i--
	for i > 0 && !utf8.RuneStart(b[i]) {
		i--
	}
	return i
}

// splitsPair reports whether UTF-16 position pos lies inside a surrogate pair.
func (d *Doc) splitsPair(pos int) bool {
	if pos <= 0 || pos >= d.len16 {
		return false
	}
	ci, off := d.locate(pos)
	if d.chunks[ci].pairs == 0 {
		return false // the common case, without walking the chunk
	}
	_, ok := byteOffset16(&d.chunks[ci], off)
	return !ok
}

// Validate reports whether op can be applied: it must be well formed, span the document, keep
// every boundary off the middle of a surrogate pair, insert only valid UTF-8 without U+0000, and keep the
// document within lim.
func (d *Doc) Validate(op Op, lim Limits) error {
	if err := checkOp(op, d.len16, lim); err != nil {
		return err
	}
	pos := 0
	for i, c := range op {
		if c.Insert != "" {
			continue
		}
		if d.splitsPair(pos) {
			return fmt.Errorf("component %d starts at %d, inside a surrogate pair: %w", i, pos, ErrBadOp)
		}
		pos += c.Retain + c.Delete
	}
	return nil
}

// Apply applies op, or returns an error and leaves the document unchanged.
func (d *Doc) Apply(op Op, lim Limits) error {
	if err := d.Validate(op, lim); err != nil {
		return err
	}
	// Validation passed, so nothing below can fail. pos is the position in the document as
	// edited so far: earlier components have already been applied.
	pos := 0
	for _, c := range op {
		switch {
		case c.Retain > 0:
			pos += c.Retain
		case c.Insert != "":
			d.insert(pos, c.Insert)
			pos += Len16(c.Insert)
		default:
			d.delete(pos, c.Delete)
		}
	}
	return nil
}

// insert puts valid UTF-8 s at a code-point boundary pos.
func (d *Doc) insert(pos int, s string) {
	n16 := Len16(s)
	d.len16 += n16
	d.nbytes += len(s)
	if len(d.chunks) == 0 {
		d.chunks = appendChunks(d.chunks, s)
		d.hintChunk, d.hintStart = 0, 0
		return
	}
	ci, off := d.locate(pos)
	c := &d.chunks[ci]
	bo, _ := byteOffset16(c, off)
	if len(c.b)+len(s) <= maxChunk {
		c.b = append(c.b, s...)
		copy(c.b[bo+len(s):], c.b[bo:])
		copy(c.b[bo:], s)
		c.n16 += n16
		c.pairs += pairsIn(s)
		c.at16, c.atB = off+n16, bo+len(s) // pos is a code-point boundary, and so is its end
		return
	}
	// Too big for the chunk: replace it by fresh chunks of head + s + tail.
	var sb strings.Builder
	sb.Grow(len(c.b) + len(s))
	sb.Write(c.b[:bo])
	sb.WriteString(s)
	sb.Write(c.b[bo:])
	repl := appendChunks(nil, sb.String())
	d.chunks = append(d.chunks[:ci], append(repl, d.chunks[ci+1:]...)...)
}

// delete removes n UTF-16 units starting at code-point boundary pos.
func (d *Doc) delete(pos, n int) {
	d.len16 -= n
	ci, off := d.locate(pos)
	first := ci
	for n > 0 {
		c := &d.chunks[ci]
		if off == c.n16 {
			ci, off = ci+1, 0
			continue
		}
		take := min(n, c.n16-off)
		bs, _ := byteOffset16(c, off)
		be, _ := byteOffset16(c, off+take)
		c.pairs -= pairsIn(c.b[bs:be])
		c.b = append(c.b[:bs], c.b[be:]...)
		c.n16 -= take
		c.at16, c.atB = off, bs
		d.nbytes -= be - bs
		n -= take
		if n > 0 {
			ci, off = ci+1, 0
		}
	}
	d.compact(first, ci)
}

// compact removes empty chunks and merges small ones among chunks lo-1..hi+1 (the ones a
// deletion touched and their neighbours), so repeated deletions cannot leave a long tail of
// tiny chunks. It does nothing in the common case of a chunk that is still large enough.
func (d *Doc) compact(lo, hi int) {
	lo = max(lo-1, 0)
	hi = min(hi+1, len(d.chunks)-1)
	small := false
	for i := lo; i <= hi; i++ {
		if len(d.chunks[i].b) < minChunk {
			small = true
			break
		}
	}
	if !small {
		return
	}
	// Keep the lookup hint valid: delete left it on a chunk in lo..hi, and chunks before lo
	// are untouched, so the merged run starts where chunk lo started.
	hintStart, hintOK := d.hintStart, d.hintChunk >= lo && d.hintChunk <= hi
	for k := lo; hintOK && k < d.hintChunk; k++ {
		hintStart -= d.chunks[k].n16
	}
	merged := make([]chunk, 0, hi-lo+1)
	for _, c := range d.chunks[lo : hi+1] {
		if len(c.b) == 0 {
			continue
		}
		if l := len(merged); l > 0 {
			p := &merged[l-1]
			if (len(p.b) < minChunk || len(c.b) < minChunk) && len(p.b)+len(c.b) <= maxChunk {
				p.b = append(p.b, c.b...)
				p.n16 += c.n16
				p.pairs += c.pairs
				continue
			}
		}
		merged = append(merged, c)
	}
	tail := len(d.chunks) - (hi + 1)
	n := copy(d.chunks[lo:], merged)
	copy(d.chunks[lo+n:], d.chunks[hi+1:])
	end := lo + n + tail
	clear(d.chunks[end:])
	d.chunks = d.chunks[:end]
	if hintOK && lo < len(d.chunks) {
		d.hintChunk, d.hintStart = lo, hintStart
	} else {
		d.hintChunk, d.hintStart = 0, 0
	}
}

// checkOp runs the checks that do not need the text: shape, UTF-8, base length, size limits.
func checkOp(op Op, len16 int, lim Limits) error {
	if err := op.check(); err != nil {
		return err
	}
	base, target, ins := 0, 0, 0
	for i, c := range op {
		if c.Insert != "" {
			if !utf8.ValidString(c.Insert) {
				return fmt.Errorf("component %d: insert is not valid UTF-8: %w", i, ErrBadOp)
			}
			if strings.IndexByte(c.Insert, 0) >= 0 {
				// Stored text cannot hold U+0000 (PostgreSQL's text type refuses
				// it): one accepted NUL would break every later snapshot.
				return fmt.Errorf("component %d: insert holds a NUL character: %w", i, ErrBadOp)
			}
			n := Len16(c.Insert)
			ins += n
			target += n
		}
		base += c.Retain + c.Delete
		target += c.Retain
	}
	if base != len16 {
		return fmt.Errorf("op spans %d units, document has %d: %w", base, len16, ErrBaseLength)
	}
	if lim.MaxInsert16 > 0 && ins > lim.MaxInsert16 {
		return fmt.Errorf("op inserts %d units, limit %d: %w", ins, lim.MaxInsert16, ErrTooLarge)
	}
	if lim.MaxDoc16 > 0 && target > lim.MaxDoc16 {
		return fmt.Errorf("document would be %d units, limit %d: %w", target, lim.MaxDoc16, ErrTooLarge)
	}
	return nil
}
