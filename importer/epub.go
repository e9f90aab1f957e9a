package importer

import (
	"bytes"
	"encoding/xml"
	"github.com/commonplace/commonplace/media"
	"path"
	"regexp"
	"strings"

	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/license"
	"golang.org/x/net/html"
)

type opfPackage struct {
	Metadata struct {
		Titles      []string `xml:"title"`
		Languages   []string `xml:"language"`
		Creators    []string `xml:"creator"`
		Subjects    []string `xml:"subject"`
		Description string   `xml:"description"`
		Rights      []string `xml:"rights"`
		Sources     []string `xml:"source"`
		Identifiers []string `xml:"identifier"`
		Meta        []struct {
			Property string `xml:"property,attr"`
			Value    string `xml:",chardata"`
		} `xml:"meta"`
	} `xml:"metadata"`
	Manifest struct {
		Items []struct {
			ID         string `xml:"id,attr"`
			Href       string `xml:"href,attr"`
			MediaType  string `xml:"media-type,attr"`
			Properties string `xml:"properties,attr"`
		} `xml:"item"`
	} `xml:"manifest"`
	Spine struct {
		Items []struct {
			IDRef  string `xml:"idref,attr"`
			Linear string `xml:"linear,attr"`
		} `xml:"itemref"`
	} `xml:"spine"`
}

type container struct {
	Rootfiles []struct {
		FullPath string `xml:"full-path,attr"`
	} `xml:"rootfiles>rootfile"`
}

// ReadEPUB reads an EPUB 3 (or 2) book: one document per content document in the reading
// order (the navigation document and non-linear items left out), with the book's metadata, the
// pictures each chapter shows, and the attribution each chapter carries.
func ReadEPUB(data []byte, opt Options) ([]interchange.Document, error) {
	opt = opt.withDefaults()
	a, err := openArchive(EPUB, data, opt)
	if err != nil {
		return nil, err
	}
	if !a.has("META-INF/container.xml") {
		return nil, refuse(EPUB, ErrMalformed, "the book has no META-INF/container.xml", nil)
	}
	raw, err := a.read("META-INF/container.xml")
	if err != nil {
		return nil, err
	}
	var c container
	if err := xml.Unmarshal(raw, &c); err != nil || len(c.Rootfiles) == 0 {
		return nil, refuse(EPUB, ErrMalformed, "META-INF/container.xml names no package document", err)
	}
	opfPath := c.Rootfiles[0].FullPath
	raw, err = a.read(opfPath)
	if err != nil {
		return nil, err
	}
	var pkg opfPackage
	if err := xml.Unmarshal(raw, &pkg); err != nil {
		return nil, refuse(EPUB, ErrMalformed, "the package document is not valid XML", err)
	}
	book := bookMeta(&pkg)
	items := map[string]int{}
	for i, it := range pkg.Manifest.Items {
		items[it.ID] = i
	}
	dir := path.Dir(opfPath)
	var docs []interchange.Document
	for n, ref := range pkg.Spine.Items {
		i, ok := items[ref.IDRef]
		if !ok || ref.Linear == "no" {
			continue
		}
		it := pkg.Manifest.Items[i]
		if strings.Contains(" "+it.Properties+" ", " nav ") || !strings.Contains(it.MediaType, "html") {
			continue
		}
		if len(docs) >= opt.MaxDocuments {
			return nil, refuse(EPUB, ErrTooLarge, "the book holds more chapters than the limit", nil)
		}
		chapterPath := path.Join(dir, it.Href)
		d, err := readChapter(a, chapterPath, &pkg, book)
		if err != nil {
			return nil, err
		}
		if d.Title == "" {
			d.Title = book.title + " (" + itoa(n+1) + ")"
		}
		if strings.TrimSpace(d.Markdown) != "" {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		return nil, refuse(EPUB, ErrEmpty, "the book has no chapters with text", nil)
	}
	if len(docs) == 1 && docs[0].Summary == "" {
		docs[0].Summary = book.description
	}
	return docs, nil
}

// bookInfo is the book-wide metadata each chapter starts from.
type bookInfo struct {
	title, lang, description, licenseID, rights, source string
	authors                                             []license.Person
	subjects                                            []string
}

func bookMeta(pkg *opfPackage) bookInfo {
	m := &pkg.Metadata
	b := bookInfo{description: strings.TrimSpace(m.Description)}
	if len(m.Titles) > 0 {
		b.title = strings.TrimSpace(m.Titles[0])
	}
	if len(m.Languages) > 0 {
		b.lang = languageTag(m.Languages[0])
	}
	for _, c := range m.Creators {
		if c = strings.TrimSpace(c); c != "" {
			b.authors = append(b.authors, license.Person{Name: c})
		}
	}
	for _, s := range m.Subjects {
		if s = strings.TrimSpace(s); s != "" {
			b.subjects = append(b.subjects, s)
		}
	}
	for _, meta := range m.Meta {
		if meta.Property == "dcterms:license" {
			b.licenseID = licenseID(meta.Value)
		}
	}
	if len(m.Rights) > 0 {
		b.rights = strings.TrimSpace(m.Rights[0])
		// Many tools (pandoc among them) write the licence only as dc:rights ("CC BY 4.0").
		if id := licenseID(b.rights); b.licenseID == "" && isKnownLicense(id) {
			b.licenseID = id
		}
	}
	for _, s := range append(append([]string{}, m.Sources...), m.Identifiers...) {
		if s = strings.TrimSpace(s); strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
			b.source = s
			break
		}
	}
	return b
}

