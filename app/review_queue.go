package app

import (
	"context"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/translation"
	"github.com/commonplace/commonplace/versioning"
)

// ReviewWork is everything waiting for one person's review: proposals to
// the resources they review, and translation segments waiting for them on
// the translations they approve.
type ReviewWork struct {
	Proposals    []versioning.Proposal
	Translations []SegmentsToReview
}

// SegmentsToReview is one translation's segments waiting for the caller:
// how many, and the first of them (at most MaxQueueSegments) to review in
// place.
type SegmentsToReview struct {
	Resource       resource.Resource // id, title, language, visibility, owner (no text)
	SourceLanguage string
	Waiting        int
	Segments       []translation.StoredSegment
}

// MaxQueueSegments bounds the segments of one translation the queue shows;
// the translator's page has the rest.
const MaxQueueSegments = 50

// Empty reports whether nothing waits.
func (w ReviewWork) Empty() bool { return len(w.Proposals) == 0 && len(w.Translations) == 0 }

// WaitingForReview lists what waits for the caller's review. A segment
// waits when it is translated (with text) and not yet reviewed, on a
// translation where the caller may approve segments; the ones the caller
// wrote count only where the translation lets translators approve their
// own (see mayApproveOwn). Only resources the caller may list appear.
func (a *App) WaitingForReview(ctx context.Context, who Actor) (ReviewWork, error) {
	if !who.SignedIn() {
		return ReviewWork{}, ErrUnauthorized
	}
	var w ReviewWork
	var err error
	if w.Proposals, err = a.db.ReviewQueue(ctx, who.ID); err != nil {
		return ReviewWork{}, err
	}
	cands, err := a.db.TranslationsToReview(ctx, who.ID, resource.RolesFor(resource.ApproveTranslation))
	if err != nil {
		return ReviewWork{}, err
	}
	ids := make([]string, len(cands))
	for i, c := range cands {
		ids[i] = c.Resource.ID
	}
	ok, err := a.listable(ctx, who, ids...)
	if err != nil {
		return ReviewWork{}, err
	}
	for _, c := range cands {
		if !ok[c.Resource.ID] {
			continue
		}
		t, err := a.segmentsToReview(ctx, who, c)
		if err != nil {
			return ReviewWork{}, err
		}
		if t.Waiting > 0 {
			w.Translations = append(w.Translations, t)
		}
	}
	return w, nil
}

// segmentsToReview applies the self-approval policy to one candidate and
// loads the first segments that wait.
func (a *App) segmentsToReview(ctx context.Context, who Actor, c store.TranslationToReview) (SegmentsToReview, error) {
	own := approveOwnAllowed(c.ApproveOwn, c.HasReviewer)
	out := SegmentsToReview{Resource: c.Resource, SourceLanguage: c.SourceLanguage, Waiting: c.Waiting}
	if !own {
		out.Waiting -= c.WaitingMine
	}
	if out.Waiting <= 0 {
		return out, nil
	}
	segs, err := a.db.Segments(ctx, c.Resource.ID, store.SegmentFilter{State: string(translation.StateTranslated)})
	if err != nil {
		return out, err
	}
	for _, sg := range segs {
		if len(out.Segments) == MaxQueueSegments {
			break
		}
		if sg.Target != "" && (own || sg.TranslatedBy != who.ID) {
			out.Segments = append(out.Segments, sg)
		}
	}
	return out, nil
}
