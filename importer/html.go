package importer

import (
	"bytes"
	"encoding/base64"
	"github.com/commonplace/commonplace/media"
	"mime"
	"strings"

	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/license"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// ReadHTML reads an HTML page: one document per top-level <article> (an exported collection),
// else the whole body. Metadata comes from the page (<html lang>, <title>, description, author
// and keywords meta, rel=license) and from the structure package export writes (the article's
// header and its attribution footer, which are not kept in the text). Images embedded as data:
// URLs are kept; the text is sanitised and converted to Markdown.
func ReadHTML(data []byte, opt Options) ([]interchange.Document, error) {
	opt = opt.withDefaults()
	if int64(len(data)) > opt.MaxBytes {
		return nil, refuse(HTML, ErrTooLarge, "the file is larger than the limit", nil)
	}
	r, err := charset.NewReader(bytes.NewReader(data), "text/html")
	if err != nil {
		return nil, refuse(HTML, ErrMalformed, "the page's character encoding is not known", err)
	}
	root, err := html.Parse(r)
	if err != nil {
		return nil, refuse(HTML, ErrMalformed, "the page cannot be parsed", err)
	}
	page := readPageMeta(root)
	var articles []*html.Node
	if body := find(root, isElement("body")); body != nil {
		collectArticles(body, &articles)
		if len(articles) == 0 {
			articles = []*html.Node{body}
		}
	}
	if len(articles) > opt.MaxDocuments {
		return nil, refuse(HTML, ErrTooLarge, "the page holds more documents than the limit", nil)
	}
	var docs []interchange.Document
	for _, a := range articles {
		d, err := readArticle(a, page, dataImages(opt))
		if err != nil {
			return nil, refuse(HTML, ErrMalformed, "the page cannot be converted", err)
		}
		if strings.TrimSpace(d.Markdown) != "" || d.Title != "" {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		return nil, refuse(HTML, ErrEmpty, "the page holds no text", nil)
	}
	return docs, nil
}

// pageMeta is what a page's <head> says about its content.
type pageMeta struct {
	title, lang, description, licenseID, canonical string
	authors                                        []license.Person
	subjects                                       []string
}

func readPageMeta(root *html.Node) pageMeta {
	var p pageMeta
	if h := find(root, isElement("html")); h != nil {
		p.lang = languageTag(firstNonEmpty(attr(h, "lang"), attr(h, "xml:lang")))
	}
	head := find(root, isElement("head"))
	if head == nil {
		return p
	}
	if t := find(head, isElement("title")); t != nil {
		p.title = strings.TrimSpace(textOf(t))
	}
	forEach(head, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		name := strings.ToLower(firstNonEmpty(attr(n, "name"), attr(n, "property")))
		content := strings.TrimSpace(attr(n, "content"))
		switch {
		case n.Data == "meta" && (name == "description" || name == "dc.description" || name == "og:description"):
			p.description = firstNonEmpty(p.description, content)
		case n.Data == "meta" && (name == "author" || name == "dc.creator"):
			for _, a := range strings.Split(content, ",") {
				if a = strings.TrimSpace(a); a != "" {
					p.authors = append(p.authors, license.Person{Name: a})
				}
			}
		case n.Data == "meta" && (name == "keywords" || name == "dc.subject"):
			p.subjects = append(p.subjects, list(content)...)
		case n.Data == "meta" && (name == "dcterms.license" || name == "dc.rights" || name == "license"):
			p.licenseID = firstNonEmpty(p.licenseID, licenseID(content))
		case n.Data == "link" && hasRel(n, "license"):
			p.licenseID = firstNonEmpty(p.licenseID, licenseID(attr(n, "href")))
		case n.Data == "link" && hasRel(n, "canonical"):
			p.canonical = attr(n, "href")
		}
	})
	return p
}

// collectArticles finds the <article> elements not inside another.
func collectArticles(n *html.Node, out *[]*html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == "article" {
			*out = append(*out, c)
			continue
		}
		collectArticles(c, out)
	}
}

// readArticle converts one article (or body) with the page's metadata as defaults.
func readArticle(a *html.Node, page pageMeta, images imageSource) (interchange.Document, error) {
	d := interchange.Document{Title: page.title, Summary: page.description, Language: page.lang,
		License: page.licenseID, Authors: page.authors, Subjects: page.subjects}
	if l := languageTag(attr(a, "lang")); l != "" {
		d.Language = l
	}
	sourceURL := page.canonical
	// The header and attribution footer package export writes are metadata, not text.
	if h := find(a, func(n *html.Node) bool { return n.Data == "header" && n.Parent == a }); h != nil {
		if t := find(h, isElement("h1")); t != nil {
			d.Title = strings.TrimSpace(textOf(t))
			d.Summary = ""
			if s := find(h, func(n *html.Node) bool { return n.Data == "p" && hasClass(n, "summary") }); s != nil {
				d.Summary = strings.TrimSpace(textOf(s))
			}
			a.RemoveChild(h)
		}
	} else if d.Title == "" {
		if t := find(a, func(n *html.Node) bool { return n.Data == "h1" || n.Data == "h2" }); t != nil {
			d.Title = strings.TrimSpace(textOf(t))
		}
	}
	if f := find(a, func(n *html.Node) bool { return n.Data == "footer" && hasClass(n, "attribution") }); f != nil {
		if p := find(f, isElement("p")); p != nil {
			d.Attribution.Text = strings.Join(strings.Fields(textOf(p)), " ")
		}
		forEach(f, func(n *html.Node) {
			if n.Type == html.ElementNode && n.Data == "a" {
				switch href := attr(n, "href"); {
				case hasRel(n, "license"):
					d.License = licenseID(href)
				case strings.TrimSpace(textOf(n)) == href && sourceURL == "":
					sourceURL = href
				}
			}
		})
		f.Parent.RemoveChild(f)
	}
	md, imgs, err := toMarkdown(a, images)
	if err != nil {
		return d, err
	}
	d.Markdown, d.Images = md, imgs
	if d.License != "" || sourceURL != "" {
		d.Source = &interchange.Source{Title: d.Title, URL: sourceURL, Authors: d.Authors, License: d.License}
	}
	return d, nil
}

// dataImages reads pictures embedded as data: URLs (an exported self-contained page).
func dataImages(opt Options) imageSource {
	n := 0
	return func(src string) (interchange.Image, bool) {
		if !strings.HasPrefix(src, "data:") {
			return interchange.Image{}, false
		}
		comma := strings.IndexByte(src, ',')
		if comma < 0 || !strings.HasSuffix(src[:comma], ";base64") {
			return interchange.Image{}, false
		}
		// The type is read from the bytes, not from what the address claims.
		data, err := base64.StdEncoding.DecodeString(src[comma+1:])
		if err != nil || int64(len(data)) > opt.MaxImage || media.Sniff(data) == "" {
			return interchange.Image{}, false
		}
		mediaType := media.Sniff(data)
		n++
		ext := ".img"
		if exts, _ := mime.ExtensionsByType(mediaType); len(exts) > 0 {
			ext = exts[0]
		}
		return interchange.Image{Name: "image-" + itoa(n) + ext, MediaType: mediaType, Data: data}, true
	}
}

func hasRel(n *html.Node, rel string) bool {
	for _, r := range strings.Fields(strings.ToLower(attr(n, "rel"))) {
		if r == rel {
			return true
		}
	}
	return false
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
