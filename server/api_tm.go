package server

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/language"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/translation"
)

// Translation-memory ranking, after Weblate's production recipe: the
// database prefilters with pg_trgm, Go re-ranks with a Levenshtein score
// over every rune (pg_trgm ignores codes, numbers and punctuation).
const (
	tmThreshold      = 75  // fuzzy suggestions below this score are not shown
	tmUnapprovedRate = 0.7 // unapproved entries count for less
	tmMaxSuggestions = 10
)

type suggestionJSON struct {
	Source   string `json:"source"`
	Target   string `json:"target"`
	Score    int    `json:"score"`
	Exact    bool   `json:"exact"`
	Approved bool   `json:"approved"`
	From     string `json:"from"` // the resource the pair came from (/r/<id>)
}

// rankSuggestions puts exact matches first (approved before unapproved),
// then fuzzy candidates scoring at least tmThreshold, best first; one
// suggestion per distinct target.
func rankSuggestions(source string, exact, fuzzy []translation.MemoryEntry) []suggestionJSON {
	seen := map[string]bool{}
	var out []suggestionJSON
	score := func(e translation.MemoryEntry, sim int) int {
		if e.Approved {
			return sim
		}
		return int(float64(sim) * tmUnapprovedRate)
	}
	sort.SliceStable(exact, func(i, j int) bool { return exact[i].Approved && !exact[j].Approved })
	for _, e := range exact {
		if seen[e.Target] {
			continue
		}
		seen[e.Target] = true
		out = append(out, suggestionJSON{Source: e.Source, Target: e.Target, Score: score(e, 100), Exact: true, Approved: e.Approved, From: "/r/" + e.OriginResource})
	}
	var fz []suggestionJSON
	for _, e := range fuzzy {
		if e.Source == source {
			continue // already among the exact matches
		}
		sc := score(e, translation.Similarity(source, e.Source))
		if sc < tmThreshold {
			continue
		}
		fz = append(fz, suggestionJSON{Source: e.Source, Target: e.Target, Score: sc, Approved: e.Approved, From: "/r/" + e.OriginResource})
	}
	sort.SliceStable(fz, func(i, j int) bool { return fz[i].Score > fz[j].Score })
	for _, s := range fz {
		if seen[s.Target] {
			continue
		}
		seen[s.Target] = true
		out = append(out, s)
	}
	if len(out) > tmMaxSuggestions {
		out = out[:tmMaxSuggestions]
	}
	if out == nil {
		out = []suggestionJSON{}
	}
	return out
}

// suggestions asks the memory of the translation's language pair for a segment.
func (s *Server) suggestions(c echo.Context, t *tctx, sg translation.StoredSegment) ([]suggestionJSON, error) {
	ctx := c.Request().Context()
	q := store.TMQuery{SourceLang: t.Src.SourceLanguage, TargetLang: t.R.Language, Source: sg.Source, ViewerID: userID(c),
		FamilyID: t.R.FamilyID, ExcludeResource: t.R.ID, ExcludeKey: sg.ID, Limit: 50}
	exact, err := s.db.TMExact(ctx, q)
	if err != nil {
		return nil, err
	}
	fuzzy, err := s.db.TMFuzzy(ctx, q)
	if err != nil {
		return nil, err
	}
	return rankSuggestions(sg.Source, exact, fuzzy), nil
}

func (s *Server) apiSuggestions(c echo.Context) error {
	t, err := s.translationFor(c, c.Param("id"), resource.Translate, resource.ApproveTranslation)
	if err != nil {
		return err
	}
	sg, err := s.db.Segment(c.Request().Context(), t.R.ID, c.Param("sid"))
	if err != nil {
		return err
	}
	list, err := s.suggestions(c, t, sg)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"suggestions": list})
}

