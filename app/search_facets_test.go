package app

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// sameBothWays runs each request through the store twice — browsing as it
// runs (counts from search_facets where it can) and counting every match
// one by one — and fails unless the pages, totals and counts are equal.
func (f *fixture) sameBothWays(step string, who Actor, reqs []SearchRequest) {
	f.t.Helper()
	for _, req := range reqs {
		q, err := f.a.searchQuery(f.ctx, who, req)
		f.must(err)
		fast, err := f.a.db.Search(f.ctx, q)
		f.must(err)
		q.Exhaustive = true
		slow, err := f.a.db.Search(f.ctx, q)
		f.must(err)
		for _, p := range []*store.SearchPage{&fast, &slow} {
			slices.SortFunc(p.Facets, func(x, y store.FacetCount) int {
				return cmp.Or(cmp.Compare(x.Facet, y.Facet), cmp.Compare(x.Value, y.Value))
			})
		}
		if !reflect.DeepEqual(fast, slow) {
			f.t.Fatalf("%s, %s %+v:\nfrom search_facets %+v\ncounted            %+v", step, who.Handle, req, fast, slow)
		}
	}
}

// Browsing takes its counts from search_facets and search_family_keys,
// which triggers on search_docs keep in step; after every kind of change the
// answer equals the one counted over the matches themselves.
func TestBrowseCountsFollowEveryChange(t *testing.T) {
	t.Parallel()
	// Only f.flush indexes: the two ways of a comparison must see the same
	// rows, so the background indexer must not run between them.
	f := newFixture(t, func(c *Config) { c.IndexQuiet, c.IndexMaxWait, c.IndexEvery = time.Hour, time.Hour, time.Hour })
	ana, ben := f.user("ana"), f.user("ben")
	circle := f.createIn(ana, "en", "Circles", "Round shapes.", "The circle.\n", "CC-BY-4.0", resource.Public, "primary", "geometry", "mathematics")
	plants := f.createIn(ana, "es-MX", "Plantas", "Agua.", "La planta.\n", "CC-BY-SA-4.0", resource.Public, "primary", "biología")
	f.createIn(ana, "ar", "النباتات", "الماء", "النباتات.\n", "CC-BY-NC-4.0", resource.Public, "higher", "علم الأحياء", "geometry")
	secret := f.createIn(ana, "en", "Secret", "private", "circle\n", "CC-BY-4.0", resource.Private, "primary", "geometry")
	f.createIn(ana, "en", "Unlisted", "unlisted", "circle\n", "CC0-1.0", resource.Unlisted, "primary", "geometry")
	fork, err := f.a.Fork(f.ctx, ben, circle.ID, ForkRequest{Title: ptr("Circles, ben's fork")})
	f.must(err)
	f.flush()

	var reqs []SearchRequest
	for _, r := range []SearchRequest{{}, {Levels: []string{"primary"}}, {Levels: []string{"higher"}}, {Licenses: []string{"CC-BY-4.0"}},
		{Languages: []string{"es"}}, {Languages: []string{"es-MX"}}, {Languages: []string{"EN"}}, {Kinds: []string{"original"}},
		{Kinds: []string{"fork"}}, {Levels: []string{"primary"}, Ungrouped: true}, {Prefer: "es"}} {
		reqs = append(reqs, r)
		r.Limit = 1
		reqs = append(reqs, r)
	}
	check := func(step string) {
		t.Helper()
		for _, who := range []Actor{Anonymous, ben, ana} {
			f.sameBothWays(step, who, reqs)
		}
		// The next page too, through the cursor.
		for _, req := range reqs {
			req.Limit = 1
			first := f.search(Anonymous, req)
			if first.Next != "" {
				req.Cursor = first.Next
				f.sameBothWays(step+", next page", Anonymous, []SearchRequest{req})
			}
		}
	}
	check("at first")

	update := func(who Actor, id string, fields resource.Fields) {
		t.Helper()
		_, _, err := f.a.UpdateResource(f.ctx, who, id, fields)
		f.must(err)
	}
	steps := []struct {
		name string
		do   func()
	}{
		{"the fork made public", func() { update(ben, fork.Resource.ID, resource.Fields{Visibility: ptr("public")}) }},
		{"the original made private", func() {
			before := f.search(Anonymous, SearchRequest{Levels: []string{"primary"}})
			update(ana, circle.ID, resource.Fields{Visibility: ptr("private")})
			// At once, before any indexing: gone from the results and the counts.
			after := f.search(Anonymous, SearchRequest{Levels: []string{"primary"}})
			if has(after, "Circles") || after.Resources != before.Resources-1 {
				t.Fatalf("made private: %d resources %v, then %d %v", before.Resources, titles(before), after.Resources, titles(after))
			}
		}},
		{"the original public again", func() { update(ana, circle.ID, resource.Fields{Visibility: ptr("public")}) }},
		{"a private one made public", func() { update(ana, secret.ID, resource.Fields{Visibility: ptr("public")}) }},
		{"licence changed", func() { update(ana, circle.ID, resource.Fields{License: ptr("CC0-1.0")}) }},
		{"level changed", func() { update(ana, circle.ID, resource.Fields{Level: ptr("higher")}) }},
		{"subjects changed", func() { update(ana, plants.ID, resource.Fields{Subjects: &[]string{"agua", "geometry"}}) }},
		{"language changed", func() { update(ana, plants.ID, resource.Fields{Language: ptr("es")}) }},
		{"translation added", func() {
			_, err := f.a.StartTranslation(f.ctx, ana, circle.ID, StartRequest{Language: "fr", Visibility: ptr("public")})
			f.must(err)
		}},
		{"original deleted", func() { f.must(f.a.DeleteResource(f.ctx, ana, circle.ID)) }},
		{"fork deleted", func() { f.must(f.a.DeleteResource(f.ctx, ben, fork.Resource.ID)) }},
	}
	for i, s := range steps {
		s.do()
		// Visibility and deletion reach search_docs at once, the rest when
		// the indexer has run: both states must count the same both ways.
		check(fmt.Sprintf("step %d (%s), before indexing", i+1, s.name))
		f.flush()
		check(fmt.Sprintf("step %d (%s)", i+1, s.name))
	}
}
