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

// formatPageRoutes registers the download, import and picture pages. The short addresses
// /r/{id}.md, .html and .epub are served by pageResource (the router reads them as an id).
func (s *Server) formatPageRoutes(g *echo.Group) {
	g.GET("/r/:id/export", s.pageExport)
	g.POST("/new/import", s.pageImportSubmit)
	g.GET("/r/:id/images", s.pageImages)
	g.POST("/r/:id/images", s.pageAddImage)
	g.POST("/r/:id/images/:name/remove", s.pageRemoveImage)
	g.GET("/r/:id/images/:name", s.serveImage)
}

// carriesFile tells the requests that bring files (imports, pictures): they may be larger.
func carriesFile(r *http.Request) bool {
	if r.Method != http.MethodPost {
		return false
	}
	p := r.URL.Path
	return p == "/api/v1/resources/import" || p == "/new/import" || strings.HasSuffix(p, "/images")
}
