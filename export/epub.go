package export

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/translation"
)

// Conformance claimed by EPUB exports: EPUB Accessibility 1.0 at WCAG 2.0 AA. The generated
// structure meets it (language, headings, navigation, text alternatives required at upload,
// MathML for formulas); what authors write inside it is theirs.
const a11yConformance = "http://www.idpf.org/epub/a11y/accessibility-20170105.html#wcag-aa"

// EPUB writes an EPUB 3 book: one content document per document, a navigation document
// (role doc-toc) listing each document and its headings, lang/dir from the documents, right to
// left page progression for right-to-left languages, accessibility metadata, MathML formulas.
func (e *Exporter) EPUB(docs []interchange.Document, opt Options) (File, error) {
	if len(docs) == 0 {
		return File{}, ErrNoDocuments
	}
	opt = resolve(docs, opt)
	docs, err := forEPUB(docs)
	if err != nil {
		return File{}, err
	}
	pages := make([]*page, len(docs))
	for d := range docs {
		p, err := e.render(&docs[d], target{offline: true, imageSrc: func(_ int, img *interchange.Image) string {
			return "../" + epubImagePath(d, img)
		}})
		if err != nil {
			return File{}, err
		}
		pages[d] = p
	}
	z := newZip(opt.Modified)
	if err := z.add("mimetype", []byte("application/epub+zip"), true); err != nil {
		return File{}, err
	}
	files := []struct {
		name string
		data []byte
	}{
		{"META-INF/container.xml", []byte(containerXML)},
		{"EPUB/package.opf", packageDocument(pages, opt)},
		{"EPUB/nav.xhtml", navDocument(pages, opt)},
		{"EPUB/style.css", []byte(css)},
	}
	for d, p := range pages {
		body := el("body", nil, el("section", attrs("epub:type", "chapter", "role", "doc-chapter", "aria-labelledby", "title"), p.article))
		removeAttr(p.article, "lang") // the file's root says it
		removeAttr(p.article, "dir")
		files = append(files, struct {
			name string
			data []byte
		}{"EPUB/" + chapterPath(d), xhtmlDocument(p.lang, p.dir, titleOf(p.doc), "../style.css", body)})
	}
	for _, f := range files {
		if err := z.add(f.name, f.data, false); err != nil {
			return File{}, err
		}
	}
	for d, p := range pages {
		done := map[int]bool{}
		for _, i := range p.images {
			if !done[i] {
				done[i] = true
				if err := z.add("EPUB/"+epubImagePath(d, &p.doc.Images[i]), p.doc.Images[i].Data, false); err != nil {
					return File{}, err
				}
			}
		}
	}
	data, err := z.bytes()
	if err != nil {
		return File{}, err
	}
	return File{Name: slug(opt.Title, "resource") + ".epub", MediaType: "application/epub+zip", Data: data}, nil
}

