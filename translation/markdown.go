package translation

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/commonplace/commonplace/markdown"
)

// pieceKind tells the parts of a translatable block.
type pieceKind uint8

const (
	pieceText  pieceKind = iota // translatable text, shown as is (braces escaped)
	piecePH                     // protected markup, shown as a placeholder
	pieceBreak                  // a soft line break, shown as "\n"
)

// piece is a byte range of the source inside a translatable block.
type piece struct {
	kind       pieceKind
	start, end int
	ph         *rawPH // for piecePH
}

// rawPH is a placeholder before it is numbered inside its segment.
type rawPH struct {
	kind    string
	display string
	partner *rawPH // the other half of an open/close pair
	hard    bool   // a hard line break (projected as a space for sentence detection)
	edge    bool   // left in the skeleton when at the edge of a sentence (hard break, task checkbox)
	half    bool   // one half of a markup pair offered as a standalone placeholder
	link    bool   // a link's "[" or "](...)"
}

// leafBlock is one translatable block: its pieces in source order.
type leafBlock struct {
	pieces   []piece
	fallback bool // inline structure could not be mapped; offered as plain text
	// alts are the byte ranges of the images' alt texts (the label between
	// "![" and "]"): each becomes a segment of its own (see altSegments).
	alts [][2]int
}

// newMarkdown parses the dialect the pages render (GFM and formulas), so
// that a formula is one node: never split into sentences, never translated.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.GFM, markdown.Math()))
}

// frontMatterEnd returns the length of a YAML front matter block ("---" on
// the first line up to a closing "---" or "..." line), or 0.
func frontMatterEnd(src []byte) int {
	first, rest, ok := cutLine(src)
	if !ok || strings.TrimRight(string(first), " \t\r") != "---" {
		return 0
	}
	pos := len(src) - len(rest)
	for len(rest) > 0 {
		line, next, hasNL := cutLine(rest)
		t := strings.TrimRight(string(line), " \t\r")
		if t == "---" || t == "..." {
			end := pos + len(line)
			if hasNL {
				end++
			}
			return end
		}
		pos += len(rest) - len(next)
		rest = next
	}
	return 0
}

// cutLine splits off the first line (without its "\n").
func cutLine(b []byte) (line, rest []byte, hasNL bool) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], b[i+1:], true
	}
	return b, nil, false
}

