package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/license"
)

// apiLicenses lists the licences a resource may carry.
func (s *Server) apiLicenses(c echo.Context) error {
	var out []licenseJSON
	for _, l := range license.Selectable() {
		out = append(out, licenseJSON{ID: l.ID, Name: l.Name, URL: l.URL})
	}
	return c.JSON(http.StatusOK, map[string]any{"licenses": out})
}
