package translation

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrInvalidUTF8 is returned when a document is not valid UTF-8.
var ErrInvalidUTF8 = errors.New("document is not valid UTF-8")

// Placeholder is protected inline markup inside a segment. Open and close
// halves of a pair share one ID.
type Placeholder struct {
	ID      string // "1", "2", ... per segment
	Kind    string // KindOpen, KindClose or KindStandalone
	Bytes   string // exact source bytes
	Display string // short label for chips, e.g. "**", "[link]", "`x = 1`"
}

// Segment is one translatable sentence.
type Segment struct {
	// ID is stable across re-segmentation of an unchanged text: the first
	// 16 hex digits of SHA-256 over the normalised Source (whitespace runs
	// collapsed to one space, trimmed), a dash, and the occurrence number
	// of that normalised text in the document (1, 2, ...). Inserting or
	// moving other text does not change it; editing the sentence does.
	ID           string
	Source       string // text in placeholder notation (see package doc)
	Placeholders []Placeholder
	Hash         string // SHA-256 hex of the exact source bytes of the segment
	Block        int    // index of the translatable block (paragraph, heading, cell...) in the document
	Order        int    // index of the segment inside its block
	Alt          bool   // the alt text (description) of an image
}

// span is where a segment sits in the source and how to rebuild it.
type span struct {
	start, end int
	breaks     []string // bytes of each soft line break, in order
	lineBreak  string   // bytes for extra line breaks in a target ("" → a space)
	// marks are the byte ranges of the segment that can be wrapped as one
	// piece of a rendered page: the segment cut at every half of a markup
	// pair whose other half lies outside it (wrapping across one would
	// unbalance the HTML).
	marks [][2]int
	// refLabels holds, by close placeholder id, the label of a shortcut or
	// collapsed reference link ("[Options]", "[Options][]"): a translated
	// text must keep pointing at that label.
	refLabels map[string]string
	// alt: the segment is an image's alt text. nested: it lies inside the
	// bytes of a placeholder of another segment (an image inside a
	// sentence) and is written when that placeholder is.
	alt, nested bool
	// altPH holds, by placeholder key ("kind:id"), the byte range of each
	// placeholder of this segment that contains a nested alt text.
	altPH map[string][2]int
}

// Document is a segmented Markdown text: the segments and everything
// needed to rebuild it (the source bytes outside the segments form the
// skeleton: code blocks, HTML blocks, front matter, list markers...).
type Document struct {
	Segments []Segment
	src      string
	spans    []span
	// fallbacks counts blocks whose inline markup could not be mapped and
	// were offered as plain text (for tests and diagnostics).
	fallbacks int
}

// Source returns the Markdown the document was segmented from.
func (d *Document) Source() string { return d.src }

// SegmentMarkdown splits Markdown (CommonMark + GFM) into segments.
// (A function named Segment would clash with the Segment type.)
func SegmentMarkdown(markdown []byte) (*Document, error) {
	if !utf8.Valid(markdown) {
		off := firstInvalidUTF8(markdown)
		return nil, fmt.Errorf("segment markdown: %w (first invalid byte at offset %d)", ErrInvalidUTF8, off)
	}
	src := string(markdown)
	whole := []byte(src)
	doc := &Document{src: src}
	fm := frontMatterEnd(whole)
	blocks := leafBlocks(newMarkdown(), whole, fm)
	seen := map[string]int{}
	for bi, b := range blocks {
		if b.fallback {
			doc.fallbacks++
		}
		for oi, e := range blockSegments(src, b) {
			e.seg.Block = bi
			e.seg.Order = oi
			norm := normalizeSource(e.seg.Source)
			seen[norm]++
			sum := sha256.Sum256([]byte(norm))
			e.seg.ID = hex.EncodeToString(sum[:8]) + "-" + strconv.Itoa(seen[norm])
			doc.Segments = append(doc.Segments, e.seg)
			doc.spans = append(doc.spans, e.sp)
		}
	}
	return doc, nil
}

// segSpan is a segment with where it sits, before ids are given.
type segSpan struct {
	seg Segment
	sp  span
}

// blockSegments cuts one block into segments in document order: its
// sentences, each followed by the alt texts of the images inside it, and
// the alt texts of images outside any sentence (a block holding only an
// image) in their place.
func blockSegments(src string, b leafBlock) []segSpan {
	sents := splitSentences([]byte(src), b.pieces)
	blockBreak := ""
	for _, p := range b.pieces {
		if p.kind == pieceBreak {
			blockBreak = src[p.start:p.end]
			break
		}
	}
	var out []segSpan
	used := make([]bool, len(b.alts))
	for _, s := range sents {
		seg, sp := buildSegment(src, s)
		if blockBreak != "" {
			sp.lineBreak = blockBreak
		}
		if len(sp.breaks) > 0 {
			sp.lineBreak = sp.breaks[len(sp.breaks)-1]
		}
		var kids []segSpan
		for ai, a := range b.alts {
			if used[ai] || a[0] < sp.start || a[1] > sp.end {
				continue
			}
			used[ai] = true
			at, ok := placeholderAround(s, seg.Placeholders, a)
			if !ok {
				continue // not inside a placeholder: it is text of the sentence
			}
			kid, ok := altSegment(src, a)
			if !ok {
				continue
			}
			kid.sp.nested = true
			if sp.altPH == nil {
				sp.altPH = map[string][2]int{}
			}
			sp.altPH[at.key] = at.r
			kids = append(kids, kid)
		}
		out = append(out, segSpan{seg, sp})
		out = append(out, kids...)
	}
	for ai, a := range b.alts {
		if used[ai] {
			continue
		}
		kid, ok := altSegment(src, a)
		if !ok {
			continue
		}
		// Place it among the top-level segments by position.
		i := len(out)
		for j, e := range out {
			if !e.sp.nested && e.sp.start > a[0] {
				i = j
				break
			}
		}
		out = append(out[:i], append([]segSpan{kid}, out[i:]...)...)
	}
	return out
}

