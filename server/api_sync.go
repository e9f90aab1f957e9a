package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/server/wire"
)

type mergeResultJSON struct {
	Status   string `json:"status"`
	Version  int64  `json:"version"`
	Revision string `json:"revision,omitempty"`
}

type translationSyncJSON struct {
	SourceRevision int64 `json:"source_revision"`
	Carried        int   `json:"carried"`
	Outdated       int   `json:"outdated"`
	Added          int   `json:"added"`
	Removed        int   `json:"removed"`
}

// apiSync brings a derivative up to date with its source: a translation
// re-aligns its segments, a fork merges the source's new revisions.
func (s *Server) apiSync(c echo.Context) error {
	var req wire.MergeRequest
	if err := httpx.ReadOptionalJSON(c, &req); err != nil {
		return err
	}
	out, err := s.app.Sync(c.Request().Context(), httpx.Actor(c), c.Param("id"), req.App())
	if err != nil {
		return err
	}
	if out.Translation != nil {
		return c.JSON(http.StatusOK, translationSyncJSON(*out.Translation))
	}
	return c.JSON(http.StatusOK, mergeResultJSON(*out.Merge))
}
