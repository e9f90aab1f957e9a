package server

import (
	"math"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/resource"
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
	if err := readJSON(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	r, err := s.app.StartTranslation(ctx, actor(c), c.Param("id"), app.StartRequest(req))
	if err != nil {
		return err
	}
	v, err := s.app.View(ctx, actor(c), r.ID, app.ViewRequest{})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, viewJSON(v))
}

type progressJSON struct {
	Total      int `json:"total"`
	Translated int `json:"translated"`
	Reviewed   int `json:"reviewed"`
	Final      int `json:"final"`
	Outdated   int `json:"outdated"`
	Percent    int `json:"percent"`
}

// translationOriginJSON is derived_from for a translation.
type translationOriginJSON struct {
	Resource              string       `json:"resource"`
	SourceHidden          bool         `json:"source_hidden,omitempty"`
	SourceTitle           string       `json:"source_title"`
	Revision              int64        `json:"revision"` // the pinned source version
	Kind                  string       `json:"kind"`
	Language              string       `json:"language"`
	LatestRevision        int64        `json:"latest_revision"`
	SourceMoved           bool         `json:"source_moved"`
	SourceChangedSegments int          `json:"source_changed_segments"`
	PublishApprovedOnly   bool         `json:"publish_approved_only"`
	Progress              progressJSON `json:"progress"`
	SelfApproval          string       `json:"self_approval"`        // default, allowed or not_allowed
	ApproveOwn            bool         `json:"approve_own_segments"` // what the setting means now
}

func toTranslationOriginJSON(i app.TranslationInfo) translationOriginJSON {
	return translationOriginJSON{Resource: i.Source, SourceHidden: i.SourceHidden, SourceTitle: i.SourceTitle, Revision: i.SourceVersion,
		Kind: "translation", Language: i.SourceLanguage, LatestRevision: i.LatestVersion, SourceMoved: i.SourceMoved,
		SourceChangedSegments: i.Progress.Outdated, PublishApprovedOnly: i.PublishApprovedOnly, Progress: progressJSON(i.Progress),
		SelfApproval: string(i.SelfApproval), ApproveOwn: i.ApproveOwn}
}

func (s *Server) apiTranslationInfo(c echo.Context) error {
	info, err := s.app.TranslationInfo(c.Request().Context(), actor(c), c.Param("id"))
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
	if err := readJSON(c, &req); err != nil {
		return err
	}
	if req.PublishApprovedOnly != nil {
		if err := s.app.SetPublishApprovedOnly(c.Request().Context(), actor(c), c.Param("id"), *req.PublishApprovedOnly); err != nil {
			return err
		}
	}
	if req.SelfApproval != nil {
		if err := s.app.SetSelfApproval(c.Request().Context(), actor(c), c.Param("id"), app.SelfApproval(*req.SelfApproval)); err != nil {
			return err
		}
	}
	return s.apiTranslationInfo(c)
}

type placeholderJSON struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Bytes   string `json:"bytes"`
	Display string `json:"display"`
}

type wordDiffJSON struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

type commentJSON struct {
	ID       string          `json:"id"`
	Author   resource.Person `json:"author"`
	Body     string          `json:"body"`
	SentBack bool            `json:"sent_back"`
	Created  string          `json:"created"`
}

func toCommentJSON(c translation.Comment) commentJSON {
	return commentJSON{ID: c.ID, Author: c.Author, Body: c.Body, SentBack: c.SentBack, Created: c.Created.UTC().Format(time.RFC3339)}
}

type tSegmentJSON struct {
	ID             string            `json:"id"`
	Position       int               `json:"position"`
	Source         string            `json:"source"`
	Target         string            `json:"target"`
	State          string            `json:"state"`
	Outdated       bool              `json:"outdated"`
	PreviousSource string            `json:"previous_source,omitempty"`
	SourceDiff     []wordDiffJSON    `json:"source_diff,omitempty"`
	Placeholders   []placeholderJSON `json:"placeholders"`
	Rev            int64             `json:"rev"`
	Updated        string            `json:"updated"`
	Comments       []commentJSON     `json:"comments,omitempty"`
}