// leafBlocks parses src (the part after any front matter, at offset off in
// the whole document) and returns its translatable blocks in order.
// Positions in the result are relative to the whole document.
func leafBlocks(md goldmark.Markdown, whole []byte, off int) []leafBlock {
	src := whole[off:]
	root := md.Parser().Parse(text.NewReader(src))
	var out []leafBlock
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.Paragraph, *ast.Heading, *ast.TextBlock, *east.TableCell:
			if b, ok := buildBlock(src, n); ok {
				for i := range b.pieces {
					b.pieces[i].start += off
					b.pieces[i].end += off
				}
				for i := range b.alts {
					b.alts[i][0] += off
					b.alts[i][1] += off
				}
				out = append(out, b)
			}
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *ast.ThematicBreak, *ast.LinkReferenceDefinition,
			*markdown.MathBlock: // a display formula is skeleton, like code
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

// itemKind tells the inline events of a block in source order.
type itemKind uint8

const (
	itText itemKind = iota
	itOpen
	itClose
	itAtom
)

type item struct {
	kind       itemKind
	start, end int // -1 when unknown
	length     int // -1 when unknown (used when start is unknown)
	ph         *rawPH
	soft, hard bool // line break after a text item
}

// buildBlock maps the inline tree of one leaf block onto source bytes.
func buildBlock(src []byte, n ast.Node) (leafBlock, bool) {
	lines := n.Lines()
	if lines == nil || lines.Len() == 0 {
		return leafBlock{}, false
	}
	rs, re := lines.At(0).Start, lines.At(lines.Len()-1).Stop
	if rs < 0 || re > len(src) || rs >= re {
		return leafBlock{}, false
	}
	for rs < re && isBlank(src[rs]) {
		rs++
	}
	for re > rs && isBlank(src[re-1]) {
		re--
	}
	if rs >= re {
		return leafBlock{}, false
	}
	w := &walker{src: src}
	w.walk(n)
	pieces, ok := resolve(src, w.items, rs, re)
	if !ok {
		// Offered as plain text: an image's alt text is part of it.
		return leafBlock{pieces: splitText(src, rs, re), fallback: true}, true
	}
	return leafBlock{pieces: pieces, alts: w.alts}, true
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

type walker struct {
	src   []byte
	items []item
	alts  [][2]int
}

func (w *walker) add(it item) int {
	w.items = append(w.items, it)
	return len(w.items) - 1
}

func (w *walker) container(n ast.Node, openLen, closeLen int, openDisp, closeDisp string) {
	_, link := n.(*ast.Link)
	open := &rawPH{kind: KindOpen, display: openDisp, link: link}
	cl := &rawPH{kind: KindClose, display: closeDisp, partner: open, link: link}
	open.partner = cl
	start := n.Pos()
	if _, ok := n.(*ast.Emphasis); ok {
		// goldmark puts an emphasis at the start of the whole delimiter
		// run; the delimiters it consumed are the ones next to its content.
		start = -1
		if cs := contentStart(n); cs >= openLen {
			start = cs - openLen
		}
	}
	end := -1
	if start >= 0 && openLen >= 0 {
		end = start + openLen
	}
	w.add(item{kind: itOpen, start: start, end: end, length: openLen, ph: open})
	w.walk(n)
	w.add(item{kind: itClose, start: -1, end: -1, length: closeLen, ph: cl})
}

func (w *walker) atom(n ast.Node, start, end int, display string, hard bool) {
	length := -1
	if start >= 0 && end >= start {
		length = end - start
	} else {
		end = -1
	}
	w.add(item{kind: itAtom, start: start, end: end, length: length, ph: &rawPH{kind: KindStandalone, display: display, hard: hard}})
}

func (w *walker) walk(parent ast.Node) {
	src := w.src
	for c := parent.FirstChild(); c != nil; c = c.NextSibling() {
		pos := c.Pos()
		switch c := c.(type) {
		case *ast.Text:
			s := c.Segment
			if s.Start == s.Stop && !c.SoftLineBreak() && !c.HardLineBreak() {
				continue
			}
			w.add(item{kind: itText, start: s.Start, end: s.Stop, length: s.Stop - s.Start, soft: c.SoftLineBreak(), hard: c.HardLineBreak()})
		case *ast.Emphasis:
			d := "*"
			if pos >= 0 && pos < len(src) {
				d = string(src[pos])
			}
			delim := strings.Repeat(d, c.Level)
			w.container(c, c.Level, c.Level, delim, delim)
		case *east.Strikethrough:
			k := 0
			for pos >= 0 && pos+k < len(src) && src[pos+k] == '~' {
				k++
			}
			if k == 0 {
				k = -1
			}
			w.container(c, k, k, "~~", "~~")
		case *ast.Link:
			w.container(c, 1, -1, "[link]", "[/link]")
		case *ast.Image:
			w.atom(c, pos, -1, "[image: "+shorten(string(nodeText(c, src)), 20)+"]", false)
			if s, e, ok := imageLabel(src, pos); ok {
				w.alts = append(w.alts, [2]int{s, e})
			}
		case *ast.CodeSpan:
			end := codeSpanEnd(src, pos)
			disp := ""
			if end > pos {
				disp = string(src[pos:end])
			}
			w.atom(c, pos, end, shorten(disp, 24), false)
		case *ast.AutoLink:
			start, end := pos, -1
			label := c.Label(src)
			if pos >= 0 && pos < len(src) {
				if src[pos] == '<' {
					if i := bytes.IndexByte(src[pos:], '>'); i >= 0 {
						end = pos + i + 1
					}
				} else if i := bytes.Index(src[pos:], label); i >= 0 && len(label) > 0 {
					// a bare (GFM) autolink may be positioned at the
					// space that triggered it; find its label instead.
					start = pos + i
					end = start + len(label)
				}
			}
			w.atom(c, start, end, shorten(string(label), 24), false)
		case *ast.RawHTML:
			end := -1
			if c.Segments != nil && c.Segments.Len() > 0 {
				end = c.Segments.At(c.Segments.Len() - 1).Stop
			}
			disp := "<html>"
			if end > pos && pos >= 0 {
				disp = string(src[pos:end])
			}
			w.atom(c, pos, end, shorten(disp, 24), false)
		case *markdown.MathInline:
			// A formula is one placeholder covering its exact source,
			// delimiters included: TeX is never translated, and "_" or "*"
			// inside it is not emphasis.
			start, end := c.Segment.Start, c.Segment.Stop
			disp := "$…$"
			if start >= 0 && end > start && end <= len(src) {
				disp = string(src[start:end])
			} else {
				start, end = -1, -1
			}
			w.atom(c, start, end, shorten(disp, 24), false)
		case *east.TaskCheckBox:
			end := -1
			if pos >= 0 {
				end = pos + 3
			}
			disp := "[ ]"
			if c.IsChecked {
				disp = "[x]"
			}
			w.atom(c, pos, end, disp, false)
			w.items[len(w.items)-1].ph.edge = true
		default:
			w.atom(c, pos, -1, "", false)
		}
	}
}

// contentStart is where the first child of an inline container begins.
func contentStart(n ast.Node) int {
	c := n.FirstChild()
	if c == nil {
		return -1
	}
	switch c := c.(type) {
	case *ast.Text:
		return c.Segment.Start
	case *ast.Emphasis:
		cs := contentStart(c)
		if cs < 0 {
			return -1
		}
		return cs - c.Level
	}
	return c.Pos()
}

// nodeText concatenates the text segments below n (for display only).
func nodeText(n ast.Node, src []byte) []byte {
	var b []byte
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			if t.Segment.Start >= 0 && t.Segment.Stop <= len(src) && t.Segment.Start <= t.Segment.Stop {
				b = append(b, t.Segment.Value(src)...)
			}
		}
		return ast.WalkContinue, nil
	})
	return b
}

