package server

import (
	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/export"
	"github.com/commonplace/commonplace/server/httpx"
)

// apiExport sends a resource in an open format: ?format= (md, html, html-zip, epub,
// imscc-1.1, imscc-1.3) and optionally ?revision=.
func (s *Server) apiExport(c echo.Context) error {
	return httpx.SendExport(c, s.app, export.Format(c.QueryParam("format")), false)
}
