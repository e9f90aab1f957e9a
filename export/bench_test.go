package export

import (
	"strings"
	"testing"

	"github.com/commonplace/commonplace/interchange"
)

// bigLesson joins real lessons (English, Spanish, Arabic and Chinese text, tables, code and
// some 300 formulas) into one resource of at least size bytes.
func bigLesson(b *testing.B, size int) interchange.Document {
	docs, _ := corpus(b)
	d := docs[7]
	var text strings.Builder
	for i := 0; text.Len() < size; i++ {
		text.WriteString(docs[i%len(docs)].Markdown)
		text.WriteString("\n\n")
	}
	d.Markdown = text.String()
	return d
}

// The target: an EPUB export of a 100 KB resource in at most 200 ms.
func BenchmarkEPUB100KB(b *testing.B) {
	d := bigLesson(b, 100<<10)
	e := newExporter()
	b.SetBytes(int64(len(d.Markdown)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.EPUB([]interchange.Document{d}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHTML100KB(b *testing.B) {
	d := bigLesson(b, 100<<10)
	e := newExporter()
	b.SetBytes(int64(len(d.Markdown)))
	for b.Loop() {
		if _, err := e.HTML([]interchange.Document{d}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCommonCartridge100KB(b *testing.B) {
	d := bigLesson(b, 100<<10)
	e := newExporter()
	b.SetBytes(int64(len(d.Markdown)))
	for b.Loop() {
		if _, err := e.CommonCartridge([]interchange.Document{d}, Options{}, cc13); err != nil {
			b.Fatal(err)
		}
	}
}
