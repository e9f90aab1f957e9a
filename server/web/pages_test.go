package web

import (
	"maps"
	"slices"
	"testing"

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