// selfClosing matches XHTML's <tag/> for elements HTML does not know as void (<a id="x"/>),
// which the HTML parser would otherwise leave open.
var selfClosing = regexp.MustCompile(`<([A-Za-z][A-Za-z0-9]*)(\s[^<>]*?)?/>`)

var voids = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

func readChapter(a *archive, chapterPath string, pkg *opfPackage, book bookInfo) (interchange.Document, error) {
	raw, err := a.read(chapterPath)
	if err != nil {
		return interchange.Document{}, err
	}
	raw = selfClosing.ReplaceAllFunc(raw, func(m []byte) []byte {
		sub := selfClosing.FindSubmatch(m)
		if voids[strings.ToLower(string(sub[1]))] {
			return m
		}
		return []byte("<" + string(sub[1]) + string(sub[2]) + "></" + string(sub[1]) + ">")
	})
	root, err := html.Parse(bytes.NewReader(raw))
	if err != nil {
		return interchange.Document{}, refuse(EPUB, ErrMalformed, chapterPath+" cannot be parsed", err)
	}
	page := readPageMeta(root)
	page.lang = firstNonEmpty(page.lang, book.lang)
	page.authors, page.subjects, page.description = book.authors, book.subjects, ""
	page.licenseID = firstNonEmpty(book.licenseID, page.licenseID)
	if page.title == "" || page.title == book.title || isFileName(page.title, chapterPath) {
		page.title = "" // then the chapter's first heading names it
	}
	page.canonical = book.source
	body := find(root, isElement("body"))
	if body == nil {
		return interchange.Document{}, refuse(EPUB, ErrMalformed, chapterPath+" has no body", nil)
	}
	if titlePage(body) {
		return interchange.Document{}, nil // the book's metadata, shown as a page: not a chapter
	}
	var articles []*html.Node
	collectArticles(body, &articles)
	node := body
	if len(articles) == 1 {
		node = articles[0]
	}
	images := func(src string) (interchange.Image, bool) {
		if strings.Contains(src, ":") {
			return interchange.Image{}, false
		}
		p := path.Join(path.Dir(chapterPath), strings.SplitN(src, "#", 2)[0])
		data, ok := a.image(p)
		if !ok {
			return interchange.Image{}, false
		}
		mediaType := media.Sniff(data)
		if mediaType == "" {
			return interchange.Image{}, false
		}
		return interchange.Image{Name: path.Base(p), MediaType: mediaType, Data: data}, true
	}
	d, err := readArticle(node, page, images)
	if err != nil {
		return d, refuse(EPUB, ErrMalformed, chapterPath+" cannot be converted", err)
	}
	if d.Attribution.Text == "" && book.rights != "" {
		d.Attribution.Text = book.rights
	}
	return d, nil
}

// isFileName: tools that name a chapter's <title> after its file ("ch001.xhtml") give it no title.
func isFileName(title, chapterPath string) bool {
	t := strings.ToLower(strings.TrimSpace(title))
	return t == strings.ToLower(path.Base(chapterPath)) || strings.HasSuffix(t, ".xhtml") || strings.HasSuffix(t, ".html")
}

// titlePage reports a content document that is only the book's title page (epub:type
// "titlepage", as pandoc and others write it).
func titlePage(body *html.Node) bool {
	isTitle := func(n *html.Node) bool {
		for _, a := range n.Attr {
			if (a.Key == "epub:type" || a.Key == "type") && strings.Contains(" "+a.Val+" ", " titlepage ") {
				return true
			}
		}
		return false
	}
	if isTitle(body) {
		return true
	}
	var content []*html.Node
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode || (c.Type == html.TextNode && strings.TrimSpace(c.Data) != "") {
			content = append(content, c)
		}
	}
	return len(content) == 1 && content[0].Type == html.ElementNode && isTitle(content[0])
}
