// Package markdown turns a resource's Markdown into safe HTML: goldmark with
// GitHub Flavoured Markdown (raw HTML never passed through), then
// bluemonday's user-generated-content policy over the result, because the
// text is written by anyone.
package markdown

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// Renderer is safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New builds a Renderer.
func New() *Renderer {
	md := goldmark.New(
		// GFM, with table alignment as an attribute: the sanitiser drops style.
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough, extension.Linkify, extension.TaskList),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	policy := bluemonday.UGCPolicy()
	policy.AllowAttrs("id").Matching(bluemonday.SpaceSeparatedTokens).OnElements("h1", "h2", "h3", "h4", "h5", "h6")
	policy.AllowAttrs("align").Matching(bluemonday.CellAlign).OnElements("th", "td")
	policy.AllowAttrs("checked", "disabled").OnElements("input")
	policy.AllowAttrs("type").Matching(bluemonday.SpaceSeparatedTokens).OnElements("input")
	policy.RequireNoReferrerOnLinks(true)
	policy.AddTargetBlankToFullyQualifiedLinks(false)
	return &Renderer{md: md, policy: policy}
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
	// The output of the sanitiser is what we trust, nothing before it.
	return template.HTML(out), nil
}
