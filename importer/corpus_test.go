package importer

import (
	"reflect"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/export"
	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/internal/lessons"
	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/markdown"
)

// corpus imports the real lessons (their own front matter read by ReadMarkdown, which then
// stays out of the text) and gives them the corpus metadata, as an author would on the
// new-resource page.
func corpus(t testing.TB) ([]interchange.Document, []lessons.Lesson) {
	t.Helper()
	docs, ls, err := lessons.Load()
	if err != nil {
		t.Fatal(err)
	}
	for i := range docs {
		d, err := ReadMarkdown([]byte(docs[i].Markdown), Options{})
		if err != nil {
			t.Fatalf("%s: %v", ls[i].File, err)
		}
		docs[i].Markdown = d.Markdown
		for j := range docs[i].Authors {
			docs[i].Authors[j].URL = "https://example.org/people/" + strings.ReplaceAll(docs[i].Authors[j].Name, " ", "-")
		}
		docs[i].Attribution = license.Attribute(license.Work{Title: docs[i].Title, URL: docs[i].URL, Authors: docs[i].Authors, LicenseID: docs[i].License, Language: docs[i].Language})
	}
	return docs, ls
}

func exporter() *export.Exporter { return export.New(markdown.New()) }

// sameMetadata compares what a round trip must keep.
func sameMetadata(t *testing.T, name string, want, got interchange.Document) {
	t.Helper()
	check := func(field string, w, g any) {
		if !reflect.DeepEqual(w, g) {
			t.Errorf("%s: %s = %#v, want %#v", name, field, g, w)
		}
	}
	check("title", want.Title, got.Title)
	check("summary", want.Summary, got.Summary)
	check("language", want.Language, got.Language)
	check("license", want.License, got.License)
	check("authors", want.Authors, got.Authors)
	check("subjects", want.Subjects, got.Subjects)
	check("level", want.Level, got.Level)
	check("attribution", want.Attribution.Text, got.Attribution.Text)
}
