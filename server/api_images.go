package server

import (
	"net/http"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
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
	list, err := s.app.Images(c.Request().Context(), httpx.Actor(c), c.Param("id"))
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
	if _, err := s.app.Check(ctx, httpx.Actor(c), c.Param("id"), resource.EditContent); err != nil {
		return err
	}
	_, data, err := httpx.UploadedFile(c, "file")
	if err != nil {
		return err
	}
	alt := c.QueryParam("alt")
	if httpx.IsMultipart(c) {
		alt = c.FormValue("alt")
	}
	if !utf8.ValidString(alt) {
		return httpx.NewError(http.StatusBadRequest, "invalid_utf8", "the alt text is not valid UTF-8")
	}
	img, err := s.app.AddImage(ctx, httpx.Actor(c), c.Param("id"), data, alt)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toImageJSON(img))
}

func (s *Server) apiRemoveImage(c echo.Context) error {
	if err := s.app.RemoveImage(c.Request().Context(), httpx.Actor(c), c.Param("id"), c.Param("name")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
