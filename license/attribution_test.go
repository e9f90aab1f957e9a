package license

import (
	"reflect"
	"strings"
	"testing"
)

var (
	origA = Work{Title: "Photosynthesis", URL: "https://a.example/photo", LicenseID: "CC-BY-4.0",
		Authors: []Person{{Name: "Ada", URL: "https://a.example/ada"}}, Language: "en", Kind: KindOriginal}
	adaptB = Work{Title: "Photosynthesis for schools", URL: "https://b.example/p", LicenseID: "CC-BY-SA-4.0",
		Authors: []Person{{Name: "Ben"}, {Name: "Cy"}}, Kind: KindAdaptation, ChangesMade: true,
		ChangeSummary: "3 sections rewritten, 1 added.", Source: &origA}
	transC = Work{Title: "La photosynthèse", LicenseID: "CC-BY-SA-4.0", Authors: []Person{{Name: "Dee"}},
		Language: "fr", Kind: KindTranslation, Source: &adaptB}
)

func TestAttributeText(t *testing.T) {
	tests := []struct {
		name string
		work Work
		want string
	}{
		{"original", origA, `"Photosynthesis" by Ada is licensed under CC BY 4.0.`},
		{"original several authors", Work{Title: "T", LicenseID: "cc-by-nc-sa-3.0-de",
			Authors: []Person{{Name: "A"}, {Name: " "}, {Name: "B"}, {Name: "C"}}},
			`"T" by A, B and C is licensed under CC BY-NC-SA 3.0 DE.`},
		{"original no author no title", Work{LicenseID: "CC-BY-SA-4.0"},
			`"Untitled" is licensed under CC BY-SA 4.0.`},
		{"cc0", Work{Title: "P", LicenseID: "CC0-1.0", Authors: []Person{{Name: "Q"}}},
			`"P" by Q is dedicated to the public domain (CC0 1.0).`},
		{"pdm", Work{Title: "M", LicenseID: "PDM-1.0", Authors: []Person{{Name: "Goethe"}}},
			`"M" by Goethe is marked with Public Domain Mark 1.0.`},
		{"unknown", Work{Title: "U", LicenseID: "Proprietary", Authors: []Person{{Name: "Q"}}},
			`"U" by Q. All rights reserved.`},
		{"adaptation", adaptB,
			`This work, "Photosynthesis for schools", is adapted from "Photosynthesis" by Ada, used under CC BY 4.0. ` +
				`"Photosynthesis for schools" is licensed under CC BY-SA 4.0 by Ben and Cy. ` +
				`Changes were made. Changes: 3 sections rewritten, 1 added.`},
		{"adaptation no changes flagged", Work{Title: "B", LicenseID: "CC-BY-4.0", Kind: KindAdaptation,
			Authors: []Person{{Name: "Y"}}, Source: &origA},
			`This work, "B", is adapted from "Photosynthesis" by Ada, used under CC BY 4.0. "B" is licensed under CC BY 4.0 by Y.`},
		{"translation, every hop", transC,
			`This work, "La photosynthèse", is a French translation of "Photosynthesis for schools" by Ben and Cy, ` +
				`used under CC BY-SA 4.0, itself adapted from "Photosynthesis" by Ada, used under CC BY 4.0. ` +
				`"La photosynthèse" is licensed under CC BY-SA 4.0 by Dee. Changes were made.`},
		{"translation of translation", Work{Title: "Fotosynthese", LicenseID: "CC-BY-SA-4.0", Language: "de-AT",
			Kind: KindTranslation, Source: &transC},
			`This work, "Fotosynthese", is an Austrian German translation of "La photosynthèse" by Dee, used under CC BY-SA 4.0, ` +
				`itself a French translation of "Photosynthesis for schools" by Ben and Cy, used under CC BY-SA 4.0, ` +
				`itself adapted from "Photosynthesis" by Ada, used under CC BY 4.0. ` +
				`"Fotosynthese" is licensed under CC BY-SA 4.0. Changes were made.`},
		{"translation without language", Work{Title: "X", LicenseID: "CC-BY-4.0", Kind: KindTranslation,
			Source: &origA},
			`This work, "X", is a translation of "Photosynthesis" by Ada, used under CC BY 4.0. "X" is licensed under CC BY 4.0. Changes were made.`},
		{"derivative of public domain under cc0", Work{Title: "D", LicenseID: "CC0-1.0", Kind: KindAdaptation,
			Authors: []Person{{Name: "E"}}, ChangesMade: true, Source: &Work{Title: "Faust", LicenseID: "PDM-1.0",
				Authors: []Person{{Name: "Goethe"}}}},
			`This work, "D", is adapted from "Faust" by Goethe, marked with Public Domain Mark 1.0. ` +
				`"D" is dedicated to the public domain (CC0 1.0) by E. Changes were made.`},
		{"derivative of cc0", Work{Title: "D", LicenseID: "CC-BY-4.0", Kind: KindAdaptation,
			Source: &Work{Title: "S", LicenseID: "CC0-1.0"}},
			`This work, "D", is adapted from "S", dedicated to the public domain (CC0 1.0). "D" is licensed under CC BY 4.0.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Attribute(tt.work).Text; got != tt.want {
				t.Errorf("Text:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestAttributeHTML(t *testing.T) {
	got := Attribute(adaptB).HTML
	for _, want := range []string{
		`This work, "<a href="https://b.example/p">Photosynthesis for schools</a>", is adapted from `,
		`"<a href="https://a.example/photo">Photosynthesis</a>" by <a href="https://a.example/ada">Ada</a>, `,
		`used under <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>.`,
		`<a href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license">CC BY-SA 4.0</a> by Ben and Cy.`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("HTML lacks %s\nin %s", want, got)
		}
	}
}