// apiExportTMX writes memory entries as TMX 1.4b: for one translation
// (/resources/{id}/tm.tmx, the entries it fed or imported) or for a language
// pair (/tm.tmx?source=en&target=es, every entry the caller may see).
func (s *Server) apiExportTMX(c echo.Context) error {
	f := store.TMExportFilter{ViewerID: userID(c)}
	name := "memory"
	if id := c.Param("id"); id != "" {
		t, err := s.translationFor(c, id)
		if err != nil {
			return err
		}
		f.SourceLang, f.TargetLang, f.OriginResource = t.Src.SourceLanguage, t.R.Language, t.R.ID
		name = "translation-" + t.R.ID
	} else {
		var err error
		if f.SourceLang, err = canonicalParam(c, "source"); err != nil {
			return err
		}
		if f.TargetLang, err = canonicalParam(c, "target"); err != nil {
			return err
		}
		name = "memory-" + f.SourceLang + "-" + f.TargetLang
	}
	list, err := s.db.TMExport(c.Request().Context(), f)
	if err != nil {
		return err
	}
	entries := make([]translation.TMEntry, len(list))
	for i, e := range list {
		entries[i] = translation.TMEntry{Source: e.Source, Target: e.Target, SourceLang: e.SourceLang, TargetLang: e.TargetLang, Created: e.Updated}
		if e.Approved {
			entries[i].Note = "approved"
		}
	}
	var buf bytes.Buffer
	if err := translation.WriteTMX(&buf, f.SourceLang, entries); err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`.tmx"`)
	return c.Blob(http.StatusOK, "application/x-tmx+xml; charset=utf-8", buf.Bytes())
}

func canonicalParam(c echo.Context, name string) (string, error) {
	v, err := resource.CanonicalLanguage(c.QueryParam(name))
	if err != nil {
		return "", &apiError{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: name,
			Message: name + ": a BCP 47 language tag is required, e.g. ?source=en&target=es"}
	}
	return v, nil
}

// sameLanguage compares tags by base language, so a TMX file's "en-US"
// feeds a translation from "en"; it never maps one language onto another.
func sameLanguage(a, b string) bool {
	ta, err1 := language.Parse(a)
	tb, err2 := language.Parse(b)
	if err1 != nil || err2 != nil {
		return strings.EqualFold(a, b)
	}
	ba, _ := ta.Base()
	bb, _ := tb.Base()
	return ba == bb
}

// readBody reads a request body whole, refusing oversize and non-UTF-8 input.
func readBody(c echo.Context) ([]byte, error) {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, newError(http.StatusRequestEntityTooLarge, "too_large", "the file is larger than %d bytes", mbe.Limit)
		}
		return nil, newError(http.StatusBadRequest, "bad_request", "could not read the request body")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, newError(http.StatusBadRequest, "empty_file", "the request body is empty; send the file as the body")
	}
	return body, nil
}

// apiImportTMX adds a TMX file's pairs to the memory, credited to this
// translation (so they follow its visibility), unapproved. Pairs in other
// languages are skipped. A malformed file changes nothing.
func (s *Server) apiImportTMX(c echo.Context) error {
	t, err := s.translationFor(c, c.Param("id"), resource.Translate)
	if err != nil {
		return err
	}
	body, err := readBody(c)
	if err != nil {
		return err
	}
	list, err := translation.ReadTMX(bytes.NewReader(body))
	if err != nil {
		return err
	}
	var put []translation.MemoryEntry
	skipped := 0
	seen := map[string]bool{}
	for _, e := range list {
		src, tgt := strings.TrimSpace(e.Source), strings.TrimSpace(e.Target)
		if src == "" || tgt == "" || !sameLanguage(e.SourceLang, t.Src.SourceLanguage) || !sameLanguage(e.TargetLang, t.R.Language) {
			skipped++
			continue
		}
		key := store.ImportKey(src, tgt)
		if seen[key] {
			skipped++
			continue
		}
		seen[key] = true
		put = append(put, translation.MemoryEntry{SourceLang: t.Src.SourceLanguage, TargetLang: t.R.Language, Source: src, Target: tgt,
			OriginResource: t.R.ID, OriginKey: key})
	}
	if err := s.db.PutTM(c.Request().Context(), put); err != nil {
		return err
	}
	s.audit(c.Request().Context(), c, "translation.tm_import", t.R.ID, map[string]any{"imported": len(put), "skipped": skipped})
	return c.JSON(http.StatusOK, map[string]any{"imported": len(put), "skipped": skipped, "at": time.Now().UTC().Format(time.RFC3339)})
}
