package a11ycheck

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/html"
)

// fragment is a piece of raw HTML in the text: an HTML block or an inline tag.
type fragment struct {
	start int
	raw   []byte
}

// tag is one HTML tag of the text, in order, with its place in the source. Text between tags
// is kept too (name ""), for what links and media elements say.
type tag struct {
	name        string // lower case; "" for text
	end         bool   // </name>
	selfClosing bool
	attrs       map[string]string
	text        string
	start, stop int
}

func (t tag) has(attr string) bool { _, ok := t.attrs[attr]; return ok }

func (c *checker) addBlockHTML(n *ast.HTMLBlock) {
	lines := n.Lines()
	if lines.Len() == 0 {
		return
	}
	start, end := lines.At(0).Start, lines.At(lines.Len()-1).Stop
	if n.HasClosure() {
		end = max(end, n.ClosureLine.Stop)
	}
	c.html = append(c.html, fragment{start: start, raw: c.src[start:end]})
}

// readHTML tokenises every fragment in order, then notes the regions whose language is marked
// and the HTML images and tables.
func (c *checker) readHTML() {
	for _, f := range c.html {
		z := html.NewTokenizer(bytes.NewReader(f.raw))
		off := f.start
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			size := len(z.Raw())
			t := tag{start: off, stop: off + size}
			switch tt {
			case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
				name, more := z.TagName()
				t.name = strings.ToLower(string(name))
				t.end = tt == html.EndTagToken
				t.selfClosing = tt == html.SelfClosingTagToken
				t.attrs = map[string]string{}
				for more {
					var k, v []byte
					k, v, more = z.TagAttr()
					t.attrs[strings.ToLower(string(k))] = string(v)
				}
				c.tags = append(c.tags, t)
			case html.TextToken:
				t.text = string(z.Text())
				c.tags = append(c.tags, t)
			}
			off += size
		}
	}
	c.markedRegions()
}

// voidElements never have an end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// markedRegions finds the spans of text inside an element that carries lang (or xml:lang):
// from its start tag to its end tag, or to the end of the text when it is never closed.
func (c *checker) markedRegions() {
	type open struct {
		name  string
		start int
		lang  bool
	}
	var stack []open
	for _, t := range c.tags {
		if t.name == "" || voidElements[t.name] || t.selfClosing {
			continue
		}
		if !t.end {
			l := t.has("lang") || t.has("xml:lang")
			if l {
				c.stats.LangParts++
			}
			stack = append(stack, open{name: t.name, start: t.start, lang: l})
			continue
		}
		for i := len(stack) - 1; i >= 0; i-- {
			if stack[i].name == t.name {
				for _, o := range stack[i:] {
					if o.lang {
						c.langs = append(c.langs, span{o.start, t.stop})
					}
				}
				stack = stack[:i]
				break
			}
		}
	}
	for _, o := range stack {
		if o.lang {
			c.langs = append(c.langs, span{o.start, len(c.src)})
		}
	}
}

// marked reports whether [start, end) lies inside an element whose language is marked.
func (c *checker) marked(start, end int) bool {
	for _, s := range c.langs {
		if start >= s.start && end <= s.end {
			return true
		}
	}
	return false
}

// element returns the tags from the start tag at i to its end tag (or to the next start tag of
// the same name, or the end, when it is not closed), and where it ends.
func (c *checker) element(i int) ([]tag, int) {
	name := c.tags[i].name
	for j := i + 1; j < len(c.tags); j++ {
		t := c.tags[j]
		if t.name == name {
			if t.end {
				return c.tags[i : j+1], t.stop
			}
			return c.tags[i:j], c.tags[j-1].stop
		}
	}
	last := c.tags[len(c.tags)-1]
	return c.tags[i:], last.stop
}