func TestAttributeHTMLEscapes(t *testing.T) {
	w := Work{
		Title:     `<script>alert("x")</script> & co`,
		URL:       `https://evil.example/"onmouseover="alert(1)`,
		LicenseID: "CC-BY-4.0",
		Authors: []Person{
			{Name: `<img src=x onerror=alert(1)>`, URL: "javascript:alert(1)"},
			{Name: "Bob", URL: "//no-scheme.example"},
		},
		Kind: KindAdaptation,
		Source: &Work{Title: "<b>src</b>", URL: "data:text/html,<script>", LicenseID: "CC-BY-4.0",
			Authors: []Person{{Name: "Eve", URL: "http://ok.example/eve"}}},
	}
	s := Attribute(w)
	for _, bad := range []string{"<script", "<img", "<b>", "javascript:", "data:", `"onmouseover`, "no-scheme"} {
		if strings.Contains(s.HTML, bad) {
			t.Errorf("HTML contains %q: %s", bad, s.HTML)
		}
	}
	for _, want := range []string{"&lt;script&gt;", "&amp; co", "&lt;img src=x", `href="http://ok.example/eve"`,
		`href="https://evil.example/&#34;onmouseover=&#34;alert(1)"`} {
		if !strings.Contains(s.HTML, want) {
			t.Errorf("HTML lacks %q: %s", want, s.HTML)
		}
	}
	if !strings.Contains(s.Text, `"<script>alert("x")</script> & co"`) {
		t.Errorf("plain text should keep the title verbatim: %s", s.Text)
	}
}

