package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/versioning"
)

type reviewJSON struct {
	ID       string     `json:"id"`
	Author   personJSON `json:"author"`
	Verdict  string     `json:"verdict"`
	Body     string     `json:"body"`
	Revision string     `json:"revision,omitempty"`
	Created  time.Time  `json:"created"`
}

func toReviewJSON(r versioning.Review) reviewJSON {
	return reviewJSON{ID: r.ID, Author: personJSON{ID: r.AuthorID, Name: r.AuthorName}, Verdict: r.Verdict, Body: r.Body,
		Revision: r.RevisionID, Created: r.Created}
}

type proposalJSON struct {
	ID             string            `json:"id"`
	Kind           string            `json:"kind"`
	Title          string            `json:"title"`
	Description    string            `json:"description"`
	Status         string            `json:"status"`
	Source         personJSON        `json:"source"` // id and title
	Fork           personJSON        `json:"fork"`
	Author         personJSON        `json:"author"`
	Approved       *approvalJSON     `json:"approved,omitempty"`
	MergedRevision string            `json:"merged_revision,omitempty"`
	Closed         *closureJSON      `json:"closed,omitempty"`
	Created        time.Time         `json:"created"`
	Updated        time.Time         `json:"updated"`
	URL            string            `json:"url"`
	Reviews        []reviewJSON      `json:"reviews,omitempty"`
	Comments       []lineCommentJSON `json:"comments,omitempty"`
	Diff           *diffJSON         `json:"diff,omitempty"`
	Conflicts      []conflictJSON    `json:"conflicts,omitempty"`
	CanReview      *bool             `json:"can_review,omitempty"`
	CanApprove     *bool             `json:"can_approve,omitempty"` // false for the proposal's own author (unless self-review is allowed)
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
	if p.ClosedAt != nil {
		out.Closed = &closureJSON{By: personJSON{ID: p.ClosedBy, Name: p.ClosedByName}, At: *p.ClosedAt}
	}
	return out
}

// closureJSON says who closed a proposal and when.
type closureJSON struct {
	By personJSON `json:"by"`
	At time.Time  `json:"at"`
}

func proposalsJSON(ps []versioning.Proposal) []proposalJSON {
	out := make([]proposalJSON, len(ps))
	for i, p := range ps {
		out[i] = toProposalJSON(p)
	}
	return out
}

func (s *Server) apiCreateProposal(c echo.Context) error {
	var req struct {
		Title       string `json:"title"`
		Description string `json:"description"`
		Kind        string `json:"kind"`
	}
	if err := readJSON(c, &req); err != nil {
		return err
	}
	p, err := s.app.CreateProposal(c.Request().Context(), actor(c), c.Param("id"), app.ProposalRequest(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toProposalJSON(p))
}

func (s *Server) apiGetProposal(c echo.Context) error {
	d, err := s.app.Proposal(c.Request().Context(), actor(c), c.Param("p"))
	if err != nil {
		return err
	}
	out := toProposalJSON(d.Proposal)
	out.Reviews = []reviewJSON{}
	for _, r := range d.Reviews {
		out.Reviews = append(out.Reviews, toReviewJSON(r))
	}
	out.Comments = lineCommentsJSON(d.Comments)
	dj := toDiffJSON("the source at "+app.RevisionLabel(d.Plan.Base), "“"+d.Fork.Title+"” now", d.Changes)
	out.Diff = &dj
	out.Conflicts = conflictsJSON(d.Conflicts())
	out.CanReview = &d.CanReview
	canApprove := d.CanApprove()
	out.CanApprove = &canApprove
	return c.JSON(http.StatusOK, out)
}

func (s *Server) apiListProposals(c echo.Context) error {
	received, sent, err := s.app.Proposals(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"received": proposalsJSON(received), "sent": proposalsJSON(sent)})
}

func (s *Server) apiReview(c echo.Context) error {
	var req struct {
		Verdict string `json:"verdict"`
		Body    string `json:"body"`
	}
	if err := readJSON(c, &req); err != nil {
		return err
	}
	rv, p, err := s.app.ReviewProposal(c.Request().Context(), actor(c), c.Param("p"), app.ReviewRequest(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"review": toReviewJSON(rv), "proposal": toProposalJSON(p)})
}

func (s *Server) apiMergeProposal(c echo.Context) error {
	var req mergeRequest
	if err := readOptionalJSON(c, &req); err != nil {
		return err
	}
	res, err := s.app.MergeProposal(c.Request().Context(), actor(c), c.Param("p"), req.app())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, mergeResultJSON(res))
}
