package server

import "github.com/labstack/echo/v4"

// accessibilityAPIRoutes registers the accessibility checker's endpoints under /api/v1.
func (s *Server) accessibilityAPIRoutes(g *echo.Group) {
	g.GET("/resources/:id/accessibility", s.apiAccessibility)
	g.POST("/resources/:id/accessibility/check", s.apiAccessibilityCheck)
	g.POST("/resources/:id/accessibility/dismissals", s.apiDismissFinding)
	g.DELETE("/resources/:id/accessibility/dismissals/:rule/:fp", s.apiRestoreFinding)
}
