package oai

import (
	"bytes"
	"encoding/xml"
)

// xw writes XML with every text and attribute value escaped (characters
// XML 1.0 cannot hold become U+FFFD): a tiny writer rather than
// encoding/xml's struct encoding, whose namespace handling cannot write the
// prefixed elements (oai_dc:dc, dc:title) and the default namespaces that
// OAI-PMH harvesters and its schemas expect.
type xw struct{ b bytes.Buffer }

func (w *xw) open(name string, attrs ...string) {
	w.b.WriteByte('<')
	w.b.WriteString(name)
	for i := 0; i+1 < len(attrs); i += 2 {
		w.b.WriteByte(' ')
		w.b.WriteString(attrs[i])
		w.b.WriteString(`="`)
		w.escape(attrs[i+1])
		w.b.WriteByte('"')
	}
	w.b.WriteByte('>')
}

func (w *xw) close(name string) {
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteByte('>')
}

// el writes <name attrs>text</name>.
func (w *xw) el(name, text string, attrs ...string) {
	w.open(name, attrs...)
	w.escape(text)
	w.close(name)
}

// empty writes <name attrs/>.
func (w *xw) empty(name string, attrs ...string) {
	w.open(name, attrs...)
	w.b.Truncate(w.b.Len() - 1)
	w.b.WriteString("/>")
}

func (w *xw) escape(s string) { _ = xml.EscapeText(&w.b, []byte(s)) }
