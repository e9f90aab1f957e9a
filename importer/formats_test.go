package importer

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/export"
	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/internal/lessons"
)

// An exported page comes back with its metadata, attribution and formulas (as LaTeX).
func TestHTMLExportImportsBack(t *testing.T) {
	docs, ls := corpus(t)
	e := exporter()
	for i, d := range docs {
		f, err := e.HTML(docs[i:i+1], export.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := Import(t.Context(), f.Name, f.Data, Options{})
		if err != nil {
			t.Fatalf("%s: %v", ls[i].File, err)
		}
		if len(got) != 1 {
			t.Fatalf("%s: %d documents", ls[i].File, len(got))
		}
		g := got[0]
		if g.Title != d.Title || g.Language != d.Language || g.License != d.License || g.Summary != d.Summary {
			t.Errorf("%s: metadata %q %q %q %q", ls[i].File, g.Title, g.Language, g.License, g.Summary)
		}
		if g.Attribution.Text != d.Attribution.Text {
			t.Errorf("%s: attribution %q, want %q", ls[i].File, g.Attribution.Text, d.Attribution.Text)
		}
		if strings.Contains(g.Markdown, "Attribution and licence") || strings.Contains(g.Markdown, "<") && strings.Contains(g.Markdown, "<script") {
			t.Errorf("%s: footer or markup left in the text", ls[i].File)
		}
		if ls[i].Math && !strings.Contains(g.Markdown, "$") {
			t.Errorf("%s: formulas lost", ls[i].File)
		}
		if g.Source == nil || g.Source.License != d.License || g.Source.URL != d.URL {
			t.Errorf("%s: source %+v", ls[i].File, g.Source)
		}
	}
	f, err := e.HTML(docs, export.Options{Title: "All"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadHTML(f.Data, Options{})
	if err != nil || len(got) != len(docs) {
		t.Fatalf("collection: %d documents, %v", len(got), err)
	}
	if got[4].Language != "ar" || got[6].Language != "zh" {
		t.Errorf("languages %q %q", got[4].Language, got[6].Language)
	}
}

func TestHTMLIsSanitisedAndConverted(t *testing.T) {
	page := `<!doctype html><html lang="fr"><head><title>Les fractions</title>
<meta name="description" content="Une leçon"><meta name="author" content="Amina, Luis"><meta name="keywords" content="maths, fractions">
<link rel="license" href="https://creativecommons.org/licenses/by/4.0/"></head>
<body><h1>Les fractions</h1><p onclick="alert(1)">Une <strong>fraction</strong> <script>alert(2)</script><a href="javascript:alert(3)">x</a></p>
<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>
<pre><code class="language-python">print(1)</code></pre><img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC" alt="un point"></body></html>`
	docs, err := ReadHTML([]byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := docs[0]
	if d.Title != "Les fractions" || d.Language != "fr" || d.License != "CC-BY-4.0" || d.Summary != "Une leçon" || len(d.Authors) != 2 || len(d.Subjects) != 2 {
		t.Errorf("metadata: %+v", d)
	}
	for _, bad := range []string{"alert", "onclick", "javascript", "<script"} {
		if strings.Contains(d.Markdown, bad) {
			t.Errorf("%q survived: %s", bad, d.Markdown)
		}
	}
	for _, want := range []string{"**fraction**", "| a | b |", "```python", "![un point](image-1.png)"} {
		if !strings.Contains(d.Markdown, want) {
			t.Errorf("missing %q in %s", want, d.Markdown)
		}
	}
	if len(d.Images) != 1 || d.Images[0].MediaType != "image/png" || d.Images[0].Alt != "un point" {
		t.Errorf("images: %+v", d.Images)
	}
}

// An exported book comes back one document per chapter, with images and metadata.
func TestEPUBExportImportsBack(t *testing.T) {
	docs, ls := corpus(t)
	withPicture := docs[1]
	withPicture.Images = []interchange.Image{{Name: "dot.png", MediaType: "image/png", Data: onePixelPNG, Alt: "A red dot"}}
	withPicture.Markdown = "![](dot.png)\n\n" + withPicture.Markdown
	set := append([]interchange.Document{withPicture}, docs[2:]...)
	f, err := exporter().EPUB(set, export.Options{Title: "Lessons"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Import(t.Context(), "book.epub", f.Data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(set) {
		t.Fatalf("%d chapters, want %d", len(got), len(set))
	}
	for i, g := range got {
		if g.Title != set[i].Title || g.Language != set[i].Language || g.License != set[i].License || g.Attribution.Text != set[i].Attribution.Text {
			t.Errorf("chapter %d (%s): %q %q %q %q", i, ls[i+1].File, g.Title, g.Language, g.License, g.Attribution.Text)
		}
		if g.Source == nil || g.Source.License != set[i].License {
			t.Errorf("chapter %d: source %+v", i, g.Source)
		}
	}
	if len(got[0].Images) != 1 || string(got[0].Images[0].Data) != string(onePixelPNG) || got[0].Images[0].Alt != "A red dot" {
		t.Errorf("images: %+v", got[0].Images)
	}
	if !strings.Contains(got[0].Markdown, "![A red dot](01-dot.png)") || !strings.Contains(got[0].Markdown, "$") {
		t.Errorf("text: %.300s", got[0].Markdown)
	}
}

// needPandoc finds pandoc; under CI its absence fails the test (make deps-pandoc installs it).
func needPandoc(t *testing.T) *Pandoc {
	t.Helper()
	p := FindPandoc()
	if p != nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("pandoc is missing: make deps-pandoc (Debian package pandoc)")
	}
	t.Skip("pandoc is missing: make deps-pandoc")
	return nil
}

// A Word document written by a real tool (pandoc, from a corpus lesson with formulas, a table
// and a picture) imports with its properties, structure, formulas and picture.
func TestDOCXImport(t *testing.T) {
	p := needPandoc(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "dot.png"), onePixelPNG, 0o644); err != nil {
		t.Fatal(err)
	}
	lesson, err := os.ReadFile(filepath.Join(lessons.Dir(), "en-d2l-generalization.md"))
	if err != nil {
		t.Fatal(err)
	}
	src := "---\ntitle: Generalization\nauthor: Aston Zhang; Mu Li\nlang: en\nkeywords: [machine learning]\ndescription: Why models generalize\n---\n\n" +
		"![A red dot](dot.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n" + string(lesson)
	if err := os.WriteFile(filepath.Join(dir, "in.md"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(p.Path, "in.md", "-o", "lesson.docx")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pandoc: %v %s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "lesson.docx"))
	if err != nil {
		t.Fatal(err)
	}
	docs, err := Import(t.Context(), "lesson.docx", data, Options{Pandoc: p})
	if err != nil {
		t.Fatal(err)
	}
	d := docs[0]
	if d.Title != "Generalization" || d.Language != "en" || d.Summary != "Why models generalize" || len(d.Authors) != 2 || d.Subjects[0] != "machine learning" {
		t.Errorf("properties: %q %q %q %+v %v", d.Title, d.Language, d.Summary, d.Authors, d.Subjects)
	}
	for _, want := range []string{"# Generalization", "| a   | b   |", "$$", `\sum`, "Extraordinary Ellie"} {
		if !strings.Contains(d.Markdown, want) {
			t.Errorf("missing %q in %.500s", want, d.Markdown)
		}
	}
	if len(d.Images) != 1 || d.Images[0].MediaType != "image/png" || !strings.Contains(d.Markdown, d.Images[0].Name) || strings.Contains(d.Markdown, os.TempDir()) {
		t.Errorf("images: %+v in %.300s", d.Images, d.Markdown)
	}
	if _, err := Import(context.Background(), "lesson.docx", data, Options{}); err == nil || !strings.Contains(err.Error(), "pandoc") {
		t.Errorf("without pandoc: %v", err)
	}
}

// An EPUB written by another tool (pandoc): its title page is not a chapter, chapters are
// named by their headings (pandoc titles them by file name), and a licence written only as
// dc:rights ("CC BY 4.0") is read.
func TestEPUBFromPandoc(t *testing.T) {
	p := needPandoc(t)
	dir := t.TempDir()
	src := "---\ntitle: Two lessons\nauthor: Amina\nlang: es\nrights: CC BY 4.0\n---\n\n# Primera\n\nUna fórmula $x_1^2$ aquí.\n\n# Segunda\n\nOtro *texto*.\n"
	if err := os.WriteFile(filepath.Join(dir, "in.md"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(p.Path, "in.md", "-o", "book.epub")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pandoc: %v %s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "book.epub"))
	if err != nil {
		t.Fatal(err)
	}
	docs, err := Import(t.Context(), "book.epub", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].Title != "Primera" || docs[1].Title != "Segunda" {
		t.Fatalf("chapters: %d %+v", len(docs), docs)
	}
	for _, d := range docs {
		if d.Language != "es" || d.License != "CC-BY-4.0" || d.Source == nil || len(d.Source.Authors) != 1 || d.Source.Authors[0].Name != "Amina" {
			t.Errorf("%s: %q %q %+v", d.Title, d.Language, d.License, d.Source)
		}
	}
	if !strings.Contains(docs[0].Markdown, "$x_1^2$") {
		t.Errorf("formula lost: %q", docs[0].Markdown)
	}
}
