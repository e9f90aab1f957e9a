package app

import (
	"errors"
	"testing"

	"github.com/commonplace/commonplace/resource"
)

func TestSimilarShowsWhatExistsBeforeDuplicating(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ana, ben, eve := f.user("ana"), f.user("ben"), f.user("eve")
	src := f.createIn(ana, "en", "Photosynthesis for beginners", "", "Plants make sugar from light.\n\nThey need water.\n", "CC-BY-4.0", resource.Public, "primary", "biology")
	es, err := f.a.StartTranslation(f.ctx, ben, src.ID, StartRequest{Language: "es"})
	f.must(err)
	segs, err := f.a.Segments(f.ctx, ben, es.ID, SegmentQuery{})
	f.must(err)
	_, err = f.a.ChangeSegment(f.ctx, ben, es.ID, segs.All[0].ID, SegmentChange{Target: ptr("Las plantas hacen azúcar con la luz.")})
	f.must(err)
	// A private French translation exists too: nobody else may learn of it.
	_, err = f.a.StartTranslation(f.ctx, ana, src.ID, StartRequest{Language: "fr", Visibility: ptr("private")})
	f.must(err)
	f.createIn(ana, "en", "Photosynthesis (secret draft)", "", "x", "CC-BY-4.0", resource.Private, "")
	f.flush()

	// Starting a Spanish translation: the existing one is offered, with its progress.
	_, err = f.a.StartTranslation(f.ctx, eve, src.ID, StartRequest{Language: "es", CheckExisting: true})
	var ex *ExistingTranslationsError
	if !errors.As(err, &ex) || len(ex.Existing) != 1 || ex.Existing[0].ID != es.ID || ex.Existing[0].Percent == 0 || ex.Existing[0].Percent == 100 {
		t.Fatalf("start es: %v %+v", err, ex)
	}
	// French: the private one is not eve's to know about; she may start hers.
	fr, err := f.a.StartTranslation(f.ctx, eve, src.ID, StartRequest{Language: "fr", CheckExisting: true})
	f.must(err)
	if fr.Language != "fr" {
		t.Fatalf("fr %+v", fr)
	}
	// Typing a title like an existing one.
	sim, err := f.a.Similar(f.ctx, eve, SimilarRequest{Title: "Photosynthesis for beginner", Language: "en"})
	f.must(err)
	if len(sim) == 0 || sim[0].ID != src.ID || sim[0].Similarity < NearDuplicate {
		t.Fatalf("similar %+v", sim)
	}
	for _, s := range sim {
		if s.Title == "Photosynthesis (secret draft)" {
			t.Errorf("a private resource is offered: %+v", s)
		}
	}
	// Creating it is held back until confirmed.
	r, near, err := f.a.CreateUnlessSimilar(f.ctx, eve, resource.Fields{Title: ptr("Photosynthesis for Beginners"), Language: ptr("en"), License: ptr("CC-BY-4.0")}, false)
	f.must(err)
	if r.ID != "" || len(near) == 0 {
		t.Fatalf("created %q despite %v", r.ID, near)
	}
	r, _, err = f.a.CreateUnlessSimilar(f.ctx, eve, resource.Fields{Title: ptr("Photosynthesis for Beginners"), Language: ptr("en"), License: ptr("CC-BY-4.0")}, true)
	f.must(err)
	if r.ID == "" {
		t.Fatal("not created when confirmed")
	}
	// The fork form lists the adaptations and translations eve may see.
	o, err := f.a.ForkOptions(f.ctx, eve, src.ID)
	f.must(err)
	langs := map[string]bool{}
	for _, e := range o.Existing {
		langs[e.Language] = true
	}
	if !langs["es"] || len(o.Existing) != 2 {
		t.Errorf("existing %+v", o.Existing)
	}
}
