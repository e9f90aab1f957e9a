package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MathInline is a formula inside a paragraph: $…$, $`…`$ (GitHub's form for formulas full of
// Markdown characters) or $$…$$ (display style within the text).
type MathInline struct {
	ast.BaseInline
	Display bool         // $$…$$
	TeX     []byte       // the formula without its delimiters
	Segment text.Segment // the source from the opening to the closing delimiter, inclusive
}

// KindMathInline is the ast.NodeKind of MathInline.
var KindMathInline = ast.NewNodeKind("MathInline")

// Kind implements ast.Node.
func (n *MathInline) Kind() ast.NodeKind { return KindMathInline }

// Dump implements ast.Node.
func (n *MathInline) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"TeX": string(n.TeX)}, nil)
}

// MathBlock is a display formula on lines of its own: between $$ lines, on one $$…$$ line, or
// in a ```math fence. Its Lines hold the formula.
type MathBlock struct {
	ast.BaseBlock
	closed bool // the block ended on its opening line
}

// KindMathBlock is the ast.NodeKind of MathBlock.
var KindMathBlock = ast.NewNodeKind("MathBlock")

// Kind implements ast.Node.
func (n *MathBlock) Kind() ast.NodeKind { return KindMathBlock }

// IsRaw implements ast.Node: the lines are TeX, not Markdown.
func (n *MathBlock) IsRaw() bool { return true }

// Dump implements ast.Node.
func (n *MathBlock) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// TeX returns the formula.
func (n *MathBlock) TeX(source []byte) []byte {
	var b bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		b.Write(seg.Value(source))
	}
	return bytes.TrimSpace(b.Bytes())
}

// Math is the goldmark extension for formulas: it parses $…$, $$…$$ and ```math fences into
// MathInline and MathBlock nodes (so "_" inside a formula is never emphasis) and renders them as
// MathML. Other packages that parse the same Markdown — the translation segmenter, which keeps
// formulas as untranslatable placeholders — add it to their parser to see the same formulas.
func Math() goldmark.Extender { return mathExtension{} }

type mathExtension struct{}

func (mathExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(mathInlineParser{}, 150)),
		parser.WithBlockParsers(util.Prioritized(mathBlockParser{}, 690)),
		parser.WithASTTransformers(util.Prioritized(mathFenceTransformer{}, 100)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(mathRenderer{}, 100)))
}
