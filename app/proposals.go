package app

import (
	"context"
	"errors"
	"strings"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/versioning"
)

// ProposalRequest offers a derivative's changes to its source ("merge") or
// asks the source's reviewers to endorse it ("endorse").
type ProposalRequest struct {
	Title, Description, Kind string
}

// CreateProposal opens a proposal from a fork or translation to its source.
func (a *App) CreateProposal(ctx context.Context, who Actor, forkID string, req ProposalRequest) (versioning.Proposal, error) {
	fork, _, err := a.resourceFor(ctx, who, forkID, resource.EditContent)
	if err != nil {
		return versioning.Proposal{}, err
	}
	d, err := a.db.DerivationOf(ctx, fork.ID)
	if errors.Is(err, resource.ErrNotFound) {
		return versioning.Proposal{}, newErr(Invalid, "not_derived", "only a fork or translation can propose changes to its source")
	}
	if err != nil {
		return versioning.Proposal{}, err
	}
	if _, _, err := a.resourceFor(ctx, who, d.SourceID, resource.View); err != nil {
		return versioning.Proposal{}, newErr(Conflict, "source_unavailable", "the source was deleted or you can no longer read it")
	}
	kind := strings.TrimSpace(req.Kind)
	if kind == "" {
		kind = "merge"
	}
	if kind != "merge" && kind != "endorse" {
		return versioning.Proposal{}, &resource.ValidationError{Field: "kind", Message: "must be merge (offer your changes to the source) or endorse (ask its reviewers to approve your version)"}
	}
	title, desc := strings.TrimSpace(req.Title), strings.TrimSpace(req.Description)
	switch {
	case title == "":
		return versioning.Proposal{}, &resource.ValidationError{Field: "title", Message: "is required: say in a few words what you propose"}
	case len([]rune(title)) > resource.MaxTitle:
		return versioning.Proposal{}, &resource.ValidationError{Field: "title", Message: "is too long"}
	case len([]rune(desc)) > 10000:
		return versioning.Proposal{}, &resource.ValidationError{Field: "description", Message: "must be at most 10000 characters"}
	}
	if kind == "merge" {
		base, err := a.db.Revision(ctx, d.Base())
		if err != nil {
			return versioning.Proposal{}, err
		}
		cur, err := a.texts.Current(ctx, fork.ID)
		if err != nil {
			return versioning.Proposal{}, err
		}
		if cur.Text == base.Content {
			return versioning.Proposal{}, newErr(Invalid, "no_changes", "this fork has no changes to offer yet: edit it first")
		}
	}
	p, err := a.db.CreateProposal(ctx, versioning.Proposal{SourceID: d.SourceID, ForkID: fork.ID, Kind: kind, Title: title,
		Description: desc, AuthorID: who.ID})
	if err != nil {
		return p, err
	}
	a.audit(ctx, who, "proposal.create", d.SourceID, map[string]any{"proposal": p.ID, "fork": fork.ID})
	a.proposalOpened(ctx, who, p)
	return p, nil
}

// ProposalAccess is a proposal with both sides and what the caller may do.
type ProposalAccess struct {
	Proposal  versioning.Proposal
	Source    resource.Resource
	Fork      resource.Resource
	CanReview bool // the caller is one of the source's reviewers
	// SelfReview: the caller wrote the proposal or can edit the derivative
	// it comes from, and the source has not opted in to self-review, so
	// approving and merging it are left to another reviewer.
	SelfReview bool
}

// CanApprove reports whether the caller may approve (or endorse) it.
func (p ProposalAccess) CanApprove() bool { return p.CanReview && !p.SelfReview }

// CanMerge reports whether the caller may merge it now.
func (p ProposalAccess) CanMerge() bool {
	return p.CanApprove() && p.Proposal.Kind == "merge" && p.Proposal.Status == versioning.ProposalApproved
}

// proposalFor loads a proposal the caller may see: people who can read both
// sides, the source's reviewers (a proposal is addressed to them, even from
// a private fork), and its author. Everyone else gets a not-found.
func (a *App) proposalFor(ctx context.Context, who Actor, id string) (ProposalAccess, error) {
	p, err := a.db.Proposal(ctx, id)
	if err != nil {
		return ProposalAccess{}, err
	}
	src, srole, err := a.db.ResourceFor(ctx, p.SourceID, who.ID)
	if err != nil {
		return ProposalAccess{}, err
	}
	fork, frole, err := a.db.ResourceFor(ctx, p.ForkID, who.ID)
	if err != nil {
		return ProposalAccess{}, err
	}
	sx := Access{Role: srole, actor: who.domain(), vis: src.Visibility, kind: src.Kind}
	fx := Access{Role: frole, actor: who.domain(), vis: fork.Visibility, kind: fork.Kind}
	pa := ProposalAccess{Proposal: p, Source: src, Fork: fork, CanReview: sx.Can(resource.Review)}
	// Reviews are by someone else: whoever wrote the proposal or could have
	// written the derivative's changes does not approve or merge them.
	pa.SelfReview = who.SignedIn() && !src.AllowSelfReview && (p.AuthorID == who.ID || fx.Can(resource.EditContent))
	if !(sx.Can(resource.View) && fx.Can(resource.View)) && !pa.CanReview && (p.AuthorID == "" || p.AuthorID != who.ID) {
		return ProposalAccess{}, resource.ErrNotFound
	}
	return pa, nil
}

