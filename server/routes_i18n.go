package server

import "github.com/labstack/echo/v4"

// languageRoutes: the interface language switcher (issue 14).
func (s *Server) languageRoutes(g *echo.Group) {
	g.POST("/language", s.pageSetLanguage)
}
