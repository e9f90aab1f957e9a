package web

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/i18n"
)

// Only the first interface language's pages are parsed at start; every other language
// parses on first use, into the same pages.
func TestPagesParseOtherLanguagesOnFirstUse(t *testing.T) {
	p, err := loadPages()
	if err != nil {
		t.Fatal(err)
	}
	locales := i18n.Default().Locales()
	if len(locales) < 2 {
		t.Fatalf("%d interface languages", len(locales))
	}
	first := p.byLocale[locales[0].Code]
	if first.sets == nil {
		t.Fatalf("%s: not parsed at start", locales[0].Code)
	}
	want := slices.Sorted(maps.Keys(first.sets))
	if len(want) < 20 {
		t.Fatalf("%s: %d pages", locales[0].Code, len(want))
	}
	for _, loc := range locales[1:] {
		lp := p.byLocale[loc.Code]
		if lp.sets != nil {
			t.Errorf("%s: parsed at start", loc.Code)
		}
		sets, err := lp.get()
		if err != nil {
			t.Fatalf("%s: %v", loc.Code, err)
		}
		if got := slices.Sorted(maps.Keys(sets)); !slices.Equal(got, want) {
			t.Errorf("%s: pages %v, want %v", loc.Code, got, want)
		}
	}
}

// The accessibility panel's sentences name their subject in the reader's language: the
// subjects are messages of their own ("… في this text" was once on every Arabic page).
func TestA11yPanelSubjectsAreTranslated(t *testing.T) {
	for _, loc := range i18n.Default().Locales() {
		if loc.Code == "en" {
			continue
		}
		for _, subject := range []string{a11yThisText, a11yTranslation, a11yProposedText} {
			intro := newA11yPanel(loc, app.AccessibilitySummary{}, nil, "/r/x/accessibility", subject).Intro
			if strings.Contains(intro, subject) || !strings.Contains(intro, loc.T(subject)) {
				t.Errorf("%s: %q does not name %q in the language", loc.Code, intro, subject)
			}
		}
	}
}
