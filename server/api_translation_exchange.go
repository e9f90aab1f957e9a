package server

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/translation"
)

// exchangeFile is a translation's segments as an exchange file.
func (s *Server) exchangeFile(c echo.Context, t *tctx) (translation.File, error) {
	segs, err := s.db.Segments(c.Request().Context(), t.R.ID, store.SegmentFilter{})
	if err != nil {
		return translation.File{}, err
	}
	f := translation.File{ID: t.R.ID, Original: "/r/" + t.Src.SourceID, SourceLang: t.Src.SourceLanguage, TargetLang: t.R.Language}
	for _, sg := range segs {
		u := translation.Unit{ID: sg.ID, Source: sg.Source, Target: sg.Target, State: translation.State(sg.State),
			Outdated: sg.Outdated, SourceHash: sg.SourceHash, Placeholders: parsePlaceholders(sg.Placeholders)}
		if sg.Outdated {
			u.PreviousSource = sg.PreviousSource
		}
		f.Units = append(f.Units, u)
	}
	return f, nil
}

func (s *Server) apiExportXLIFF(c echo.Context) error {
	t, err := s.translationFor(c, c.Param("id"))
	if err != nil {
		return err
	}
	f, err := s.exchangeFile(c, t)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	ext := "xlf"
	switch c.QueryParam("version") {
	case "", "2", "2.0":
		err = translation.WriteXLIFF2(&buf, f)
	case "1.2":
		err, ext = translation.WriteXLIFF12(&buf, f), "xliff"
	default:
		return &apiError{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: "version", Message: "version must be 2.0 (default) or 1.2"}
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+t.R.ID+`.`+t.R.Language+`.`+ext+`"`)
	return c.Blob(http.StatusOK, "application/xliff+xml; charset=utf-8", buf.Bytes())
}

func (s *Server) apiExportPO(c echo.Context) error {
	t, err := s.translationFor(c, c.Param("id"))
	if err != nil {
		return err
	}
	f, err := s.exchangeFile(c, t)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := translation.WritePO(&buf, f); err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+t.R.ID+`.`+t.R.Language+`.po"`)
	return c.Blob(http.StatusOK, "text/x-gettext-translation; charset=utf-8", buf.Bytes())
}

// importFormat decides how to read an uploaded file: ?format=, then the
// content type, then the endpoint (/xliff or /po).
func importFormat(c echo.Context) string {
	switch strings.ToLower(c.QueryParam("format")) {
	case "po":
		return "po"
	case "xliff", "xlf":
		return "xliff"
	}
	ct := strings.ToLower(c.Request().Header.Get(echo.HeaderContentType))
	switch {
	case strings.Contains(ct, "gettext"), strings.Contains(ct, "x-po"):
		return "po"
	case strings.Contains(ct, "xliff"):
		return "xliff"
	}
	if strings.HasSuffix(c.Path(), "/po") {
		return "po"
	}
	return "xliff"
}

type unitResult struct {
	ID     string `json:"id"`
	Result string `json:"result"` // updated, outdated, skipped
	Reason string `json:"reason,omitempty"`
}

type importReport struct {
	Updated  int          `json:"updated"`
	Skipped  int          `json:"skipped"`
	Outdated int          `json:"outdated"`
	Units    []unitResult `json:"units"`
}

