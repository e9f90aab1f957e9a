package export

import (
	"strings"
	"testing"

	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/internal/formatcheck"
)

func TestCommonCartridgeManifestsValidate(t *testing.T) {
	docs, _ := corpus(t)
	e := newExporter()
	for _, c := range []struct {
		format  Format
		version string
		ns      string
	}{{CC11, "v1p1", "imsccv1p1"}, {CC13, "v1p3", "imsccv1p3"}} {
		for _, set := range [][]interchange.Document{docs[:1], docs} {
			f, err := e.Export(c.format, set, Options{Title: "Open lessons"})
			if err != nil {
				t.Fatal(err)
			}
			files := formatcheck.Unzip(t, f.Data)
			manifest := files["imsmanifest.xml"]
			if !strings.Contains(string(manifest), "http://www.imsglobal.org/xsd/"+c.ns+"/imscp_v1p1") {
				t.Errorf("%s: wrong namespace:\n%s", c.format, manifest)
			}
			if !strings.Contains(string(manifest), "<lomimscc:rights>") || !strings.Contains(string(manifest), "is licensed under") {
				t.Errorf("%s: manifest lacks the licence and attribution", c.format)
			}
			formatcheck.CCManifest(t, c.version, manifest)
			for _, d := range set {
				found := false
				for name, data := range files {
					if strings.HasPrefix(name, "wiki_content/") && strings.Contains(string(data), "<title>"+htmlEscape(d.Title)+"</title>") {
						found = true
						if !strings.Contains(string(data), "Attribution and licence") {
							t.Errorf("%s: page %s lacks the attribution", c.format, name)
						}
					}
				}
				if !found {
					t.Errorf("%s: no page for %q", c.format, d.Title)
				}
			}
		}
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