// codeSpanEnd finds the end of the code span whose opening backtick run
// starts at pos: the next run of exactly as many backticks (CommonMark).
func codeSpanEnd(src []byte, pos int) int {
	if pos < 0 || pos >= len(src) || src[pos] != '`' {
		return -1
	}
	n := 0
	for pos+n < len(src) && src[pos+n] == '`' {
		n++
	}
	for i := pos + n; i < len(src); {
		if src[i] != '`' {
			i++
			continue
		}
		k := 0
		for i+k < len(src) && src[i+k] == '`' {
			k++
		}
		if k == n {
			return i + k
		}
		i += k
	}
	return -1
}

// resolve turns the inline events of a block into pieces covering the
// region [rs, re). Nodes expose their start (Pos) but not their end, so
// ends are derived: text segments are exact, emphasis and strikethrough
// closers mirror their openers, code spans and raw HTML are measured, and a
// closer of unknown length (a link's "](url)") takes what remains before
// the next known start. When two unknown lengths meet, they become one
// standalone placeholder and their partners turn standalone too, so a pair
// is only ever offered when both halves are exact.
func resolve(src []byte, items []item, rs, re int) ([]piece, bool) {
	// group items: each group starts at an item with a known start.
	type group struct{ first, last int } // item indices, inclusive
	var groups []group
	for i, it := range items {
		if it.start >= 0 || len(groups) == 0 {
			groups = append(groups, group{i, i})
			continue
		}
		groups[len(groups)-1].last = i
	}
	fixDelimiterText(src, items)
	var pieces []piece
	cursor := rs
	if len(items) == 0 {
		return nil, false
	}
	if items[0].start < 0 {
		return nil, false
	}
	for gi, g := range groups {
		gs := items[g.first].start
		ge := re
		if gi+1 < len(groups) {
			ge = items[groups[gi+1].first].start
		}
		if gs < cursor || ge < gs || ge > re {
			return nil, false
		}
		if gs > cursor {
			pieces = append(pieces, gapPiece(src, cursor, gs, false))
		}
		// lengths
		known, unknown := 0, 0
		for i := g.first; i <= g.last; i++ {
			if items[i].length >= 0 {
				known += items[i].length
			} else {
				unknown++
			}
		}
		total := ge - gs
		switch {
		case unknown == 0:
			if known > total {
				return nil, false
			}
			at := gs
			for i := g.first; i <= g.last; i++ {
				pieces = append(pieces, itemPiece(items[i], at, at+items[i].length))
				at += items[i].length
			}
			if at < ge {
				it := items[g.last]
				hard := it.hard
				if it.kind != itText {
					hard = items[g.first].kind == itText && items[g.first].hard
				}
				pieces = append(pieces, gapPiece(src, at, ge, hard))
			}
		case unknown == 1:
			rest := total - known
			if rest < 0 {
				return nil, false
			}
			at := gs
			for i := g.first; i <= g.last; i++ {
				l := items[i].length
				if l < 0 {
					l = rest
				}
				pieces = append(pieces, itemPiece(items[i], at, at+l))
				at += l
			}
		default:
			at := gs
			from := g.first
			if items[g.first].length >= 0 && items[g.first].kind == itText {
				l := items[g.first].length
				if l > total {
					return nil, false
				}
				pieces = append(pieces, itemPiece(items[g.first], gs, gs+l))
				at += l
				from++
			}
			merged := &rawPH{kind: KindStandalone, display: shorten(string(src[at:ge]), 24), half: true}
			for i := from; i <= g.last; i++ {
				if p := items[i].ph; p != nil && p.partner != nil {
					p.partner.kind = KindStandalone
					p.partner.half = true
					p.partner.partner = nil
				}
			}
			if at < ge {
				pieces = append(pieces, piece{kind: piecePH, start: at, end: ge, ph: merged})
			}
		}
		cursor = ge
	}
	if cursor != re {
		return nil, false
	}
	// Split text pieces at newlines so that every "\n" in a segment's
	// Source is a break piece (targets map "\n" back onto those bytes).
	var out []piece
	for _, p := range pieces {
		if p.kind == pieceText && bytes.IndexByte(src[p.start:p.end], '\n') >= 0 {
			out = append(out, splitText(src, p.start, p.end)...)
			continue
		}
		if p.start == p.end && p.kind != piecePH {
			continue
		}
		out = append(out, p)
	}
	return out, true
}

