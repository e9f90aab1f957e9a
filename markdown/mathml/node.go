package mathml

import "strings"

// node is one MathML element. Token elements (mi, mn, mo, mtext) carry text; the others carry
// children.
type node struct {
	tag   string
	attrs []attr
	text  string
	kids  []*node

	// How the node behaves as the base of scripts: limits puts them under and over
	// (display-style ∑, lim, \underbrace), fn marks an operator name that takes an invisible
	// function application after it.
	limits bool
	fn     bool
}

type attr struct{ name, value string }

func leaf(tag, text string, attrs ...attr) *node { return &node{tag: tag, text: text, attrs: attrs} }

func elem(tag string, kids ...*node) *node { return &node{tag: tag, kids: kids} }

// row wraps several nodes in an mrow, or returns the only one.
func row(kids []*node) *node {
	if len(kids) == 1 {
		return kids[0]
	}
	return elem("mrow", kids...)
}

func (n *node) with(a ...attr) *node {
	n.attrs = append(n.attrs, a...)
	return n
}

// isToken reports whether n holds text.
func (n *node) isToken() bool {
	switch n.tag {
	case "mi", "mn", "mo", "mtext":
		return true
	}
	return false
}

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
var attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func (n *node) write(b *strings.Builder) {
	b.WriteByte('<')
	b.WriteString(n.tag)
	for _, a := range n.attrs {
		b.WriteByte(' ')
		b.WriteString(a.name)
		b.WriteString(`="`)
		attrEscaper.WriteString(b, a.value) //nolint:errcheck // a strings.Builder never fails
		b.WriteByte('"')
	}
	b.WriteByte('>')
	if n.isToken() {
		textEscaper.WriteString(b, n.text) //nolint:errcheck // a strings.Builder never fails
	}
	for _, k := range n.kids {
		k.write(b)
	}
	b.WriteString("</")
	b.WriteString(n.tag)
	b.WriteByte('>')
}
