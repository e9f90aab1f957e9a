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
	"github.com/commonplace/commonplace/internal/formatcheck"
)

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
			doc := formatcheck.HTML(t, f.Data, lessons[i].Language, dir)
			if !bytes.Contains(f.Data, []byte("is licensed under")) {
				t.Errorf("attribution statement missing")
			}
			formatcheck.Formulas(t, doc, lessons[i].Math)
			if dir == "rtl" && !bytes.Contains(f.Data, []byte(`<pre dir="ltr">`)) {
				t.Errorf("code blocks on a right-to-left page are not marked left to right")
			}
		})
	}
	f, err := e.HTML(docs, Options{Title: "Open lessons"})
	if err != nil {
		t.Fatal(err)
	}
	formatcheck.HTML(t, f.Data, "en", "ltr")
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
	files := formatcheck.Unzip(t, f.Data)
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
	formatcheck.HTML(t, files["index.html"], "en", "ltr")

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
	opf := string(formatcheck.Unzip(t, book.Data)["EPUB/package.opf"])
	for _, want := range []string{"schema:accessMode\">visual", "alternativeText", `media-type="image/svg+xml"`} {
		if !strings.Contains(opf, want) {
			t.Errorf("package.opf lacks %s", want)
		}
	}
	formatcheck.EPUB(t, "images.epub", book.Data)

	for _, format := range []Format{CC11, CC13} {
		cc, err := e.Export(format, []interchange.Document{d}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		files := formatcheck.Unzip(t, cc.Data)
		if _, ok := files["web_resources/01/cell.png"]; !ok {
			t.Errorf("%s lacks its image: %v", format, keys(files))
		}
		if !strings.Contains(string(files["imsmanifest.xml"]), `<file href="web_resources/01/cell.png"/>`) {
			t.Errorf("%s manifest does not list the image", format)
		}
		formatcheck.CCManifest(t, map[Format]string{CC11: "v1p1", CC13: "v1p3"}[format], files["imsmanifest.xml"])
	}
}
