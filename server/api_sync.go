package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/versioning"
)

type resolutionJSON struct {
	Index int    `json:"index"`
	Take  string `json:"take"`
	Text  string `json:"text"`
}

type mergeRequest struct {
	Resolutions []resolutionJSON `json:"resolutions"`
	// Upstream and Version, when given, are the source revision and the
	// fork version the caller resolved conflicts against.
	Upstream string `json:"upstream"`
	Version  *int64 `json:"version"`
}

func (r mergeRequest) app() app.MergeRequest {
	out := app.MergeRequest{Upstream: r.Upstream, Version: r.Version}
	for _, x := range r.Resolutions {
		out.Resolutions = append(out.Resolutions, app.Resolution(x))
	}
	return out
}

type conflictJSON struct {
	Index  int    `json:"index"`
	Base   string `json:"base"`
	Ours   string `json:"ours"`
	Theirs string `json:"theirs"`
}

func conflictsJSON(cs []versioning.Conflict) []conflictJSON {
	out := make([]conflictJSON, len(cs))
	for i, cf := range cs {
		out[i] = conflictJSON(cf)
	}
	return out
}

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
	var req mergeRequest
	if err := readOptionalJSON(c, &req); err != nil {
		return err
	}
	out, err := s.app.Sync(c.Request().Context(), actor(c), c.Param("id"), req.app())
	if err != nil {
		return err
	}
	if out.Translation != nil {
		return c.JSON(http.StatusOK, translationSyncJSON(*out.Translation))
	}
	return c.JSON(http.StatusOK, mergeResultJSON(*out.Merge))
}
