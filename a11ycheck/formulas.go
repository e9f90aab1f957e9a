package a11ycheck

import (
	"unicode"

	"github.com/yuin/goldmark/ast"

	"github.com/commonplace/commonplace/markdown"
)

// checkFormulas flags display formulas with no words around them. The rule: consecutive
// display formulas (a derivation written over several blocks) form one group; the group needs
// a paragraph of prose — at least two words, or two Chinese/Japanese characters, outside any
// formula — right before or right after it, in the same container (document, list item, block
// quote). Words inside the formula (\text{…}) do not count, headings do not either: a heading
// names a section, it does not say what a formula states.
func (c *checker) checkFormulas() {
	isFormula := map[ast.Node]bool{}
	for _, f := range c.formulas {
		isFormula[f] = true
	}
	proseOf := map[ast.Node]*prose{}
	for _, p := range c.prose {
		proseOf[p.node] = p
	}
	labels := func(n ast.Node) bool {
		p, ok := proseOf[n]
		return ok && !isFormula[n] && labelUnits(p.text) >= 2
	}
	for _, f := range c.formulas {
		if isFormula[f.PreviousSibling()] {
			continue // not the first of its group
		}
		last := f
		for isFormula[last.NextSibling()] {
			last = last.NextSibling()
		}
		if labels(f.PreviousSibling()) || labels(last.NextSibling()) {
			continue
		}
		start, end := blockSpan(f, c.src)
		if _, lastEnd := blockSpan(last, c.src); lastEnd > end {
			end = lastEnd
		}
		end = closingLineEnd(c.src, end)
		tex := texOf(f, c.src)
		c.add(FormulaUnlabelled, DetailFormula, start, end, tex, "formula", shorten(tex, 50))
	}
}

// closingLineEnd moves the end of a display formula over its closing "$$" or "```" line.
func closingLineEnd(src []byte, end int) int {
	i := end
	for i < len(src) && (src[i] == '\n' || src[i] == ' ' || src[i] == '\r') {
		i++
	}
	for _, closer := range []string{"$$", "```"} {
		if len(src) >= i+len(closer) && string(src[i:i+len(closer)]) == closer {
			return lineEnd(src, i)
		}
	}
	return end
}

func texOf(n ast.Node, src []byte) string {
	switch n := n.(type) {
	case *markdown.MathBlock:
		return string(n.TeX(src))
	default:
		for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
			if m, ok := ch.(*markdown.MathInline); ok {
				return string(m.TeX)
			}
		}
	}
	return ""
}

// labelUnits counts words, each Chinese or Japanese character as one.
func labelUnits(b []byte) int {
	n, in := 0, false
	for _, r := range string(b) {
		switch {
		case isIdeographic(r):
			n++
			in = false
		case unicode.IsLetter(r):
			if !in {
				n++
			}
			in = true
		default:
			in = false
		}
	}
	return n
}
