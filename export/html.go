package export

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/translation"
	"golang.org/x/net/html"
)

// HTML writes one self-contained, accessible HTML file: the stylesheet inline (print rules
// included), lang and dir from the documents, images embedded as data: URLs, every document
// followed by its attribution and licence.
func (e *Exporter) HTML(docs []interchange.Document, opt Options) (File, error) {
	if len(docs) == 0 {
		return File{}, ErrNoDocuments
	}
	opt = resolve(docs, opt)
	data, _, err := e.htmlPage(docs, opt, func(_, _ int, img *interchange.Image) string {
		return "data:" + img.MediaType + ";base64," + base64.StdEncoding.EncodeToString(img.Data)
	})
	if err != nil {
		return File{}, err
	}
	return File{Name: slug(opt.Title, "resource") + ".html", MediaType: "text/html; charset=utf-8", Data: data}, nil
}

// HTMLZip writes index.html with its images beside it, in a zip.
func (e *Exporter) HTMLZip(docs []interchange.Document, opt Options) (File, error) {
	if len(docs) == 0 {
		return File{}, ErrNoDocuments
	}
	opt = resolve(docs, opt)
	data, pages, err := e.htmlPage(docs, opt, func(d, _ int, img *interchange.Image) string {
		return imagePath(d, img)
	})
	if err != nil {
		return File{}, err
	}
	z := newZip(opt.Modified)
	if err := z.add("index.html", data, false); err != nil {
		return File{}, err
	}
	if err := addImages(z, "", pages); err != nil {
		return File{}, err
	}
	out, err := z.bytes()
	if err != nil {
		return File{}, err
	}
	return File{Name: slug(opt.Title, "resource") + "-html.zip", MediaType: "application/zip", Data: out}, nil
}

// imagePath is where image img of document d is packaged.
func imagePath(d int, img *interchange.Image) string {
	return fmt.Sprintf("images/%02d-%s", d+1, img.Name)
}

// addImages writes the images the pages show, each once, under prefix.
func addImages(z *zipWriter, prefix string, pages []*page) error {
	for d, p := range pages {
		done := map[int]bool{}
		for _, i := range p.images {
			if done[i] {
				continue
			}
			done[i] = true
			img := &p.doc.Images[i]
			if err := z.add(prefix+imagePath(d, img), img.Data, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// htmlPage renders the documents into one HTML page.
func (e *Exporter) htmlPage(docs []interchange.Document, opt Options, src func(d, i int, img *interchange.Image) string) ([]byte, []*page, error) {
	pages := make([]*page, len(docs))
	for d := range docs {
		prefix := ""
		if len(docs) > 1 {
			prefix = fmt.Sprintf("d%d-", d+1)
		}
		p, err := e.render(&docs[d], target{idPrefix: prefix, imageSrc: func(i int, img *interchange.Image) string { return src(d, i, img) }})
		if err != nil {
			return nil, nil, err
		}
		pages[d] = p
	}
	main := el("main", nil)
	if len(pages) > 1 {
		main.AppendChild(el("header", nil, el("p", attrs("class", "collection"), txt(opt.Title)), tocNav(pages, func(int) string { return "" })))
	}
	for _, p := range pages {
		if p.lang == pages[0].lang {
			removeAttr(p.article, "lang")
			removeAttr(p.article, "dir")
		}
		main.AppendChild(p.article)
	}
	head := el("head", nil,
		el("meta", attrs("charset", "utf-8")),
		el("meta", attrs("name", "viewport", "content", "width=device-width, initial-scale=1")),
		el("title", nil, txt(opt.Title)))
	first := &docs[0]
	if s := strings.TrimSpace(first.Summary); s != "" {
		head.AppendChild(el("meta", attrs("name", "description", "content", s)))
	}
	if names := authorNames(first); names != "" {
		head.AppendChild(el("meta", attrs("name", "author", "content", names)))
	}
	if len(first.Subjects) > 0 {
		head.AppendChild(el("meta", attrs("name", "keywords", "content", strings.Join(first.Subjects, ", "))))
	}
	if u := licenseOf(first).URL; u != "" {
		head.AppendChild(el("link", attrs("rel", "license", "href", u)))
	}
	head.AppendChild(el("style", nil, txt(css)))
	lang := langOr(first.Language)
	root := el("html", attrs("lang", lang, "dir", translation.Direction(first.Language)), head, el("body", nil, main))
	doc := &html.Node{Type: html.DocumentNode}
	doc.AppendChild(&html.Node{Type: html.DoctypeNode, Data: "html"})
	doc.AppendChild(root)
	var b bytes.Buffer
	if err := html.Render(&b, doc); err != nil {
		return nil, nil, fmt.Errorf("write html: %w", err)
	}
	return b.Bytes(), pages, nil
}

func authorNames(d *interchange.Document) string {
	var names []string
	for _, a := range d.Authors {
		if n := strings.TrimSpace(a.Name); n != "" {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}
