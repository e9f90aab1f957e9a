package app

import (
	"fmt"
	"testing"

	"github.com/commonplace/commonplace/resource"
)

// Paging with cursors visits every result once, in every sort, grouped or
// not, and the pages add up to the count the first page gave — the page is
// taken from the originals and the families without one separately, so a
// result must neither repeat nor fall between the two.
func TestSearchPagesVisitEveryResultOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ana, ben := f.user("ana"), f.user("ben")
	var originals []resource.Resource
	for i := range 5 {
		originals = append(originals, f.createIn(ana, "en", fmt.Sprintf("Circle lesson %d", i), "Circles and their area.",
			"The circle has an area.\n", "CC-BY-4.0", resource.Public, "primary", "geometry"))
	}
	// A fork and a translation of the first; a fork of a private original,
	// whose family has no original anyone else may list.
	_, err := f.a.Fork(f.ctx, ben, originals[0].ID, ForkRequest{Title: ptr("Circle lesson 0, ben's fork")})
	f.must(err)
	_, err = f.a.StartTranslation(f.ctx, ana, originals[0].ID, StartRequest{Language: "es", Visibility: ptr("public")})
	f.must(err)
	hidden := f.createIn(ana, "en", "Hidden circle original", "", "The circle, privately.\n", "CC-BY-4.0", resource.Private, "primary", "geometry")
	_, err = f.a.Fork(f.ctx, ana, hidden.ID, ForkRequest{Title: ptr("Circle fork of a hidden original"), Visibility: ptr("public")})
	f.must(err)
	f.flush()
	for _, who := range []Actor{Anonymous, ben, ana} {
		for _, req := range []SearchRequest{
			{Query: "circle"}, {Query: "circle", Sort: "newest"}, {Query: "circle", Sort: "adapted"},
			{Query: "circle", Ungrouped: true}, {Levels: []string{"primary"}}, {Levels: []string{"primary"}, Ungrouped: true},
			{Query: "circel"}, {Query: "circle", Prefer: "es"},
		} {
			req.Limit = 2
			first := f.search(who, req)
			seen := map[string]bool{}
			page := first
			for n := 0; ; n++ {
				for _, r := range page.Results {
					if seen[r.ID] {
						t.Fatalf("%s %+v: %q twice", who.Handle, req, r.Title)
					}
					seen[r.ID] = true
					if r.Title == "Hidden circle original" && who.ID != ana.ID {
						t.Fatalf("%s %+v finds the private original", who.Handle, req)
					}
				}
				if page.Next == "" || n > 20 {
					break
				}
				next := req
				next.Cursor = page.Next
				page = f.search(who, next)
			}
			if len(seen) != first.Total || first.Total == 0 {
				t.Errorf("%s %+v: pages hold %d results, the count says %d", who.Handle, req, len(seen), first.Total)
			}
		}
	}
	// Grouped: the fork and translation of lesson 0 sit under it; the fork
	// of the hidden original stands for its family.
	res := f.search(Anonymous, SearchRequest{Query: "circle", Limit: 50})
	if res.Total != 6 || res.Resources != 8 {
		t.Errorf("anonymous: %d results of %d resources, want 6 of 8: %v", res.Total, res.Resources, titles(res))
	}
	for _, r := range res.Results {
		if r.ID == originals[0].ID && (r.FamilyForks != 1 || r.FamilyTranslations != 1) {
			t.Errorf("lesson 0 groups %d forks, %d translations", r.FamilyForks, r.FamilyTranslations)
		}
	}
}
