package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// plainParser is shared: goldmark parsers are safe for concurrent use.
var plainParser = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList))

// Features are what a text's structure says about its accessibility: the
// facts a schema.org accessibilityFeature list is derived from.
type Features struct {
	Headings       int
	Images         int
	ImagesNoAlt    int // images whose alternative text is empty
	Tables         int
	TablesNoHeader int
}

// PlainText is the readable text of Markdown, without markup: the words a
// search index and a snippet are made of. Blocks are separated by newlines;
// link targets, image URLs and raw HTML are dropped (an image keeps its
// alternative text), code keeps its text.
func PlainText(src string) string {
	out, _ := walk(src)
	return out
}

// Inspect returns the accessibility-relevant features of Markdown.
func Inspect(src string) Features {
	_, f := walk(src)
	return f
}

func walk(src string) (string, Features) {
	source := []byte(src)
	doc := plainParser.Parser().Parse(text.NewReader(source))
	var b strings.Builder
	var f Features
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Heading:
			if entering {
				f.Headings++
			}
		case *ast.Image:
			if entering {
				f.Images++
				alt := string(nodeText(n, source))
				if strings.TrimSpace(alt) == "" {
					f.ImagesNoAlt++
				}
				b.WriteString(alt)
				b.WriteByte(' ')
			}
			return ast.WalkSkipChildren, nil
		case *east.Table:
			if entering {
				f.Tables++
				if n.FirstChild() == nil || n.FirstChild().Kind() != east.KindTableHeader || isEmptyRow(n.FirstChild(), source) {
					f.TablesNoHeader++
				}
			}
		case *ast.Text:
			if entering {
				b.Write(n.Segment.Value(source))
				if n.SoftLineBreak() || n.HardLineBreak() {
					b.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				b.Write(n.Value)
			}
		case *ast.CodeSpan:
			// its children are Text nodes
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			if entering {
				lines := n.Lines()
				for i := 0; i < lines.Len(); i++ {
					seg := lines.At(i)
					b.Write(seg.Value(source))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		if !entering {
			switch {
			case n.Kind() == east.KindTableCell:
				b.WriteByte(' ')
			case n.Type() == ast.TypeBlock:
				b.WriteByte('\n')
			}
		}
		return ast.WalkContinue, nil
	})
	return squeezeBlankLines(b.String()), f
}

// nodeText is the concatenated text of a node's descendants.
func nodeText(n ast.Node, source []byte) []byte {
	var buf bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			buf.Write(t.Segment.Value(source))
		}
		return ast.WalkContinue, nil
	})
	return buf.Bytes()
}

func isEmptyRow(row ast.Node, source []byte) bool {
	return strings.TrimSpace(string(nodeText(row, source))) == ""
}

func squeezeBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
