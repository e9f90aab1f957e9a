package app

import (
	"errors"
	"testing"

	"github.com/commonplace/commonplace/resource"
)

// The review queue is true: it lists the translation segments waiting for
// the caller, per translation with counts, applies the self-approval
// policy, and empties as segments are approved.
func TestReviewQueueListsWaitingSegments(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, tina, rita, eve := f.user("alice"), f.user("tina"), f.user("rita"), f.user("eve")
	src := f.create(alice, "Cats", "The cat sat. It purred. Dogs bark.\n", "CC-BY-4.0", resource.Public)
	tr, err := f.a.StartTranslation(f.ctx, alice, src.ID, StartRequest{Language: "es", Visibility: ptr("private")})
	f.must(err)
	_, err = f.a.SetCollaborator(f.ctx, alice, tr.ID, "tina", resource.RoleTranslator)
	f.must(err)

	empty, err := f.a.WaitingForReview(f.ctx, alice)
	f.must(err)
	if !empty.Empty() {
		t.Fatalf("nothing translated yet, queue %+v", empty)
	}
	segs, err := f.a.Segments(f.ctx, alice, tr.ID, SegmentQuery{})
	f.must(err)
	var text []string
	for _, s := range segs.All {
		if !IsMetaSegment(s.ID) {
			text = append(text, s.ID)
		}
	}
	for i, sid := range text {
		by := tina
		if i == 2 {
			by = alice // the owner translates one herself
		}
		_, err := f.a.ChangeSegment(f.ctx, by, tr.ID, sid, SegmentChange{Target: ptr("Texto " + sid)})
		f.must(err)
	}
	// Alone with no reviewer, the owner may approve her own segment too.
	q, err := f.a.WaitingForReview(f.ctx, alice)
	f.must(err)
	if len(q.Translations) != 1 || q.Translations[0].Waiting != 3 || len(q.Translations[0].Segments) != 3 || q.Translations[0].Resource.ID != tr.ID {
		t.Fatalf("owner's queue %+v", q.Translations)
	}
	// A reviewer arrives: by default the owner no longer approves what she wrote.
	_, err = f.a.SetCollaborator(f.ctx, alice, tr.ID, "rita", resource.RoleReviewer)
	f.must(err)
	if q, err = f.a.WaitingForReview(f.ctx, alice); err != nil || q.Translations[0].Waiting != 2 {
		t.Fatalf("owner's queue with a reviewer %+v %v", q.Translations, err)
	}
	if _, _, err := f.a.ReviewSegment(f.ctx, alice, tr.ID, text[2], SegmentReview{Action: "approve"}); !errors.Is(err, ErrApproveOwn) {
		t.Fatalf("owner approving her own text with a reviewer present: %v", err)
	}
	// The owner may allow it explicitly.
	f.must(f.a.SetSelfApproval(f.ctx, alice, tr.ID, SelfApprovalAllowed))
	if q, err = f.a.WaitingForReview(f.ctx, alice); err != nil || q.Translations[0].Waiting != 3 {
		t.Fatalf("owner's queue with self-approval allowed %+v %v", q.Translations, err)
	}
	f.must(f.a.SetSelfApproval(f.ctx, alice, tr.ID, SelfApprovalDefault))
	if err := f.a.SetSelfApproval(f.ctx, rita, tr.ID, SelfApprovalAllowed); !errors.Is(err, ErrForbidden) {
		t.Fatalf("a reviewer changing the policy: %v", err)
	}
	if err := f.a.SetSelfApproval(f.ctx, alice, tr.ID, "sometimes"); err == nil {
		t.Fatal("an unknown setting was accepted")
	}
	// The reviewer sees all three; the translator and outsiders nothing.
	q, err = f.a.WaitingForReview(f.ctx, rita)
	f.must(err)
	if len(q.Translations) != 1 || q.Translations[0].Waiting != 3 {
		t.Fatalf("reviewer's queue %+v", q.Translations)
	}
	for _, who := range []Actor{tina, eve} {
		if q, err := f.a.WaitingForReview(f.ctx, who); err != nil || !q.Empty() {
			t.Errorf("%s's queue %+v %v", who.Handle, q, err)
		}
	}
	if _, err := f.a.WaitingForReview(f.ctx, Anonymous); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("anonymous queue: %v", err)
	}
	// Approving empties it, one by one.
	for i, sid := range text {
		_, _, err := f.a.ReviewSegment(f.ctx, rita, tr.ID, sid, SegmentReview{Action: "approve"})
		f.must(err)
		q, err = f.a.WaitingForReview(f.ctx, rita)
		f.must(err)
		if left := len(text) - i - 1; left == 0 && !q.Empty() || left > 0 && q.Translations[0].Waiting != left {
			t.Fatalf("after %d approvals: %+v", i+1, q.Translations)
		}
	}
	// A deleted translation waits for nobody.
	_, err = f.a.ChangeSegment(f.ctx, tina, tr.ID, text[0], SegmentChange{Target: ptr("Otra vez")})
	f.must(err)
	f.must(f.a.DeleteResource(f.ctx, alice, tr.ID))
	if q, err = f.a.WaitingForReview(f.ctx, rita); err != nil || !q.Empty() {
		t.Fatalf("queue after delete %+v %v", q, err)
	}
}

