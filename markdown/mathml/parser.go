package mathml

import (
	"unicode"
	"unicode/utf8"
)

type parser struct {
	toks    []token
	pos     int
	depth   int
	display bool
	bracket int // > 0 while parsing an optional [argument]: "]" ends a sequence
}

func (p *parser) peek() token {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return token{kind: tEOF}
}

func (p *parser) next() token {
	t := p.peek()
	if p.pos < len(p.toks) {
		p.pos++
	}
	return t
}

func (p *parser) skipSpaces() {
	for p.peek().kind == tSpace {
		p.pos++
	}
}

// enter counts one level of nesting; past maxDepth it gives up on the rest of the formula.
func (p *parser) enter() bool {
	p.depth++
	if p.depth > maxDepth {
		p.pos = len(p.toks)
		return false
	}
	return true
}

func (p *parser) leave() { p.depth-- }

// tooDeep is what a formula nested beyond maxDepth shows.
func tooDeep() *node { return elem("merror", leaf("mtext", "…")) }

// isStop reports whether t ends a sequence: the caller (a group, an environment, \left) decides
// what it means.
func (p *parser) isStop(t token) bool {
	switch t.kind {
	case tEOF, tClose, tAmp:
		return true
	case tCmd:
		switch t.val {
		case `\`, "cr", "newline", "end", "right":
			return true
		}
	case tChar:
		return p.bracket > 0 && t.val == "]"
	}
	return false
}

// seq parses nodes up to a stop token, which it leaves in place.
func (p *parser) seq() []*node {
	var out []*node
	for {
		p.skipSpaces()
		t := p.peek()
		if p.isStop(t) {
			return out
		}
		if t.kind == tCmd {
			switch t.val {
			case "displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle":
				p.next()
				return append(out, styled(t.val, p.seq()))
			case "bf", "rm", "it", "cal", "sf", "tt", "mit":
				p.next()
				return append(out, applyFont(fontSwitches[t.val], row(p.seq())))
			case "over", "atop", "choose":
				p.next()
				return []*node{infixFraction(t.val, out, p.seq())}
			}
		}
		out = append(out, p.scripted()...)
	}
}

// group parses the inside of {...} after the opening brace, and the closing brace.
func (p *parser) group() *node {
	if !p.enter() {
		return tooDeep()
	}
	defer p.leave()
	saved := p.bracket
	p.bracket = 0
	defer func() { p.bracket = saved }()
	var kids []*node
	for {
		kids = append(kids, p.seq()...)
		switch t := p.next(); {
		case t.kind == tClose, t.kind == tEOF:
			return row(kids)
		case t.kind == tCmd && t.val == "end":
			p.rawArg() // a stray \end inside braces
		case t.kind == tCmd && t.val == "right":
			p.delimiter()
		}
		// A stray & or \\ inside braces is dropped.
	}
}

// scripted parses one atom and the sub- and superscripts and primes that follow it.
func (p *parser) scripted() []*node {
	base := p.primary()
	var sub, sup *node
	limits := base != nil && base.limits
	for {
		p.skipSpaces()
		t := p.peek()
		switch {
		case t.kind == tSub && sub == nil:
			p.next()
			sub = p.arg()
			continue
		case t.kind == tSup && sup == nil:
			p.next()
			sup = p.arg()
			continue
		case t.kind == tChar && t.val == "'" && sup == nil:
			primes := ""
			for p.peek().kind == tChar && p.peek().val == "'" {
				p.next()
				primes += "′"
			}
			sup = leaf("mo", primes)
			if p.peek().kind == tSup {
				p.next()
				sup = row([]*node{sup, p.arg()})
			}
			continue
		case t.kind == tCmd && t.val == "limits":
			p.next()
			limits = true
			continue
		case t.kind == tCmd && t.val == "nolimits":
			p.next()
			limits = false
			continue
		}
		break
	}
	if sub == nil && sup == nil {
		if base == nil {
			return nil
		}
		return withApplication(base)
	}
	if base == nil {
		base = elem("mrow")
	}
	var n *node
	switch {
	case limits && sub != nil && sup != nil:
		n = elem("munderover", base, sub, sup)
	case limits && sub != nil:
		n = elem("munder", base, sub)
	case limits:
		n = elem("mover", base, sup)
	case sub != nil && sup != nil:
		n = elem("msubsup", base, sub, sup)
	case sub != nil:
		n = elem("msub", base, sub)
	default:
		n = elem("msup", base, sup)
	}
	n.fn = base.fn
	return withApplication(n)
}

// withApplication follows an operator name (sin, log) with the invisible function application
// character, which tells speech and layout that what follows is its argument.
func withApplication(n *node) []*node {
	if n.fn {
		return []*node{n, leaf("mo", "\u2061")}
	}
	return []*node{n}
}

// primary parses one atom: a character, a number, a group or a command. It returns nil for
// commands that draw nothing (\label, \color).
func (p *parser) primary() *node {
	p.skipSpaces()
	t := p.peek()
	switch t.kind {
	case tSub, tSup:
		return elem("mrow") // a script with no base
	case tOpen:
		p.next()
		return p.group()
	case tChar:
		if isDigit(t.val) {
			return p.number()
		}
		p.next()
		return charNode(t.val)
	case tCmd:
		p.next()
		if !p.enter() {
			return tooDeep()
		}
		defer p.leave()
		return p.command(t.val)
	}
	p.next() // a stop token where an atom was expected: skip it
	return nil
}

// arg parses one argument: a group or a single token (\frac12 has arguments 1 and 2).
func (p *parser) arg() *node {
	p.skipSpaces()
	t := p.peek()
	switch t.kind {
	case tOpen:
		p.next()
		return p.group()
	case tChar:
		if p.isStop(t) {
			return elem("mrow")
		}
		p.next()
		if isDigit(t.val) {
			return leaf("mn", t.val)
		}
		return charNode(t.val)
	case tCmd:
		if p.isStop(t) {
			return elem("mrow")
		}
		p.next()
		if !p.enter() {
			return tooDeep()
		}
		defer p.leave()
		if n := p.command(t.val); n != nil {
			return n
		}
	}
	return elem("mrow")
}

// optArg parses an optional [argument], or returns nil.
func (p *parser) optArg() *node {
	p.skipSpaces()
	if t := p.peek(); t.kind != tChar || t.val != "[" {
		return nil
	}
	p.next()
	p.bracket++
	kids := p.seq()
	p.bracket--
	if t := p.peek(); t.kind == tChar && t.val == "]" {
		p.next()
	}
	return row(kids)
}

// rawArg returns the text of the next argument as written (for \text, environment names,
// colours and labels). Braces only group; control symbols stand for their character.
func (p *parser) rawArg() string {
	p.skipSpaces()
	if p.peek().kind != tOpen {
		return tokenText(p.next())
	}
	p.next()
	depth := 1
	var out []byte
	for {
		t := p.next()
		switch t.kind {
		case tEOF:
			return string(out)
		case tOpen:
			depth++
			continue
		case tClose:
			depth--
			if depth == 0 {
				return string(out)
			}
			continue
		}
		out = append(out, tokenText(t)...)
	}
}

func tokenText(t token) string {
	switch t.kind {
	case tEOF:
		return ""
	case tCmd:
		if _, ok := spaces[t.val]; ok {
			return " "
		}
		if r, _ := utf8.DecodeRuneInString(t.val); len(t.val) > 0 && !isASCIILetter(t.val[0]) && r != '\\' {
			return t.val // \% \$ \{ \_ ...
		}
		return `\` + t.val
	}
	return t.val
}

// number reads digits and decimal points that have a digit after them.
func (p *parser) number() *node {
	var s string
	for {
		t := p.peek()
		if t.kind != tChar {
			break
		}
		if isDigit(t.val) {
			s += t.val
			p.next()
			continue
		}
		if t.val == "." && p.pos+1 < len(p.toks) && p.toks[p.pos+1].kind == tChar && isDigit(p.toks[p.pos+1].val) {
			s += "."
			p.next()
			continue
		}
		break
	}
	return leaf("mn", s)
}

func isDigit(s string) bool { return len(s) == 1 && s[0] >= '0' && s[0] <= '9' }

// fenceChars do not stretch unless written with \left, \right or \big: MathML's operator
// dictionary would otherwise grow "(" to the height of a fraction beside it, which TeX does not.
var fenceChars = map[string]bool{
	"(": true, ")": true, "[": true, "]": true, "{": true, "}": true, "|": true, "‖": true,
	"⟨": true, "⟩": true, "⌊": true, "⌋": true, "⌈": true, "⌉": true, "/": true,
}

// charNode writes one character typed directly in the formula.
func charNode(c string) *node {
	r, _ := utf8.DecodeRuneInString(c)
	switch {
	case r < utf8.RuneSelf && isASCIILetter(byte(r)):
		return leaf("mi", c)
	case c == "~":
		return leaf("mspace", "").with(attr{"width", "0.3333em"})
	case c == "-":
		return leaf("mo", "−")
	case c == "*":
		return leaf("mo", "∗")
	case c == "'":
		return leaf("mo", "′")
	case fenceChars[c]:
		return leaf("mo", c).with(attr{"stretchy", "false"})
	case unicode.IsLetter(r) && isTextScript(r):
		return leaf("mtext", c)
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return leaf("mi", c)
	}
	return leaf("mo", c)
}

// isTextScript reports letters of scripts that are words, not variables, when typed inside a
// formula (Chinese, Arabic...).
func isTextScript(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul,
		unicode.Arabic, unicode.Hebrew, unicode.Thai, unicode.Devanagari, unicode.Cyrillic)
}

// delimiter reads the delimiter after \left, \right, \middle or \big: "" for ".".
func (p *parser) delimiter() string {
	p.skipSpaces()
	t := p.next()
	switch t.kind {
	case tChar:
		switch t.val {
		case ".":
			return ""
		case "<":
			return "⟨"
		case ">":
			return "⟩"
		}
		return t.val
	case tCmd:
		if s, ok := symbols[t.val]; ok {
			return s.text
		}
		if t.val == "backslash" {
			return `\`
		}
	case tOpen, tClose:
		return t.val
	}
	return ""
}
