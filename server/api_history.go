package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/server/wire"
	"github.com/commonplace/commonplace/versioning"
)

// apiRestoreRevision brings an old revision's text back as a new revision.
func (s *Server) apiRestoreRevision(c echo.Context) error {
	rev, err := s.app.RestoreRevision(c.Request().Context(), httpx.Actor(c), c.Param("rev"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toRevisionJSON(rev))
}

func (s *Server) apiCloseProposal(c echo.Context) error {
	p, err := s.app.CloseProposal(c.Request().Context(), httpx.Actor(c), c.Param("p"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, wire.ToProposalJSON(p))
}

func (s *Server) apiReopenProposal(c echo.Context) error {
	p, err := s.app.ReopenProposal(c.Request().Context(), httpx.Actor(c), c.Param("p"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, wire.ToProposalJSON(p))
}

func toLineCommentJSON(c versioning.ProposalComment) wire.LineCommentJSON {
	return wire.LineCommentJSON{ID: c.ID, Author: wire.PersonJSON{ID: c.AuthorID, Name: c.AuthorName}, LineOld: c.LineOld, LineNew: c.LineNew,
		LineText: c.LineText, Body: c.Body, Created: c.Created}
}

func lineCommentsJSON(cs []versioning.ProposalComment) []wire.LineCommentJSON {
	out := make([]wire.LineCommentJSON, len(cs))
	for i, c := range cs {
		out[i] = toLineCommentJSON(c)
	}
	return out
}

func (s *Server) apiProposalComments(c echo.Context) error {
	list, err := s.app.ProposalComments(c.Request().Context(), httpx.Actor(c), c.Param("p"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"comments": lineCommentsJSON(list)})
}

func (s *Server) apiCommentProposal(c echo.Context) error {
	var req struct {
		LineOld *int   `json:"line_old"`
		LineNew *int   `json:"line_new"`
		Body    string `json:"body"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	// A line given as 0 or less reaches the use case as -1, which refuses it
	// with the field named; a line left out is 0 (not on that side).
	line := func(n *int) int {
		switch {
		case n == nil:
			return 0
		case *n < 1:
			return -1
		}
		return *n
	}
	in := app.CommentRequest{LineOld: line(req.LineOld), LineNew: line(req.LineNew), Body: req.Body}
	cm, err := s.app.CommentProposal(c.Request().Context(), httpx.Actor(c), c.Param("p"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toLineCommentJSON(cm))
}
