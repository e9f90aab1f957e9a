package a11ytext

import (
	"strings"
	"testing"

	"github.com/commonplace/commonplace/a11ycheck"
	"github.com/commonplace/commonplace/i18n"
)

// Every rule and every detail the checker can report has words, in every shipped language, with
// every placeholder filled.
func TestEveryFindingHasWordsInEveryLanguage(t *testing.T) {
	args := map[string]string{"image": "a.png", "alt": "image", "heading": "Parts", "level": "4", "previous": "2",
		"text": "click here", "address": "https://example.org", "phrase": "the red words", "formula": "x^2",
		"passage": "Αυτό", "script": "Grek", "language": "en", "n": "240", "file": "talk.mp4", "host": "www.youtube.com"}
	for _, loc := range i18n.Default().Locales() {
		for _, r := range a11ycheck.Rules {
			if _, ok := rules[r.ID]; !ok {
				t.Fatalf("rule %s has no words", r.ID)
			}
			details := a11ycheck.Details[r.ID]
			if len(details) == 0 {
				t.Errorf("rule %s has no details", r.ID)
			}
			for _, d := range details {
				_, one := detailID(d)
				if !one {
					t.Errorf("detail %s of %s has no sentence", d, r.ID)
				}
				f := Words(loc, a11ycheck.Finding{Rule: r.ID, Severity: r.Severity, Detail: d, Args: args})
				for _, s := range []string{f.Title, f.Message, f.Why, f.Fix} {
					if s == "" || strings.Contains(s, "{") && !strings.Contains(s, `\text{`) {
						t.Errorf("%s %s/%s: %q", loc.Code, r.ID, d, s)
					}
				}
				if loc.Code != i18n.Source && (f.Title == Title(english(), r.ID) || f.Message == Message(english(), f.Finding)) {
					t.Errorf("%s %s/%s: not translated: %q / %q", loc.Code, r.ID, d, f.Title, f.Message)
				}
			}
		}
	}
}

func detailID(d string) (string, bool) {
	if id, ok := details[d]; ok {
		return id, true
	}
	p, ok := plurals[d]
	return p[0], ok
}

func english() *i18n.Locale {
	en, _ := i18n.Default().Lookup(i18n.Source)
	return en
}

// The summary says what holds and what is open, in the reader's language.
func TestSummary(t *testing.T) {
	r := a11ycheck.Check("## Parts\n\n![](a.png)\n\nUnderline the red words.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", a11ycheck.Options{Language: "en"})
	m := a11ycheck.Describe(r.Stats, r.Findings)
	en := english()
	got := Summary(en, m)
	want := "Text that can be enlarged, restyled and read aloud; headings are in order; tables have header rows. " +
		"Commonplace's accessibility checker finds 2 open problems: image without alt text; instruction that relies on colour."
	if got != want {
		t.Errorf("summary\n got %q\nwant %q", got, want)
	}
	clean := a11ycheck.Describe(r.Stats, nil)
	if s := Summary(en, clean); !strings.HasSuffix(s, "finds no open problems.") {
		t.Errorf("clean summary %q", s)
	}
	for _, loc := range i18n.Default().Locales()[1:] {
		for _, s := range []string{Summary(loc, m), Summary(loc, clean), Terms(loc, m.AccessMode), Sufficient(loc, m.AccessModeSufficient)} {
			if strings.Contains(s, "{") || strings.Contains(s, "Commonplace's") || strings.Contains(s, "problems") {
				t.Errorf("%s: %q", loc.Code, s)
			}
		}
	}
}
