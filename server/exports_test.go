package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/commonplace/commonplace/export"
	"github.com/commonplace/commonplace/internal/formatcheck"
	"github.com/commonplace/commonplace/internal/lessons"
)

// Every export of every lesson of the real corpus (English, Spanish, Arabic, Chinese; tables,
// code, formulas) through the real server: each passes its real checker (epubcheck, the IMS
// schemas, the HTML5 parser), carries the attribution and the licence, and the Markdown comes
// back through an import with the same text and metadata. The resource page shows the
// formulas as MathML.
func TestExportEveryLessonThroughTheServer(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina, bo := env.signup("amina"), env.signup("bo")
	docs, ls, err := lessons.Load()
	if err != nil {
		t.Fatal(err)
	}
	for i := range docs {
		d, l := docs[i], ls[i]
		t.Run(l.File, func(t *testing.T) {
			id := amina.createLesson(d, l)
			dir := "ltr"
			if l.Language == "ar" {
				dir = "rtl"
			}
			get := func(format string) (*http.Response, []byte) {
				resp, body := bo.fetch("GET", "/api/v1/resources/"+id+"/export?format="+format, nil, nil)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%s: %d %s", format, resp.StatusCode, body)
				}
				if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename") {
					t.Errorf("%s: Content-Disposition %q", format, cd)
				}
				return resp, body
			}
			credited := func(format string, data []byte) {
				if !bytes.Contains(data, []byte("is licensed under")) || !bytes.Contains(data, []byte("creativecommons.org/licenses/")) {
					t.Errorf("%s: no attribution statement or licence link", format)
				}
			}

			resp, md := get("md")
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/markdown") {
				t.Errorf("md: %s", resp.Header.Get("Content-Type"))
			}
			if !bytes.Contains(md, []byte("license: "+l.License)) || !bytes.Contains(md, []byte("attribution: ")) {
				t.Errorf("md front matter lacks licence or attribution:\n%.600s", md)
			}
			status, out := bo.importFile(l.File, md, nil)
			if status != http.StatusCreated {
				t.Fatalf("import the export: %d %v", status, out)
			}
			back := out["resources"].([]any)[0].(map[string]any)
			_, full := bo.do("GET", "/api/v1/resources/"+back["id"].(string), nil)
			for _, k := range []string{"title", "summary", "language", "license", "level"} {
				_, orig := bo.do("GET", "/api/v1/resources/"+id, nil)
				if full[k] != orig[k] {
					t.Errorf("round trip: %s %q, was %q", k, full[k], orig[k])
				}
			}
			if full["content"] != d.Markdown {
				t.Errorf("round trip changed the text")
			}
			if fmt.Sprint(full["subjects"]) != fmt.Sprint(d.Subjects) {
				t.Errorf("round trip: subjects %v, was %v", full["subjects"], d.Subjects)
			}

			_, page := get("html")
			credited("html", page)
			doc := formatcheck.HTML(t, page, l.Language, dir)
			formatcheck.Formulas(t, doc, l.Math)

			_, zipped := get("html-zip")
			files := formatcheck.Unzip(t, zipped)
			formatcheck.HTML(t, files["index.html"], l.Language, dir)

			resp, book := get("epub")
			if resp.Header.Get("Content-Type") != "application/epub+zip" {
				t.Errorf("epub: %s", resp.Header.Get("Content-Type"))
			}
			formatcheck.EPUB(t, l.File+".epub", book)
			credited("epub", bytes.Join(mapValues(formatcheck.Unzip(t, book)), nil))

			for format, version := range map[string]string{"imscc-1.1": "v1p1", "imscc-1.3": "v1p3"} {
				_, cc := get(format)
				files := formatcheck.Unzip(t, cc)
				formatcheck.CCManifest(t, version, files["imsmanifest.xml"])
				credited(format, bytes.Join(mapValues(files), nil))
			}

			// The page: formulas as MathML, no raw $ and no emphasis inside them.
			status, body := env.browser().get("/r/" + id)
			if status != http.StatusOK {
				t.Fatalf("page: %d", status)
			}
			root, err := html.Parse(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			var content *html.Node
			formatcheck.Walk(root, func(n *html.Node) {
				if v, _ := formatcheck.Attr(n, "id"); v == "content" {
					content = n
				}
			})
			if content == nil {
				t.Fatal("no #content on the page")
			}
			formatcheck.Formulas(t, content, l.Math)
		})
	}
}

