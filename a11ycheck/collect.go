package a11ycheck

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/commonplace/commonplace/markdown"
)

type heading struct {
	level      int
	start, end int
	text       string
}

type image struct {
	alt, dest  string
	start, end int
	inLink     bool
}

type link struct {
	text, dest string
	start, end int
	auto       bool // <https://…> or a bare address made a link
	email      bool
	images     int // images inside the link
}

type table struct {
	start, end  int
	emptyHeader bool
}

// collect walks the document once and keeps what the rules look at.
func (c *checker) collect(doc ast.Node) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.CodeSpan:
			return ast.WalkSkipChildren, nil
		case *markdown.MathBlock:
			c.stats.Formulas++
			c.formulas = append(c.formulas, n)
			return ast.WalkSkipChildren, nil
		case *markdown.MathInline:
			c.stats.Formulas++
			return ast.WalkSkipChildren, nil
		case *ast.Heading:
			p := c.addProse(n, proseHeading)
			start, end := blockSpan(n, c.src)
			c.headings = append(c.headings, heading{level: n.Level, start: start, end: end, text: string(p.text)})
			c.stats.Headings++
		case *ast.Paragraph, *ast.TextBlock:
			c.addProse(n, proseParagraph)
			if displayOnly(n, c.src) {
				c.formulas = append(c.formulas, n)
			}
		case *east.TableCell:
			c.addProse(n, proseCell)
		case *east.Table:
			c.stats.Tables++
			c.tables = append(c.tables, c.tableOf(n))
		case *ast.Image:
			c.stats.Images++
			start, end := inlineSpan(n, c.src)
			_, inLink := n.Parent().(*ast.Link)
			c.images = append(c.images, image{alt: plainText(n, c.src), dest: string(n.Destination), start: start, end: end, inLink: inLink})
		case *ast.Link:
			c.stats.Links++
			start, end := inlineSpan(n, c.src)
			images := 0
			_ = ast.Walk(n, func(m ast.Node, in bool) (ast.WalkStatus, error) {
				if _, ok := m.(*ast.Image); ok && in {
					images++
				}
				return ast.WalkContinue, nil
			})
			c.links = append(c.links, link{text: linkText(n, c.src), dest: string(n.Destination), start: start, end: end, images: images})
		case *ast.AutoLink:
			c.stats.Links++
			label := string(n.Label(c.src))
			start := max(n.Pos(), 0)
			if i := bytes.Index(c.src[start:], []byte(label)); i >= 0 {
				start += i
			}
			end := start + len(label)
			if start > 0 && c.src[start-1] == '<' && end < len(c.src) && c.src[end] == '>' {
				start, end = start-1, end+1
			}
			c.links = append(c.links, link{text: label, dest: string(n.URL(c.src)), start: start, end: end, auto: true,
				email: n.AutoLinkType == ast.AutoLinkEmail})
		case *ast.HTMLBlock:
			c.addBlockHTML(n)
		case *ast.RawHTML:
			if n.Segments.Len() > 0 {
				start, end := n.Segments.At(0).Start, n.Segments.At(n.Segments.Len()-1).Stop
				c.html = append(c.html, fragment{start: start, raw: c.src[start:end]})
			}
		}
		return ast.WalkContinue, nil
	})
}

// tableOf notes a GFM table and whether its header row holds no text at all.
func (c *checker) tableOf(t *east.Table) table {
	start, end := blockSpan(t, c.src)
	out := table{start: start, end: end, emptyHeader: true}
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		if _, ok := row.(*east.TableHeader); !ok {
			continue
		}
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			if cell.HasChildren() {
				out.emptyHeader = false
			}
		}
	}
	return out
}

// displayOnly reports a paragraph that holds nothing but one $$…$$ formula: a display formula
// written inside a paragraph.
func displayOnly(n ast.Node, src []byte) bool {
	var formula bool
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		switch ch := ch.(type) {
		case *markdown.MathInline:
			if !ch.Display || formula {
				return false
			}
			formula = true
		case *ast.Text:
			if ch.Segment.Len() != 0 && !isBlank(ch.Segment.Value(src)) {
				return false
			}
		default:
			return false
		}
	}
	return formula
}

// blockSpan is where a block starts and ends in the source.
func blockSpan(n ast.Node, src []byte) (int, int) {
	start, end := -1, -1
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		start, end = n.Lines().At(0).Start, n.Lines().At(n.Lines().Len()-1).Stop
	}
	if p := n.Pos(); p >= 0 && (start < 0 || p < start) {
		start = p
	}
	_ = ast.Walk(n, func(m ast.Node, in bool) (ast.WalkStatus, error) {
		if !in {
			return ast.WalkContinue, nil
		}
		if t, ok := m.(*ast.Text); ok {
			if start < 0 || t.Segment.Start < start {
				start = t.Segment.Start
			}
			end = max(end, t.Segment.Stop)
		} else if m.Type() == ast.TypeBlock && m.Lines().Len() > 0 {
			end = max(end, m.Lines().At(m.Lines().Len()-1).Stop)
		}
		return ast.WalkContinue, nil
	})
	start = max(start, 0)
	if end < start {
		end = lineEnd(src, start)
	}
	return start, end
}

// inlineSpan is where a link or image starts and ends: from its "[" or "![" over the matching
// "]" to the closing ")" or "]" of its destination.
func inlineSpan(n ast.Node, src []byte) (int, int) {
	start := n.Pos()
	if start < 0 {
		start, _ = blockSpan(n, src)
	}
	pos := start
	if pos < len(src) && src[pos] == '!' {
		pos++
	}
	end := matching(src, pos)
	if end < 0 {
		return start, lineEnd(src, start)
	}
	if end < len(src) && (src[end] == '(' || src[end] == '[') {
		if e := matching(src, end); e > 0 {
			return start, e
		}
	}
	return start, end
}

// matching returns the offset just after the bracket that closes the one at open ("[" or "("),
// skipping escaped characters; -1 when a blank line or the end comes first.
func matching(src []byte, open int) int {
	if open >= len(src) || (src[open] != '[' && src[open] != '(') {
		return -1
	}
	opener, closer := src[open], byte(']')
	if opener == '(' {
		closer = ')'
	}
	depth := 0
	for i := open; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case opener:
			depth++
		case closer:
			depth--
			if depth == 0 {
				return i + 1
			}
		case '\n':
			if i+1 < len(src) && src[i+1] == '\n' {
				return -1
			}
		}
	}
	return -1
}

func lineEnd(src []byte, from int) int {
	for i := from; i < len(src); i++ {
		if src[i] == '\n' {
			return i
		}
	}
	return len(src)
}

// plainText is the text of an inline node's children (an image's alt text).
func plainText(n ast.Node, src []byte) string { return inlineText(n, src, false) }

// linkText is what a link says: its words, and the alt text of images inside it.
func linkText(n ast.Node, src []byte) string { return inlineText(n, src, true) }

func inlineText(n ast.Node, src []byte, images bool) string {
	var b []byte
	_ = ast.Walk(n, func(m ast.Node, in bool) (ast.WalkStatus, error) {
		if !in || m == n {
			return ast.WalkContinue, nil
		}
		switch m := m.(type) {
		case *ast.Image:
			if images {
				b = append(b, ' ')
				b = append(b, inlineText(m, src, false)...)
				b = append(b, ' ')
			}
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			b = append(b, m.Segment.Value(src)...)
			if m.SoftLineBreak() || m.HardLineBreak() {
				b = append(b, ' ')
			}
		case *ast.String:
			b = append(b, m.Value...)
		}
		return ast.WalkContinue, nil
	})
	return string(b)
}

func isBlank(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }
