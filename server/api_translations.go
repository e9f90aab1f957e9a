package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/translation"
)

// MaxTarget bounds one segment's translation.
const MaxTarget = 20000

// translationRoutes registers the translation endpoints, pages and hooks.
func (s *Server) translationRoutes(api, pages *echo.Group) {
	api.POST("/resources/:id/translations", s.apiStartTranslation)
	api.GET("/resources/:id/translation", s.apiTranslationInfo)
	api.PATCH("/resources/:id/translation", s.apiTranslationSettings)
	api.GET("/resources/:id/segments", s.apiSegments)
	api.PUT("/resources/:id/segments/:sid", s.apiPutSegment)
	api.POST("/resources/:id/segments/:sid/minor", s.apiMarkMinor)
	api.POST("/resources/:id/segments/:sid/review", s.apiReviewSegment)
	api.POST("/resources/:id/segments/:sid/comments", s.apiCommentSegment)
	api.GET("/resources/:id/segments/:sid/suggestions", s.apiSuggestions)
	api.POST("/resources/:id/sync", s.apiTranslationSync)
	api.POST("/resources/:id/presence", s.apiPresence)
	api.GET("/resources/:id/xliff", s.apiExportXLIFF)
	api.PUT("/resources/:id/xliff", s.apiImport)
	api.GET("/resources/:id/po", s.apiExportPO)
	api.PUT("/resources/:id/po", s.apiImport)
	api.GET("/resources/:id/tm.tmx", s.apiExportTMX)
	api.PUT("/resources/:id/tm.tmx", s.apiImportTMX)
	api.POST("/resources/:id/tm.tmx", s.apiImportTMX)
	api.GET("/tm.tmx", s.apiExportTMX)

	pages.GET("/r/:id/translate", s.pageTranslate)
	pages.POST("/r/:id/translate", s.pageTranslateSubmit)
	pages.POST("/r/:id/translations", s.pageStartTranslation)

	s.resourceDecorators = append(s.resourceDecorators, s.decorateTranslationJSON)
	s.pageDecorators = append(s.pageDecorators, s.decorateTranslationPage)
}

type startRequest struct {
	Language   string  `json:"language"`
	Title      *string `json:"title"`
	License    *string `json:"license"`
	Visibility *string `json:"visibility"`
}

// startTranslation creates a translation of source id into req.Language.
func (s *Server) startTranslation(c echo.Context, id string, req startRequest) (resource.Resource, error) {
	u, err := requireUser(c)
	if err != nil {
		return resource.Resource{}, err
	}
	src, _, err := s.resourceFor(c, id, resource.Derive)
	if err != nil {
		return src, err
	}
	if src.Kind == resource.Translation {
		// Translating a translation would chain errors; translate the original.
		if ts, err := s.db.TranslationSourceOf(c.Request().Context(), src.ID); err == nil {
			return src, &resource.ValidationError{Field: "resource", Message: "this is a translation; start from its source /r/" + ts.SourceID}
		}
	}
	lang, err := resource.CanonicalLanguage(req.Language)
	if err != nil {
		return src, err
	}
	// A translation is an adaptation: ND and unknown licences forbid it.
	if err := license.CanAdapt(src.License); err != nil {
		return src, err
	}
	if lang == src.Language {
		return src, &resource.ValidationError{Field: "language", Message: "is the source's own language (" + lang + "); pick another"}
	}
	lic := license.DefaultForFork(src.License)
	if req.License != nil && strings.TrimSpace(*req.License) != "" {
		if _, err := license.CheckDerivative(src.License, strings.TrimSpace(*req.License)); err != nil {
			if errors.Is(err, license.ErrUnknown) {
				return src, &resource.ValidationError{Field: "license", Message: err.Error()}
			}
			return src, err
		}
		l, _ := license.Lookup(strings.TrimSpace(*req.License))
		lic = l.ID
	}
	ctx := c.Request().Context()
	cur, err := s.texts.Current(ctx, src.ID)
	if err != nil {
		return src, err
	}
	// Pin the source revision too: it places the translation in the family
	// graph and gives it the same attribution snapshot a fork gets.
	rev, err := s.ensureRevision(ctx, src.ID)
	if err != nil {
		return src, err
	}
	chain, err := s.sourceSnapshot(ctx, src, rev)
	if err != nil {
		return src, err
	}
	snap, err := json.Marshal(chain)
	if err != nil {
		return src, err
	}
	doc, err := translation.SegmentMarkdown([]byte(cur.Text))
	if err != nil {
		return src, &resource.ValidationError{Field: "content", Message: "the source cannot be segmented: " + err.Error()}
	}
	r := resource.Resource{FamilyID: src.FamilyID, Kind: resource.Translation, Title: src.Title + " (" + languageName(lang) + ")",
		Summary: src.Summary, Content: cur.Text, Language: lang, License: lic, Subjects: src.Subjects, Level: src.Level,
		Visibility: src.Visibility, Owner: resource.Person{ID: u.ID, Handle: u.Handle, Name: u.Name}}
	if req.Title != nil || req.Visibility != nil {
		if err := r.Apply(resource.Fields{Title: req.Title, Visibility: req.Visibility}); err != nil {
			return src, err
		}
	}
	if err := r.ValidateNew(); err != nil {
		return src, err
	}
	// Until segments are translated the text is the source's, credited to its authors.
	attr, err := jsonAttribution(cur)
	if err != nil {
		return src, err
	}
	created, err := s.db.CreateTranslation(ctx, r, attr, translation.Source{SourceID: src.ID, SourceVersion: cur.Version,
		SourceText: cur.Text, SourceLanguage: src.Language, SourceRevision: rev.ID, Snapshot: snap}, segmentRows(doc))
	if err != nil {
		return src, err
	}
	s.audit(ctx, c, "translation.start", created.ID, map[string]any{"source": src.ID, "language": lang})
	return created, nil
}

func (s *Server) apiStartTranslation(c echo.Context) error {
	var req startRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	r, err := s.startTranslation(c, c.Param("id"), req)
	if err != nil {
		return err
	}
	if err := s.withCurrentText(c, &r); err != nil {
		return err
	}
	out := toResourceJSON(r, resource.RoleOwner, true)
	if err := s.decorateTranslationJSON(c, &r, &out); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, out)
}

// translationOriginJSON is derived_from for a translation.
type translationOriginJSON struct {
	Resource              string       `json:"resource"`
	Revision              int64        `json:"revision"` // the pinned source version
	Kind                  string       `json:"kind"`
	Language              string       `json:"language"`
	LatestRevision        int64        `json:"latest_revision"`
	SourceMoved           bool         `json:"source_moved"`
	SourceChangedSegments int          `json:"source_changed_segments"`
	PublishApprovedOnly   bool         `json:"publish_approved_only"`
	Progress              progressJSON `json:"progress"`
}

func (s *Server) translationOrigin(c echo.Context, r resource.Resource) (*translationOriginJSON, []translation.StoredSegment, translation.Source, error) {
	ctx := c.Request().Context()
	src, err := s.db.TranslationSourceOf(ctx, r.ID)
	if err != nil {
		return nil, nil, src, err
	}
	segs, err := s.db.Segments(ctx, r.ID, store.SegmentFilter{})
	if err != nil {
		return nil, nil, src, err
	}
	st, err := s.sourceStatus(ctx, src)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, nil, src, err
	}
	p := progressOf(segs)
	return &translationOriginJSON{Resource: src.SourceID, Revision: src.SourceVersion, Kind: "translation", Language: src.SourceLanguage,
		LatestRevision: st.LatestVersion, SourceMoved: st.Moved, SourceChangedSegments: p.Outdated,
		PublishApprovedOnly: src.PublishApprovedOnly, Progress: p}, segs, src, nil
}

// publishedView says whether the caller sees only approved text: on
// ?view=published, or when the owner publishes only approved text and the
// caller does not work on the translation.
func publishedView(c echo.Context, role resource.Role, src translation.Source) bool {
	switch c.QueryParam("view") {
	case "published":
		return true
	case "working":
		return role == resource.RoleNone && src.PublishApprovedOnly
	}
	return src.PublishApprovedOnly && role == resource.RoleNone
}

// decorateTranslationJSON adds derived_from to a translation's JSON and
// swaps in the published text when that view applies.
func (s *Server) decorateTranslationJSON(c echo.Context, r *resource.Resource, out *resourceJSON) error {
	if r.Kind != resource.Translation {
		return nil
	}
	df, segs, src, err := s.translationOrigin(c, *r)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	out.DerivedFrom = df
	if out.Content != nil && publishedView(c, resource.Role(out.Role), src) {
		text, err := assemble(src, segs, true, nil)
		if err != nil {
			return err
		}
		out.Content = &text
	}
	return nil
}

