package importer

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	htmltomarkdown "github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"github.com/commonplace/commonplace/interchange"
	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

// inbound is the sanitiser for imported HTML: what a lesson may hold, nothing that runs.
var inbound = func() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[A-Za-z0-9_+#.-]+$`)).OnElements("code")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowElements("kbd")
	return p
}()

// converter turns sanitised HTML into GitHub-flavoured Markdown (tables and strikethrough
// included). It is safe for concurrent use.
var converter = htmltomarkdown.NewConverter(htmltomarkdown.WithPlugins(
	base.NewBasePlugin(), commonmark.NewCommonmarkPlugin(), table.NewTablePlugin(), strikethrough.NewStrikethroughPlugin()))

// imageSource finds the picture an <img src> refers to, for formats that carry their images.
type imageSource func(src string) (interchange.Image, bool)

// toMarkdown converts the children of n to Markdown: formulas back to their LaTeX (from the
// MathML annotation), pictures the file carries collected as images, everything sanitised.
func toMarkdown(n *html.Node, images imageSource) (string, []interchange.Image, error) {
	var formulas []string
	var found []interchange.Image
	names := map[string]bool{}
	forEach(n, func(c *html.Node) {
		if c.Type != html.ElementNode {
			return
		}
		switch {
		case c.Data == "math":
			tex := mathSource(c)
			token := fmt.Sprintf("CPMATH%dZ", len(formulas))
			if attr(c, "display") == "block" {
				formulas = append(formulas, "$$"+tex+"$$")
			} else {
				formulas = append(formulas, "$"+tex+"$")
			}
			c.Parent.InsertBefore(&html.Node{Type: html.TextNode, Data: token}, c)
			c.Parent.RemoveChild(c)
		case c.Data == "img" && images != nil:
			img, ok := images(attr(c, "src"))
			if !ok {
				return
			}
			img.Name = uniqueName(names, img.Name)
			if img.Alt == "" {
				img.Alt = attr(c, "alt")
			}
			setAttr(c, "src", img.Name)
			found = append(found, img)
		}
	})
	var b bytes.Buffer
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&b, c); err != nil {
			return "", nil, fmt.Errorf("render html: %w", err)
		}
	}
	md, err := converter.ConvertString(inbound.Sanitize(b.String()))
	if err != nil {
		return "", nil, fmt.Errorf("convert html to markdown: %w", err)
	}
	for i := len(formulas) - 1; i >= 0; i-- { // from the last, so CPMATH1Z never matches inside CPMATH10Z
		md = strings.ReplaceAll(md, fmt.Sprintf("CPMATH%dZ", i), formulas[i])
	}
	return strings.TrimSpace(md) + "\n", found, nil
}

// mathSource is a formula's LaTeX: its annotation when it has one, else its text.
func mathSource(m *html.Node) string {
	var tex string
	forEach(m, func(c *html.Node) {
		if tex == "" && c.Type == html.ElementNode && c.Data == "annotation" && strings.Contains(attr(c, "encoding"), "tex") {
			tex = textOf(c)
		}
	})
	if tex == "" {
		tex = textOf(m)
	}
	return strings.TrimSpace(tex)
}

func uniqueName(used map[string]bool, name string) string {
	if name == "" {
		name = "image"
	}
	out := name
	for i := 2; used[out]; i++ {
		dot := strings.LastIndexByte(name, '.')
		if dot <= 0 {
			dot = len(name)
		}
		out = fmt.Sprintf("%s-%d%s", name[:dot], i, name[dot:])
	}
	used[out] = true
	return out
}

// forEach calls f on every node under n (not n), in document order; f may remove the node it
// is given.
func forEach(n *html.Node, f func(*html.Node)) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		f(c)
		if c.Parent != nil {
			forEach(c, f)
		}
		c = next
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func textOf(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(textOf(c))
	}
	return b.String()
}

// find returns the first element under n (n included) that match accepts.
func find(n *html.Node, match func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && match(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if m := find(c, match); m != nil {
			return m
		}
	}
	return nil
}

func isElement(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}
