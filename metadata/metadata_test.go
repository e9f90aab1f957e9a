package metadata

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

func TestEmbedJSONCannotCloseTheScript(t *testing.T) {
	r := Record{URL: "https://x.org/r/1", Name: "</script><script>alert(1)</script> <!-- \u2028\u2029 & é", Language: "en"}
	out, err := EmbedJSON(r.JSONLD())
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"</script", "<!--", "<", ">", "\u2028", "\u2029", "&"} {
		if bytes.Contains(out, []byte(bad)) {
			t.Errorf("embedded JSON holds %q: %s", bad, out)
		}
	}
	var back map[string]any
	if err := json.Unmarshal(out, &back); err != nil || back["name"] != r.Name {
		t.Errorf("does not read back: %v %v", back["name"], err)
	}
}

func TestJSONLDCarriesTheFields(t *testing.T) {
	r := Record{URL: "https://x.org/r/2", Name: "Fracciones", Description: "d", Language: "es", LicenseURL: "https://creativecommons.org/licenses/by/4.0/",
		Creators: []Person{{Name: "Ana", URL: "https://x.org/u/ana"}}, Contributors: []Person{{Name: "Ben"}}, Level: "primary",
		Keywords: []string{"math"}, Created: time.Unix(1, 0), Modified: time.Unix(2, 0), Kind: "translation",
		BasedOn:       []Work{{Name: "Fractions", URL: "https://x.org/r/1", Language: "en", LicenseURL: "L", Creators: []Person{{Name: "Ana"}}}},
		TranslationOf: &Work{Name: "Fractions", URL: "https://x.org/r/1"},
		AccessModes:   []string{"textual"}, AccessibilityFeatures: []string{"structuralNavigation"}}
	m := r.JSONLD()
	for _, k := range []string{"@context", "@type", "name", "description", "inLanguage", "license", "creator", "contributor",
		"educationalLevel", "keywords", "about", "dateCreated", "dateModified", "isBasedOn", "translationOfWork", "isAccessibleForFree",
		"accessMode", "accessibilityFeature"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON-LD lacks %s", k)
		}
	}
	hidden := work(Work{Name: "a private resource", URL: "https://x.org/r/secret", Hidden: true})
	if _, ok := hidden["url"]; ok {
		t.Errorf("a hidden work has a URL: %v", hidden)
	}
}

func TestFeedsAndSitemapsAreWellFormed(t *testing.T) {
	var b bytes.Buffer
	if err := WriteAtom(&b, Feed{ID: "urn:x", Title: "T & <b>", SelfURL: "https://x.org/feed.atom", SiteURL: "https://x.org/",
		Entries: []Entry{{ID: "urn:1", Title: "<script>", URL: "https://x.org/r/1", Language: "ar", Summary: "ملخص"}}}); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(b.Bytes(), new(any)); err != nil || strings.Contains(b.String(), "<script>") {
		t.Errorf("atom: %v\n%s", err, b.String())
	}
	b.Reset()
	if err := WriteSitemap(&b, []SitemapURL{{Loc: "https://x.org/r/1?a=1&b=2", LastMod: time.Unix(5, 0), Alternates: []Alternate{{Lang: "es", Href: "https://x.org/r/2"}}}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "a=1&amp;b=2") || !strings.Contains(b.String(), `hreflang="es"`) {
		t.Errorf("sitemap %s", b.String())
	}
}