// fixDelimiterText repairs the position of delimiter characters left over
// from an emphasis run ("*foo**"): goldmark may place the leftover text at
// the first character of the run although the emphasis consumed that one.
// The characters are identical, so the text moves to the next free byte.
func fixDelimiterText(src []byte, items []item) {
	min := -1
	for i := range items {
		it := &items[i]
		if it.kind == itText && it.start >= 0 && it.start < min && it.length > 0 &&
			len(bytes.Trim(src[it.start:it.end], "*_~")) == 0 &&
			min+it.length <= len(src) && bytes.Equal(src[it.start:it.end], src[min:min+it.length]) {
			it.start, it.end = min, min+it.length
		}
		switch {
		case it.start >= 0 && it.length >= 0:
			min = it.start + it.length
		case it.start < 0 && it.length >= 0 && min >= 0:
			min += it.length
		case it.start >= 0:
			min = it.start
		}
	}
}

func itemPiece(it item, start, end int) piece {
	if it.kind == itText {
		return piece{kind: pieceText, start: start, end: end}
	}
	return piece{kind: piecePH, start: start, end: end, ph: it.ph}
}

// gapPiece classifies bytes no inline node claims: line breaks (with the
// container prefix of the next line), spaces, or unknown markup.
func gapPiece(src []byte, start, end int, hard bool) piece {
	b := src[start:end]
	switch {
	case hard && bytes.IndexByte(b, '\n') >= 0:
		return piece{kind: piecePH, start: start, end: end, ph: &rawPH{kind: KindStandalone, display: "↵", hard: true, edge: true}}
	case bytes.IndexByte(b, '\n') >= 0 && bytes.Count(b, []byte("\n")) == 1 && len(bytes.TrimLeft(b, " \t\r\n>")) == 0:
		return piece{kind: pieceBreak, start: start, end: end}
	case len(bytes.TrimLeft(b, " \t")) == 0:
		return piece{kind: pieceText, start: start, end: end}
	}
	return piece{kind: piecePH, start: start, end: end, ph: &rawPH{kind: KindStandalone, display: shorten(string(b), 24)}}
}

// splitText offers a byte range as plain text, each newline (with the
// indentation or quote markers that follow it) as a break.
func splitText(src []byte, start, end int) []piece {
	var out []piece
	at := start
	for at < end {
		i := bytes.IndexByte(src[at:end], '\n')
		if i < 0 {
			out = append(out, piece{kind: pieceText, start: at, end: end})
			break
		}
		if i > 0 {
			out = append(out, piece{kind: pieceText, start: at, end: at + i})
		}
		j := at + i + 1
		for j < end && (src[j] == ' ' || src[j] == '\t' || src[j] == '>') {
			j++
		}
		out = append(out, piece{kind: pieceBreak, start: at + i, end: j})
		at = j
	}
	return out
}

// shorten cuts s to at most n runes for a placeholder label.
func shorten(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// imageLabel finds the alt text of the image starting at pos ("![" label
// "]"): the bytes between the brackets, with nested balanced brackets and
// backslash escapes, as CommonMark reads a link label. ok is false when pos
// is not where an image starts or the label is empty.
func imageLabel(src []byte, pos int) (start, end int, ok bool) {
	if pos < 0 || pos+2 > len(src) || src[pos] != '!' || src[pos+1] != '[' {
		return 0, 0, false
	}
	depth := 0
	for i := pos + 2; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '`':
			// A code span inside the label is skipped whole.
			if e := codeSpanEnd(src, i); e > i {
				i = e - 1
			}
		case '[':
			depth++
		case ']':
			if depth == 0 {
				return pos + 2, i, i > pos+2
			}
			depth--
		}
	}
	return 0, 0, false
}
