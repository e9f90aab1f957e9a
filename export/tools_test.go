package export

import (
	"testing"

	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/internal/lessons"
	"github.com/commonplace/commonplace/markdown"
)

// corpus loads the real lessons as documents.
func corpus(t testing.TB) ([]interchange.Document, []lessons.Lesson) {
	t.Helper()
	docs, ls, err := lessons.Load()
	if err != nil {
		t.Fatal(err)
	}
	return docs, ls
}

func newExporter() *Exporter { return New(markdown.New()) }
