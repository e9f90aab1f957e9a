package export

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"unicode"

	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/translation"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// target says how a page will be read.
type target struct {
	// imageSrc gives the address under which a packaged image is reached.
	imageSrc func(i int, img *interchange.Image) string
	// offline pages (EPUB) may not refer to anything outside the package: remote images become
	// links, as the EPUB rules require.
	offline bool
	// idPrefix keeps ids unique when several documents share one page.
	idPrefix string
}

// heading is an entry of a table of contents.
type heading struct {
	level int
	id    string
	text  string
}

// page is one document rendered: an <article> ready to serialise.
type page struct {
	doc      *interchange.Document
	lang     string
	dir      string
	article  *html.Node
	headings []heading // the title first, then the headings of the text
	math     bool
	images   []int // indexes of the document's images the text shows
}

// render turns a document into an <article>: its title and summary, the text (sanitised by the
// same renderer as the pages, formulas as MathML), and a footer with the attribution and licence.
func (e *Exporter) render(d *interchange.Document, t target) (*page, error) {
	body, err := e.md.Render(d.Markdown)
	if err != nil {
		return nil, fmt.Errorf("export %q: %w", d.Title, err)
	}
	container := el("div", nil)
	nodes, err := html.ParseFragment(strings.NewReader(string(body)), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return nil, fmt.Errorf("export %q: parse rendered text: %w", d.Title, err)
	}
	for _, n := range nodes {
		container.AppendChild(n)
	}
	p := &page{doc: d, lang: langOr(d.Language), dir: translation.Direction(d.Language)}
	titleID := t.idPrefix + "title"
	p.headings = append(p.headings, heading{level: 0, id: titleID, text: titleOf(d)})
	p.fixText(container, t)

	header := el("header", nil, el("h1", attrs("id", titleID), txt(titleOf(d))))
	if s := strings.TrimSpace(d.Summary); s != "" {
		header.AppendChild(el("p", attrs("class", "summary"), txt(s)))
	}
	p.article = el("article", attrs("id", t.idPrefix+"doc", "lang", p.lang, "dir", p.dir), header)
	for c := container.FirstChild; c != nil; {
		next := c.NextSibling
		container.RemoveChild(c)
		p.article.AppendChild(c)
		c = next
	}
	p.article.AppendChild(attributionFooter(d, t.idPrefix))
	return p, nil
}

// fixText adapts the rendered text to a file of its own: ids valid in XML and unique on the
// page, fragment links that follow them, images from the package, alignment as style (HTML5
// has no align), links that cannot resolve outside the site made absolute or dropped.
func (p *page) fixText(root *html.Node, t target) {
	ids := map[string]string{}
	used := map[string]bool{"title": true, "doc": true, "attribution": true}
	walk(root, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		if id, ok := getAttr(n, "id"); ok {
			fresh := xmlID(id)
			for i := 2; used[fresh]; i++ {
				fresh = fmt.Sprintf("%s-%d", xmlID(id), i)
			}
			used[fresh] = true
			ids[id] = t.idPrefix + fresh
			setAttr(n, "id", ids[id])
		}
		if n.Namespace == "math" && n.Data == "math" {
			p.math = true
		}
		switch n.Data {
		case "pre", "code", "kbd", "samp", "math":
			// Code and formulas read left to right on a right-to-left page. The attribute, not
			// CSS: EPUB style sheets may not set direction.
			if p.dir == "rtl" {
				if _, ok := getAttr(n, "dir"); !ok {
					setAttr(n, "dir", "ltr")
				}
			}
		case "h1", "h2", "h3", "h4", "h5", "h6":
			if id, ok := getAttr(n, "id"); ok && n.Namespace == "" {
				p.headings = append(p.headings, heading{level: int(n.Data[1] - '0'), id: id, text: strings.TrimSpace(textOf(n))})
			}
		case "td", "th":
			if a, ok := getAttr(n, "align"); ok {
				removeAttr(n, "align")
				setAttr(n, "style", "text-align: "+a)
			}
		case "img":
			p.fixImage(n, t)
		}
	})
	walk(root, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" {
			p.fixLink(n, ids)
		}
	})
}

func (p *page) fixImage(n *html.Node, t target) {
	src, _ := getAttr(n, "src")
	alt, hasAlt := getAttr(n, "alt")
	if i := interchange.FindImage(p.doc.Images, src); i >= 0 {
		img := &p.doc.Images[i]
		setAttr(n, "src", t.imageSrc(i, img))
		if (!hasAlt || alt == "") && img.Alt != "" {
			setAttr(n, "alt", img.Alt)
		}
		p.images = append(p.images, i)
		return
	}
	if !hasAlt {
		setAttr(n, "alt", "")
	}
	u, err := url.Parse(src)
	remote := err == nil && (u.Scheme == "http" || u.Scheme == "https")
	if remote && !t.offline {
		return
	}
	// An image the package cannot hold: its description, linked to it when it is on the web.
	label := alt
	if label == "" {
		label = path.Base(src)
	}
	var repl *html.Node
	if remote {
		repl = el("a", attrs("href", src), txt(label))
	} else {
		repl = el("span", attrs("class", "missing-image"), txt(label))
	}
	n.Parent.InsertBefore(repl, n)
	n.Parent.RemoveChild(n)
}

func (p *page) fixLink(n *html.Node, ids map[string]string) {
	href, ok := getAttr(n, "href")
	if !ok {
		return
	}
	if strings.HasPrefix(href, "#") {
		if id, ok := ids[href[1:]]; ok {
			setAttr(n, "href", "#"+id)
		} else {
			unlink(n)
		}
		return
	}
	u, err := url.Parse(href)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "mailto") {
		return
	}
	// A link relative to the site resolves against the resource's address; without one it
	// cannot resolve anywhere, and keeps its text only.
	if base, berr := url.Parse(p.doc.URL); err == nil && berr == nil && base.Scheme != "" && base.Host != "" {
		setAttr(n, "href", base.ResolveReference(u).String())
		return
	}
	unlink(n)
}

// unlink turns a link that cannot resolve into plain text (a <span>: EPUB's schema wants an
// href on every <a>).
func unlink(n *html.Node) {
	n.Data, n.DataAtom = "span", atom.Span
	removeAttr(n, "href")
	removeAttr(n, "rel")
	removeAttr(n, "title")
}

// xmlID makes an id valid as an XML name (EPUB's XHTML requires it): ids that start with a
// digit or hold other characters get a prefix and dashes.
func xmlID(id string) string {
	var b strings.Builder
	for i, r := range id {
		letter := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f && unicode.IsLetter(r)
		ok := letter || r == '-' || r == '.' || r >= '0' && r <= '9' || r > 0x7f && unicode.IsDigit(r)
		if i == 0 && !letter {
			b.WriteString("h-")
		}
		if ok {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return "h-"
	}
	return b.String()
}

func titleOf(d *interchange.Document) string {
	if t := strings.TrimSpace(d.Title); t != "" {
		return t
	}
	return "Untitled"
}

func langOr(tag string) string {
	if strings.TrimSpace(tag) == "" {
		return "und"
	}
	return tag
}