func (s *Server) apiTranslationInfo(c echo.Context) error {
	t, err := s.translationFor(c, c.Param("id"))
	if err != nil {
		return err
	}
	df, _, _, err := s.translationOrigin(c, t.R)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, df)
}

func (s *Server) apiTranslationSettings(c echo.Context) error {
	var req struct {
		PublishApprovedOnly *bool `json:"publish_approved_only"`
	}
	if err := readJSON(c, &req); err != nil {
		return err
	}
	t, err := s.translationFor(c, c.Param("id"), resource.Configure)
	if err != nil {
		return err
	}
	if req.PublishApprovedOnly != nil {
		if err := s.db.SetPublishApprovedOnly(c.Request().Context(), t.R.ID, *req.PublishApprovedOnly); err != nil {
			return err
		}
	}
	return s.apiTranslationInfo(c)
}

func (s *Server) apiSegments(c echo.Context) error {
	t, err := s.translationFor(c, c.Param("id"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	f := store.SegmentFilter{State: c.QueryParam("state"), OutdatedOnly: c.QueryParam("outdated") == "true"}
	if f.State != "" && !translation.State(f.State).Valid() {
		return &apiError{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: "state", Message: "state must be initial, translated, reviewed or final"}
	}
	if v := c.QueryParam("since"); v != "" {
		if f.SinceRev, err = strconv.ParseInt(v, 10, 64); err != nil || f.SinceRev < 0 {
			return &apiError{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: "since", Message: "since must be a rev number from an earlier answer"}
		}
	}
	all, err := s.db.Segments(ctx, t.R.ID, store.SegmentFilter{})
	if err != nil {
		return err
	}
	list := all
	if f != (store.SegmentFilter{}) {
		if list, err = s.db.Segments(ctx, t.R.ID, f); err != nil {
			return err
		}
	}
	comments, err := s.db.Comments(ctx, t.R.ID)
	if err != nil {
		return err
	}
	out := make([]tSegmentJSON, len(list))
	for i, sg := range list {
		out[i] = toSegmentJSON(sg, comments[sg.ID])
	}
	st, err := s.sourceStatus(ctx, t.Src)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	body := map[string]any{
		"source_revision": t.Src.SourceVersion, "latest_source_revision": st.LatestVersion, "source_moved": st.Moved,
		"source_language": t.Src.SourceLanguage, "target_language": t.R.Language, "target_dir": translation.Direction(t.R.Language),
		"rev": t.Src.Rev, "segments": out, "progress": progressOf(all),
	}
	if c.QueryParam("archived") == "true" {
		arch, err := s.db.ArchivedSegments(ctx, t.R.ID)
		if err != nil {
			return err
		}
		list := make([]map[string]any, len(arch))
		for i, a := range arch {
			list[i] = map[string]any{"id": a.ID, "source": a.Source, "target": a.Target, "state": a.State,
				"source_revision": a.SourceVersion, "archived": a.Archived.UTC().Format(time.RFC3339)}
		}
		body["archived"] = list
	}
	return c.JSON(http.StatusOK, body)
}

type segmentRequest struct {
	Target *string `json:"target"`
	State  *string `json:"state"`
}

// changeSegment applies a translator's or reviewer's change to one segment:
// a new target needs Translate, the states reviewed and final need
// ApproveTranslation. A new target clears "outdated" (the translator has
// looked at the new source), and so does approving.
func (s *Server) changeSegment(c echo.Context, t *tctx, sid string, req segmentRequest) (translation.StoredSegment, error) {
	if req.Target == nil && req.State == nil {
		return translation.StoredSegment{}, &resource.ValidationError{Field: "target", Message: "send a target, a state or both"}
	}
	ctx := c.Request().Context()
	var result translation.StoredSegment
	err := s.db.WithTranslationLock(ctx, t.R.ID, func() error {
		sg, err := s.db.Segment(ctx, t.R.ID, sid)
		if err != nil {
			return err
		}
		next := sg
		targetChanged := false
		if req.Target != nil {
			tg := cleanTarget(*req.Target)
			if len(tg) > MaxTarget || !utf8.ValidString(tg) {
				return &resource.ValidationError{Field: "target", Message: "must be valid UTF-8 of at most " + strconv.Itoa(MaxTarget) + " bytes"}
			}
			targetChanged = tg != sg.Target
			next.Target = tg
		}
		if req.State != nil {
			if !translation.State(*req.State).Valid() {
				return &resource.ValidationError{Field: "state", Message: "must be initial, translated, reviewed or final"}
			}
			next.State = *req.State
		} else if targetChanged {
			// Edited text goes back to "translated": it has not been reviewed.
			next.State = string(translation.StateTranslated)
		}
		if next.Target == "" {
			next.State = string(translation.StateInitial)
		} else if next.State == string(translation.StateInitial) && targetChanged {
			next.State = string(translation.StateTranslated)
		}
		if targetChanged && !t.can(resource.Translate) {
			return errForbidden
		}
		if isApproved(next.State) && (next.State != sg.State || targetChanged) && !t.can(resource.ApproveTranslation) {
			return newError(http.StatusForbidden, "forbidden", "only reviewers and owners can set a segment %s", next.State)
		}
		if !targetChanged && next.State != sg.State && !t.can(resource.Translate) && !t.can(resource.ApproveTranslation) {
			return errForbidden
		}
		if next.Target != "" {
			if err := translation.CheckPlaceholders(domainSegment(sg), next.Target); err != nil {
				return err
			}
		}
		if targetChanged || (isApproved(next.State) && next.State != sg.State) {
			next.Outdated, next.PreviousSource = false, ""
		}
		if next.Target == sg.Target && next.State == sg.State && next.Outdated == sg.Outdated {
			result = sg
			return nil
		}
		result, err = s.saveSegment(ctx, c, t, sid, store.SegmentChange{ID: sg.ID, Target: next.Target,
			State: next.State, Outdated: next.Outdated, PreviousSource: next.PreviousSource})
		return err
	})
	return result, err
}

func (s *Server) apiPutSegment(c echo.Context) error {
	var req segmentRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	t, err := s.translationFor(c, c.Param("id"), resource.Translate, resource.ApproveTranslation)
	if err != nil {
		return err
	}
	sg, err := s.changeSegment(c, t, c.Param("sid"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSegmentJSON(sg, nil))
}

// markMinor clears a segment's outdated flag without changing its state:
// the source's editors (and the translation's reviewers) say the change did
// not alter the meaning.
func (s *Server) markMinor(c echo.Context, t *tctx, sid string) (translation.StoredSegment, error) {
	ctx := c.Request().Context()
	if !t.can(resource.ApproveTranslation) {
		if _, _, err := s.resourceFor(c, t.Src.SourceID, resource.EditContent); err != nil {
			return translation.StoredSegment{}, newError(http.StatusForbidden, "forbidden", "only the source's editors and this translation's reviewers can mark a change minor")
		}
	}
	var result translation.StoredSegment
	err := s.db.WithTranslationLock(ctx, t.R.ID, func() error {
		sg, err := s.db.Segment(ctx, t.R.ID, sid)
		if err != nil {
			return err
		}
		result = sg
		if !sg.Outdated {
			return nil
		}
		if sg.Target != "" {
			if err := translation.CheckPlaceholders(domainSegment(sg), sg.Target); err != nil {
				return err
			}
		}
		result, err = s.saveSegment(ctx, c, t, sid, store.SegmentChange{ID: sg.ID, Target: sg.Target, State: sg.State})
		return err
	})
	return result, err
}

func (s *Server) apiMarkMinor(c echo.Context) error {
	t, err := s.translationFor(c, c.Param("id"))
	if err != nil {
		return err
	}
	if currentUser(c) == nil {
		return errUnauthorized
	}
	sg, err := s.markMinor(c, t, c.Param("sid"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSegmentJSON(sg, nil))
}

type segmentReviewRequest struct {
	Action  string `json:"action"` // approve, final, send_back
	Comment string `json:"comment"`
}

// review approves a segment (reviewed or final) or sends it back to the
// translators (state translated, or initial when empty) with a comment.
func (s *Server) reviewSegment(c echo.Context, t *tctx, sid string, req segmentReviewRequest) (translation.StoredSegment, error) {
	ctx := c.Request().Context()
	comment := strings.TrimSpace(strings.ReplaceAll(req.Comment, "\r\n", "\n"))
	if utf8.RuneCountInString(comment) > 5000 {
		return translation.StoredSegment{}, &resource.ValidationError{Field: "comment", Message: "must be at most 5000 characters"}
	}
	var state string
	switch req.Action {
	case "approve":
		state = string(translation.StateReviewed)
	case "final":
		state = string(translation.StateFinal)
	case "send_back":
		if comment == "" {
			return translation.StoredSegment{}, &resource.ValidationError{Field: "comment", Message: "say what needs changing when sending a segment back"}
		}
		state = string(translation.StateTranslated)
	default:
		return translation.StoredSegment{}, &resource.ValidationError{Field: "action", Message: "must be approve, final or send_back"}
	}
	sg, err := s.db.Segment(ctx, t.R.ID, sid)
	if err != nil {
		return sg, err
	}
	if sg.Target == "" {
		if req.Action != "send_back" {
			return sg, &resource.ValidationError{Field: "action", Message: "an untranslated segment cannot be approved"}
		}
		state = string(translation.StateInitial)
	}
	if req.Action == "send_back" {
		if _, err := s.db.AddComment(ctx, t.R.ID, sid, userID(c), comment, true); err != nil {
			return sg, err
		}
		// Sending back changes only the state; approving is for reviewers.
		err := s.db.WithTranslationLock(ctx, t.R.ID, func() error {
			if sg.State == state {
				return nil
			}
			if _, err := s.db.UpdateSegments(ctx, t.R.ID, userID(c), []store.SegmentChange{{ID: sg.ID, Target: sg.Target, State: state,
				Outdated: sg.Outdated, PreviousSource: sg.PreviousSource}}); err != nil {
				return err
			}
			if err := s.refreshContent(ctx, t, authorOf(c)); err != nil {
				return err
			}
			var err error
			if sg, err = s.db.Segment(ctx, t.R.ID, sid); err != nil {
				return err
			}
			return s.feedMemory(ctx, t, []translation.StoredSegment{sg})
		})
		return sg, err
	}
	if comment != "" {
		if _, err := s.db.AddComment(ctx, t.R.ID, sid, userID(c), comment, false); err != nil {
			return sg, err
		}
	}
	return s.changeSegment(c, t, sid, segmentRequest{State: &state})
}

func (s *Server) apiReviewSegment(c echo.Context) error {
	var req segmentReviewRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	t, err := s.translationFor(c, c.Param("id"), resource.ApproveTranslation)
	if err != nil {
		return err
	}
	sg, err := s.reviewSegment(c, t, c.Param("sid"), req)
	if err != nil {
		return err
	}
	comments, err := s.db.Comments(c.Request().Context(), t.R.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSegmentJSON(sg, comments[sg.ID]))
}

func (s *Server) apiCommentSegment(c echo.Context) error {
	var req struct {
		Body string `json:"body"`
	}
	if err := readJSON(c, &req); err != nil {
		return err
	}
	t, err := s.translationFor(c, c.Param("id"), resource.Translate, resource.ApproveTranslation)
	if err != nil {
		return err
	}
	body := strings.TrimSpace(req.Body)
	if body == "" || utf8.RuneCountInString(body) > 5000 {
		return &resource.ValidationError{Field: "body", Message: "is required, at most 5000 characters"}
	}
	ctx := c.Request().Context()
	if _, err := s.db.Segment(ctx, t.R.ID, c.Param("sid")); err != nil {
		return err
	}
	cm, err := s.db.AddComment(ctx, t.R.ID, c.Param("sid"), userID(c), body, false)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, commentJSON{ID: cm.ID, Author: cm.Author, Body: cm.Body, Created: cm.Created.UTC().Format(time.RFC3339)})
}

// presenceWindow is how long a heartbeat keeps someone listed.
const presenceWindow = 30 * time.Second

func (s *Server) apiPresence(c echo.Context) error {
	var req struct {
		Segment string `json:"segment"`
	}
	if err := readJSON(c, &req); err != nil {
		return err
	}
	t, err := s.translationFor(c, c.Param("id"), resource.Translate, resource.ApproveTranslation)
	if err != nil {
		return err
	}
	if len(req.Segment) > 64 {
		req.Segment = ""
	}
	peers, err := s.db.TouchPresence(c.Request().Context(), t.R.ID, userID(c), req.Segment, presenceWindow)
	if err != nil {
		return err
	}
	out := make([]map[string]any, 0, len(peers))
	for _, p := range peers {
		out = append(out, map[string]any{"handle": p.User.Handle, "name": p.User.Name, "segment": p.Segment,
			"seen": p.Seen.UTC().Format(time.RFC3339), "me": p.User.ID == userID(c)})
	}
	return c.JSON(http.StatusOK, map[string]any{"peers": out, "rev": t.Src.Rev})
}
