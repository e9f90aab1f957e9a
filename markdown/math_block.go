package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mathBlockParser reads display formulas that start a line with $$ and end on a line ending
// with $$. A $$ line opens a block only when such a closing line comes before the next blank
// line (TeX forbids blank lines in a formula), so a stray $$ never swallows the rest of the
// lesson. A $$ in the middle of a paragraph is left to the inline parser.
type mathBlockParser struct{}

func (mathBlockParser) Trigger() []byte { return []byte{'$'} }

func (mathBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || !bytes.HasPrefix(line[pos:], []byte("$$")) {
		return nil, parser.NoChildren
	}
	rest := line[pos+2:]
	trimmed := bytes.TrimSpace(rest)
	node := &MathBlock{}
	if len(trimmed) >= 2 && bytes.HasSuffix(trimmed, []byte("$$")) { // $$ x $$ on one line
		inner := bytes.TrimSpace(trimmed[:len(trimmed)-2])
		if len(inner) == 0 || bytes.Contains(inner, []byte("$$")) {
			return nil, parser.NoChildren
		}
		from := seg.Start + pos + 2 + bytes.Index(rest, inner)
		node.Lines().Append(text.NewSegment(from, from+len(inner)))
		node.closed = true
		reader.AdvanceToEOL()
		return node, parser.NoChildren
	}
	if bytes.Contains(trimmed, []byte("$$")) || !closerAhead(reader.Source(), seg.Stop) {
		return nil, parser.NoChildren
	}
	if len(trimmed) > 0 {
		node.Lines().Append(text.NewSegment(seg.Start+pos+2, seg.Stop))
	}
	reader.AdvanceToEOL()
	return node, parser.NoChildren
}

func (mathBlockParser) Continue(n ast.Node, reader text.Reader, pc parser.Context) parser.State {
	node := n.(*MathBlock)
	if node.closed {
		return parser.Close
	}
	line, seg := reader.PeekLine()
	if util.IsBlank(line) {
		return parser.Close
	}
	end := len(bytes.TrimRight(line, " \t\r\n"))
	if end >= 2 && bytes.HasSuffix(line[:end], []byte("$$")) {
		if content := line[:end-2]; len(bytes.TrimSpace(content)) > 0 {
			node.Lines().Append(text.NewSegment(seg.Start, seg.Start+end-2))
		}
		reader.AdvanceToEOL()
		node.closed = true
		return parser.Close
	}
	node.Lines().Append(seg)
	reader.AdvanceToEOL()
	return parser.Continue | parser.NoChildren
}

func (mathBlockParser) Close(ast.Node, text.Reader, parser.Context) {}

func (mathBlockParser) CanInterruptParagraph() bool { return false }

func (mathBlockParser) CanAcceptIndentedLine() bool { return false }

// closerAhead reports whether a line ending with $$ follows from offset i before a blank line.
// Container markers ("> ") count as blank space.
func closerAhead(src []byte, i int) bool {
	for i < len(src) {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			j = len(src) - i
		}
		line := bytes.TrimRight(src[i:i+j], " \t\r")
		if len(bytes.Trim(line, " \t>")) == 0 {
			return false
		}
		if bytes.HasSuffix(line, []byte("$$")) {
			return true
		}
		i += j + 1
	}
	return false
}

// mathFenceTransformer turns ```math fences into MathBlocks, so every later reader of the tree
// (renderer, segmenter) meets one kind of display formula.
type mathFenceTransformer struct{}

func (mathFenceTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var fences []*ast.FencedCodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*ast.FencedCodeBlock); ok && entering && string(f.Language(reader.Source())) == "math" {
			fences = append(fences, f)
		}
		return ast.WalkContinue, nil
	})
	for _, f := range fences {
		m := &MathBlock{closed: true}
		m.SetLines(f.Lines())
		m.SetBlankPreviousLines(f.HasBlankPreviousLines())
		f.Parent().ReplaceChild(f.Parent(), f, m)
	}
}
