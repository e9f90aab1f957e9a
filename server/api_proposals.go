package server

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/versioning"
)

type proposalRequest struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Kind        string `json:"kind"`
}

// createProposal offers the fork's changes to its source (merge) or asks
// the source's reviewers to endorse the fork (endorse).
func (s *Server) createProposal(c echo.Context, forkID string, req proposalRequest) (versioning.Proposal, error) {
	fork, _, err := s.resourceFor(c, forkID, resource.EditContent)
	if err != nil {
		return versioning.Proposal{}, err
	}
	ctx := c.Request().Context()
	d, err := s.db.DerivationOf(ctx, fork.ID)
	if errors.Is(err, store.ErrNotFound) {
		return versioning.Proposal{}, newError(http.StatusUnprocessableEntity, "not_derived", "only a fork or translation can propose changes to its source")
	}
	if err != nil {
		return versioning.Proposal{}, err
	}
	if _, _, err := s.resourceFor(c, d.SourceID, resource.View); err != nil {
		return versioning.Proposal{}, newError(http.StatusConflict, "source_unavailable", "the source was deleted or you can no longer read it")
	}
	kind := strings.TrimSpace(req.Kind)
	if kind == "" {
		kind = "merge"
	}
	if kind != "merge" && kind != "endorse" {
		return versioning.Proposal{}, &resource.ValidationError{Field: "kind", Message: "must be merge (offer your changes to the source) or endorse (ask its reviewers to approve your version)"}
	}
	title, desc := strings.TrimSpace(req.Title), strings.TrimSpace(req.Description)
	if title == "" {
		return versioning.Proposal{}, &resource.ValidationError{Field: "title", Message: "is required: say in a few words what you propose"}
	}
	if len([]rune(title)) > resource.MaxTitle {
		return versioning.Proposal{}, &resource.ValidationError{Field: "title", Message: "is too long"}
	}
	if len([]rune(desc)) > 10000 {
		return versioning.Proposal{}, &resource.ValidationError{Field: "description", Message: "must be at most 10000 characters"}
	}
	if kind == "merge" {
		base, err := s.db.Revision(ctx, d.Base())
		if err != nil {
			return versioning.Proposal{}, err
		}
		cur, err := s.texts.Current(ctx, fork.ID)
		if err != nil {
			return versioning.Proposal{}, err
		}
		if cur.Text == base.Content {
			return versioning.Proposal{}, newError(http.StatusUnprocessableEntity, "no_changes", "this fork has no changes to offer yet: edit it first")
		}
	}
	p, err := s.db.CreateProposal(ctx, versioning.Proposal{SourceID: d.SourceID, ForkID: fork.ID, Kind: kind, Title: title,
		Description: desc, AuthorID: userID(c)})
	if err != nil {
		return p, err
	}
	s.audit(ctx, c, "proposal.create", d.SourceID, map[string]any{"proposal": p.ID, "fork": fork.ID})
	return p, nil
}

// proposalAccess is what the caller may do with a proposal.
type proposalAccess struct {
	Proposal  versioning.Proposal
	Source    resource.Resource
	Fork      resource.Resource
	CanReview bool
}

// proposalFor loads a proposal the caller may see: people who can read both
// sides, the source's reviewers (a proposal is addressed to them, even from
// a private fork), and its author. Everyone else gets a 404.
func (s *Server) proposalFor(c echo.Context, id string) (proposalAccess, error) {
	ctx := c.Request().Context()
	p, err := s.db.Proposal(ctx, id)
	if err != nil {
		return proposalAccess{}, err
	}
	src, srole, err := s.db.ResourceFor(ctx, p.SourceID, userID(c))
	if err != nil {
		return proposalAccess{}, err
	}
	fork, frole, err := s.db.ResourceFor(ctx, p.ForkID, userID(c))
	if err != nil {
		return proposalAccess{}, err
	}
	actor := actorOf(c)
	canView := resource.Authorize(actor, srole, src.Visibility, resource.View) == resource.Allowed &&
		resource.Authorize(actor, frole, fork.Visibility, resource.View) == resource.Allowed
	a := proposalAccess{Proposal: p, Source: src, Fork: fork,
		CanReview: resource.Authorize(actor, srole, src.Visibility, resource.Review) == resource.Allowed}
	if !canView && !a.CanReview && (p.AuthorID == "" || p.AuthorID != userID(c)) {
		return a, errNotFound
	}
	return a, nil
}

