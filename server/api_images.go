package server

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/resource"
)

type imageJSON struct {
	Name      string `json:"name"`
	Hash      string `json:"hash"`
	MediaType string `json:"media_type"`
	Alt       string `json:"alt"`
	Width     int    `json:"width,omitempty"`
	Height    int    `json:"height,omitempty"`
	URL       string `json:"url"`
	Markdown  string `json:"markdown"`
}

func toImageJSON(i app.ImageInfo) imageJSON {
	return imageJSON{Name: i.Name, Hash: i.Hash, MediaType: i.MediaType, Alt: i.Alt, Width: i.Width, Height: i.Height, URL: i.URL, Markdown: i.Markdown}
}

func (s *Server) apiListImages(c echo.Context) error {
	list, err := s.app.Images(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	out := make([]imageJSON, len(list))
	for i, img := range list {
		out[i] = toImageJSON(img)
	}
	return c.JSON(http.StatusOK, map[string]any{"images": out})
}

// apiAddImage takes a picture as multipart/form-data ("file" and "alt") or as the raw body
// with ?alt=.
func (s *Server) apiAddImage(c echo.Context) error {
	ctx := c.Request().Context()
	if _, err := s.app.Check(ctx, actor(c), c.Param("id"), resource.EditContent); err != nil {
		return err
	}
	_, data, err := uploadedFile(c, "file")
	if err != nil {
		return err
	}
	alt := c.QueryParam("alt")
	if isMultipart(c) {
		alt = c.FormValue("alt")
	}
	if !utf8.ValidString(alt) {
		return newError(http.StatusBadRequest, "invalid_utf8", "the alt text is not valid UTF-8")
	}
	img, err := s.app.AddImage(ctx, actor(c), c.Param("id"), data, alt)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toImageJSON(img))
}

func (s *Server) apiRemoveImage(c echo.Context) error {
	if err := s.app.RemoveImage(c.Request().Context(), actor(c), c.Param("id"), c.Param("name")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// serveImage sends a picture through the policy: an image of a resource the caller may not
// read is not found. Its address names its content, so browsers may keep it for good; it is
// never cached by shared caches (access can change), and an SVG opened on its own runs in a
// sandbox that allows no script and no fetch.
func (s *Server) serveImage(c echo.Context) error {
	rec, err := s.app.ImageFile(c.Request().Context(), actor(c), c.Param("id"), c.Param("name"))
	if err != nil {
		return err
	}
	h := c.Response().Header()
	etag := `"` + rec.Hash + `"`
	h.Set("ETag", etag)
	h.Set("Cache-Control", "private, max-age=31536000, immutable")
	h.Set("Vary", "Cookie, Authorization")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox")
	h.Set("Content-Disposition", contentDisposition("inline", rec.Name()))
	if match := c.Request().Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		return c.NoContent(http.StatusNotModified)
	}
	h.Set("Content-Length", strconv.Itoa(len(rec.Data)))
	return c.Blob(http.StatusOK, rec.MediaType, rec.Data)
}
