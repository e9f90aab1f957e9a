package server

import (
	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/auth"
)

// accountAPIRoutes registers the caller's own tokens and sessions under /api/v1.
func (s *Server) accountAPIRoutes(g *echo.Group) {
	g.GET("/me/tokens", s.apiCredentials(auth.TokenCredential))
	g.DELETE("/me/tokens/:id", s.apiRevokeCredential(auth.TokenCredential))
	g.GET("/me/sessions", s.apiCredentials(auth.SessionCredential))
	g.DELETE("/me/sessions/:id", s.apiRevokeCredential(auth.SessionCredential))
}
