package export

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Small builders for HTML trees: the exporters assemble one tree per page and serialise it as
// HTML or as XHTML, so the two never drift.

func el(tag string, attrs []html.Attribute, kids ...*html.Node) *html.Node {
	n := &html.Node{Type: html.ElementNode, Data: tag, DataAtom: atom.Lookup([]byte(tag)), Attr: attrs}
	for _, k := range kids {
		if k != nil {
			n.AppendChild(k)
		}
	}
	return n
}

func txt(s string) *html.Node { return &html.Node{Type: html.TextNode, Data: s} }

func attrs(kv ...string) []html.Attribute {
	out := make([]html.Attribute, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			out = append(out, html.Attribute{Key: kv[i], Val: kv[i+1]})
		}
	}
	return out
}

func getAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func removeAttr(n *html.Node, key string) {
	out := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Namespace != "" || a.Key != key {
			out = append(out, a)
		}
	}
	n.Attr = out
}

// textOf returns the text under n, for headings in a table of contents.
func textOf(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	if n.Type == html.ElementNode && n.Data == "annotation" {
		return ""
	}
	var s string
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		s += textOf(c)
	}
	return s
}

// walk calls f on n and everything under it, in document order. f may replace the node it is
// given (the walk continues with the replacement's next sibling).
func walk(n *html.Node, f func(*html.Node)) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		f(c)
		if c.Parent != nil { // not removed or replaced
			walk(c, f)
		}
		c = next
	}
}