const containerXML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`

func chapterPath(d int) string { return fmt.Sprintf("text/doc-%03d.xhtml", d+1) }

func epubImagePath(d int, img *interchange.Image) string {
	return fmt.Sprintf("images/%02d-%s", d+1, packagedName(img))
}

// packageDocument writes package.opf.
func packageDocument(pages []*page, opt Options) []byte {
	first := pages[0].doc
	lang := pages[0].lang
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w(`<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="%s" dir="%s">`+"\n", esc(lang), pages[0].dir)
	w(`<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">` + "\n")
	w(`<dc:identifier id="uid">%s</dc:identifier>`+"\n", esc(bookIdentifier(opt, first)))
	w(`<dc:title>%s</dc:title>`+"\n", esc(opt.Title))
	seenLang := map[string]bool{}
	for _, p := range pages {
		if !seenLang[p.lang] {
			seenLang[p.lang] = true
			w(`<dc:language>%s</dc:language>`+"\n", esc(p.lang))
		}
	}
	seen := map[string]bool{}
	for _, p := range pages {
		for _, a := range p.doc.Authors {
			if n := strings.TrimSpace(a.Name); n != "" && !seen[n] {
				seen[n] = true
				w(`<dc:creator>%s</dc:creator>`+"\n", esc(n))
			}
		}
	}
	if s := strings.TrimSpace(first.Summary); s != "" && len(pages) == 1 {
		w(`<dc:description>%s</dc:description>`+"\n", esc(s))
	}
	seen = map[string]bool{}
	for _, p := range pages {
		for _, s := range p.doc.Subjects {
			if s = strings.TrimSpace(s); s != "" && !seen[s] {
				seen[s] = true
				w(`<dc:subject>%s</dc:subject>`+"\n", esc(s))
			}
		}
	}
	for _, p := range pages {
		w(`<dc:rights>%s</dc:rights>`+"\n", esc(statement(p.doc).Text))
	}
	if first.URL != "" && len(pages) == 1 {
		w(`<dc:source>%s</dc:source>`+"\n", esc(first.URL))
	}
	w(`<meta property="dcterms:modified">%s</meta>`+"\n", opt.Modified.Format("2006-01-02T15:04:05Z"))
	if u := licenseOf(first).URL; u != "" {
		w(`<meta property="dcterms:license">%s</meta>`+"\n", esc(u))
	}
	writeAccessibility(w, pages)
	w("</metadata>\n<manifest>\n")
	w(`<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>` + "\n")
	w(`<item id="css" href="style.css" media-type="text/css"/>` + "\n")
	for d, p := range pages {
		props := ""
		if p.math {
			props = ` properties="mathml"`
		}
		w(`<item id="doc-%03d" href="%s" media-type="application/xhtml+xml"%s/>`+"\n", d+1, chapterPath(d), props)
	}
	for d, p := range pages {
		done := map[int]bool{}
		for _, i := range p.images {
			if !done[i] {
				done[i] = true
				img := &p.doc.Images[i]
				w(`<item id="img-%03d-%03d" href="%s" media-type="%s"/>`+"\n", d+1, i+1, esc(epubImagePath(d, img)), esc(img.MediaType))
			}
		}
	}
	w("</manifest>\n")
	if translation.Direction(first.Language) == "rtl" {
		w(`<spine page-progression-direction="rtl">` + "\n")
	} else {
		w("<spine>\n")
	}
	for d := range pages {
		w(`<itemref idref="doc-%03d"/>`+"\n", d+1)
	}
	w("</spine>\n</package>\n")
	return b.Bytes()
}

// writeAccessibility writes the schema.org accessibility metadata of the book.
func writeAccessibility(w func(string, ...any), pages []*page) {
	images, math := false, false
	for _, p := range pages {
		images = images || len(p.images) > 0
		math = math || p.math
	}
	w(`<meta property="schema:accessMode">textual</meta>` + "\n")
	if images {
		w(`<meta property="schema:accessMode">visual</meta>` + "\n")
		w(`<meta property="schema:accessModeSufficient">textual,visual</meta>` + "\n")
	}
	w(`<meta property="schema:accessModeSufficient">textual</meta>` + "\n")
	features := []string{"structuralNavigation", "tableOfContents", "readingOrder"}
	if images {
		features = append(features, "alternativeText")
	}
	if math {
		features = append(features, "MathML")
	}
	for _, f := range features {
		w(`<meta property="schema:accessibilityFeature">%s</meta>`+"\n", f)
	}
	w(`<meta property="schema:accessibilityHazard">none</meta>` + "\n")
	summary := "Text with headings for structural navigation and a table of contents; the language and direction of the text are declared."
	if math {
		summary += " Formulas are MathML, readable by screen readers, with their LaTeX source kept as an annotation."
	}
	if images {
		summary += " Images have text alternatives written by their authors."
	}
	w(`<meta property="schema:accessibilitySummary">%s</meta>`+"\n", esc(summary))
	w(`<link rel="dcterms:conformsTo" href="%s"/>`+"\n", a11yConformance)
}

// navDocument writes nav.xhtml: the table of contents (role doc-toc).
func navDocument(pages []*page, opt Options) []byte {
	nav := tocNav(pages, func(d int) string { return chapterPath(d) })
	setAttr(nav, "epub:type", "toc")
	setAttr(nav, "role", "doc-toc")
	setAttr(nav, "id", "toc")
	h := nav.FirstChild // the heading: h1 in a navigation document of its own
	h.Data = "h1"
	body := el("body", nil, nav)
	return xhtmlDocument(pages[0].lang, pages[0].dir, opt.Title, "style.css", body)
}

func bookIdentifier(opt Options, first *interchange.Document) string {
	if id := identifier(opt.Identifier); id != "" {
		return id
	}
	if first.URL != "" {
		return first.URL
	}
	return "urn:commonplace:" + slug(opt.Title, "resource")
}

func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(xmlChars(s))) // a bytes.Buffer never fails
	return b.String()
}