// planImport matches a file's units to the stored segments, by unit id AND
// source hash. A unit whose source changed since it was exported never
// becomes current: its target is stored flagged outdated when the segment
// has no current translation, and skipped when it has one. A target whose
// placeholders do not fit is an error naming the unit: nothing is imported.
func planImport(f translation.File, segs []translation.StoredSegment, canApprove bool) ([]store.SegmentChange, []translation.StoredSegment, importReport, error) {
	byID := make(map[string]translation.StoredSegment, len(segs))
	for _, sg := range segs {
		byID[sg.ID] = sg
	}
	rep := importReport{Units: []unitResult{}}
	var changes []store.SegmentChange
	var changed []translation.StoredSegment
	skip := func(id, reason string) {
		rep.Skipped++
		rep.Units = append(rep.Units, unitResult{ID: id, Result: "skipped", Reason: reason})
	}
	done := map[string]bool{}
	for _, u := range f.Units {
		sg, ok := byID[u.ID]
		target := cleanTarget(u.Target)
		switch {
		case !ok:
			skip(u.ID, "no segment with this id (the source changed since the export)")
			continue
		case done[u.ID]:
			skip(u.ID, "unit repeated in the file")
			continue
		case target == "":
			skip(u.ID, "no target")
			continue
		}
		done[u.ID] = true
		sameSource := u.SourceHash == sg.SourceHash || (u.SourceHash == "" && u.Source == sg.Source)
		if !sameSource {
			if sg.Target != "" && !sg.Outdated {
				skip(u.ID, "the source changed since the export; the current translation was kept")
				continue
			}
			ch := store.SegmentChange{ID: sg.ID, Target: target, State: string(translation.StateTranslated), Outdated: true, PreviousSource: u.Source}
			changes = append(changes, ch)
			rep.Outdated++
			rep.Units = append(rep.Units, unitResult{ID: u.ID, Result: "outdated", Reason: "the source changed since the export; stored as an outdated translation"})
			continue
		}
		if err := translation.CheckPlaceholders(domainSegment(sg), target); err != nil {
			return nil, nil, rep, err
		}
		state := string(u.State)
		if !u.State.Valid() || state == string(translation.StateInitial) {
			state = string(translation.StateTranslated)
		}
		if isApproved(state) && !canApprove {
			state = string(translation.StateTranslated)
		}
		if target == sg.Target && isApproved(sg.State) && !canApprove {
			state = sg.State // a translator's re-upload does not demote approved text
		}
		// The file's outdated flag counts only while the target is the one
		// that was outdated; a new target means the translator updated it.
		outdated := sg.Outdated && u.Outdated && target == sg.Target
		prev := ""
		if outdated {
			prev = sg.PreviousSource
		}
		if target == sg.Target && state == sg.State && outdated == sg.Outdated {
			skip(u.ID, "unchanged")
			continue
		}
		changes = append(changes, store.SegmentChange{ID: sg.ID, Target: target, State: state, Outdated: outdated, PreviousSource: prev})
		rep.Updated++
		rep.Units = append(rep.Units, unitResult{ID: u.ID, Result: "updated"})
	}
	for _, ch := range changes {
		sg := byID[ch.ID]
		sg.Target, sg.State, sg.Outdated = ch.Target, ch.State, ch.Outdated
		changed = append(changed, sg)
	}
	return changes, changed, rep, nil
}

// apiImport reads an XLIFF (2.0 or 1.2) or PO file into the segments, in
// one transaction: a malformed file, a file for another language or a
// broken placeholder changes nothing.
func (s *Server) apiImport(c echo.Context) error {
	t, err := s.translationFor(c, c.Param("id"), resource.Translate)
	if err != nil {
		return err
	}
	body, err := readBody(c)
	if err != nil {
		return err
	}
	var f translation.File
	if importFormat(c) == "po" {
		f, err = translation.ReadPO(bytes.NewReader(body))
	} else {
		f, err = translation.ReadXLIFF(bytes.NewReader(body))
	}
	if err != nil {
		return err
	}
	if f.TargetLang != "" && !sameLanguage(f.TargetLang, t.R.Language) {
		return &apiError{Status: http.StatusUnprocessableEntity, Code: "wrong_language", Field: "target_language",
			Message: "the file is for " + f.TargetLang + " but this translation is in " + t.R.Language}
	}
	if f.SourceLang != "" && !sameLanguage(f.SourceLang, t.Src.SourceLanguage) {
		return &apiError{Status: http.StatusUnprocessableEntity, Code: "wrong_language", Field: "source_language",
			Message: "the file's source is " + f.SourceLang + " but this translation's source is in " + t.Src.SourceLanguage}
	}
	ctx := c.Request().Context()
	var rep importReport
	err = s.db.WithTranslationLock(ctx, t.R.ID, func() error {
		segs, err := s.db.Segments(ctx, t.R.ID, store.SegmentFilter{})
		if err != nil {
			return err
		}
		changes, changed, r, err := planImport(f, segs, t.can(resource.ApproveTranslation))
		if err != nil {
			return err
		}
		rep = r
		if len(changes) == 0 {
			return nil
		}
		if _, err := s.db.UpdateSegments(ctx, t.R.ID, userID(c), changes); err != nil {
			return err
		}
		if err := s.refreshContent(ctx, t, authorOf(c)); err != nil {
			return err
		}
		return s.feedMemory(ctx, t, changed)
	})
	if err != nil {
		return err
	}
	s.audit(ctx, c, "translation.import", t.R.ID, map[string]any{"updated": rep.Updated, "outdated": rep.Outdated, "skipped": rep.Skipped})
	return c.JSON(http.StatusOK, rep)
}
