package httpx

import (
	"mime"
	"net/http"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/export"
)

// SendExport builds one resource's export and sends it with headers only: its media type, a
// download name, and an entity tag keyed on what it shows, so a repeated download of an
// unchanged resource is a 304.
func SendExport(c echo.Context, a *app.App, format export.Format, inline bool) error {
	req := app.ExportRequest{Format: format, Items: []app.ExportItem{{ID: c.Param("id"), Revision: c.QueryParam("revision")}},
		Origin: Origin(c), IfNoneMatch: c.Request().Header.Get("If-None-Match"),
		LinkImages: inline && format == export.Markdown} // /r/{id}.md is one text/markdown file
	ex, err := a.Export(c.Request().Context(), Actor(c), req)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("ETag", ex.ETag)
	h.Set("Vary", "Cookie, Authorization")
	if ex.Pinned {
		h.Set("Cache-Control", "private, max-age=300") // the text is fixed; credit and access may still change
	} else {
		h.Set("Cache-Control", "private, no-cache")
	}
	if ex.NotModified {
		return c.NoContent(http.StatusNotModified)
	}
	disposition := "attachment"
	if inline {
		disposition = "inline"
	}
	h.Set("Content-Disposition", ContentDisposition(disposition, ex.File.Name))
	return c.Blob(http.StatusOK, ex.File.MediaType, ex.File.Data)
}

// ContentDisposition names a file safely: letters, digits, dots, dashes and underscores only
// (anything else becomes "-"), non-ASCII names in RFC 2231 form.
func ContentDisposition(kind, name string) string {
	safe := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, name)
	safe = strings.TrimLeft(safe, ".-")
	if safe == "" {
		safe = "download"
	}
	if v := mime.FormatMediaType(kind, map[string]string{"filename": safe}); v != "" {
		return v
	}
	return kind
}
