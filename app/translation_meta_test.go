package app

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/resource"
)

// The text of a translation is written through its segments only: every
// other way to change it is refused with a clear error, and the live
// editor follows it read-only.
func TestTranslationTextOnlyThroughSegments(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice := f.user("alice")
	src := f.create(alice, "Cats", "The cat sat.\n", "CC-BY-4.0", resource.Public)
	tr, err := f.a.StartTranslation(f.ctx, alice, src.ID, StartRequest{Language: "es"})
	f.must(err)
	if _, _, err := f.a.UpdateResource(f.ctx, alice, tr.ID, resource.Fields{Content: ptr("A note typed in the editor.\n")}); !errors.Is(err, ErrTranslationText) {
		t.Fatalf("PATCH content: %v", err)
	}
	// Sending the text back unchanged (a form that posts every field) is fine.
	if _, _, err := f.a.UpdateResource(f.ctx, alice, tr.ID, resource.Fields{Content: ptr(f.text(alice, tr.ID)), Subjects: ptr([]string{"cats"})}); err != nil {
		t.Fatalf("unchanged text: %v", err)
	}
	if _, err := f.a.SubmitOp(f.ctx, alice, tr.ID, 0, collab.Op{{Insert: "x"}, {Retain: 13}}); !errors.Is(err, ErrTranslationText) {
		t.Fatalf("ops: %v", err)
	}
	c, err := f.a.ConnectLive(f.ctx, alice, LiveRequest{ResourceID: tr.ID, ClientID: "tab-1", Since: -1})
	f.must(err)
	defer c.Close()
	if info := c.Info(); info.CanEdit || info.Role != string(resource.RoleViewer) {
		t.Fatalf("the owner's live connection to a translation: %+v", info)
	}
	var snap struct{ Role string }
	f.must(json.Unmarshal(<-c.Frames(), &snap))
	if snap.Role != "viewer" {
		t.Fatalf("snapshot role %q", snap.Role)
	}
	// Forks still edit live.
	fc, err := f.a.ConnectLive(f.ctx, alice, LiveRequest{ResourceID: src.ID, ClientID: "tab-2", Since: -1})
	f.must(err)
	defer fc.Close()
	if !fc.Info().CanEdit {
		t.Fatal("the owner of an original cannot edit it live")
	}
	if f.text(alice, tr.ID) != "The cat sat.\n" {
		t.Fatalf("text changed: %q", f.text(alice, tr.ID))
	}
}

// A translation's title and summary are segments: translating them sets the
// translation's title and summary; emptying gives the default back; readers
// of a published-only translation see only an approved title; a changed
// source title makes the title segment outdated on sync.
func TestTitleAndSummaryAreSegments(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, rita, eve := f.user("alice"), f.user("rita"), f.user("eve")
	src, err := f.a.CreateResource(f.ctx, alice, resource.Fields{Title: ptr("Fractions"), Summary: ptr("Halves and quarters."),
		Content: ptr("A half is one of two parts.\n"), Language: ptr("en"), License: ptr("CC-BY-4.0"), Visibility: ptr("public")})
	f.must(err)
	tr, err := f.a.StartTranslation(f.ctx, alice, src.ID, StartRequest{Language: "es", Visibility: ptr("public")})
	f.must(err)
	if tr.Title != "Fractions (español)" || tr.Summary != "Halves and quarters." {
		t.Fatalf("new translation %q %q", tr.Title, tr.Summary)
	}
	_, err = f.a.SetCollaborator(f.ctx, alice, tr.ID, "rita", resource.RoleReviewer)
	f.must(err)
	segs, err := f.a.Segments(f.ctx, alice, tr.ID, SegmentQuery{})
	f.must(err)
	if segs.All[0].ID != TitleSegment || segs.All[1].ID != SummarySegment || segs.All[1].Source != "Halves and quarters." {
		t.Fatalf("segments %+v", segs.All[:2])
	}
	title := func(who Actor) string {
		v, err := f.a.View(f.ctx, who, tr.ID, ViewRequest{})
		f.must(err)
		return v.Resource.Title
	}
	_, err = f.a.ChangeSegment(f.ctx, alice, tr.ID, TitleSegment, SegmentChange{Target: ptr("Fracciones")})
	f.must(err)
	_, err = f.a.ChangeSegment(f.ctx, alice, tr.ID, SummarySegment, SegmentChange{Target: ptr("Mitades y cuartos.")})
	f.must(err)
	r, _, err := f.a.Resource(f.ctx, eve, tr.ID, resource.View)
	f.must(err)
	if r.Title != "Fracciones" || r.Summary != "Mitades y cuartos." || r.Content != "A half is one of two parts.\n" {
		t.Fatalf("after translating the title: %+v", r)
	}
	if _, err := f.a.ChangeSegment(f.ctx, alice, tr.ID, TitleSegment, SegmentChange{Target: ptr("Two\nlines")}); err == nil {
		t.Fatal("a title of two lines was accepted")
	}
	// Published-only: readers see the default title until it is approved.
	f.must(f.a.SetPublishApprovedOnly(f.ctx, alice, tr.ID, true))
	if got := title(eve); got != "Fractions (español)" {
		t.Fatalf("reader of a published-only translation sees %q", got)
	}
	if got := title(alice); got != "Fracciones" {
		t.Fatalf("the owner sees %q", got)
	}
	_, _, err = f.a.ReviewSegment(f.ctx, rita, tr.ID, TitleSegment, SegmentReview{Action: "approve"})
	f.must(err)
	if got := title(eve); got != "Fracciones" {
		t.Fatalf("after approval the reader sees %q", got)
	}
	// A title typed in the settings is the title's translation.
	_, _, err = f.a.UpdateResource(f.ctx, alice, tr.ID, resource.Fields{Title: ptr("Las fracciones")})
	f.must(err)
	sg, err := f.a.Segments(f.ctx, alice, tr.ID, SegmentQuery{})
	f.must(err)
	if sg.All[0].Target != "Las fracciones" || sg.All[0].State != "translated" {
		t.Fatalf("title segment after settings %+v", sg.All[0])
	}
	// Emptying the title gives the default back.
	_, err = f.a.ChangeSegment(f.ctx, alice, tr.ID, TitleSegment, SegmentChange{Target: ptr("")})
	f.must(err)
	if got := title(alice); got != "Fractions (español)" {
		t.Fatalf("emptied title: %q", got)
	}
	_, err = f.a.ChangeSegment(f.ctx, alice, tr.ID, TitleSegment, SegmentChange{Target: ptr("Fracciones")})
	f.must(err)
	// The source's title changes: on sync the title's translation is kept, outdated.
	_, _, err = f.a.UpdateResource(f.ctx, alice, src.ID, resource.Fields{Title: ptr("Fractions for beginners"), Summary: ptr("")})
	f.must(err)
	rep, err := f.a.SyncTranslation(f.ctx, alice, tr.ID)
	f.must(err)
	if rep.Outdated != 1 {
		t.Fatalf("sync report %+v", rep)
	}
	sg, err = f.a.Segments(f.ctx, alice, tr.ID, SegmentQuery{})
	f.must(err)
	if sg.All[0].ID != TitleSegment || sg.All[0].Source != "Fractions for beginners" || !sg.All[0].Outdated || sg.All[0].PreviousSource != "Fractions" ||
		sg.All[0].Target != "Fracciones" || sg.All[1].ID == SummarySegment {
		t.Fatalf("after sync %+v", sg.All[:2])
	}
	if got := title(alice); got != "Fracciones" {
		t.Fatalf("title after sync %q", got)
	}
}
