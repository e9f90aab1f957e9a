package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
)

type importJSON struct {
	Format    string         `json:"format"`
	Resources []resourceJSON `json:"resources"`
	Warnings  []string       `json:"warnings"`
}

// apiImportResources creates resources from a file: multipart/form-data with a "file" field
// (and optional language, license, visibility fields), or the file as the raw body with its
// name in ?filename= or a Content-Disposition header.
func (s *Server) apiImportResources(c echo.Context) error {
	if _, err := httpx.RequireUser(c); err != nil {
		return err
	}
	req, err := httpx.ImportRequest(c)
	if err != nil {
		return err
	}
	res, err := s.app.ImportResources(c.Request().Context(), httpx.Actor(c), req)
	if err != nil {
		return err
	}
	out := importJSON{Format: string(res.Format), Resources: []resourceJSON{}, Warnings: res.Warnings}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	for _, r := range res.Resources {
		out.Resources = append(out.Resources, toResourceJSON(r, resource.RoleOwner, false))
	}
	return c.JSON(http.StatusCreated, out)
}
