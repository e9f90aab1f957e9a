package app

import (
	"errors"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/translation"
	"github.com/commonplace/commonplace/versioning"
)

func TestForkWorkflow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, bob := f.user("alice"), f.user("bob")
	src := f.create(alice, "Volcanoes", "Volcanoes erupt.\n", "CC-BY-SA-4.0", resource.Public)
	nd := f.create(alice, "Fixed", "Do not adapt.\n", "CC-BY-ND-4.0", resource.Public)

	if _, err := f.a.Fork(f.ctx, Anonymous, src.ID, ForkRequest{}); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("anonymous fork: %v", err)
	}
	var fd *license.ForbidsDerivativesError
	if _, err := f.a.Fork(f.ctx, bob, nd.ID, ForkRequest{}); !errors.As(err, &fd) {
		t.Fatalf("fork of ND: %v", err)
	}
	var ie *license.IncompatibleError
	if _, err := f.a.Fork(f.ctx, bob, src.ID, ForkRequest{License: ptr("CC-BY-4.0")}); !errors.As(err, &ie) {
		t.Fatalf("BY-SA forked as BY: %v", err)
	}

	res, err := f.a.Fork(f.ctx, bob, src.ID, ForkRequest{Title: ptr("Volcanoes for year 5"), Purpose: "simpler words"})
	f.must(err)
	fork := res.Resource
	if fork.Kind != resource.Fork || fork.License != "CC-BY-SA-4.0" || fork.FamilyID != src.FamilyID || fork.Owner.ID != bob.ID {
		t.Fatalf("fork = %+v", fork)
	}
	if got := f.text(bob, fork.ID); got != "Volcanoes erupt.\n" {
		t.Fatalf("fork text = %q", got)
	}
	v, err := f.a.View(f.ctx, bob, fork.ID, ViewRequest{Page: true})
	f.must(err)
	if v.Derivation == nil || v.Derivation.Source != src.ID || v.Derivation.SourceTitle != "Volcanoes" || v.Derivation.Purpose != "simpler words" {
		t.Fatalf("derivation = %+v", v.Derivation)
	}
	if len(v.Attribution.Chain) != 1 || v.Attribution.Chain[0].Resource != src.ID || v.Attribution.Chain[0].Authors[0].ID != alice.ID {
		t.Fatalf("attribution chain = %+v", v.Attribution.Chain)
	}
	if !strings.Contains(v.Attribution.Statement.Text, "adapted from") && !strings.Contains(v.Attribution.Statement.Text, "Volcanoes") {
		t.Errorf("statement = %q", v.Attribution.Statement.Text)
	}
	// The fork's first revision has the source's revision as its parent.
	_, _, revs, _, err := f.a.Revisions(f.ctx, bob, fork.ID, 10, 0)
	f.must(err)
	if len(revs) != 1 || revs[0].Kind != versioning.RevFork || len(revs[0].Parents) != 1 || revs[0].Parents[0].ResourceID != src.ID {
		t.Fatalf("fork revisions = %+v", revs)
	}
	// The source lists it among its derivatives.
	sv, err := f.a.View(f.ctx, Anonymous, src.ID, ViewRequest{Page: true})
	f.must(err)
	if len(sv.Derivatives) != 1 || sv.Derivatives[0].Resource.ID != fork.ID {
		t.Fatalf("derivatives = %+v", sv.Derivatives)
	}
}

