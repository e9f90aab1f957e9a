package mathml

import (
	"regexp"
	"strconv"
	"strings"
)

// fonts maps font commands to the alphabet they select ("normal" is upright).
var fonts = map[string]string{
	"mathbf": "bold", "mathit": "italic", "mathbb": "double-struck", "Bbb": "double-struck",
	"mathds": "double-struck", "mathcal": "script", "mathscr": "script", "mathfrak": "fraktur",
	"mathsf": "sans-serif", "mathtt": "monospace", "boldsymbol": "bold-italic", "bm": "bold-italic",
	"pmb": "bold-italic", "mathbfit": "bold-italic", "mathrm": "normal", "mathup": "normal",
	"mathnormal": "", "mathsfbf": "sans-serif-bold", "mathsfit": "sans-serif-italic",
}

// fontSwitches are the old-style declarations ({\bf x}) that style the rest of their group.
var fontSwitches = map[string]string{
	"bf": "bold", "rm": "normal", "it": "italic", "cal": "script", "sf": "sans-serif", "tt": "monospace", "mit": "",
}

// textFonts maps text commands to the alphabet of their letters ("" keeps them as typed).
var textFonts = map[string]string{
	"text": "", "textrm": "", "textnormal": "", "textup": "", "mbox": "", "hbox": "", "textmd": "",
	"textit": "italic", "emph": "italic", "textbf": "bold", "textsf": "sans-serif", "texttt": "monospace",
}

var lengthRE = regexp.MustCompile(`^-?[0-9]*\.?[0-9]+(em|ex|pt|px|mu)$`)

