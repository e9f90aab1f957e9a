package a11ycheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// realProblems are what the checker finds in the real lessons of the corpora: each is a real
// problem of that lesson (docs/decisions.md says why), and every other lesson must be clean.
var realProblems = map[string]map[string]int{
	// Carpentries episodes open with "###" under the page title (a skipped level on the page).
	"es-shell-intro.md":     {HeadingSkipped: 1, ParagraphLong: 1},
	"en-shell-intro.md":     {HeadingSkipped: 1},
	"ar-markdown-tables.md": {HeadingSkipped: 1},
	// The links guide shows an autolink — a bare address as link text — as its example.
	"ar-markdown-links.md": {HeadingSkipped: 1, LinkTextURL: 2},
	// Diagrams with empty alt text.
	"es-shell-pipefilter.md": {ImageAltMissing: 1},
	"es-shell-loop.md":       {ImageAltMissing: 1},
	// Half-translated: English paragraphs left in a text marked as Chinese.
	"zh-gap-command-line.md": {LanguageUnmarked: 11},
	"zh-gap-functions.md":    {LanguageUnmarked: 12},
}

func TestRealLessons(t *testing.T) {
	t.Parallel()
	clean := 0
	for _, dir := range []string{"../translation/testdata/lessons", "../export/testdata/lessons"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.md"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no lessons in %s: %v", dir, err)
		}
		for _, f := range files {
			name := filepath.Base(f)
			if name == "README.md" {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			lang := strings.SplitN(name, "-", 2)[0]
			r := Check(string(src), Options{Language: lang})
			want := realProblems[name]
			got := count(r.Findings)
			if len(want) == 0 && len(got) == 0 {
				clean++
			}
			for rule, n := range got {
				if want[rule] != n {
					t.Errorf("%s: %d %s findings, want %d", f, n, rule, want[rule])
				}
			}
			for rule, n := range want {
				if got[rule] != n {
					t.Errorf("%s: %d %s findings, want %d", f, got[rule], rule, n)
				}
			}
			if t.Failed() {
				for _, x := range r.Findings {
					t.Logf("%s %d:%d %s %s %v", name, x.Start.Line, x.Start.Column, x.Rule, x.Detail, x.Args)
				}
			}
		}
	}
	// The clean ones include English, Arabic and Chinese lessons, with formulas and images.
	if clean < 6 {
		t.Errorf("only %d lessons are clean", clean)
	}
}
