package export

import (
	"bytes"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/internal/formatcheck"
)

func TestMarkdownExportHasFrontMatterAndAttribution(t *testing.T) {
	docs, _ := corpus(t)
	f, err := newExporter().Markdown(docs[4:5], Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := string(f.Data)
	for _, want := range []string{"---\ntitle: الجداول\n", "language: ar\n", "license: CC-BY-SA-4.0\n",
		"license_url: https://creativecommons.org/licenses/by-sa/4.0/", "authors:\n  - name: Matt Cone\n", "attribution: ",
		"is licensed under CC BY-SA 4.0", "identifier: urn:uuid:0190a1b2-", "updated: \"2025-06-02T09:30:00Z\"\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%.600s", want, s)
		}
	}
	if !strings.HasSuffix(s, "---\n"+docs[4].Markdown) {
		t.Errorf("the text does not follow the front matter unchanged")
	}
	if f.MediaType != "text/markdown; charset=utf-8" || !strings.HasSuffix(f.Name, ".md") {
		t.Errorf("file %s %s", f.Name, f.MediaType)
	}
}

func TestMarkdownExportOfSeveralIsAZip(t *testing.T) {
	docs, _ := corpus(t)
	set := []interchange.Document{withImages(t, docs[0]), docs[1]}
	f, err := newExporter().Markdown(set, Options{Title: "Two lessons"})
	if err != nil {
		t.Fatal(err)
	}
	files := formatcheck.Unzip(t, f.Data)
	md := string(files["01-introducing-the-shell/01-introducing-the-shell.md"])
	if !strings.Contains(md, "![](images/cell.png)") || !strings.Contains(md, "![photo](images/photo.jpg)") || !strings.Contains(md, `<img src="images/square.svg">`) {
		t.Errorf("image references not rewritten:\n%.400s", md)
	}
	if !strings.Contains(md, "images:\n  - file: images/cell.png\n    alt: A diagonal red line\n") {
		t.Errorf("images not listed in the front matter:\n%.1500s", md)
	}
	for _, name := range []string{"01-introducing-the-shell/images/cell.png", "02-generalization/02-generalization.md"} {
		if _, ok := files[name]; !ok {
			t.Errorf("missing %s in %v", name, keys(files))
		}
	}
}

func TestExportsAreDeterministic(t *testing.T) {
	docs, _ := corpus(t)
	e := newExporter()
	for _, f := range Formats {
		a, err := e.Export(f, docs[:3], Options{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := e.Export(f, docs[:3], Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Data, b.Data) {
			t.Errorf("%s: two exports differ", f)
		}
	}
	if _, err := e.Export("pdf", docs, Options{}); err == nil {
		t.Errorf("unknown format accepted")
	}
	if _, err := e.Export(EPUB, nil, Options{}); err == nil {
		t.Errorf("empty export accepted")
	}
}