// requireReviewer answers 401 to anonymous callers and 403 to people who
// are not the source's owner, editors or reviewers.
func requireReviewer(c echo.Context, a proposalAccess) error {
	if a.CanReview {
		return nil
	}
	if currentUser(c) == nil {
		return errUnauthorized
	}
	return newError(http.StatusForbidden, "forbidden", "only the source's owner, editors and reviewers review and merge proposals")
}

// proposalMergePlan works out merging the fork's changes into the source:
// base is the last common revision, ours the source's text now, theirs the
// fork's (a revision of the fork is cut when cut is true, else its current
// text is used as is).
func (s *Server) proposalMergePlan(c echo.Context, a proposalAccess, cut bool) (mergePlan, error) {
	ctx := c.Request().Context()
	d, err := s.db.DerivationOf(ctx, a.Fork.ID)
	if err != nil {
		return mergePlan{}, err
	}
	plan := mergePlan{Target: a.Source}
	if plan.Base, err = s.db.Revision(ctx, d.Base()); err != nil {
		return plan, err
	}
	if cut {
		if plan.Theirs, err = s.ensureRevision(ctx, a.Fork.ID); err != nil {
			return plan, err
		}
	} else {
		cur, err := s.texts.Current(ctx, a.Fork.ID)
		if err != nil {
			return plan, err
		}
		plan.Theirs = versioning.Revision{ResourceID: a.Fork.ID, Version: cur.Version, Content: cur.Text}
	}
	if plan.Ours, err = s.texts.Current(ctx, a.Source.ID); err != nil {
		return plan, err
	}
	plan.Result, err = versioning.Merge3(plan.Base.Content, plan.Ours.Text, plan.Theirs.Content)
	return plan, err
}

type reviewJSON struct {
	ID       string     `json:"id"`
	Author   personJSON `json:"author"`
	Verdict  string     `json:"verdict"`
	Body     string     `json:"body"`
	Revision string     `json:"revision,omitempty"`
	Created  time.Time  `json:"created"`
}

type proposalJSON struct {
	ID             string         `json:"id"`
	Kind           string         `json:"kind"`
	Title          string         `json:"title"`
	Description    string         `json:"description"`
	Status         string         `json:"status"`
	Source         personJSON     `json:"source"` // id and title
	Fork           personJSON     `json:"fork"`
	Author         personJSON     `json:"author"`
	Approved       *approvalJSON  `json:"approved,omitempty"`
	MergedRevision string         `json:"merged_revision,omitempty"`
	Created        time.Time      `json:"created"`
	Updated        time.Time      `json:"updated"`
	URL            string         `json:"url"`
	Reviews        []reviewJSON   `json:"reviews,omitempty"`
	Diff           *diffJSON      `json:"diff,omitempty"`
	Conflicts      []conflictJSON `json:"conflicts,omitempty"`
	CanReview      *bool          `json:"can_review,omitempty"`
}

func toProposalJSON(p versioning.Proposal) proposalJSON {
	out := proposalJSON{ID: p.ID, Kind: p.Kind, Title: p.Title, Description: p.Description, Status: p.Status,
		Source: personJSON{ID: p.SourceID, Name: p.SourceTitle}, Fork: personJSON{ID: p.ForkID, Name: p.ForkTitle},
		Author: personJSON{ID: p.AuthorID, Name: p.AuthorName}, MergedRevision: p.MergedRevision,
		Created: p.Created, Updated: p.Updated, URL: "/proposals/" + p.ID}
	if p.ApprovedAt != nil {
		out.Approved = &approvalJSON{By: personJSON{ID: p.ApprovedBy, Name: p.ApprovedByName}, At: *p.ApprovedAt,
			Revision: p.ApprovedRevision, Proposal: p.ID}
	}
	return out
}

