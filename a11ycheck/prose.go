package a11ycheck

import (
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"

	"github.com/commonplace/commonplace/markdown"
)

type proseKind int

const (
	proseParagraph proseKind = iota
	proseHeading
	proseCell
)

// prose is the visible text of one block (paragraph, heading, table cell) as one string, with
// the way back from each of its bytes to the source. Code, formulas, raw HTML, bare addresses
// and image alt text are left out (each leaves a space, so words on either side stay apart).
type prose struct {
	node   ast.Node
	kind   proseKind
	text   []byte
	pieces []piece
}

// piece says that text[at:] came from src[src:] (up to the next piece).
type piece struct{ at, src int }

func (c *checker) addProse(n ast.Node, kind proseKind) *prose {
	p := &prose{node: n, kind: kind}
	p.inline(n, c.src)
	c.prose = append(c.prose, p)
	return p
}

func (p *prose) add(b []byte, src int) {
	if len(b) == 0 {
		return
	}
	p.pieces = append(p.pieces, piece{at: len(p.text), src: src})
	p.text = append(p.text, b...)
}

// sep adds a space that stands for something left out; it maps to where the text before ended.
func (p *prose) sep() {
	if len(p.text) == 0 || p.text[len(p.text)-1] == ' ' {
		return
	}
	end := 0
	if len(p.pieces) > 0 {
		last := p.pieces[len(p.pieces)-1]
		end = last.src + len(p.text) - last.at
	}
	p.pieces = append(p.pieces, piece{at: len(p.text), src: end})
	p.text = append(p.text, ' ')
}

func (p *prose) inline(n ast.Node, src []byte) {
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		switch ch := ch.(type) {
		case *ast.Text:
			p.add(ch.Segment.Value(src), ch.Segment.Start)
			if ch.SoftLineBreak() || ch.HardLineBreak() {
				p.sep()
			}
		case *ast.String:
			p.sep()
		case *ast.CodeSpan, *markdown.MathInline, *ast.RawHTML, *ast.AutoLink, *ast.Image:
			p.sep()
		default:
			if ch.Type() == ast.TypeInline {
				p.inline(ch, src)
			}
		}
	}
}

// srcOf maps an index of text to its source offset.
func (p *prose) srcOf(i int) int {
	k := sort.Search(len(p.pieces), func(j int) bool { return p.pieces[j].at > i }) - 1
	if k < 0 {
		return 0
	}
	return p.pieces[k].src + i - p.pieces[k].at
}

// span maps text[i:j] to a source span.
func (p *prose) span(i, j int) (int, int) {
	if j <= i {
		s := p.srcOf(i)
		return s, s
	}
	last := j - 1
	for last > i && !utf8.RuneStart(p.text[last]) {
		last--
	}
	_, size := utf8.DecodeRune(p.text[last:])
	return p.srcOf(i), p.srcOf(last) + size
}

// start and end are where the block's text begins and ends in the source.
func (p *prose) start() int {
	if len(p.pieces) == 0 {
		return max(p.node.Pos(), 0)
	}
	return p.pieces[0].src
}

func (p *prose) end() int {
	_, e := p.span(0, len(p.text))
	return e
}

// words counts the words of the text: runs of letters or digits, where each Chinese or
// Japanese character counts as half a word (those languages write words of about two
// characters without spaces).
func (p *prose) words() int {
	return countWords(p.text)
}

func countWords(b []byte) int {
	words, han, in := 0, 0, false
	for _, r := range string(b) {
		switch {
		case isIdeographic(r):
			han++
			in = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !in {
				words++
			}
			in = true
		case r == '\'' || r == '’' || r == '-':
			// inside a word
		default:
			in = false
		}
	}
	return words + (han+1)/2
}

func isIdeographic(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)
}