func TestProposalMergeWorkflow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, bob := f.user("alice"), f.user("bob")
	src := f.create(alice, "Volcanoes", "Volcanoes erupt.\n\nLava is hot.\n", "CC-BY-4.0", resource.Public)
	res, err := f.a.Fork(f.ctx, bob, src.ID, ForkRequest{})
	f.must(err)
	fork := res.Resource
	if _, err := f.a.CreateProposal(f.ctx, bob, fork.ID, ProposalRequest{Title: "Nothing yet"}); err == nil {
		t.Fatal("a proposal without changes was accepted")
	}
	f.edit(bob, fork.ID, "Volcanoes erupt.\n\nLava is very hot.\n")
	p, err := f.a.CreateProposal(f.ctx, bob, fork.ID, ProposalRequest{Title: "Hotter lava"})
	f.must(err)
	// Meanwhile the source changes elsewhere: the merge stays clean.
	f.edit(alice, src.ID, "Volcanoes erupt loudly.\n\nLava is hot.\n")
	if _, err := f.a.MergeProposal(f.ctx, alice, p.ID, MergeRequest{}); err == nil {
		t.Fatal("merged before approval")
	}
	_, prop, err := f.a.ReviewProposal(f.ctx, alice, p.ID, ReviewRequest{Verdict: "approve"})
	f.must(err)
	if prop.Status != versioning.ProposalApproved {
		t.Fatalf("status after approval = %s", prop.Status)
	}
	m, err := f.a.MergeProposal(f.ctx, alice, p.ID, MergeRequest{})
	f.must(err)
	if m.Status != "merged" || f.text(alice, src.ID) != "Volcanoes erupt loudly.\n\nLava is very hot.\n" {
		t.Fatalf("merge = %+v, text %q", m, f.text(alice, src.ID))
	}
	rev, shares, err := f.a.Revision(f.ctx, alice, m.Revision)
	f.must(err)
	if rev.Kind != versioning.RevMerge || len(rev.Parents) != 2 || rev.Parents[1].ResourceID != fork.ID {
		t.Fatalf("merge revision = %+v", rev)
	}
	// The merged text keeps its authors: bob wrote "very ".
	credited := map[string]int{}
	for _, s := range shares {
		credited[s.ID] = s.Chars
	}
	if credited[bob.ID] != len("very ") || credited[alice.ID] == 0 {
		t.Fatalf("authors after merge = %+v", shares)
	}
	d, err := f.a.Proposal(f.ctx, bob, p.ID)
	f.must(err)
	if d.Proposal.Status != versioning.ProposalMerged || d.Proposal.MergedRevision != m.Revision {
		t.Fatalf("proposal after merge = %+v", d.Proposal)
	}
}

func TestTranslationSyncWorkflow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, tina := f.user("alice"), f.user("tina")
	src := f.create(alice, "Cats", "The cat sat on the mat. It purred.\n\nDogs bark.\n", "CC-BY-4.0", resource.Public)
	tr, err := f.a.StartTranslation(f.ctx, tina, src.ID, StartRequest{Language: "es"})
	f.must(err)
	segs, err := f.a.Segments(f.ctx, tina, tr.ID, SegmentQuery{})
	f.must(err)
	if len(segs.All) != 4 || segs.All[0].ID != TitleSegment || segs.All[0].Source != "Cats" {
		t.Fatalf("segments (the title, then the text's) = %+v", segs.All)
	}
	byText := map[string]string{}
	for _, s := range segs.All {
		byText[s.Source] = s.ID
	}
	_, err = f.a.ChangeSegment(f.ctx, tina, tr.ID, byText["The cat sat on the mat."], SegmentChange{Target: ptr("El gato se sentó en la alfombra.")})
	f.must(err)
	_, err = f.a.ChangeSegment(f.ctx, tina, tr.ID, byText["Dogs bark."], SegmentChange{Target: ptr("Los perros ladran.")})
	f.must(err)
	if got := f.text(tina, tr.ID); got != "El gato se sentó en la alfombra. It purred.\n\nLos perros ladran.\n" {
		t.Fatalf("translated text = %q", got)
	}
	// The source changes one sentence and adds one.
	f.edit(alice, src.ID, "The cat sat on the red mat. It purred.\n\nDogs bark.\n\nBirds sing.\n")
	info, err := f.a.TranslationInfo(f.ctx, tina, tr.ID)
	f.must(err)
	if !info.SourceMoved {
		t.Fatalf("info before sync = %+v", info)
	}
	rep, err := f.a.SyncTranslation(f.ctx, tina, tr.ID)
	f.must(err)
	if rep.Outdated != 1 || rep.Added != 1 || rep.Removed != 0 || rep.Carried != 2 {
		t.Fatalf("sync report = %+v", rep)
	}
	segs, err = f.a.Segments(f.ctx, tina, tr.ID, SegmentQuery{OutdatedOnly: true})
	f.must(err)
	if len(segs.List) != 1 || segs.List[0].Source != "The cat sat on the red mat." || segs.List[0].Target != "El gato se sentó en la alfombra." ||
		segs.List[0].PreviousSource != "The cat sat on the mat." {
		t.Fatalf("outdated after sync = %+v", segs.List)
	}
	if info, err = f.a.TranslationInfo(f.ctx, tina, tr.ID); err != nil || info.SourceMoved || info.Progress.Outdated != 1 {
		t.Fatalf("info after sync = %+v %v", info, err)
	}
}