// A reviewer who edits a segment's text wrote it: with the default policy
// and a reviewer present, someone else approves it.
func TestSelfApprovalFollowsWhoWroteTheText(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice, rita, ray := f.user("alice"), f.user("rita"), f.user("ray")
	src := f.create(alice, "Cats", "The cat sat.\n", "CC-BY-4.0", resource.Public)
	tr, err := f.a.StartTranslation(f.ctx, alice, src.ID, StartRequest{Language: "es"})
	f.must(err)
	for _, h := range []string{"rita", "ray"} {
		_, err = f.a.SetCollaborator(f.ctx, alice, tr.ID, h, resource.RoleReviewer)
		f.must(err)
	}
	segs, err := f.a.Segments(f.ctx, alice, tr.ID, SegmentQuery{})
	f.must(err)
	sid := segs.All[len(segs.All)-1].ID
	_, err = f.a.ChangeSegment(f.ctx, alice, tr.ID, sid, SegmentChange{Target: ptr("El gato se sentó."), State: ptr("reviewed")})
	if !errors.Is(err, ErrApproveOwn) {
		t.Fatalf("writing and approving at once: %v", err)
	}
	_, err = f.a.ChangeSegment(f.ctx, alice, tr.ID, sid, SegmentChange{Target: ptr("El gato se sentó.")})
	f.must(err)
	// rita sends it back (a state change): alice still wrote the text.
	_, _, err = f.a.ReviewSegment(f.ctx, rita, tr.ID, sid, SegmentReview{Action: "send_back", Comment: "Tense?"})
	f.must(err)
	sg, _, err := f.a.ReviewSegment(f.ctx, rita, tr.ID, sid, SegmentReview{Action: "approve"})
	f.must(err)
	if sg.TranslatedBy != alice.ID || sg.State != "reviewed" {
		t.Fatalf("after review %+v", sg)
	}
	// The owner, who wrote it, cannot approve it while there is a reviewer.
	if _, _, err := f.a.ReviewSegment(f.ctx, alice, tr.ID, sid, SegmentReview{Action: "final"}); !errors.Is(err, ErrApproveOwn) {
		t.Fatalf("owner marking her own text final: %v", err)
	}
	if sg, _, err = f.a.ReviewSegment(f.ctx, ray, tr.ID, sid, SegmentReview{Action: "final"}); err != nil || sg.State != "final" {
		t.Fatalf("another reviewer marks it final: %+v %v", sg, err)
	}
}
