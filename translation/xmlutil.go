package translation

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"encoding/xml"
)

// xmlEscape writes s as XML character data. Characters XML 1.0 cannot
// carry are handed to bad (which may write a <cp/> element or a
// replacement); CR, and in attributes LF and TAB, become references so
// they survive attribute and line-end normalisation.
func xmlEscape(b *strings.Builder, s string, attr bool, bad func(b *strings.Builder, r rune)) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		case '\r':
			b.WriteString("&#xD;")
		case '\n':
			if attr {
				b.WriteString("&#xA;")
			} else {
				b.WriteByte('\n')
			}
		case '\t':
			if attr {
				b.WriteString("&#x9;")
			} else {
				b.WriteByte('\t')
			}
		default:
			if !xmlChar(r) {
				if bad != nil {
					bad(b, r)
				} else {
					b.WriteRune(utf8.RuneError)
				}
				continue
			}
			b.WriteRune(r)
		}
	}
}

func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

func attrEsc(s string) string {
	var b strings.Builder
	xmlEscape(&b, s, true, nil)
	return b.String()
}

// xnode is a small DOM: readers walk it instead of streaming tokens, which
// keeps the two XLIFF versions and TMX readable. Line numbers are kept for
// error messages.
type xnode struct {
	name  string // local name; "" for character data
	space string // namespace URI
	attrs map[string]string
	kids  []*xnode
	text  string
	line  int
}

const xmlNS = "http://www.w3.org/XML/1998/namespace"

func (n *xnode) attr(name string) string { return n.attrs[name] }

// children returns the element children with a local name.
func (n *xnode) children(name string) []*xnode {
	var out []*xnode
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

func (n *xnode) child(name string) *xnode {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// textContent concatenates all character data below n.
func (n *xnode) textContent() string {
	if n.name == "" {
		return n.text
	}
	var b strings.Builder
	for _, k := range n.kids {
		b.WriteString(k.textContent())
	}
	return b.String()
}

// parseXML reads a whole XML document into a DOM.
func parseXML(r io.Reader, format string) (*xnode, error) {
	lim := &io.LimitedReader{R: r, N: maxExchangeSize + 1}
	dec := xml.NewDecoder(lim)
	var root *xnode
	var stack []*xnode
	for {
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if lim.N <= 0 {
				return nil, &FormatError{Format: format, What: fmt.Sprintf("larger than %d bytes", maxExchangeSize)}
			}
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, &FormatError{Format: format, Line: se.Line, What: "not well-formed XML: " + se.Msg}
			}
			return nil, &FormatError{Format: format, Line: line, What: "read XML: " + err.Error()}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xnode{name: t.Name.Local, space: t.Name.Space, attrs: map[string]string{}, line: line}
			for _, a := range t.Attr {
				key := a.Name.Local
				if a.Name.Space == xmlNS || a.Name.Space == "xml" {
					key = "xml:" + key
				} else if a.Name.Space != "" && a.Name.Space != t.Name.Space {
					key = a.Name.Space + ":" + key
				}
				n.attrs[key] = a.Value
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, &FormatError{Format: format, Line: line, What: "more than one root element"}
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, &xnode{text: string(t), line: line})
			}
		}
	}
	if root == nil {
		return nil, &FormatError{Format: format, What: "no root element (empty or not XML)"}
	}
	return root, nil
}

// errAt builds a FormatError at a node.
func errAt(format string, n *xnode, what string, args ...any) error {
	line := 0
	if n != nil {
		line = n.line
	}
	return &FormatError{Format: format, Line: line, What: fmt.Sprintf(what, args...)}
}
