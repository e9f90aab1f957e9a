package server

import (
	"bytes"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/server/wire"
	"github.com/commonplace/commonplace/translation"
)

func (s *Server) apiSuggestions(c echo.Context) error {
	list, err := s.app.Suggestions(c.Request().Context(), httpx.Actor(c), c.Param("id"), c.Param("sid"))
	if err != nil {
		return err
	}
	out := make([]wire.SuggestionJSON, len(list))
	for i, x := range list {
		out[i] = wire.ToSuggestionJSON(x)
	}
	return c.JSON(http.StatusOK, map[string]any{"suggestions": out})
}

// apiExportTMX writes memory entries as TMX 1.4b: for one translation
// (/resources/{id}/tm.tmx, the entries it fed or imported) or for a language
// pair (/tm.tmx?source=en&target=es, every entry the caller may see).
func (s *Server) apiExportTMX(c echo.Context) error {
	var m app.MemoryExport
	var err error
	if id := c.Param("id"); id != "" {
		m, err = s.app.ExportTranslationMemory(c.Request().Context(), httpx.Actor(c), id)
	} else {
		m, err = s.app.ExportMemory(c.Request().Context(), httpx.Actor(c), c.QueryParam("source"), c.QueryParam("target"))
	}
	if err != nil {
		return err
	}
	entries := make([]translation.TMEntry, len(m.Entries))
	for i, e := range m.Entries {
		entries[i] = translation.TMEntry{Source: e.Source, Target: e.Target, Placeholders: e.Placeholders, SourceLang: e.SourceLang,
			TargetLang: e.TargetLang, Created: e.Updated}
		if e.Approved {
			entries[i].Note = "approved"
		}
	}
	var buf bytes.Buffer
	if err := translation.WriteTMX(&buf, m.SourceLang, entries); err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+m.Name+`.tmx"`)
	return c.Blob(http.StatusOK, "application/x-tmx+xml; charset=utf-8", buf.Bytes())
}

// readBody reads a request body whole, refusing oversize and empty input.
func readBody(c echo.Context) ([]byte, error) {
	body, err := httpx.ReadBody(c)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, httpx.NewError(http.StatusBadRequest, "empty_file", "the request body is empty; send the file as the body")
	}
	return body, nil
}

// apiImportTMX adds a TMX file's pairs to the memory of a translation.
func (s *Server) apiImportTMX(c echo.Context) error {
	ctx := c.Request().Context()
	if _, err := s.app.Check(ctx, httpx.Actor(c), c.Param("id"), resource.Translate); err != nil {
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
	res, err := s.app.ImportMemory(ctx, httpx.Actor(c), c.Param("id"), list)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"imported": res.Imported, "skipped": res.Skipped, "at": time.Now().UTC().Format(time.RFC3339)})
}
