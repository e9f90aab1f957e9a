package export

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/interchange"
	"golang.org/x/net/html"
)

// checkHTML parses an exported page with the HTML5 parser browsers use and checks what makes it
// valid and accessible: doctype, lang and dir, a title, one main, unique ids, fragment links
// that resolve, text alternatives, the print stylesheet, no script, and the attribution.
func checkHTML(t *testing.T, data []byte, lang, dir string) *html.Node {
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
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		counts[n.Data]++
		if id, ok := getAttr(n, "id"); ok {
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
			if l, _ := getAttr(n, "lang"); l != lang {
				t.Errorf("html lang = %q, want %q", l, lang)
			}
			if d, _ := getAttr(n, "dir"); d != dir {
				t.Errorf("html dir = %q, want %q", d, dir)
			}
		case "img":
			if _, ok := getAttr(n, "alt"); !ok {
				t.Errorf("img without alt: %v", n.Attr)
			}
		case "a":
			href, ok := getAttr(n, "href")
			if !ok {
				t.Errorf("a without href")
			}
			if strings.HasPrefix(href, "#") {
				links = append(links, href[1:])
			} else if !strings.HasPrefix(href, "http://") && !strings.HasPrefix(href, "https://") && !strings.HasPrefix(href, "mailto:") {
				t.Errorf("link that cannot resolve: %q", href)
			}
		case "style":
			if !strings.Contains(textOf(n), "@media print") {
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

func TestHTMLOfEachLessonIsValid(t *testing.T) {
	docs, lessons := corpus(t)
	e := newExporter()
	for i := range docs {
		t.Run(lessons[i].File, func(t *testing.T) {
			f, err := e.HTML(docs[i:i+1], Options{})
			if err != nil {
				t.Fatal(err)
			}
			dir := "ltr"
			if lessons[i].Language == "ar" {
				dir = "rtl"
			}
			doc := checkHTML(t, f.Data, lessons[i].Language, dir)
			if !bytes.Contains(f.Data, []byte("is licensed under")) {
				t.Errorf("attribution statement missing")
			}
			checkFormulas(t, doc, lessons[i].Math)
			if dir == "rtl" && !bytes.Contains(f.Data, []byte(`<pre dir="ltr">`)) {
				t.Errorf("code blocks on a right-to-left page are not marked left to right")
			}
		})
	}
	f, err := e.HTML(docs, Options{Title: "Open lessons"})
	if err != nil {
		t.Fatal(err)
	}
	checkHTML(t, f.Data, "en", "ltr")
}

// checkFormulas: the corpus' LaTeX shows as <math>, with no "$" left in what readers see and no
// emphasis inside a formula.
func checkFormulas(t *testing.T, doc *html.Node, hasMath bool) {
	t.Helper()
	maths, errors := 0, 0
	var visit func(n *html.Node, inCode, inMath bool)
	visit = func(n *html.Node, inCode, inMath bool) {
		if n.Type == html.ElementNode {
			switch {
			case n.Data == "math":
				maths++
				inMath = true
			case n.Data == "code" || n.Data == "pre" || n.Data == "annotation":
				inCode = true
			case n.Data == "em" && inMath:
				t.Errorf("<em> inside a formula")
			case n.Data == "merror":
				errors++
				t.Logf("unsupported TeX: %s", textOf(n))
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
		t.Errorf("no <math> in a lesson with formulas")
	}
	if errors > 0 {
		t.Errorf("%d formulas with unsupported TeX", errors)
	}
}

func testImages(t testing.TB) []interchange.Image {
	m := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for x := 0; x < 8; x++ {
		m.Set(x, x, color.RGBA{200, 30, 30, 255})
	}
	var p, j bytes.Buffer
	if err := png.Encode(&p, m); err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(&j, m, nil); err != nil {
		t.Fatal(err)
	}
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#36c"/></svg>`
	return []interchange.Image{
		{Name: "cell.png", MediaType: "image/png", Data: p.Bytes(), Alt: "A diagonal red line"},
		{Name: "photo.jpg", MediaType: "image/jpeg", Data: j.Bytes(), Alt: "The same line, as a photo"},
		{Name: "square.svg", MediaType: "image/svg+xml", Data: []byte(svg), Alt: "A blue square"},
	}
}

func withImages(t testing.TB, d interchange.Document) interchange.Document {
	d.Images = testImages(t)
	d.Markdown = "# Pictures\n\n![](images/cell.png)\n\nA photo: ![photo](/r/123/images/photo.jpg) and <img src=\"square.svg\">\n\n" +
		"A remote one: ![remote](https://example.org/x.png) and a missing one ![gone](lost.png).\n\n" + d.Markdown
	return d
}

func TestExportsCarryImages(t *testing.T) {
	docs, _ := corpus(t)
	d := withImages(t, docs[0])
	e := newExporter()

	f, err := e.HTMLZip([]interchange.Document{d}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	files := unzip(t, f.Data)
	for _, name := range []string{"index.html", "images/01-cell.png", "images/01-photo.jpg", "images/01-square.svg"} {
		if _, ok := files[name]; !ok {
			t.Errorf("html zip lacks %s: %v", name, keys(files))
		}
	}
	page := string(files["index.html"])
	for _, want := range []string{`src="images/01-cell.png" alt="A diagonal red line"`, `src="images/01-photo.jpg" alt="photo"`, `src="https://example.org/x.png"`, `<span class="missing-image">gone</span>`} {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	checkHTML(t, files["index.html"], "en", "ltr")

	single, err := e.HTML([]interchange.Document{d}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(single.Data, []byte(`src="data:image/png;base64,`)) {
		t.Errorf("single HTML file does not embed its images")
	}

	book, err := e.EPUB([]interchange.Document{d}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	opf := string(unzip(t, book.Data)["EPUB/package.opf"])
	for _, want := range []string{"schema:accessMode\">visual", "alternativeText", `media-type="image/svg+xml"`} {
		if !strings.Contains(opf, want) {
			t.Errorf("package.opf lacks %s", want)
		}
	}
	epubcheck(t, "images.epub", book.Data)

	for _, format := range []Format{CC11, CC13} {
		cc, err := e.Export(format, []interchange.Document{d}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		files := unzip(t, cc.Data)
		if _, ok := files["web_resources/01/cell.png"]; !ok {
			t.Errorf("%s lacks its image: %v", format, keys(files))
		}
		if !strings.Contains(string(files["imsmanifest.xml"]), `<file href="web_resources/01/cell.png"/>`) {
			t.Errorf("%s manifest does not list the image", format)
		}
		validateManifest(t, map[Format]string{CC11: "v1p1", CC13: "v1p3"}[format], files["imsmanifest.xml"])
	}
}
