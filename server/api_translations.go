package server

import (
	"math"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/server/wire"
	"github.com/commonplace/commonplace/translation"
)

type startRequest struct {
	Language   string  `json:"language"`
	Title      *string `json:"title"`
	License    *string `json:"license"`
	Visibility *string `json:"visibility"`
	// CheckExisting answers 409 existing_translation, with the
	// translations already there, instead of starting another.
	CheckExisting bool `json:"check_existing"`
}

func (s *Server) apiStartTranslation(c echo.Context) error {
	var req startRequest
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	r, err := s.app.StartTranslation(ctx, httpx.Actor(c), c.Param("id"), app.StartRequest(req))
	if err != nil {
		return err
	}
	v, err := s.app.View(ctx, httpx.Actor(c), r.ID, app.ViewRequest{})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, viewJSON(v))
}

// translationOriginJSON is derived_from for a translation.
type translationOriginJSON struct {
	Resource              string            `json:"resource"`
	SourceHidden          bool              `json:"source_hidden,omitempty"`
	SourceTitle           string            `json:"source_title"`
	Revision              int64             `json:"revision"` // the pinned source version
	Kind                  string            `json:"kind"`
	Language              string            `json:"language"`
	LatestRevision        int64             `json:"latest_revision"`
	SourceMoved           bool              `json:"source_moved"`
	SourceChangedSegments int               `json:"source_changed_segments"`
	PublishApprovedOnly   bool              `json:"publish_approved_only"`
	Progress              wire.ProgressJSON `json:"progress"`
	SelfApproval          string            `json:"self_approval"`        // default, allowed or not_allowed
	ApproveOwn            bool              `json:"approve_own_segments"` // what the setting means now
}

func toTranslationOriginJSON(i app.TranslationInfo) translationOriginJSON {
	return translationOriginJSON{Resource: i.Source, SourceHidden: i.SourceHidden, SourceTitle: i.SourceTitle, Revision: i.SourceVersion,
		Kind: "translation", Language: i.SourceLanguage, LatestRevision: i.LatestVersion, SourceMoved: i.SourceMoved,
		SourceChangedSegments: i.Progress.Outdated, PublishApprovedOnly: i.PublishApprovedOnly, Progress: wire.ProgressJSON(i.Progress),
		SelfApproval: string(i.SelfApproval), ApproveOwn: i.ApproveOwn}
}

func (s *Server) apiTranslationInfo(c echo.Context) error {
	info, err := s.app.TranslationInfo(c.Request().Context(), httpx.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toTranslationOriginJSON(info))
}

func (s *Server) apiTranslationSettings(c echo.Context) error {
	var req struct {
		PublishApprovedOnly *bool   `json:"publish_approved_only"`
		SelfApproval        *string `json:"self_approval"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	if req.PublishApprovedOnly != nil {
		if err := s.app.SetPublishApprovedOnly(c.Request().Context(), httpx.Actor(c), c.Param("id"), *req.PublishApprovedOnly); err != nil {
			return err
		}
	}
	if req.SelfApproval != nil {
		if err := s.app.SetSelfApproval(c.Request().Context(), httpx.Actor(c), c.Param("id"), app.SelfApproval(*req.SelfApproval)); err != nil {
			return err
		}
	}
	return s.apiTranslationInfo(c)
}

func (s *Server) apiSegments(c echo.Context) error {
	since, err := httpx.QueryInt(c, "since", 0, 0, math.MaxInt64)
	if err != nil {
		return err
	}
	q := app.SegmentQuery{State: c.QueryParam("state"), OutdatedOnly: c.QueryParam("outdated") == "true", Archived: c.QueryParam("archived") == "true",
		SinceRev: since}
	sg, err := s.app.Segments(c.Request().Context(), httpx.Actor(c), c.Param("id"), q)
	if err != nil {
		return err
	}
	t, info := sg.Translation, sg.Info
	out := make([]wire.TSegmentJSON, len(sg.List))
	for i, x := range sg.List {
		out[i] = wire.ToSegmentJSON(x, sg.Comments[x.ID])
	}
	body := map[string]any{
		"source_revision": t.Source.SourceVersion, "latest_source_revision": info.LatestVersion, "source_moved": info.SourceMoved,
		"source_language": t.Source.SourceLanguage, "target_language": t.Resource.Language, "target_dir": translation.Direction(t.Resource.Language),
		"rev": t.Source.Rev, "segments": out, "progress": wire.ProgressJSON(info.Progress),
	}
	if q.Archived {
		list := make([]map[string]any, len(sg.Archived))
		for i, a := range sg.Archived {
			list[i] = map[string]any{"id": a.ID, "source": a.Source, "target": a.Target, "state": a.State,
				"source_revision": a.SourceVersion, "archived": a.Archived.UTC().Format(time.RFC3339)}
		}
		body["archived"] = list
	}
	return c.JSON(http.StatusOK, body)
}

func (s *Server) apiPutSegment(c echo.Context) error {
	var req struct {
		Target *string `json:"target"`
		State  *string `json:"state"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	sg, err := s.app.ChangeSegment(c.Request().Context(), httpx.Actor(c), c.Param("id"), c.Param("sid"), app.SegmentChange(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, wire.ToSegmentJSON(sg, nil))
}

func (s *Server) apiMarkMinor(c echo.Context) error {
	sg, err := s.app.MarkMinor(c.Request().Context(), httpx.Actor(c), c.Param("id"), c.Param("sid"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, wire.ToSegmentJSON(sg, nil))
}

func (s *Server) apiReviewSegment(c echo.Context) error {
	var req struct {
		Action  string `json:"action"` // approve, final, send_back
		Comment string `json:"comment"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	sg, comments, err := s.app.ReviewSegment(c.Request().Context(), httpx.Actor(c), c.Param("id"), c.Param("sid"), app.SegmentReview(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, wire.ToSegmentJSON(sg, comments))
}

func (s *Server) apiCommentSegment(c echo.Context) error {
	var req struct {
		Body string `json:"body"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	cm, err := s.app.CommentSegment(c.Request().Context(), httpx.Actor(c), c.Param("id"), c.Param("sid"), req.Body)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, wire.ToCommentJSON(cm))
}

func (s *Server) apiPresence(c echo.Context) error {
	var req struct {
		Segment string `json:"segment"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	me := httpx.Actor(c)
	peers, rev, err := s.app.Presence(c.Request().Context(), me, c.Param("id"), req.Segment)
	if err != nil {
		return err
	}
	out := make([]map[string]any, 0, len(peers))
	for _, p := range peers {
		out = append(out, map[string]any{"handle": p.User.Handle, "name": p.User.Name, "segment": p.Segment,
			"seen": p.Seen.UTC().Format(time.RFC3339), "me": p.User.ID == me.ID})
	}
	return c.JSON(http.StatusOK, map[string]any{"peers": out, "rev": rev})
}
