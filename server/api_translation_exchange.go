package server

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/translation"
)

func (s *Server) apiExportXLIFF(c echo.Context) error {
	t, f, err := s.app.ExchangeFile(c.Request().Context(), httpx.Actor(c), c.Param("id"))
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
		return &httpx.Error{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: "version", Message: "version must be 2.0 (default) or 1.2"}
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+t.Resource.ID+`.`+t.Resource.Language+`.`+ext+`"`)
	return c.Blob(http.StatusOK, "application/xliff+xml; charset=utf-8", buf.Bytes())
}

func (s *Server) apiExportPO(c echo.Context) error {
	t, f, err := s.app.ExchangeFile(c.Request().Context(), httpx.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := translation.WritePO(&buf, f); err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+t.Resource.ID+`.`+t.Resource.Language+`.po"`)
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

// apiImport reads an XLIFF (2.0 or 1.2) or PO file into the segments:
// what is valid is imported and the rest reported unit by unit; a file that
// is not well-formed, or for another language, changes nothing.
func (s *Server) apiImport(c echo.Context) error {
	ctx := c.Request().Context()
	if _, err := s.app.Check(ctx, httpx.Actor(c), c.Param("id"), resource.Translate); err != nil {
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
	rep, err := s.app.ImportFile(ctx, httpx.Actor(c), c.Param("id"), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rep) // translation.ImportReport: {updated, outdated, skipped:[{id,reason}], units:[…]}
}
