package formatcheck

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// HTML parses an exported page with the HTML5 parser browsers use and checks what makes it
// valid and accessible: doctype, lang and dir, a title, one main, unique ids, fragment links
// that resolve, text alternatives, the print stylesheet, no script, and the attribution.
func HTML(t testing.TB, data []byte, lang, dir string) *html.Node {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("<!DOCTYPE html>")) {
		t.Errorf("no doctype: %.40s", data)
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	var links []string
	counts := map[string]int{}
	Walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		counts[n.Data]++
		if id, ok := Attr(n, "id"); ok {
			if ids[id] {
				t.Errorf("duplicate id %q", id)
			}
			ids[id] = true
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") || strings.Contains(strings.ToLower(a.Val), "javascript:") {
				t.Errorf("script in attribute %s=%q", a.Key, a.Val)
			}
		}
		switch n.Data {
		case "html":
			if l, _ := Attr(n, "lang"); l != lang {
				t.Errorf("html lang = %q, want %q", l, lang)
			}
			if d, _ := Attr(n, "dir"); d != dir {
				t.Errorf("html dir = %q, want %q", d, dir)
			}
		case "img":
			if _, ok := Attr(n, "alt"); !ok {
				t.Errorf("img without alt: %v", n.Attr)
			}
		case "a":
			href, ok := Attr(n, "href")
			if !ok {
				t.Errorf("a without href")
			}
			if strings.HasPrefix(href, "#") {
				links = append(links, href[1:])
			} else if !strings.HasPrefix(href, "http://") && !strings.HasPrefix(href, "https://") && !strings.HasPrefix(href, "mailto:") {
				t.Errorf("link that cannot resolve: %q", href)
			}
		case "style":
			if !strings.Contains(Text(n), "@media print") {
				t.Errorf("stylesheet lacks print rules")
			}
		}
	})
	for _, l := range links {
		if !ids[l] {
			t.Errorf("fragment link #%s has no target", l)
		}
	}
	for tag, want := range map[string]int{"title": 1, "main": 1, "script": 0, "iframe": 0} {
		if counts[tag] != want {
			t.Errorf("%d <%s>, want %d", counts[tag], tag, want)
		}
	}
	if !bytes.Contains(data, []byte("Attribution and licence")) || !bytes.Contains(data, []byte(`rel="license"`)) {
		t.Errorf("no attribution and licence")
	}
	return doc
}

// Formulas checks that LaTeX shows as <math>, with no "$" left in what readers see (outside
// code) and no emphasis inside a formula.
func Formulas(t testing.TB, doc *html.Node, hasMath bool) {
	t.Helper()
	maths, errors := 0, 0
	var visit func(n *html.Node, inCode, inMath bool)
	visit = func(n *html.Node, inCode, inMath bool) {
		if n.Type == html.ElementNode {
			switch {
			case n.Data == "math":
				maths++
				inMath = true
			case n.Data == "code" || n.Data == "pre" || n.Data == "annotation" || n.Data == "textarea" || n.Data == "script":
				inCode = true
			case n.Data == "em" && inMath:
				t.Errorf("<em> inside a formula")
			case n.Data == "merror":
				errors++
				t.Logf("unsupported TeX: %s", Text(n))
			}
		}
		if n.Type == html.TextNode && !inCode && hasMath && strings.Contains(n.Data, "$") {
			t.Errorf("raw $ in text: %q", n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c, inCode, inMath)
		}
	}
	visit(doc, false, false)
	if hasMath && maths == 0 {
		t.Errorf("no <math> in a text with formulas")
	}
	if errors > 0 {
		t.Errorf("%d formulas with unsupported TeX", errors)
	}
}

// Walk calls f on n and every node below it, in document order.
func Walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		Walk(c, f)
	}
}

// Attr returns an attribute's value.
func Attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// Text is the text below n.
func Text(n *html.Node) string {
	var b strings.Builder
	Walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return b.String()
}