func (s *Server) apiCreateProposal(c echo.Context) error {
	var req proposalRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	p, err := s.createProposal(c, c.Param("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toProposalJSON(p))
}

// proposalDetail is a proposal with its reviews and the changes it carries.
func (s *Server) proposalDetail(c echo.Context, a proposalAccess) (proposalJSON, mergePlan, error) {
	out := toProposalJSON(a.Proposal)
	reviews, err := s.db.Reviews(c.Request().Context(), a.Proposal.ID)
	if err != nil {
		return out, mergePlan{}, err
	}
	out.Reviews = []reviewJSON{}
	for _, r := range reviews {
		out.Reviews = append(out.Reviews, reviewJSON{ID: r.ID, Author: personJSON{ID: r.AuthorID, Name: r.AuthorName},
			Verdict: r.Verdict, Body: r.Body, Revision: r.RevisionID, Created: r.Created})
	}
	plan, err := s.proposalMergePlan(c, a, false)
	if err != nil {
		return out, plan, err
	}
	d, err := versioning.ComputeDiff(plan.Base.Content, plan.Theirs.Content, -1)
	if err != nil {
		return out, plan, err
	}
	dj := toDiffJSON(textRef{Label: "source at revision " + shortID(plan.Base.ID)}, textRef{Label: "“" + a.Fork.Title + "” now"}, d)
	out.Diff = &dj
	if a.Proposal.Kind == "merge" && a.Proposal.Status != versioning.ProposalMerged {
		out.Conflicts = plan.conflicts()
	}
	can := a.CanReview
	out.CanReview = &can
	return out, plan, nil
}

func (s *Server) apiGetProposal(c echo.Context) error {
	a, err := s.proposalFor(c, c.Param("p"))
	if err != nil {
		return err
	}
	out, _, err := s.proposalDetail(c, a)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) apiListProposals(c echo.Context) error {
	r, _, err := s.resourceFor(c, c.Param("id"), resource.View)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	to, err := s.db.ProposalsForSource(ctx, r.ID)
	if err != nil {
		return err
	}
	from, err := s.db.ProposalsForFork(ctx, r.ID)
	if err != nil {
		return err
	}
	conv := func(ps []versioning.Proposal) []proposalJSON {
		out := []proposalJSON{}
		for _, p := range ps {
			if _, err := s.proposalFor(c, p.ID); err == nil {
				out = append(out, toProposalJSON(p))
			}
		}
		return out
	}
	return c.JSON(http.StatusOK, map[string]any{"received": conv(to), "sent": conv(from)})
}

type reviewRequest struct {
	Verdict string `json:"verdict"`
	Body    string `json:"body"`
}

// review records a reviewer's verdict. An approval records the fork's
// revision it approved (cut now if needed), so an endorsement says exactly
// which text was approved.
func (s *Server) review(c echo.Context, id string, req reviewRequest) (versioning.Review, versioning.Proposal, error) {
	a, err := s.proposalFor(c, id)
	if err != nil {
		return versioning.Review{}, versioning.Proposal{}, err
	}
	if err := requireReviewer(c, a); err != nil {
		return versioning.Review{}, a.Proposal, err
	}
	if a.Proposal.Status == versioning.ProposalMerged || a.Proposal.Status == versioning.ProposalClosed {
		return versioning.Review{}, a.Proposal, newError(http.StatusConflict, "closed", "this proposal is already %s", a.Proposal.Status)
	}
	switch req.Verdict {
	case "approve", "request_changes", "comment":
	default:
		return versioning.Review{}, a.Proposal, &resource.ValidationError{Field: "verdict", Message: "must be approve, request_changes or comment"}
	}
	body := strings.TrimSpace(req.Body)
	if len([]rune(body)) > 10000 {
		return versioning.Review{}, a.Proposal, &resource.ValidationError{Field: "body", Message: "must be at most 10000 characters"}
	}
	if req.Verdict != "approve" && body == "" {
		return versioning.Review{}, a.Proposal, &resource.ValidationError{Field: "body", Message: "is required: say what should change, or what you think"}
	}
	ctx := c.Request().Context()
	rv := versioning.Review{ProposalID: a.Proposal.ID, AuthorID: userID(c), Verdict: req.Verdict, Body: body}
	if req.Verdict == "approve" {
		rev, err := s.ensureRevision(ctx, a.Fork.ID)
		if err != nil {
			return rv, a.Proposal, err
		}
		rv.RevisionID = rev.ID
	}
	if rv, err = s.db.AddReview(ctx, rv); err != nil {
		return rv, a.Proposal, err
	}
	s.audit(ctx, c, "proposal.review", a.Source.ID, map[string]any{"proposal": a.Proposal.ID, "verdict": req.Verdict})
	p, err := s.db.Proposal(ctx, a.Proposal.ID)
	return rv, p, err
}

func (s *Server) apiReview(c echo.Context) error {
	var req reviewRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	rv, p, err := s.review(c, c.Param("p"), req)
	if err != nil {
		return err
	}
	u := currentUser(c)
	return c.JSON(http.StatusCreated, map[string]any{
		"review":   reviewJSON{ID: rv.ID, Author: personJSON{ID: u.ID, Name: u.Name}, Verdict: rv.Verdict, Body: rv.Body, Revision: rv.RevisionID, Created: rv.Created},
		"proposal": toProposalJSON(p)})
}

// mergeProposal three-way merges an approved proposal's changes into its
// source (base: the last common revision), as a merge revision with the
// source's previous revision and the fork's revision as parents.
func (s *Server) mergeProposal(c echo.Context, id string, req syncRequest) (syncResult, error) {
	a, err := s.proposalFor(c, id)
	if err != nil {
		return syncResult{}, err
	}
	if err := requireReviewer(c, a); err != nil {
		return syncResult{}, err
	}
	switch {
	case a.Proposal.Kind != "merge":
		return syncResult{}, newError(http.StatusConflict, "not_mergeable", "an endorsement is complete once approved; there is nothing to merge")
	case a.Proposal.Status == versioning.ProposalMerged || a.Proposal.Status == versioning.ProposalClosed:
		return syncResult{}, newError(http.StatusConflict, "closed", "this proposal is already %s", a.Proposal.Status)
	case a.Proposal.Status != versioning.ProposalApproved:
		return syncResult{}, newError(http.StatusConflict, "not_approved", "a reviewer must approve this proposal before it is merged")
	}
	plan, err := s.proposalMergePlan(c, a, true)
	if err != nil {
		return syncResult{}, err
	}
	text, err := resolvedText(plan, req)
	if err != nil {
		return syncResult{}, err
	}
	u := currentUser(c)
	ctx := c.Request().Context()
	rev, err := s.commitMerge(ctx, plan, text, Author{UserID: u.ID, Name: u.Name}, "Merged proposal: "+a.Proposal.Title)
	if err != nil {
		return syncResult{}, err
	}
	if err := s.db.MarkMerged(ctx, a.Proposal.ID, rev.ID); err != nil {
		return syncResult{}, err
	}
	s.audit(ctx, c, "proposal.merge", a.Source.ID, map[string]any{"proposal": a.Proposal.ID, "revision": rev.ID})
	return syncResult{Status: "merged", Version: rev.Version, Revision: rev.ID}, nil
}

func (s *Server) apiMergeProposal(c echo.Context) error {
	var req syncRequest
	if err := readOptionalJSON(c, &req); err != nil {
		return err
	}
	res, err := s.mergeProposal(c, c.Param("p"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

func (s *Server) apiReviewQueue(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	list, err := s.db.ReviewQueue(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	out := []proposalJSON{}
	for _, p := range list {
		out = append(out, toProposalJSON(p))
	}
	return c.JSON(http.StatusOK, map[string]any{"proposals": out})
}
