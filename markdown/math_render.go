package markdown

import (
	"github.com/commonplace/commonplace/markdown/mathml"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// mathRenderer writes formulas as MathML, converted on the server: no script, readable by
// screen readers, rendered natively by current browsers and EPUB 3 readers.
type mathRenderer struct{}

func (mathRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindMathInline, renderMathInline)
	reg.Register(KindMathBlock, renderMathBlock)
}

func renderMathInline(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		m := n.(*MathInline)
		_, _ = w.WriteString(mathml.Convert(string(m.TeX), m.Display))
	}
	return ast.WalkSkipChildren, nil
}

func renderMathBlock(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		m := n.(*MathBlock)
		_, _ = w.WriteString(mathml.Convert(string(m.TeX(source)), true))
		_ = w.WriteByte('\n')
	}
	return ast.WalkSkipChildren, nil
}