func mapValues(m map[string][]byte) [][]byte {
	var out [][]byte
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// The download headers: entity tags and 304s, caching keyed on the revision, safe names for
// any title, the short alternate addresses and their <link>s, and refusals.
func TestExportHeadersAndAlternates(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	id := amina.createResource(map[string]any{"title": "الجداول \"x\"\r\n", "language": "ar", "visibility": "public",
		"content": "# جدول\n\nنص $x_1$.\n"})
	anon := env.anon()
	resp, body := anon.fetch("GET", "/api/v1/resources/"+id+"/export?format=epub", nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("epub: %d %s", resp.StatusCode, body)
	}
	cd := resp.Header.Get("Content-Disposition")
	if strings.ContainsAny(cd, "\r\n\"") && !strings.Contains(cd, "filename*=") || strings.Contains(cd, "\n") {
		t.Errorf("unsafe Content-Disposition %q", cd)
	}
	tag := resp.Header.Get("ETag")
	if tag == "" || resp.Header.Get("Cache-Control") != "private, no-cache" {
		t.Errorf("headers: ETag %q Cache-Control %q", tag, resp.Header.Get("Cache-Control"))
	}
	resp, body = anon.fetch("GET", "/api/v1/resources/"+id+"/export?format=epub", nil, map[string]string{"If-None-Match": tag})
	if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("unchanged export: %d (%d bytes)", resp.StatusCode, len(body))
	}
	amina.do("PATCH", "/api/v1/resources/"+id, map[string]any{"content": "# جدول\n\nنص آخر.\n"})
	if resp, _ := anon.fetch("GET", "/api/v1/resources/"+id+"/export?format=epub", nil, map[string]string{"If-None-Match": tag}); resp.StatusCode != http.StatusOK {
		t.Errorf("changed text, same tag: %d", resp.StatusCode)
	}
	// At a revision.
	status, rev := amina.do("POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "v1"})
	if status != http.StatusCreated {
		t.Fatalf("revision: %d %v", status, rev)
	}
	amina.do("PATCH", "/api/v1/resources/"+id, map[string]any{"content": "# جدول\n\nنص ثالث.\n"})
	resp, body = anon.fetch("GET", "/api/v1/resources/"+id+"/export?format=md&revision="+rev["id"].(string), nil, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "نص آخر") || resp.Header.Get("Cache-Control") != "private, max-age=300" {
		t.Errorf("revision export: %d %q %s", resp.StatusCode, resp.Header.Get("Cache-Control"), body)
	}
	// Short addresses, shown inline, and offered by the page.
	for ext, ctype := range map[string]string{".md": "text/markdown", ".html": "text/html", ".epub": "application/epub+zip"} {
		resp, _ := anon.fetch("GET", "/r/"+id+ext, nil, nil)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), ctype) || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "inline") {
			t.Errorf("%s: %d %s %s", ext, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
		}
	}
	_, page := env.browser().get("/r/" + id)
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	links := map[string]string{}
	formatcheck.Walk(root, func(n *html.Node) {
		if rel, _ := formatcheck.Attr(n, "rel"); n.Data == "link" && rel == "alternate" {
			typ, _ := formatcheck.Attr(n, "type")
			links[typ], _ = formatcheck.Attr(n, "href")
		}
	})
	for typ, ext := range map[string]string{"text/markdown": ".md", "text/html": ".html", "application/epub+zip": ".epub"} {
		if links[typ] != "/r/"+id+ext {
			t.Errorf("page links %s at %q", typ, links[typ])
		}
	}
	// The JSON-LD names the same files as schema.org encodings.
	var ld struct {
		Encoding []struct{ ContentURL, EncodingFormat string }
	}
	formatcheck.Walk(root, func(n *html.Node) {
		if typ, _ := formatcheck.Attr(n, "type"); n.Data == "script" && typ == "application/ld+json" {
			if err := jsonUnmarshal([]byte(formatcheck.Text(n)), &ld); err != nil {
				t.Errorf("JSON-LD: %v", err)
			}
		}
	})
	formats := map[string]string{}
	for _, e := range ld.Encoding {
		formats[e.EncodingFormat] += e.ContentURL + " "
	}
	if !strings.Contains(formats["application/epub+zip"], env.URL+"/r/"+id+".epub") || len(ld.Encoding) != 6 {
		t.Errorf("JSON-LD encodings: %+v", ld.Encoding)
	}
	for _, want := range []string{`<summary>Download</summary>`, `href="/r/` + id + `/export?format=imscc-1.3"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	// Refusals.
	for path, want := range map[string]int{
		"/api/v1/resources/" + id + "/export?format=pdf":                                              http.StatusBadRequest,
		"/api/v1/resources/" + id + "/export":                                                         http.StatusBadRequest,
		"/api/v1/resources/" + id + "/export?format=md&revision=00000000-0000-0000-0000-000000000000": http.StatusNotFound,
		"/api/v1/resources/00000000-0000-0000-0000-000000000000/export?format=md":                     http.StatusNotFound,
		"/r/" + id + ".pdf": http.StatusNotFound,
	} {
		if resp, body := anon.fetch("GET", path, nil, nil); resp.StatusCode != want {
			t.Errorf("%s: %d, want %d: %.200s", path, resp.StatusCode, want, body)
		}
	}
	private := amina.createResource(map[string]any{"title": "Secret", "visibility": "private"})
	for _, path := range []string{"/api/v1/resources/" + private + "/export?format=md", "/r/" + private + ".md", "/r/" + private + "/export?format=epub"} {
		if resp, body := anon.fetch("GET", path, nil, nil); resp.StatusCode != http.StatusNotFound || bytes.Contains(body, []byte("Secret")) {
			t.Errorf("%s to an outsider: %d", path, resp.StatusCode)
		}
	}
}

// The site's stylesheet prints like the exported pages: the same @media print rules, then its
// own that hide navigation, actions and forms.
func TestSiteStylesheetHasPrintRules(t *testing.T) {
	t.Parallel()
	resp, css := newEnv(t).anon().fetch("GET", "/static/style.css", nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("style.css: %d", resp.StatusCode)
	}
	if !bytes.Contains(css, []byte(export.PrintStylesheet)) {
		t.Errorf("style.css lacks export.PrintStylesheet")
	}
	site := regexp.MustCompile(`@media print \{\s*header\.site, footer\.site, nav\.actions[^}]*form[^}]*display: none`)
	if !site.Match(css) {
		t.Errorf("style.css does not hide navigation, actions and forms in print")
	}
}

// Previews render formulas as the page does: MathML, no raw dollars, no emphasis inside.
func TestPreviewRendersFormulas(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	status, out := amina.do("POST", "/api/v1/render", map[string]any{"markdown": "Let $a_1 = b_1$ and\n\n$$\n\\sum_i x_i\n$$\n\nbut $5 and $10 stay."})
	if status != http.StatusOK {
		t.Fatalf("render: %d %v", status, out)
	}
	root, err := html.Parse(strings.NewReader(out["html"].(string)))
	if err != nil {
		t.Fatal(err)
	}
	maths := 0
	formatcheck.Walk(root, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "math" {
			maths++
		}
	})
	if maths != 2 || !strings.Contains(out["html"].(string), "$5 and $10") {
		t.Errorf("preview: %d formulas in %s", maths, out["html"])
	}
}
