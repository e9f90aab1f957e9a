package importer

import (
	"errors"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/export"
	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/internal/lessons"
)

// Export Markdown → import → the same text and metadata, for every lesson of the corpus.
func TestMarkdownRoundTrip(t *testing.T) {
	docs, ls := corpus(t)
	e := exporter()
	for i, d := range docs {
		f, err := e.Markdown(docs[i:i+1], export.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := ReadMarkdown(f.Data, Options{})
		if err != nil {
			t.Fatalf("%s: %v", ls[i].File, err)
		}
		sameMetadata(t, ls[i].File, d, got)
		if got.Markdown != d.Markdown {
			t.Errorf("%s: text changed in the round trip", ls[i].File)
		}
		if !got.Created.Equal(d.Created) || !got.Updated.Equal(d.Updated) {
			t.Errorf("%s: dates %v %v", ls[i].File, got.Created, got.Updated)
		}
		if got.Source == nil || got.Source.URL != d.URL || got.Source.License != d.License || got.Source.Title != d.Title {
			t.Errorf("%s: imported-from source = %+v", ls[i].File, got.Source)
		}
	}
}

// A text that itself starts with a front-matter-like block (a Jekyll lesson pasted whole) keeps
// it: only the block the export wrote is read as metadata.
func TestMarkdownRoundTripKeepsALeadingBlockOfTheText(t *testing.T) {
	raw, _, err := lessons.Load()
	if err != nil {
		t.Fatal(err)
	}
	f, err := exporter().Markdown(raw[0:1], export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadMarkdown(f.Data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Markdown != raw[0].Markdown || got.Title != raw[0].Title || !strings.HasPrefix(got.Markdown, "---\ntitle: Introducing the Shell") {
		t.Errorf("text or title changed: %q %.60q", got.Title, got.Markdown)
	}
}

func TestMarkdownZipRoundTripKeepsImages(t *testing.T) {
	docs, _ := corpus(t)
	d := docs[0]
	d.Images = []interchange.Image{{Name: "dot.png", MediaType: "image/png", Data: onePixelPNG, Alt: "A red dot"}}
	d.Markdown = "![](/r/1/images/dot.png)\n\n" + d.Markdown
	f, err := exporter().Markdown([]interchange.Document{d, docs[6]}, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Import(t.Context(), f.Name, f.Data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d documents", len(got))
	}
	sameMetadata(t, "zip", d, got[0])
	sameMetadata(t, "zip", docs[6], got[1])
	if len(got[0].Images) != 1 || got[0].Images[0].Alt != "A red dot" || string(got[0].Images[0].Data) != string(onePixelPNG) || got[0].Images[0].MediaType != "image/png" {
		t.Errorf("images = %+v", got[0].Images)
	}
	if !strings.HasPrefix(got[0].Markdown, "![](images/dot.png)") {
		t.Errorf("text: %.60q", got[0].Markdown)
	}
}

func TestMarkdownFrontMatterAliases(t *testing.T) {
	src := `---
title: Fracciones
summary: Partes de un todo
lang: es_MX
licence: https://creativecommons.org/licenses/by-sa/4.0/deed.es
author:
  - name: Ana Pérez
    homepage: https://example.org/ana
  - Luis
keywords: matemáticas, fracciones
education_level: primaria
date: 2024-02-03
source:
  title: Fractions
  url: https://example.org/fractions
  authors: [Amina]
  license: CC BY 4.0
layout: lesson
---
# Fracciones
Texto.
`
	d, err := ReadMarkdown([]byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Fracciones" || d.Summary != "Partes de un todo" || d.Language != "es-MX" || d.License != "CC-BY-SA-4.0" ||
		d.Level != "primaria" || len(d.Subjects) != 2 || d.Created.Format("2006-01-02") != "2024-02-03" {
		t.Errorf("fields: %+v", d)
	}
	if len(d.Authors) != 2 || d.Authors[0].Name != "Ana Pérez" || d.Authors[0].URL != "https://example.org/ana" || d.Authors[1].Name != "Luis" {
		t.Errorf("authors: %+v", d.Authors)
	}
	if d.Source == nil || d.Source.URL != "https://example.org/fractions" || d.Source.License != "CC-BY-4.0" || d.Source.Authors[0].Name != "Amina" {
		t.Errorf("source: %+v", d.Source)
	}
	if strings.Contains(d.Markdown, "layout") || !strings.HasPrefix(d.Markdown, "# Fracciones") {
		t.Errorf("front matter left in the text: %q", d.Markdown)
	}
}

func TestBadFilesAreRefusedClearly(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		kind error
	}{
		{"binary.bin", []byte{0x00, 0x01, 0xff, 0xfe, 0x00}, ErrUnsupported},
		{"latin1.md", []byte("caf\xe9 au lait"), ErrUnsupported},
		{"empty.md", []byte("   \n"), ErrEmpty},
		{"yaml.md", []byte("---\ntitle: [unclosed\n---\ntext"), ErrMalformed},
		{"truncated.epub", []byte("PK\x03\x04\x14\x00\x00\x00garbage"), ErrMalformed},
		{"other.zip", zipOf(t, map[string]string{"readme.txt": "hello"}), ErrUnsupported},
		{"nocontainer.epub", zipOf(t, map[string]string{"mimetype": "application/epub+zip", "x.xhtml": "<p>x</p>"}), ErrMalformed},
		{"badopf.epub", zipOf(t, map[string]string{"mimetype": "application/epub+zip", "META-INF/container.xml": containerXML("p.opf"), "p.opf": "<package><metadata>"}), ErrMalformed},
		{"nospine.epub", zipOf(t, map[string]string{"mimetype": "application/epub+zip", "META-INF/container.xml": containerXML("p.opf"), "p.opf": "<package/>"}), ErrEmpty},
		{"empty.html", []byte("<!doctype html><html><body>  </body></html>"), ErrEmpty},
		{"bomb.epub", zipOf(t, map[string]string{"mimetype": "application/epub+zip", "META-INF/container.xml": strings.Repeat(" ", 3<<20)}), ErrTooLarge},
	}
	for _, c := range cases {
		opt := Options{MaxUnpacked: 1 << 20}
		docs, err := Import(t.Context(), c.name, c.data, opt)
		if !errors.Is(err, c.kind) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.kind)
			continue
		}
		var ie *Error
		if !errors.As(err, &ie) || ie.Reason == "" || docs != nil {
			t.Errorf("%s: %v is not a clear *Error (docs %v)", c.name, err, docs)
		}
	}
	if _, err := Import(t.Context(), "big.md", make([]byte, 2048), Options{MaxBytes: 1024}); !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversized file: %v", err)
	}
	if _, err := ReadMarkdown([]byte(strings.Repeat("a", 2048)), Options{MaxBytes: 1024}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversized markdown: %v", err)
	}
}
