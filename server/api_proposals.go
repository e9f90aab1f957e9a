package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/server/wire"
	"github.com/commonplace/commonplace/versioning"
)

func proposalsJSON(ps []versioning.Proposal) []wire.ProposalJSON {
	out := make([]wire.ProposalJSON, len(ps))
	for i, p := range ps {
		out[i] = wire.ToProposalJSON(p)
	}
	return out
}

func (s *Server) apiCreateProposal(c echo.Context) error {
	var req struct {
		Title       string `json:"title"`
		Description string `json:"description"`
		Kind        string `json:"kind"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	p, err := s.app.CreateProposal(c.Request().Context(), httpx.Actor(c), c.Param("id"), app.ProposalRequest(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, wire.ToProposalJSON(p))
}

func (s *Server) apiGetProposal(c echo.Context) error {
	d, err := s.app.Proposal(c.Request().Context(), httpx.Actor(c), c.Param("p"))
	if err != nil {
		return err
	}
	out := wire.ToProposalJSON(d.Proposal)
	out.Reviews = []wire.ReviewJSON{}
	for _, r := range d.Reviews {
		out.Reviews = append(out.Reviews, wire.ToReviewJSON(r))
	}
	out.Comments = lineCommentsJSON(d.Comments)
	dj := toDiffJSON("the source at "+app.RevisionLabel(d.Plan.Base), "“"+d.Fork.Title+"” now", d.Changes)
	out.Diff = &dj
	out.Conflicts = wire.ConflictsJSON(d.Conflicts())
	out.CanReview = &d.CanReview
	canApprove := d.CanApprove()
	out.CanApprove = &canApprove
	return c.JSON(http.StatusOK, out)
}

func (s *Server) apiListProposals(c echo.Context) error {
	received, sent, err := s.app.Proposals(c.Request().Context(), httpx.Actor(c), c.Param("id"))
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
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	rv, p, err := s.app.ReviewProposal(c.Request().Context(), httpx.Actor(c), c.Param("p"), app.ReviewRequest(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"review": wire.ToReviewJSON(rv), "proposal": wire.ToProposalJSON(p)})
}

func (s *Server) apiMergeProposal(c echo.Context) error {
	var req wire.MergeRequest
	if err := httpx.ReadOptionalJSON(c, &req); err != nil {
		return err
	}
	res, err := s.app.MergeProposal(c.Request().Context(), httpx.Actor(c), c.Param("p"), req.App())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, mergeResultJSON(res))
}
