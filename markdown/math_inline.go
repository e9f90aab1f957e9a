package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// mathInlineParser reads inline formulas with pandoc's rules for a single $, so prices and shell
// variables stay text: the opening $ has a non-space character after it, the closing $ has a
// non-space character before it and no digit after it ("$5 and $10" is not a formula). A
// formula may continue on the next lines of its paragraph; "\$" inside it is a literal dollar.
type mathInlineParser struct{}

func (mathInlineParser) Trigger() []byte { return []byte{'$'} }

func (mathInlineParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, start := block.PeekLine()
	if len(line) < 2 {
		return nil
	}
	switch {
	case line[1] == '$':
		return scanFormula(block, start, "$$", "$$", true, nil)
	case line[1] == '`':
		return scanFormula(block, start, "$`", "`$", false, nil)
	case isSpace(line[1]):
		return nil
	}
	return scanFormula(block, start, "$", "$", false, singleDollarCloser)
}

// singleDollarCloser checks pandoc's conditions on a closing $ at line[i].
func singleDollarCloser(line []byte, i int) bool {
	if i == 0 || isSpace(line[i-1]) {
		return false
	}
	return i+1 >= len(line) || line[i+1] < '0' || line[i+1] > '9'
}

// scanFormula looks for close after open, across the lines of the paragraph. It leaves the
// reader where it was and returns nil when there is none (the $ is then ordinary text).
func scanFormula(block text.Reader, start text.Segment, open, close string, display bool,
	accept func(line []byte, i int) bool) ast.Node {
	savedLine, savedPos := block.Position()
	block.Advance(len(open))
	var tex bytes.Buffer
	for {
		line, seg := block.PeekLine()
		if line == nil {
			block.SetPosition(savedLine, savedPos)
			return nil
		}
		if i := findCloser(line, close, accept); i >= 0 {
			tex.Write(line[:i])
			if len(bytes.TrimSpace(tex.Bytes())) == 0 {
				block.SetPosition(savedLine, savedPos)
				return nil
			}
			block.Advance(i + len(close))
			return &MathInline{
				Display: display,
				TeX:     bytes.TrimSpace(tex.Bytes()),
				Segment: text.NewSegment(start.Start, seg.Start+i+len(close)),
			}
		}
		tex.Write(line)
		block.AdvanceLine()
	}
}

// findCloser returns the index of the first acceptable closing delimiter in line, skipping
// backslash escapes, or -1.
func findCloser(line []byte, close string, accept func([]byte, int) bool) int {
	for i := 0; i < len(line); i++ {
		if line[i] == '\\' {
			i++
			continue
		}
		if bytes.HasPrefix(line[i:], []byte(close)) && (accept == nil || accept(line, i)) {
			return i
		}
	}
	return -1
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
