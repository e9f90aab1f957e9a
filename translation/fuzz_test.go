package translation

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSegment: segmentation never panics; for valid UTF-8 the untranslated
// rebuild and the rebuild from every segment's own Source return the input.
func FuzzSegment(f *testing.F) {
	for _, ex := range loadSpec(f) {
		f.Add(ex.Markdown)
	}
	if b, err := os.ReadFile("testdata/lesson.md"); err == nil {
		f.Add(string(b))
	}
	f.Add("Dr. Who? 今日は。 هل؟ {x} **a. B.** [c. D.](e)\n> f\\\n> g")
	f.Fuzz(func(t *testing.T, md string) {
		d, err := SegmentMarkdown([]byte(md))
		if !utf8.ValidString(md) {
			if err == nil {
				t.Fatal("invalid UTF-8 accepted")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if out, err := d.Rebuild(nil); err != nil || out != md {
			t.Fatalf("Rebuild(nil) = %q, %v", out, err)
		}
		if out, err := d.Rebuild(identityTargets(d)); err != nil || out != md {
			t.Fatalf("Rebuild(sources) = %q, %v", out, err)
		}
		for _, s := range d.Segments {
			if err := CheckPlaceholders(s, s.Source); err != nil {
				t.Fatalf("segment %q: %v", s.Source, err)
			}
		}
	})
}

// BenchmarkSegment segments a realistic ~100 KB lesson.
func BenchmarkSegment(b *testing.B) {
	lesson, err := os.ReadFile("testdata/lesson.md")
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	for sb.Len() < 100<<10 {
		sb.Write(lesson[strings.Index(string(lesson), "# Photo"):]) // body without front matter
		sb.WriteString("\n")
	}
	doc := []byte(sb.String())
	b.SetBytes(int64(len(doc)))
	b.ResetTimer()
	for b.Loop() {
		d, err := SegmentMarkdown(doc)
		if err != nil || len(d.Segments) == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuild rebuilds the same document with every segment translated.
func BenchmarkRebuild(b *testing.B) {
	lesson, _ := os.ReadFile("testdata/lesson.md")
	doc := strings.Repeat(string(lesson[strings.Index(string(lesson), "# Photo"):])+"\n", 60)
	d, err := SegmentMarkdown([]byte(doc))
	if err != nil {
		b.Fatal(err)
	}
	targets := identityTargets(d)
	b.ResetTimer()
	for b.Loop() {
		if _, err := d.Rebuild(targets); err != nil {
			b.Fatal(err)
		}
	}
}