func toSegmentJSON(sg translation.StoredSegment, comments []translation.Comment) tSegmentJSON {
	out := tSegmentJSON{ID: sg.ID, Position: sg.Position, Source: sg.Source, Target: sg.Target, State: string(sg.State),
		Outdated: sg.Outdated, Rev: sg.Rev, Updated: sg.Updated.UTC().Format("2006-01-02T15:04:05.000000Z"), Placeholders: []placeholderJSON{}}
	for _, p := range sg.Placeholders {
		out.Placeholders = append(out.Placeholders, placeholderJSON(p))
	}
	if sg.Outdated && sg.PreviousSource != "" {
		out.PreviousSource = sg.PreviousSource
		for _, d := range translation.WordDiff(sg.PreviousSource, sg.Source) {
			out.SourceDiff = append(out.SourceDiff, wordDiffJSON{Op: d.Op, Text: d.Text})
		}
	}
	for _, cm := range comments {
		out.Comments = append(out.Comments, toCommentJSON(cm))
	}
	return out
}

func (s *Server) apiSegments(c echo.Context) error {
	since, err := queryInt(c, "since", 0, 0, math.MaxInt64)
	if err != nil {
		return err
	}
	q := app.SegmentQuery{State: c.QueryParam("state"), OutdatedOnly: c.QueryParam("outdated") == "true", Archived: c.QueryParam("archived") == "true",
		SinceRev: since}
	sg, err := s.app.Segments(c.Request().Context(), actor(c), c.Param("id"), q)
	if err != nil {
		return err
	}
	t, info := sg.Translation, sg.Info
	out := make([]tSegmentJSON, len(sg.List))
	for i, x := range sg.List {
		out[i] = toSegmentJSON(x, sg.Comments[x.ID])
	}
	body := map[string]any{
		"source_revision": t.Source.SourceVersion, "latest_source_revision": info.LatestVersion, "source_moved": info.SourceMoved,
		"source_language": t.Source.SourceLanguage, "target_language": t.Resource.Language, "target_dir": translation.Direction(t.Resource.Language),
		"rev": t.Source.Rev, "segments": out, "progress": progressJSON(info.Progress),
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
	if err := readJSON(c, &req); err != nil {
		return err
	}
	sg, err := s.app.ChangeSegment(c.Request().Context(), actor(c), c.Param("id"), c.Param("sid"), app.SegmentChange(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSegmentJSON(sg, nil))
}

func (s *Server) apiMarkMinor(c echo.Context) error {
	sg, err := s.app.MarkMinor(c.Request().Context(), actor(c), c.Param("id"), c.Param("sid"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSegmentJSON(sg, nil))
}

func (s *Server) apiReviewSegment(c echo.Context) error {
	var req struct {
		Action  string `json:"action"` // approve, final, send_back
		Comment string `json:"comment"`
	}
	if err := readJSON(c, &req); err != nil {
		return err
	}
	sg, comments, err := s.app.ReviewSegment(c.Request().Context(), actor(c), c.Param("id"), c.Param("sid"), app.SegmentReview(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSegmentJSON(sg, comments))
}

func (s *Server) apiCommentSegment(c echo.Context) error {
	var req struct {
		Body string `json:"body"`
	}
	if err := readJSON(c, &req); err != nil {
		return err
	}
	cm, err := s.app.CommentSegment(c.Request().Context(), actor(c), c.Param("id"), c.Param("sid"), req.Body)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toCommentJSON(cm))
}

func (s *Server) apiPresence(c echo.Context) error {
	var req struct {
		Segment string `json:"segment"`
	}
	if err := readJSON(c, &req); err != nil {
		return err
	}
	me := actor(c)
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
