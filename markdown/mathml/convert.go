package mathml

import (
	"strings"
)

// maxDepth bounds nesting (groups, arguments, environments), so hostile input such as ten
// thousand opening braces costs linear time and no deep recursion.
const maxDepth = 64

// Convert turns one formula (without its $ delimiters) into a <math> element. display selects
// display style (a formula on its own line, limits under ∑) over inline style.
func Convert(tex string, display bool) string {
	tex = cleanText(tex)
	p := &parser{toks: lex(tex), display: display}
	body := p.top()
	var b strings.Builder
	b.Grow(len(tex) * 8)
	if display {
		b.WriteString(`<math display="block">`)
	} else {
		b.WriteString(`<math>`)
	}
	b.WriteString(`<semantics>`)
	elem("mrow", body...).write(&b)
	b.WriteString(`<annotation encoding="application/x-tex">`)
	textEscaper.WriteString(&b, strings.TrimSpace(tex)) //nolint:errcheck // a strings.Builder never fails
	b.WriteString(`</annotation></semantics></math>`)
	return b.String()
}

// cleanText replaces invalid UTF-8 and drops the control characters XML cannot hold, so the
// output is also valid XHTML (EPUB).
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, s)
}