// requireReviewer refuses anonymous callers and people who are not the
// source's owner, editors or reviewers.
func requireReviewer(who Actor, p ProposalAccess) error {
	switch {
	case p.CanReview:
		return nil
	case !who.SignedIn():
		return ErrUnauthorized
	}
	return newErr(Forbidden, "forbidden", "only the source's owner, editors and reviewers review and merge proposals")
}

var errSelfReview = newErr(Conflict, "self_review",
	"you wrote this proposal or can edit the resource it comes from: another reviewer approves and merges it (the source's owners can allow self-review in its settings)")

// proposalMergePlan works out merging the fork's changes into the source:
// base is the last common revision, ours the source's text now, theirs the
// fork's (a revision of the fork is cut when cut is true, else its current
// text is used as is).
func (a *App) proposalMergePlan(ctx context.Context, p ProposalAccess, cut bool) (MergePlan, error) {
	d, err := a.db.DerivationOf(ctx, p.Fork.ID)
	if err != nil {
		return MergePlan{}, err
	}
	plan := MergePlan{Target: p.Source}
	if plan.Base, err = a.db.Revision(ctx, d.Base()); err != nil {
		return plan, err
	}
	if cut {
		if plan.Theirs, err = a.ensureRevision(ctx, p.Fork.ID); err != nil {
			return plan, err
		}
	} else {
		cur, err := a.texts.Current(ctx, p.Fork.ID)
		if err != nil {
			return plan, err
		}
		plan.Theirs = versioning.Revision{ResourceID: p.Fork.ID, Version: cur.Version, Content: cur.Text}
	}
	if plan.Ours, err = a.texts.Current(ctx, p.Source.ID); err != nil {
		return plan, err
	}
	plan.Result, err = versioning.Merge3(plan.Base.Content, plan.Ours.Text, plan.Theirs.Content)
	return plan, err
}

// ProposalDetail is a proposal with its reviews and the changes it carries.
type ProposalDetail struct {
	ProposalAccess
	Reviews  []versioning.Review
	Comments []versioning.ProposalComment // oldest first; line comments carry their line
	Plan     MergePlan                    // merging the fork's text now into the source now
	Changes  versioning.Diff              // the fork's changes since the last common revision
	// Accessibility checks the proposed text, for reviewers before they approve.
	Accessibility *ProposalAccessibility
}

// Conflicts are the lines both sides changed, while the proposal can still be merged.
func (d ProposalDetail) Conflicts() []versioning.Conflict {
	if d.Proposal.Kind != "merge" || d.Proposal.Status == versioning.ProposalMerged {
		return nil
	}
	return d.Plan.Result.Conflicts
}

// Proposal loads a proposal with its reviews and changes.
func (a *App) Proposal(ctx context.Context, who Actor, id string) (ProposalDetail, error) {
	p, err := a.proposalFor(ctx, who, id)
	if err != nil {
		return ProposalDetail{}, err
	}
	out := ProposalDetail{ProposalAccess: p}
	if out.Reviews, err = a.db.Reviews(ctx, p.Proposal.ID); err != nil {
		return out, err
	}
	if out.Comments, err = a.db.ProposalComments(ctx, p.Proposal.ID); err != nil {
		return out, err
	}
	if out.Plan, err = a.proposalMergePlan(ctx, p, false); err != nil {
		return out, err
	}
	if out.Changes, err = out.Plan.Incoming(); err != nil {
		return out, err
	}
	out.Accessibility, err = a.proposalAccessibility(ctx, p, out.Plan)
	return out, err
}

// Proposals lists the proposals a resource received and sent that the caller may see.
func (a *App) Proposals(ctx context.Context, who Actor, id string) (received, sent []versioning.Proposal, err error) {
	r, _, err := a.resourceFor(ctx, who, id, resource.View)
	if err != nil {
		return nil, nil, err
	}
	to, err := a.db.ProposalsForSource(ctx, r.ID)
	if err != nil {
		return nil, nil, err
	}
	from, err := a.db.ProposalsForFork(ctx, r.ID)
	if err != nil {
		return nil, nil, err
	}
	visible := func(ps []versioning.Proposal) []versioning.Proposal {
		out := []versioning.Proposal{}
		for _, p := range ps {
			if _, err := a.proposalFor(ctx, who, p.ID); err == nil {
				out = append(out, p)
			}
		}
		return out
	}
	return visible(to), visible(from), nil
}