func TestAttributeMeta(t *testing.T) {
	m := Attribute(transC).Meta
	if m["title"] != "La photosynthèse" || m["kind"] != KindTranslation || m["language"] != "fr" ||
		m["changes_made"] != true || m["attribution_required"] != true {
		t.Errorf("meta %v", m)
	}
	lic := m["license"].(map[string]string)
	if lic["id"] != "CC-BY-SA-4.0" || lic["url"] != "https://creativecommons.org/licenses/by-sa/4.0/" {
		t.Errorf("license %v", lic)
	}
	sources := m["sources"].([]map[string]any)
	var titles []string
	for _, s := range sources {
		titles = append(titles, s["title"].(string))
	}
	if !reflect.DeepEqual(titles, []string{"Photosynthesis for schools", "Photosynthesis"}) {
		t.Errorf("source chain %v", titles)
	}
	if a := sources[1]["authors"].([]map[string]string); len(a) != 1 || a[0]["name"] != "Ada" || a[0]["url"] != "https://a.example/ada" {
		t.Errorf("source authors %v", a)
	}
	if sources[1]["kind"] != KindOriginal || sources[0]["kind"] != KindAdaptation {
		t.Errorf("kinds %v %v", sources[0]["kind"], sources[1]["kind"])
	}
	cc0 := Attribute(Work{Title: "P", LicenseID: "cc0-1.0"}).Meta
	if cc0["attribution_required"] != false || cc0["license"].(map[string]string)["id"] != "CC0-1.0" {
		t.Errorf("cc0 meta %v", cc0)
	}
	unknown := Attribute(Work{Title: "U", LicenseID: "Proprietary"}).Meta["license"].(map[string]string)
	if unknown["id"] != "Proprietary" || unknown["name"] != "All rights reserved" || unknown["url"] != "" {
		t.Errorf("unknown licence meta %v", unknown)
	}
}

// A cyclic chain (a bug elsewhere) must still terminate.
func TestAttributeCycle(t *testing.T) {
	a := &Work{Title: "A", LicenseID: "CC-BY-4.0", Kind: KindAdaptation}
	b := &Work{Title: "B", LicenseID: "CC-BY-4.0", Kind: KindAdaptation, Source: a}
	a.Source = b
	s := Attribute(*b)
	if strings.Count(s.Text, `"A"`) != 1 {
		t.Errorf("cycle text %s", s.Text)
	}
}

func TestArticle(t *testing.T) {
	tests := map[string]string{
		"English": "an", "Italian": "an", "Urdu": "an", "Ukrainian": "a", "French": "a",
		"European Portuguese": "a", "Austrian German": "an", "Uzbek": "an", "Hindi": "a",
	}
	for name, want := range tests {
		if got := article(name); got != want {
			t.Errorf("article(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestLanguageName(t *testing.T) {
	tests := map[string]string{"fr": "French", "pt-BR": "Brazilian Portuguese", "de": "German",
		"zh-Hans": "Simplified Chinese", "": "", "not a tag!": ""}
	for tag, want := range tests {
		if got := languageName(tag); got != want {
			t.Errorf("languageName(%q) = %q, want %q", tag, got, want)
		}
	}
}

func BenchmarkAttributeThreeHops(b *testing.B) {
	w := Work{Title: "Fotosynthese", LicenseID: "CC-BY-SA-4.0", Language: "de", Kind: KindTranslation, Source: &transC}
	for b.Loop() {
		Attribute(w)
	}
}

func BenchmarkRemixChoices(b *testing.B) {
	ids := []string{"CC-BY-SA-3.0-DE", "CC-BY-4.0", "CC0-1.0"}
	for b.Loop() {
		if _, err := RemixChoices(ids); err != nil {
			b.Fatal(err)
		}
	}
}

// A title in another language than the English statement is marked with its language in HTML.
func TestAttributeMarksTitlesInOtherLanguages(t *testing.T) {
	st := Attribute(Work{Title: "الكسور", URL: "https://a.example/k", LicenseID: "CC-BY-4.0", Language: "ar"})
	if !strings.Contains(st.HTML, `"<span lang="ar" dir="auto"><a href="https://a.example/k">الكسور</a></span>"`) || strings.Contains(st.Text, "span") {
		t.Errorf("HTML %s\ntext %s", st.HTML, st.Text)
	}
	if st := Attribute(Work{Title: "Fractions", LicenseID: "CC-BY-4.0", Language: "en-GB"}); strings.Contains(st.HTML, "lang=") {
		t.Errorf("an English title is marked: %s", st.HTML)
	}
}
