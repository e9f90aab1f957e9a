package store

import (
	"testing"
	"time"
)

// Only a browse by at most one value of one single-valued facet, newest
// first, takes its counts from search_facets; the language key follows the
// language filter's reading of a tag.
func TestBrowseKey(t *testing.T) {
	cases := []struct {
		q      SearchQuery
		ff, fv string
		ok     bool
	}{
		{SearchQuery{Sort: "newest"}, "", "", true},
		{SearchQuery{Sort: "newest", Levels: []string{"primary"}}, "level", "primary", true},
		{SearchQuery{Sort: "newest", Licenses: []string{"CC0-1.0"}}, "license", "CC0-1.0", true},
		{SearchQuery{Sort: "newest", Kinds: []string{"original"}}, "kind", "original", true},
		{SearchQuery{Sort: "newest", Languages: []string{"ES"}}, "lang1", "es", true},
		{SearchQuery{Sort: "newest", Languages: []string{"es-MX"}}, "lang", "es-mx", true},
		{SearchQuery{Sort: "newest", Text: "circle"}, "", "", false},
		{SearchQuery{Sort: "adapted"}, "", "", false},
		{SearchQuery{Sort: "newest", Exhaustive: true}, "", "", false},
		{SearchQuery{Sort: "newest", Levels: []string{"primary", "higher"}}, "", "", false},
		{SearchQuery{Sort: "newest", Levels: []string{"primary"}, Licenses: []string{"CC0-1.0"}}, "", "", false},
		{SearchQuery{Sort: "newest", Subjects: []string{"geometry"}}, "", "", false},
		{SearchQuery{Sort: "newest", TranslatedInto: []string{"fr"}}, "", "", false},
		{SearchQuery{Sort: "newest", Approved: true}, "", "", false},
		{SearchQuery{Sort: "newest", UpdatedSince: time.Now()}, "", "", false},
	}
	for _, c := range cases {
		ff, fv, ok := browseKey(c.q)
		if ff != c.ff || fv != c.fv || ok != c.ok {
			t.Errorf("browseKey(%+v) = %q, %q, %v; want %q, %q, %v", c.q, ff, fv, ok, c.ff, c.fv, c.ok)
		}
	}
}
