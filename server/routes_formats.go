package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// formatAPIRoutes registers exports, imports and pictures under /api/v1.
func (s *Server) formatAPIRoutes(g *echo.Group) {
	g.GET("/resources/:id/export", s.apiExport)
	g.POST("/resources/import", s.apiImportResources)
	g.GET("/resources/:id/images", s.apiListImages)
	g.POST("/resources/:id/images", s.apiAddImage)
	g.DELETE("/resources/:id/images/:name", s.apiRemoveImage)
}

// carriesFile tells the requests that bring files (imports, pictures): they may be larger.
func carriesFile(r *http.Request) bool {
	if r.Method != http.MethodPost {
		return false
	}
	p := r.URL.Path
	return p == "/api/v1/resources/import" || p == "/new/import" || strings.HasSuffix(p, "/images")
}
