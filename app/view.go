package app

import (
	"context"
	"errors"

	"github.com/commonplace/commonplace/metadata"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/translation"
	"github.com/commonplace/commonplace/versioning"
)

// ViewRequest says how much of a resource's view to build.
type ViewRequest struct {
	// Page asks for what the resource page shows besides the resource:
	// the attribution, what derives from it, proposals waiting for review,
	// and for translations the text with untranslated passages marked.
	Page bool
	// Text is "published" (only approved translation text), "working"
	// (everything translated) or "" (the translation's own setting).
	Text string
	// Origin makes the attribution's links absolute ("" keeps them relative).
	Origin string
}

// ResourceView is a resource as one caller sees it: its current text, what
// the caller may do, and what JSON answers and pages render around it. It
// is composed here, in one place, from every capability.
type ResourceView struct {
	Resource    resource.Resource // Content and Version are the text now (the published text for readers of a published-only translation)
	Access      Access
	Derivation  *Derivation      // forks: how they were derived (nil otherwise)
	Translation *TranslationView // translations: their state against the source (nil otherwise)

	// With ViewRequest.Page:
	Attribution   Attribution
	Derivatives   []versioning.Derivative // those the caller may see
	OpenProposals []versioning.Proposal   // for the source's reviewers
	Downloads     []Download              // the resource in other formats (Download menu, rel=alternate links)
	// Meta describes the resource to crawlers and aggregators (JSON-LD,
	// OpenGraph) as this caller may see it; Alternates are its other
	// languages (hreflang).
	Meta       metadata.Record
	Alternates []metadata.Alternate
	// Accessibility is the checker's view of the text shown (open findings, the metadata
	// derived from them: a11ycheck.Describe), for the page and for metadata (JSON-LD).
	Accessibility AccessibilitySummary
	// Latest is the resource's newest revision (no content; Number 0 when
	// it has none yet): people read "revision 12", not an op counter.
	Latest versioning.RevisionRef

	held map[string]bool // the pictures the resource holds, by hash
}

// Display prepares a text of the view for rendering: picture addresses
// point at the copies this resource holds (see LocalImages).
func (v ResourceView) Display(markdown string) string {
	return LocalImages(markdown, v.Resource.ID, v.held)
}

// TranslationView is a translation's state for its resource view.
type TranslationView struct {
	Info      TranslationInfo
	Published bool // the caller sees approved text only
	// Marked is the text (published or working) as Markdown with every run
	// of text still in the source language between translation.MarkOpen
	// and MarkClose (render it, then translation.ReplaceMarks);
	// Untranslated counts those runs (ViewRequest.Page only).
	Marked       string
	Untranslated int
}

// View builds a resource's view for the caller.
func (a *App) View(ctx context.Context, who Actor, id string, req ViewRequest) (ResourceView, error) {
	r, x, err := a.Resource(ctx, who, id, resource.View)
	if err != nil {
		return ResourceView{}, err
	}
	v := ResourceView{Resource: r, Access: x}
	if r.Kind == resource.Translation {
		if err := a.viewTranslation(ctx, who, &v, req); err != nil {
			return v, err
		}
	} else {
		d, _, err := a.derivationOf(ctx, who, r)
		switch {
		case err == nil:
			v.Derivation = &d
		case !errors.Is(err, resource.ErrNotFound):
			return v, err
		}
	}
	if !req.Page {
		return v, nil
	}
	if v.Attribution, err = a.attributionOf(ctx, who, r, req.Origin); err != nil {
		return v, err
	}
	if v.Accessibility, _, err = a.accessibilityOf(ctx, v.Resource, v.Resource.Content); err != nil {
		return v, err
	}
	if v.held, err = a.heldImages(ctx, r.ID); err != nil {
		return v, err
	}
	v.Downloads = Downloads(r.ID)
	if v.Derivatives, err = a.derivatives(ctx, who, r); err != nil {
		return v, err
	}
	if x.Can(resource.Review) {
		if v.OpenProposals, err = a.openProposals(ctx, r); err != nil {
			return v, err
		}
	}
	if v.Latest, err = a.db.LatestRevisionRef(ctx, r.ID); err != nil && !errors.Is(err, resource.ErrNotFound) {
		return v, err
	}
	if err := a.describe(ctx, who, &v, req.Origin); err != nil {
		return v, err
	}
	return v, nil
}

// derivatives lists what derives directly from r that the caller may see
// listed: public ones and those they work on.
func (a *App) derivatives(ctx context.Context, who Actor, r resource.Resource) ([]versioning.Derivative, error) {
	all, err := a.db.Derivatives(ctx, r.ID, who.ID)
	if err != nil {
		return nil, err
	}
	var out []versioning.Derivative
	for _, d := range all {
		if d.Role != resource.RoleNone || d.Resource.Visibility == resource.Public {
			out = append(out, d)
		}
	}
	return out, nil
}

func (a *App) openProposals(ctx context.Context, r resource.Resource) ([]versioning.Proposal, error) {
	props, err := a.db.ProposalsForSource(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	var open []versioning.Proposal
	for _, p := range props {
		if p.Status != versioning.ProposalMerged && p.Status != versioning.ProposalClosed && !(p.Kind == "endorse" && p.Status == versioning.ProposalApproved) {
			open = append(open, p)
		}
	}
	return open, nil
}

// viewTranslation fills a translation's part of its view, and swaps in the
// published text when the caller sees only approved text.
func (a *App) viewTranslation(ctx context.Context, who Actor, v *ResourceView, req ViewRequest) error {
	src, err := a.db.TranslationSourceOf(ctx, v.Resource.ID)
	if errors.Is(err, resource.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	t := Translation{Resource: v.Resource, Access: v.Access, Source: src}
	info, segs, err := a.translationInfo(ctx, who, t)
	if err != nil {
		return err
	}
	tv := &TranslationView{Info: info, Published: publishedText(req.Text, v.Access.Role, src)}
	if tv.Published {
		if v.Resource.Content, err = assemble(src, segs, true); err != nil {
			return err
		}
		v.Resource.Title, v.Resource.Summary, _ = metaFields(v.Resource, segs, true)
	}
	if req.Page {
		doc, targets, err := shownTargets(src, segs, tv.Published)
		if err != nil {
			return err
		}
		if tv.Marked, tv.Untranslated, err = doc.RebuildForDisplay(targets); err != nil {
			return err
		}
	}
	v.Translation = tv
	return nil
}

// publishedText says whether the caller sees only approved text: when they
// ask for it, or when the owner publishes only approved text and the
// caller does not work on the translation (they cannot ask for more).
func publishedText(want string, role resource.Role, src translation.Source) bool {
	switch want {
	case "published":
		return true
	case "working":
		return role == resource.RoleNone && src.PublishApprovedOnly
	}
	return src.PublishApprovedOnly && role == resource.RoleNone
}