// phRange is a placeholder (by key "kind:id") and its bytes' range.
type phRange struct {
	key string
	r   [2]int
}

// placeholderAround finds the placeholder of a sentence (its pieces and the
// segment's placeholders, which correspond one to one in order) whose bytes
// contain the range r.
func placeholderAround(pieces []piece, phs []Placeholder, r [2]int) (phRange, bool) {
	var at phRange
	k := 0
	for _, p := range pieces {
		if p.kind != piecePH {
			continue
		}
		if k < len(phs) && p.start <= r[0] && r[1] <= p.end {
			at.key, at.r = phs[k].Kind+":"+phs[k].ID, [2]int{p.start, p.end}
			return at, true
		}
		k++
	}
	return at, false
}

// altSegment makes an image's alt text (the label's bytes r) a segment of
// plain text: no placeholders, line breaks kept as breaks. Labels without
// a letter are not offered.
func altSegment(src string, r [2]int) (segSpan, bool) {
	pieces := trimPieces([]byte(src), splitText([]byte(src), r[0], r[1]))
	if len(pieces) == 0 || !hasLetter([]byte(src), pieces) {
		return segSpan{}, false
	}
	seg, sp := buildSegment(src, pieces)
	if len(sp.breaks) > 0 {
		sp.lineBreak = sp.breaks[len(sp.breaks)-1]
	}
	sp.alt, sp.marks = true, nil // an attribute cannot hold the marks of untranslated text
	seg.Alt = true
	return segSpan{seg, sp}, true
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// normalizeSource is what segment ids are computed from.
func normalizeSource(s string) string { return strings.Join(strings.Fields(s), " ") }

// buildSegment numbers the placeholders of one sentence and writes its
// Source in placeholder notation. Ids skip any number whose reference
// already occurs in the sentence's literal text ("see {1}"), so a literal
// brace can never be read as a placeholder.
func buildSegment(src string, ps []piece) (Segment, span) {
	var seg Segment
	sp := span{start: ps[0].start, end: ps[len(ps)-1].end}
	var lit strings.Builder
	for _, p := range ps {
		if p.kind == pieceText {
			lit.WriteString(src[p.start:p.end])
		}
	}
	taken := takenIDs(lit.String())
	var b strings.Builder
	ids := map[*rawPH]string{}
	openEnd := map[*rawPH]int{}
	next := 1
	markFrom := sp.start
	cut := func(p piece) {
		if markFrom < p.start {
			sp.marks = append(sp.marks, [2]int{markFrom, p.start})
		}
		markFrom = p.end
	}
	for _, p := range ps {
		bytes := src[p.start:p.end]
		switch p.kind {
		case pieceText:
			b.WriteString(bytes)
		case pieceBreak:
			b.WriteByte('\n')
			sp.breaks = append(sp.breaks, bytes)
		case piecePH:
			kind := p.ph.kind
			id := ""
			if kind == KindClose {
				if pid, ok := ids[p.ph.partner]; ok {
					id = pid
					if p.ph.link && (bytes == "]" || bytes == "][]") {
						if sp.refLabels == nil {
							sp.refLabels = map[string]string{}
						}
						sp.refLabels[id] = src[openEnd[p.ph.partner]:p.start]
					}
				} else {
					kind = KindStandalone
				}
			}
			if id == "" {
				for taken[strconv.Itoa(next)] {
					next++
				}
				id = strconv.Itoa(next)
				next++
				if kind == KindOpen {
					ids[p.ph] = id
					openEnd[p.ph] = p.end
				}
			}
			if kind == KindOpen && !containsPiece(ps, p.ph.partner) {
				kind = KindStandalone
			}
			if kind == KindStandalone && (p.ph.half || p.ph.kind != KindStandalone) {
				cut(p)
			}
			seg.Placeholders = append(seg.Placeholders, Placeholder{ID: id, Kind: kind, Bytes: bytes, Display: p.ph.display})
			b.WriteString(placeholderRef(kind, id))
		}
	}
	if markFrom < sp.end {
		sp.marks = append(sp.marks, [2]int{markFrom, sp.end})
	}
	seg.Source = b.String()
	sum := sha256.Sum256([]byte(src[sp.start:sp.end]))
	seg.Hash = hex.EncodeToString(sum[:])
	return seg, sp
}

func containsPiece(ps []piece, ph *rawPH) bool {
	if ph == nil {
		return false
	}
	for _, p := range ps {
		if p.ph == ph {
			return true
		}
	}
	return false
}