// ReviewRequest is a reviewer's verdict: approve, request_changes or comment.
type ReviewRequest struct {
	Verdict, Body string
}

// ReviewProposal records a reviewer's verdict. An approval records the
// fork's revision it approved (cut now if needed), so an endorsement says
// exactly which text was approved.
func (a *App) ReviewProposal(ctx context.Context, who Actor, id string, req ReviewRequest) (versioning.Review, versioning.Proposal, error) {
	p, err := a.proposalFor(ctx, who, id)
	if err != nil {
		return versioning.Review{}, versioning.Proposal{}, err
	}
	if err := requireReviewer(who, p); err != nil {
		return versioning.Review{}, p.Proposal, err
	}
	if p.Proposal.Status == versioning.ProposalMerged || p.Proposal.Status == versioning.ProposalClosed {
		return versioning.Review{}, p.Proposal, newErr(Conflict, "closed", "this proposal is already %s", p.Proposal.Status)
	}
	switch req.Verdict {
	case "approve", "request_changes", "comment":
	default:
		return versioning.Review{}, p.Proposal, &resource.ValidationError{Field: "verdict", Message: "must be approve, request_changes or comment"}
	}
	body := strings.TrimSpace(req.Body)
	if len([]rune(body)) > 10000 {
		return versioning.Review{}, p.Proposal, &resource.ValidationError{Field: "body", Message: "must be at most 10000 characters"}
	}
	if req.Verdict != "approve" && body == "" {
		return versioning.Review{}, p.Proposal, &resource.ValidationError{Field: "body", Message: "is required: say what should change, or what you think"}
	}
	if req.Verdict == "approve" && p.SelfReview {
		return versioning.Review{}, p.Proposal, errSelfReview
	}
	rv := versioning.Review{ProposalID: p.Proposal.ID, AuthorID: who.ID, AuthorName: who.Name, Verdict: req.Verdict, Body: body}
	if req.Verdict == "approve" {
		rev, err := a.ensureRevision(ctx, p.Fork.ID)
		if err != nil {
			return rv, p.Proposal, err
		}
		rv.RevisionID = rev.ID
	}
	if rv, err = a.db.AddReview(ctx, rv); err != nil {
		return rv, p.Proposal, err
	}
	a.audit(ctx, who, "proposal.review", p.Source.ID, map[string]any{"proposal": p.Proposal.ID, "verdict": req.Verdict})
	a.proposalDecided(ctx, who, KindProposalReviewed, p.Proposal, map[string]string{"verdict": req.Verdict})
	prop, err := a.db.Proposal(ctx, p.Proposal.ID)
	return rv, prop, err
}

// MergeProposal three-way merges an approved proposal's changes into its
// source (base: the last common revision), as a merge revision with the
// source's previous revision and the fork's revision as parents.
func (a *App) MergeProposal(ctx context.Context, who Actor, id string, req MergeRequest) (MergeResult, error) {
	p, err := a.proposalFor(ctx, who, id)
	if err != nil {
		return MergeResult{}, err
	}
	if err := requireReviewer(who, p); err != nil {
		return MergeResult{}, err
	}
	switch {
	case p.Proposal.Kind != "merge":
		return MergeResult{}, newErr(Conflict, "not_mergeable", "an endorsement is complete once approved; there is nothing to merge")
	case p.Proposal.Status == versioning.ProposalMerged || p.Proposal.Status == versioning.ProposalClosed:
		return MergeResult{}, newErr(Conflict, "closed", "this proposal is already %s", p.Proposal.Status)
	case p.Proposal.Status != versioning.ProposalApproved:
		return MergeResult{}, newErr(Conflict, "not_approved", "a reviewer must approve this proposal before it is merged")
	case p.SelfReview:
		return MergeResult{}, errSelfReview
	}
	plan, err := a.proposalMergePlan(ctx, p, true)
	if err != nil {
		return MergeResult{}, err
	}
	text, err := resolvedText(plan, req)
	if err != nil {
		return MergeResult{}, err
	}
	rev, err := a.commitMerge(ctx, plan, text, who, p.Proposal.Title)
	if err != nil {
		return MergeResult{}, err
	}
	if err := a.db.MarkMerged(ctx, p.Proposal.ID, rev.ID); err != nil {
		return MergeResult{}, err
	}
	a.audit(ctx, who, "proposal.merge", p.Source.ID, map[string]any{"proposal": p.Proposal.ID, "revision": rev.ID})
	a.proposalDecided(ctx, who, KindProposalMerged, p.Proposal, nil)
	return MergeResult{Status: "merged", Version: rev.Version, Revision: rev.ID}, nil
}
