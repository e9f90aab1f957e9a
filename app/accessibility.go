package app

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/commonplace/commonplace/a11ycheck"
	"github.com/commonplace/commonplace/resource"
)

// AccessibilityRequest says which text of a resource to check.
type AccessibilityRequest struct {
	// Revision is a revision id or its number in the resource ("12"); "" checks the text now.
	Revision string
	// Text, when set, is checked instead: the text an author is writing in the live editor,
	// which may be ahead of what the server has. The resource's dismissals still apply.
	Text *string
}

// AccessibilitySummary is a check's result where a page shows it briefly: the open findings,
// how many were dismissed, and the metadata derived from them.
type AccessibilitySummary struct {
	Open      []a11ycheck.Finding
	Dismissed int
	Stats     a11ycheck.Stats
	Metadata  a11ycheck.Metadata
}

// AccessibilityReport is a check of one text of a resource, with the dismissed findings apart.
type AccessibilityReport struct {
	Resource   resource.Resource // Content is the text checked
	Access     Access
	Revision   int64 // the revision checked by number; 0 for the text now or a posted text
	Findings   []a11ycheck.Finding
	Dismissed  []a11ycheck.Dismissed
	Stats      a11ycheck.Stats
	Metadata   a11ycheck.Metadata
	CanDismiss bool
}

// Accessibility checks a resource's text (now, at a revision, or as the caller is writing it)
// for the caller, who must be able to read the resource.
func (a *App) Accessibility(ctx context.Context, who Actor, id string, req AccessibilityRequest) (AccessibilityReport, error) {
	v, err := a.View(ctx, who, id, ViewRequest{})
	if err != nil {
		return AccessibilityReport{}, err
	}
	out := AccessibilityReport{Resource: v.Resource, Access: v.Access, CanDismiss: v.Access.Can(resource.EditContent)}
	switch {
	case req.Text != nil:
		if !utf8.ValidString(*req.Text) {
			return out, invalid("markdown", "markdown: the text is not valid UTF-8")
		}
		if len(*req.Text) > resource.MaxContent {
			return out, newErr(TooLarge, "too_large", "markdown above %d bytes", resource.MaxContent)
		}
		out.Resource.Content = *req.Text
	case req.Revision != "":
		rev, err := a.revisionOf(ctx, v.Resource, req.Revision)
		if err != nil {
			return out, err
		}
		out.Resource.Content, out.Revision = rev.Content, rev.Number
	}
	sum, ds, err := a.accessibilityOf(ctx, out.Resource, out.Resource.Content)
	if err != nil {
		return out, err
	}
	out.Findings, out.Dismissed, out.Stats, out.Metadata = sum.Open, ds, sum.Stats, sum.Metadata
	return out, nil
}

// accessibilityOf checks text as a text of r and applies r's dismissals. Callers have passed
// the policy for r.
func (a *App) accessibilityOf(ctx context.Context, r resource.Resource, text string) (AccessibilitySummary, []a11ycheck.Dismissed, error) {
	rep := a11ycheck.Check(text, a11ycheck.Options{Language: r.Language})
	ds, err := a.db.Dismissals(ctx, r.ID)
	if err != nil {
		return AccessibilitySummary{}, nil, err
	}
	open, dismissed := a11ycheck.Split(rep.Findings, ds)
	return AccessibilitySummary{Open: open, Dismissed: len(dismissed), Stats: rep.Stats,
		Metadata: a11ycheck.Describe(rep.Stats, open)}, dismissed, nil
}

// ProposalAccessibility is the check of a proposal's text as reviewers see it before they
// approve: the proposed text with the dismissals of both sides, and which of its open
// findings the receiving resource's text does not have yet (what merging would bring in).
type ProposalAccessibility struct {
	AccessibilitySummary
	New []a11ycheck.Finding
}

func (a *App) proposalAccessibility(ctx context.Context, p ProposalAccess, plan MergePlan) (*ProposalAccessibility, error) {
	target := a11ycheck.Check(plan.Ours.Text, a11ycheck.Options{Language: p.Source.Language})
	had := map[[2]string]bool{}
	for _, f := range target.Findings {
		had[[2]string{f.Rule, f.Fingerprint}] = true
	}
	var ds []a11ycheck.Dismissal
	for _, id := range []string{p.Source.ID, p.Fork.ID} {
		list, err := a.db.Dismissals(ctx, id)
		if err != nil {
			return nil, err
		}
		ds = append(ds, list...)
	}
	rep := a11ycheck.Check(plan.Theirs.Content, a11ycheck.Options{Language: p.Fork.Language})
	open, dismissed := a11ycheck.Split(rep.Findings, ds)
	out := &ProposalAccessibility{AccessibilitySummary: AccessibilitySummary{Open: open, Dismissed: len(dismissed),
		Stats: rep.Stats, Metadata: a11ycheck.Describe(rep.Stats, open)}}
	for _, f := range open {
		if !had[[2]string{f.Rule, f.Fingerprint}] {
			out.New = append(out.New, f)
		}
	}
	return out, nil
}

// DismissRequest dismisses one finding: which rule, which spot, and why.
type DismissRequest struct {
	Rule        string
	Fingerprint string
	Reason      string
}

// DismissFinding records that a finding is not a problem here (those who may edit the text
// decide). Dismissing it again replaces the reason.
func (a *App) DismissFinding(ctx context.Context, who Actor, id string, req DismissRequest) (a11ycheck.Dismissal, error) {
	r, _, err := a.resourceFor(ctx, who, id, resource.EditContent)
	if err != nil {
		return a11ycheck.Dismissal{}, err
	}
	if field, err := a11ycheck.ValidateDismissal(req.Rule, req.Fingerprint, req.Reason); err != nil {
		return a11ycheck.Dismissal{}, invalid(field, "%s", err.Error())
	}
	d, err := a.db.Dismiss(ctx, r.ID, a11ycheck.Dismissal{Rule: req.Rule, Fingerprint: req.Fingerprint,
		Reason: strings.TrimSpace(req.Reason), ByID: who.ID})
	if err != nil {
		return d, err
	}
	a.audit(ctx, who, "accessibility.dismiss", r.ID, map[string]any{"rule": d.Rule, "fingerprint": d.Fingerprint})
	return d, nil
}

// RestoreFinding takes a dismissal back: the finding shows as open again.
func (a *App) RestoreFinding(ctx context.Context, who Actor, id, rule, fingerprint string) error {
	r, _, err := a.resourceFor(ctx, who, id, resource.EditContent)
	if err != nil {
		return err
	}
	if err := a.db.Undismiss(ctx, r.ID, rule, fingerprint); errors.Is(err, resource.ErrNotFound) {
		return newErr(NotFound, "not_found", "no dismissal of %s at %s", rule, fingerprint)
	} else if err != nil {
		return err
	}
	a.audit(ctx, who, "accessibility.restore", r.ID, map[string]any{"rule": rule, "fingerprint": fingerprint})
	return nil
}
