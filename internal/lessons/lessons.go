// Package lessons loads the corpus of real, openly licensed lessons the export and import tests
// run over (export/testdata/lessons: its README says where each comes from and under which
// licence). Test support only.
package lessons

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/license"
)

// Lesson is one entry of corpus.json.
type Lesson struct {
	File     string   `json:"file"`
	Title    string   `json:"title"`
	Language string   `json:"language"`
	License  string   `json:"license"`
	Authors  []string `json:"authors"`
	URL      string   `json:"url"`
	Subjects []string `json:"subjects"`
	Level    string   `json:"level"`
	Math     bool     `json:"math"` // the text has LaTeX formulas
}

// Dir is the corpus folder.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "export", "testdata", "lessons")
}

// Load returns the lessons as documents: the file as written (front matter included) as text,
// the metadata from corpus.json, fixed dates and ids, and the attribution package license
// writes for them.
func Load() ([]interchange.Document, []Lesson, error) {
	raw, err := os.ReadFile(filepath.Join(Dir(), "corpus.json"))
	if err != nil {
		return nil, nil, fmt.Errorf("load lesson corpus: %w", err)
	}
	var ls []Lesson
	if err := json.Unmarshal(raw, &ls); err != nil {
		return nil, nil, fmt.Errorf("load lesson corpus: %w", err)
	}
	docs := make([]interchange.Document, 0, len(ls))
	for i, l := range ls {
		text, err := os.ReadFile(filepath.Join(Dir(), l.File))
		if err != nil {
			return nil, nil, fmt.Errorf("load lesson %s: %w", l.File, err)
		}
		d := interchange.Document{
			ID: fmt.Sprintf("0190a1b2-c3d4-7e5f-8a9b-%012d", i+1), URL: l.URL,
			Title: l.Title, Summary: "A lesson from " + l.URL, Language: l.Language, License: l.License,
			Subjects: l.Subjects, Level: l.Level, Markdown: string(text),
			Created: time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC), Updated: time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC),
		}
		for _, a := range l.Authors {
			d.Authors = append(d.Authors, license.Person{Name: a})
		}
		d.Attribution = license.Attribute(license.Work{Title: d.Title, URL: d.URL, Authors: d.Authors, LicenseID: d.License, Language: d.Language})
		docs = append(docs, d)
	}
	return docs, ls, nil
}
