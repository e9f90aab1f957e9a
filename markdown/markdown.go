// Package markdown turns a resource's Markdown into safe HTML: goldmark with GitHub Flavoured
// Markdown and formulas (rendered on the server as MathML), raw HTML passed through, then
// bluemonday over the result, because the text is written by anyone. The sanitiser, not the
// Markdown parser, decides which HTML is safe: lessons use <sup>, <kbd>, <details> and numbered
// lists that start at 3, and those survive; scripts, handlers and foreign URLs do not.
package markdown

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
)

// Renderer is safe for concurrent use.
type Renderer struct {
	md      goldmark.Markdown
	policy  *bluemonday.Policy
	screens bool // for pages shown in a browser (ForScreens)
}

// New builds a Renderer.
func New() *Renderer {
	return &Renderer{md: NewGoldmark(), policy: newPolicy()}
}

// NewGoldmark returns the Markdown dialect of Commonplace (GFM tables, strikethrough, autolinks,
// task lists, formulas), rendering raw HTML as written: its output must go through a sanitiser,
// as Render does. Packages that parse resources (the translation segmenter, exporters) use it
// to read the same syntax.
func NewGoldmark() goldmark.Markdown {
	return goldmark.New(
		// Table alignment as an attribute: the sanitiser drops style.
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough, extension.Linkify, extension.TaskList, Math()),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(html.WithUnsafe()),
	)
}

// ForScreens returns a Renderer for pages read in a browser, where wide tables and display
// formulas scroll sideways inside themselves on a phone (see forScreens). Exports keep the plain
// output: their formats' validators know no tabindex on MathML.
func (r *Renderer) ForScreens() *Renderer {
	c := *r
	c.screens = true
	return &c
}

// Render converts Markdown to sanitised HTML.
func (r *Renderer) Render(src string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	out := r.policy.SanitizeBytes(buf.Bytes())
	// GFM task-list boxes carry no label; screen readers would announce an
	// unnamed checkbox. The sanitiser's output is canonical, so a plain
	// replacement names them.
	out = bytes.ReplaceAll(out, []byte(`<input checked="" disabled="" type="checkbox">`), []byte(`<input checked="" disabled="" type="checkbox" aria-label="done">`))
	out = bytes.ReplaceAll(out, []byte(`<input disabled="" type="checkbox">`), []byte(`<input disabled="" type="checkbox" aria-label="not done">`))
	if r.screens {
		out = forScreens(out)
	}
	// The output of the sanitiser is what we trust, nothing before it.
	return template.HTML(out), nil
}
