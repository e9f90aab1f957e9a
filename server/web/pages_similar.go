package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server/httpx"
)

// similarHint is what the "already exists" hint shows.
type similarHint struct {
	Items  []app.SimilarResource
	Anyway string // the label of the button that goes ahead anyway ("" for the live hint)
}

// pageSimilarHint is the fragment the new-resource form asks for as a title
// is typed: server-rendered, so the page shows the same hint without
// JavaScript when the form is submitted.
func (s *Site) pageSimilarHint(c echo.Context) error {
	req, err := httpx.SimilarRequestOf(c)
	if err != nil {
		return err
	}
	list, err := s.app.Similar(c.Request().Context(), httpx.Actor(c), req)
	if httpx.ToError(err).Status == http.StatusUnprocessableEntity {
		list, err = nil, nil // a half-typed language tag: no hint yet
	}
	if err != nil {
		return err
	}
	html, err := s.renderHint(c, similarHint{Items: list})
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(http.StatusOK, html)
}

func (s *Site) renderHint(c echo.Context, h similarHint) ([]byte, error) {
	var buf bytes.Buffer
	if len(h.Items) == 0 {
		return buf.Bytes(), nil
	}
	set, err := s.pages.set(c, "resource_form")
	if err != nil {
		return nil, fmt.Errorf("render similar hint: %w", err)
	}
	if err := set.ExecuteTemplate(&buf, "similar-hint", h); err != nil {
		return nil, fmt.Errorf("render similar hint: %w", err)
	}
	return buf.Bytes(), nil
}
