package app

import (
	"context"
	"strings"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/versioning"
)

// mayDecide reports whether who may close or reopen the proposal: its
// author, or the source's owner, editors and reviewers.
func mayDecide(who Actor, p ProposalAccess) error {
	switch {
	case p.CanReview || (who.SignedIn() && p.Proposal.AuthorID == who.ID):
		return nil
	case !who.SignedIn():
		return ErrUnauthorized
	}
	return newErr(Forbidden, "forbidden", "only the proposal's author and the source's reviewers close or reopen it")
}

// CanDecide reports whether the caller may close or reopen the proposal.
func (p ProposalAccess) CanDecide(who Actor) bool { return mayDecide(who, p) == nil }

// CloseProposal closes a proposal still under review, without merging it.
func (a *App) CloseProposal(ctx context.Context, who Actor, id string) (versioning.Proposal, error) {
	p, err := a.proposalFor(ctx, who, id)
	if err != nil {
		return versioning.Proposal{}, err
	}
	if err := mayDecide(who, p); err != nil {
		return versioning.Proposal{}, err
	}
	if s := p.Proposal.Status; s == versioning.ProposalMerged || s == versioning.ProposalClosed {
		return versioning.Proposal{}, newErr(Conflict, "closed", "this proposal is already %s", s)
	}
	if err := a.db.CloseProposal(ctx, p.Proposal.ID, who.ID); err != nil {
		return versioning.Proposal{}, err
	}
	a.audit(ctx, who, "proposal.close", p.Source.ID, map[string]any{"proposal": p.Proposal.ID})
	closed, err := a.db.Proposal(ctx, p.Proposal.ID)
	if err != nil {
		return versioning.Proposal{}, err
	}
	a.proposalDecided(ctx, who, KindProposalClosed, closed, nil)
	return closed, nil
}

// ReopenProposal opens a closed proposal again; it is reviewed afresh.
func (a *App) ReopenProposal(ctx context.Context, who Actor, id string) (versioning.Proposal, error) {
	p, err := a.proposalFor(ctx, who, id)
	if err != nil {
		return versioning.Proposal{}, err
	}
	if err := mayDecide(who, p); err != nil {
		return versioning.Proposal{}, err
	}
	if p.Proposal.Status != versioning.ProposalClosed {
		return versioning.Proposal{}, newErr(Conflict, "not_closed", "only a closed proposal can be reopened; this one is %s", p.Proposal.Status)
	}
	if err := a.db.ReopenProposal(ctx, p.Proposal.ID); err != nil {
		return versioning.Proposal{}, err
	}
	a.audit(ctx, who, "proposal.reopen", p.Source.ID, map[string]any{"proposal": p.Proposal.ID})
	return a.db.Proposal(ctx, p.Proposal.ID)
}

// ProposalComments lists a proposal's comments, oldest first.
func (a *App) ProposalComments(ctx context.Context, who Actor, id string) ([]versioning.ProposalComment, error) {
	p, err := a.proposalFor(ctx, who, id)
	if err != nil {
		return nil, err
	}
	return a.db.ProposalComments(ctx, p.Proposal.ID)
}

// CommentRequest is a comment on a proposal: on the line of its diff that
// LineOld (in the source's text) and/or LineNew (in the derivative's text)
// name, or on the whole proposal when neither is given.
type CommentRequest struct {
	LineOld, LineNew int
	Body             string
}

// CommentProposal adds a comment to a proposal. Everyone signed in who may
// see the proposal may comment. A line comment must name a line the diff
// shows now; both its numbers and its text are kept, so it stays readable
// when the derivative changes later.
func (a *App) CommentProposal(ctx context.Context, who Actor, id string, req CommentRequest) (versioning.ProposalComment, error) {
	p, err := a.proposalFor(ctx, who, id)
	if err != nil {
		return versioning.ProposalComment{}, err
	}
	if !who.SignedIn() {
		return versioning.ProposalComment{}, ErrUnauthorized
	}
	body := strings.TrimSpace(req.Body)
	switch {
	case body == "":
		return versioning.ProposalComment{}, &resource.ValidationError{Field: "body", Message: "is required: write your comment"}
	case len([]rune(body)) > 10000:
		return versioning.ProposalComment{}, &resource.ValidationError{Field: "body", Message: "must be at most 10000 characters"}
	case req.LineOld < 0:
		return versioning.ProposalComment{}, &resource.ValidationError{Field: "line_old", Message: "must be a line number (1 or more)"}
	case req.LineNew < 0:
		return versioning.ProposalComment{}, &resource.ValidationError{Field: "line_new", Message: "must be a line number (1 or more)"}
	}
	c := versioning.ProposalComment{ProposalID: p.Proposal.ID, AuthorID: who.ID, Body: body}
	if req.LineOld > 0 || req.LineNew > 0 {
		plan, err := a.proposalMergePlan(ctx, p, false)
		if err != nil {
			return c, err
		}
		changes, err := plan.Incoming()
		if err != nil {
			return c, err
		}
		line, ok := findDiffLine(changes, req.LineOld, req.LineNew)
		if !ok {
			field := "line_new"
			if req.LineNew == 0 {
				field = "line_old"
			}
			return c, &resource.ValidationError{Field: field, Message: "is not a line the proposal's diff shows; comment on a changed line or the lines around it"}
		}
		c.LineOld, c.LineNew, c.LineText = line.OldNo, line.NewNo, line.Text
	}
	if c, err = a.db.AddProposalComment(ctx, c); err != nil {
		return c, err
	}
	a.audit(ctx, who, "proposal.comment", p.Source.ID, map[string]any{"proposal": p.Proposal.ID, "comment": c.ID})
	return c, nil
}

// findDiffLine finds the diff line numbered oldNo in the old text and/or
// newNo in the new text (0: either).
func findDiffLine(d versioning.Diff, oldNo, newNo int) (versioning.Line, bool) {
	for _, h := range d.Hunks {
		for _, l := range h.Lines {
			if (oldNo == 0 || l.OldNo == oldNo) && (newNo == 0 || l.NewNo == newNo) {
				return l, true
			}
		}
	}
	return versioning.Line{}, false
}