// command writes one control sequence; the backslash and name are already consumed.
func (p *parser) command(name string) *node {
	if w, ok := spaces[name]; ok {
		return leaf("mspace", "").with(attr{"width", w})
	}
	if s, ok := symbols[name]; ok {
		return p.symbol(s)
	}
	if functions[name] {
		text := name
		if t, ok := functionText[name]; ok {
			text = t
		}
		n := leaf("mi", text)
		n.fn = true
		n.limits = limitFunctions[name] && p.display
		return n
	}
	if a, ok := accents[name]; ok {
		base := p.arg()
		mark := leaf("mo", a.mark).with(attr{"stretchy", boolString(a.stretch)})
		if a.under {
			return elem("munder", base, mark).with(attr{"accentunder", "true"})
		}
		return elem("mover", base, mark).with(attr{"accent", "true"})
	}
	if style, ok := fonts[name]; ok {
		return applyFont(style, p.arg())
	}
	if style, ok := textFonts[name]; ok {
		return leaf("mtext", styleText(style, p.rawArg()))
	}
	if size, ok := bigSizes[name]; ok {
		return leaf("mo", p.delimiter()).with(attr{"stretchy", "true"}, attr{"symmetric", "true"},
			attr{"minsize", size}, attr{"maxsize", size})
	}
	if _, ok := matrixFences[name]; ok && name == "smallmatrix" {
		return p.environment(name)
	}
	switch name {
	case "frac", "dfrac", "tfrac", "cfrac":
		num := p.arg()
		den := p.arg()
		return fractionStyle(name, elem("mfrac", num, den))
	case "binom", "dbinom", "tbinom":
		top := p.arg()
		bottom := p.arg()
		return fractionStyle(name, binomial(top, bottom))
	case "sqrt":
		index := p.optArg()
		radicand := p.arg()
		if index != nil {
			return elem("mroot", radicand, index)
		}
		return elem("msqrt", radicand)
	case "left":
		return p.fenced()
	case "middle":
		return leaf("mo", p.delimiter()).with(attr{"stretchy", "true"}, attr{"fence", "true"})
	case "overbrace", "underbrace":
		base := p.arg()
		var n *node
		if name == "overbrace" {
			n = elem("mover", base, leaf("mo", "⏞").with(attr{"stretchy", "true"}))
		} else {
			n = elem("munder", base, leaf("mo", "⏟").with(attr{"stretchy", "true"}))
		}
		n.limits = true
		return n
	case "overset", "stackrel":
		over := p.arg()
		return elem("mover", p.arg(), over)
	case "underset":
		under := p.arg()
		return elem("munder", p.arg(), under)
	case "xrightarrow", "xleftarrow", "xRightarrow", "xLeftarrow":
		arrow := map[string]string{"xrightarrow": "→", "xleftarrow": "←", "xRightarrow": "⇒", "xLeftarrow": "⇐"}[name]
		below := p.optArg()
		above := p.arg()
		mo := leaf("mo", arrow).with(attr{"stretchy", "true"})
		if below != nil {
			return elem("munderover", mo, below, above)
		}
		return elem("mover", mo, above)
	case "operatorname", "operatorname*", "mathop":
		var n *node
		if name == "mathop" {
			n = p.arg()
		} else {
			if p.peek().kind == tChar && p.peek().val == "*" { // \operatorname*{argmax}
				p.next()
				name = "operatorname*"
			}
			n = leaf("mi", p.rawArg())
			n.fn = true
		}
		n.limits = p.display && name != "operatorname"
		return n
	case "not":
		return negate(p.primary())
	case "mod", "bmod":
		return leaf("mo", "mod")
	case "pmod":
		arg := p.arg()
		return elem("mrow", leaf("mspace", "").with(attr{"width", "1em"}), leaf("mo", "(").with(attr{"stretchy", "false"}),
			leaf("mo", "mod"), leaf("mspace", "").with(attr{"width", "0.3333em"}), arg, leaf("mo", ")").with(attr{"stretchy", "false"}))
	case "begin":
		return p.environment(p.rawArg())
	case "substack":
		if p.peek().kind != tOpen {
			return nil
		}
		p.next()
		return elem("mtable", p.rows(rowsInGroup)...)
	case "phantom", "hphantom", "vphantom":
		return elem("mphantom", p.arg())
	case "boxed", "fbox", "cancel", "bcancel", "xcancel", "cancelto", "bbox":
		if name == "cancelto" || name == "bbox" {
			p.optArg()
			if name == "cancelto" {
				p.arg()
			}
		}
		return p.arg()
	case "textcolor", "colorbox":
		p.rawArg()
		return p.arg()
	case "color", "label", "tag", "tag*", "hspace*":
		p.rawArg()
		return nil
	case "hspace", "kern", "mkern", "mskip", "hskip":
		if w := strings.TrimSpace(p.rawArg()); lengthRE.MatchString(w) && !strings.HasPrefix(w, "-") {
			return leaf("mspace", "").with(attr{"width", strings.Replace(w, "mu", "em", 1)})
		}
		return nil
	case "textcircled", "circled":
		return leaf("mtext", circled(p.rawArg()))
	case "eqref", "ref":
		return leaf("mtext", "("+p.rawArg()+")")
	case "!", "nonumber", "notag", "hline", "hdashline", "displaylimits", "limits", "nolimits",
		"nobreak", "allowbreak", "relax", "strut", "mathstrut", "", "middlebar":
		return nil
	}
	return elem("merror", leaf("mtext", `\`+name))
}

func (p *parser) symbol(s symbol) *node {
	switch s.kind {
	case symIdent:
		return leaf("mi", s.text)
	case symUpright:
		return leaf("mi", s.text).with(attr{"mathvariant", "normal"})
	case symLarge:
		n := leaf("mo", s.text)
		n.limits = p.display
		return n
	case symInt:
		return leaf("mo", s.text)
	}
	n := leaf("mo", s.text)
	if fenceChars[s.text] {
		n.with(attr{"stretchy", "false"})
	}
	return n
}

// fenced parses \left<delim> ... \right<delim>; \left is consumed.
func (p *parser) fenced() *node {
	var kids []*node
	if open := p.delimiter(); open != "" {
		kids = append(kids, leaf("mo", open).with(attr{"fence", "true"}, attr{"form", "prefix"}, attr{"stretchy", "true"}))
	}
	kids = append(kids, p.seq()...)
	if t := p.peek(); t.kind == tCmd && t.val == "right" {
		p.next()
		if closing := p.delimiter(); closing != "" {
			kids = append(kids, leaf("mo", closing).with(attr{"fence", "true"}, attr{"form", "postfix"}, attr{"stretchy", "true"}))
		}
	}
	return elem("mrow", kids...)
}

func fractionStyle(name string, n *node) *node {
	switch name[0] {
	case 'd', 'c':
		return elem("mstyle", n).with(attr{"displaystyle", "true"}, attr{"scriptlevel", "0"})
	case 't':
		return elem("mstyle", n).with(attr{"displaystyle", "false"})
	}
	return n
}

func binomial(top, bottom *node) *node {
	return elem("mrow", leaf("mo", "(").with(attr{"stretchy", "true"}),
		elem("mfrac", top, bottom).with(attr{"linethickness", "0"}),
		leaf("mo", ")").with(attr{"stretchy", "true"}))
}

// infixFraction handles {a \over b}, {a \atop b} and {n \choose k}.
func infixFraction(name string, num, den []*node) *node {
	switch name {
	case "choose":
		return binomial(row(num), row(den))
	case "atop":
		return elem("mfrac", row(num), row(den)).with(attr{"linethickness", "0"})
	}
	return elem("mfrac", row(num), row(den))
}

// styled applies \displaystyle and its kin to the rest of a group.
func styled(name string, kids []*node) *node {
	n := elem("mstyle", kids...)
	switch name {
	case "displaystyle":
		return n.with(attr{"displaystyle", "true"}, attr{"scriptlevel", "0"})
	case "textstyle":
		return n.with(attr{"displaystyle", "false"}, attr{"scriptlevel", "0"})
	case "scriptstyle":
		return n.with(attr{"displaystyle", "false"}, attr{"scriptlevel", "1"})
	}
	return n.with(attr{"displaystyle", "false"}, attr{"scriptlevel", "2"})
}

// negate writes \not before a relation: the precomposed negation when Unicode has one, the
// combining long solidus otherwise.
func negate(n *node) *node {
	if n == nil {
		return leaf("mo", "/")
	}
	if n.isToken() {
		if neg, ok := negations[n.text]; ok {
			return leaf("mo", neg)
		}
		return leaf("mo", n.text+"\u0338")
	}
	return elem("mrow", leaf("mo", "/"), n)
}

// applyFont restyles the letters and digits under n. "normal" makes letters upright and joins a
// run of them into one identifier (\mathrm{Var} is one word, not three variables).
func applyFont(style string, n *node) *node {
	if n == nil || style == "" {
		return n
	}
	if n.isToken() {
		switch {
		case style == "normal" && n.tag == "mi" && len([]rune(n.text)) == 1:
			if !hasAttr(n, "mathvariant") {
				n.with(attr{"mathvariant", "normal"})
			}
		case style != "normal" && (n.tag == "mi" || n.tag == "mn"):
			n.text = styleText(style, n.text)
		}
		return n
	}
	if style == "normal" {
		n.kids = joinLetters(n.kids)
	}
	for _, k := range n.kids {
		applyFont(style, k)
	}
	if style == "normal" && n.tag == "mrow" && len(n.kids) == 1 {
		return n.kids[0]
	}
	return n
}

// joinLetters merges adjacent one-letter identifiers into one word.
func joinLetters(kids []*node) []*node {
	var out []*node
	for _, k := range kids {
		if last := len(out) - 1; last >= 0 && isLetterIdent(k) && isLetterIdent(out[last]) {
			out[last] = leaf("mi", out[last].text+k.text)
			continue
		}
		out = append(out, k)
	}
	return out
}

func isLetterIdent(n *node) bool {
	return n.tag == "mi" && len(n.attrs) == 0 && n.text != "" && isASCIILetter(n.text[0])
}

func hasAttr(n *node, name string) bool {
	for _, a := range n.attrs {
		if a.name == name {
			return true
		}
	}
	return false
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// circled writes \textcircled{1} as ①: Unicode's enclosed numbers and letters where they exist,
// a combining circle otherwise.
func circled(s string) string {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 20 {
		return string(rune(0x2460 + n - 1))
	}
	if len(s) == 1 {
		switch c := s[0]; {
		case c >= 'a' && c <= 'z':
			return string(rune(0x24D0 + int(c-'a')))
		case c >= 'A' && c <= 'Z':
			return string(rune(0x24B6 + int(c-'A')))
		}
	}
	return s + "\u20DD"
}
