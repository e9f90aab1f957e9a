package app

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/a11ycheck"
	"github.com/commonplace/commonplace/resource"
)

func rules(fs []a11ycheck.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

// An author checks, dismisses with a reason, edits elsewhere (the dismissal holds), restores;
// old revisions and the editor's unsaved text are checked too; readers see the report but may
// not dismiss.
func TestAccessibilityReportAndDismissals(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	amina, vic := f.user("amina"), f.user("vic")
	r := f.create(amina, "Fractions", "## Parts\n\n![](bar.png)\n\nFor more, [click here](https://example.org).\n", "CC-BY-4.0", resource.Public)

	rep, err := f.a.Accessibility(f.ctx, amina, r.ID, AccessibilityRequest{})
	f.must(err)
	if got := rules(rep.Findings); !slices.Equal(got, []string{a11ycheck.ImageAltMissing, a11ycheck.LinkTextVague}) || !rep.CanDismiss {
		t.Fatalf("findings %v, can dismiss %v", got, rep.CanDismiss)
	}
	img := rep.Findings[0]

	// A reader sees the report, may not dismiss; nonsense is refused field by field.
	if rv, err := f.a.Accessibility(f.ctx, vic, r.ID, AccessibilityRequest{}); err != nil || rv.CanDismiss || len(rv.Findings) != 2 {
		t.Fatalf("reader: %v %v", rv.CanDismiss, err)
	}
	if _, err := f.a.DismissFinding(f.ctx, vic, r.ID, DismissRequest{Rule: img.Rule, Fingerprint: img.Fingerprint, Reason: "x"}); !errors.Is(err, ErrForbidden) {
		t.Errorf("a reader dismissed: %v", err)
	}
	for field, req := range map[string]DismissRequest{
		"rule":        {Rule: "no-such-rule", Fingerprint: img.Fingerprint, Reason: "x"},
		"fingerprint": {Rule: img.Rule, Fingerprint: "12", Reason: "x"},
		"reason":      {Rule: img.Rule, Fingerprint: img.Fingerprint, Reason: "   "},
	} {
		var e *Error
		if _, err := f.a.DismissFinding(f.ctx, amina, r.ID, req); !errors.As(err, &e) || e.Kind != Invalid || e.Field != field {
			t.Errorf("%s: %v", field, err)
		}
	}

	d, err := f.a.DismissFinding(f.ctx, amina, r.ID, DismissRequest{Rule: img.Rule, Fingerprint: img.Fingerprint, Reason: " decorative bar "})
	f.must(err)
	if d.Reason != "decorative bar" || d.ByName != "User amina" {
		t.Errorf("dismissal %+v", d)
	}
	first, err := f.a.NameVersion(f.ctx, amina, r.ID, "first draft")
	f.must(err)
	// Edits elsewhere keep the dismissal.
	f.edit(amina, r.ID, "# Fractions\n\nA new opening paragraph.\n\n"+f.text(amina, r.ID))
	rep, err = f.a.Accessibility(f.ctx, amina, r.ID, AccessibilityRequest{})
	f.must(err)
	if got := rules(rep.Findings); !slices.Equal(got, []string{a11ycheck.LinkTextVague}) || len(rep.Dismissed) != 1 || rep.Dismissed[0].Dismissal.Reason != "decorative bar" {
		t.Fatalf("after an edit elsewhere: open %v dismissed %+v", got, rep.Dismissed)
	}
	if !slices.Contains(rep.Metadata.AccessibilityFeature, "alternativeText") {
		t.Errorf("a dismissed image no longer counts against alternativeText: %v", rep.Metadata.AccessibilityFeature)
	}

	// The first revision, and a text being written.
	old, err := f.a.Accessibility(f.ctx, amina, r.ID, AccessibilityRequest{Revision: first.ID})
	f.must(err)
	if old.Revision != first.Number || strings.Contains(old.Resource.Content, "new opening") {
		t.Errorf("revision 1: %d %q", old.Revision, old.Resource.Content)
	}
	draft, err := f.a.Accessibility(f.ctx, amina, r.ID, AccessibilityRequest{Text: ptr("## Parts\n\nUnderline the red words.\n")})
	f.must(err)
	if got := rules(draft.Findings); !slices.Equal(got, []string{a11ycheck.ColorOnly}) {
		t.Errorf("draft: %v", got)
	}
	if _, err := f.a.Accessibility(f.ctx, amina, r.ID, AccessibilityRequest{Revision: "99"}); !isNotFound(err) {
		t.Errorf("revision 99: %v", err)
	}

	// The resource page's view carries the summary and the metadata.
	v, err := f.a.View(f.ctx, Anonymous, r.ID, ViewRequest{Page: true})
	f.must(err)
	if len(v.Accessibility.Open) != 1 || v.Accessibility.Dismissed != 1 || v.Accessibility.Metadata.Summary.Open != 1 {
		t.Errorf("view summary %+v", v.Accessibility)
	}

	f.must(f.a.RestoreFinding(f.ctx, amina, r.ID, img.Rule, img.Fingerprint))
	if err := f.a.RestoreFinding(f.ctx, amina, r.ID, img.Rule, img.Fingerprint); !isNotFound(err) {
		t.Errorf("restoring twice: %v", err)
	}
	rep, err = f.a.Accessibility(f.ctx, amina, r.ID, AccessibilityRequest{})
	f.must(err)
	if len(rep.Findings) != 2 || len(rep.Dismissed) != 0 {
		t.Errorf("after restore: %v %v", rules(rep.Findings), rep.Dismissed)
	}
}

// Reviewers see the checker's result before approving: on a proposal (what it would bring in)
// and on a translation's workbench.
func TestReviewersSeeTheCheck(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	amina, ben := f.user("amina"), f.user("ben")
	src := f.create(amina, "Plants", "## Leaves\n\nLeaves catch the light.\n", "CC-BY-4.0", resource.Public)
	fork, err := f.a.Fork(f.ctx, ben, src.ID, ForkRequest{})
	f.must(err)
	f.edit(ben, fork.Resource.ID, f.text(ben, fork.Resource.ID)+"\n![](leaf.png)\n")
	p, err := f.a.CreateProposal(f.ctx, ben, fork.Resource.ID, ProposalRequest{Title: "A picture"})
	f.must(err)
	d, err := f.a.Proposal(f.ctx, amina, p.ID)
	f.must(err)
	if d.Accessibility == nil || !slices.Equal(rules(d.Accessibility.New), []string{a11ycheck.ImageAltMissing}) {
		t.Fatalf("proposal accessibility %+v", d.Accessibility)
	}

	tr, err := f.a.StartTranslation(f.ctx, amina, src.ID, StartRequest{Language: "es"})
	f.must(err)
	w, err := f.a.Workbench(f.ctx, amina, tr.ID, SegmentQuery{}, "")
	f.must(err)
	if w.Accessibility == nil {
		t.Fatal("the translation's reviewer sees no check")
	}
	_, err = f.a.SetCollaborator(f.ctx, amina, tr.ID, "ben", resource.RoleTranslator)
	f.must(err)
	if w, err := f.a.Workbench(f.ctx, ben, tr.ID, SegmentQuery{}, ""); err != nil || w.Accessibility != nil {
		t.Errorf("a translator (not a reviewer) got the panel: %v %v", w.Accessibility, err)
	}
}