func TestXLIFFImportWorkflow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, tina := f.user("alice"), f.user("tina")
	src := f.create(alice, "Fractions", "A fraction is **part** of a whole. Read [more](https://example.org) today.\n\nHalves are easy.\n", "CC-BY-4.0", resource.Public)
	tr, err := f.a.StartTranslation(f.ctx, tina, src.ID, StartRequest{Language: "fr"})
	f.must(err)
	_, file, err := f.a.ExchangeFile(f.ctx, tina, tr.ID)
	f.must(err)
	var b strings.Builder
	f.must(translation.WriteXLIFF2(&b, file))
	parsed, err := translation.ReadXLIFF(strings.NewReader(b.String()))
	f.must(err)
	for i, u := range parsed.Units {
		switch {
		case u.ID == TitleSegment:
			parsed.Units[i].Target, parsed.Units[i].State = "Les fractions", translation.StateTranslated
		case strings.HasPrefix(u.Source, "Halves"):
			parsed.Units[i].Target, parsed.Units[i].State = "Les moitiés sont faciles.", translation.StateTranslated
		default:
			// Keep the placeholders of the source around the translated words.
			tg := strings.NewReplacer("A fraction is", "Une fraction est", "part", "partie", "of a whole", "d'un tout", "Read", "Lisez", "more", "plus", "today", "aujourd'hui").Replace(u.Source)
			parsed.Units[i].Target, parsed.Units[i].State = tg, translation.StateTranslated
		}
	}
	// A viewer of the public source may not import into tina's translation.
	if _, err := f.a.ImportFile(f.ctx, alice, tr.ID, parsed); !errors.Is(err, ErrForbidden) {
		t.Fatalf("import by someone without the translator role: %v", err)
	}
	rep, err := f.a.ImportFile(f.ctx, tina, tr.ID, parsed)
	f.must(err)
	if rep.Updated != 4 {
		t.Fatalf("import report = %+v", rep)
	}
	if r, _, err := f.a.Resource(f.ctx, tina, tr.ID, resource.View); err != nil || r.Title != "Les fractions" {
		t.Fatalf("the imported title is the translation's title: %q %v", r.Title, err)
	}
	if got := f.text(tina, tr.ID); got != "Une fraction est **partie** d'un tout. Lisez [plus](https://example.org) aujourd'hui.\n\nLes moitiés sont faciles.\n" {
		t.Fatalf("text after import = %q", got)
	}
	// A no-op re-import changes nothing.
	if rep, err = f.a.ImportFile(f.ctx, tina, tr.ID, parsed); err != nil || rep.Updated != 0 {
		t.Fatalf("re-import = %+v %v", rep, err)
	}
	// What was imported feeds the memory of the pair.
	mem, err := f.a.ExportTranslationMemory(f.ctx, tina, tr.ID)
	f.must(err)
	if len(mem.Entries) != 4 { // the title's translation too
		t.Fatalf("memory after import = %+v", mem.Entries)
	}
}

// A viewer of a private resource cannot publish its text by deriving from
// it; its owner can.
func TestDerivativeOfPrivateStaysPrivate(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, vic := f.user("alice"), f.user("vic")
	p := f.create(alice, "Draft", "Secret draft text.\n", "CC-BY-4.0", resource.Private)
	_, err := f.a.SetCollaborator(f.ctx, alice, p.ID, vic.Handle, resource.RoleViewer)
	f.must(err)
	var ve *resource.ValidationError
	for _, vis := range []string{"public", "unlisted"} {
		if _, err := f.a.Fork(f.ctx, vic, p.ID, ForkRequest{Visibility: ptr(vis)}); !errors.As(err, &ve) || ve.Field != "visibility" {
			t.Errorf("viewer forks a private resource as %s: %v", vis, err)
		}
		if _, err := f.a.StartTranslation(f.ctx, vic, p.ID, StartRequest{Language: "es", Visibility: ptr(vis)}); !errors.As(err, &ve) {
			t.Errorf("viewer translates a private resource as %s: %v", vis, err)
		}
	}
	// A private fork is fine, but it cannot be made public later either.
	res, err := f.a.Fork(f.ctx, vic, p.ID, ForkRequest{})
	f.must(err)
	if res.Resource.Visibility != resource.Private {
		t.Fatalf("default fork visibility = %s", res.Resource.Visibility)
	}
	if _, _, err := f.a.UpdateResource(f.ctx, vic, res.Resource.ID, resource.Fields{Visibility: ptr("public")}); !errors.As(err, &ve) {
		t.Errorf("viewer publishes the fork afterwards: %v", err)
	}
	// The source's owner may publish a derivative.
	own, err := f.a.Fork(f.ctx, alice, p.ID, ForkRequest{Visibility: ptr("public")})
	f.must(err)
	if own.Resource.Visibility != resource.Public {
		t.Fatalf("owner's public fork = %s", own.Resource.Visibility)
	}
}
