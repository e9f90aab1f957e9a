package export

import (
	"strings"
	"testing"

	"github.com/commonplace/commonplace/internal/formatcheck"
)

func TestEPUBOfEachLessonPassesEpubcheck(t *testing.T) {
	docs, lessons := corpus(t)
	e := newExporter()
	for i := range docs {
		t.Run(lessons[i].File, func(t *testing.T) {
			f, err := e.EPUB(docs[i:i+1], Options{})
			if err != nil {
				t.Fatal(err)
			}
			files := formatcheck.Unzip(t, f.Data)
			opf := string(files["EPUB/package.opf"])
			for _, want := range []string{`<dc:language>` + lessons[i].Language + `</dc:language>`, "schema:accessMode", "schema:accessModeSufficient",
				"schema:accessibilityFeature", "schema:accessibilityHazard", "schema:accessibilitySummary", "dcterms:conformsTo", "<dc:rights>"} {
				if !strings.Contains(opf, want) {
					t.Errorf("package.opf lacks %s", want)
				}
			}
			if lessons[i].Math != strings.Contains(opf, `properties="mathml"`) {
				t.Errorf("mathml property: want %v in\n%s", lessons[i].Math, opf)
			}
			if rtl := lessons[i].Language == "ar"; rtl != strings.Contains(opf, `page-progression-direction="rtl"`) {
				t.Errorf("page progression: rtl=%v in\n%s", rtl, opf)
			}
			nav := string(files["EPUB/nav.xhtml"])
			if !strings.Contains(nav, `role="doc-toc"`) || !strings.Contains(nav, `epub:type="toc"`) {
				t.Errorf("nav lacks the toc roles:\n%s", nav)
			}
			chapter := string(files["EPUB/text/doc-001.xhtml"])
			for _, want := range []string{`lang="` + lessons[i].Language + `" xml:lang="` + lessons[i].Language + `"`, "Attribution and licence", "is licensed under"} {
				if !strings.Contains(chapter, want) {
					t.Errorf("chapter lacks %q", want)
				}
			}
			formatcheck.EPUB(t, lessons[i].File+".epub", f.Data)
		})
	}
}

func TestEPUBOfACollectionPassesEpubcheck(t *testing.T) {
	docs, _ := corpus(t)
	f, err := newExporter().EPUB(docs, Options{Title: "Open lessons", Identifier: "0190a1b2-c3d4-7e5f-8a9b-00000000000f"})
	if err != nil {
		t.Fatal(err)
	}
	files := formatcheck.Unzip(t, f.Data)
	if _, ok := files["EPUB/text/doc-008.xhtml"]; !ok {
		t.Fatalf("missing eighth chapter: %v", keys(files))
	}
	formatcheck.EPUB(t, "collection.epub", f.Data)
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
