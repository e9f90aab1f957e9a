package server

import (
	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/server/httpx"
)

// routes registers every endpoint; each group is listed in one place.
func (s *Server) routes() {
	e := s.echo
	e.Pre(requestIDMiddleware())
	e.Use(s.recoverPanic, httpx.Compress(s.log), s.observe, securityHeaders, s.limitBody, httpx.RefuseBadText)

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)

	g := e.Group("", httpx.Identify(s.app), httpx.CSRF())
	api := g.Group("/api/v1")
	s.apiRoutes(api)
	s.versioningAPIRoutes(api)
	s.translationAPIRoutes(api)
	s.discoveryRoutes(e, api)
	s.accountAPIRoutes(api)
	s.inboxAPIRoutes(api)
	s.formatAPIRoutes(api)
	s.accessibilityAPIRoutes(api)
	s.accountSettingsAPIRoutes(api)
	api.Any("/*", func(c echo.Context) error { return httpx.NewError(404, "not_found", "no such endpoint") })
	s.web.Register(e, g)
}

func (s *Server) apiRoutes(g *echo.Group) {
	g.POST("/auth/signup", s.apiSignup)
	g.POST("/auth/login", s.apiLogin)
	g.POST("/auth/logout", s.apiLogout)
	g.GET("/me", s.apiMe)
	g.POST("/render", s.apiRender)
	g.GET("/licenses", s.apiLicenses)

	g.POST("/resources", s.apiCreateResource)
	g.GET("/resources", s.apiListResources)
	g.GET("/resources/:id", s.apiGetResource)
	g.PATCH("/resources/:id", s.apiUpdateResource)
	g.DELETE("/resources/:id", s.apiDeleteResource)
	g.POST("/resources/:id/restore", s.apiRestoreResource)
	g.GET("/me/deleted-resources", s.apiDeletedResources)
	g.DELETE("/me/deleted-resources/:id", s.apiEraseResource)
	g.GET("/resources/:id/collaborators", s.apiListCollaborators)
	g.PUT("/resources/:id/collaborators/:handle", s.apiPutCollaborator)
	g.DELETE("/resources/:id/collaborators/:handle", s.apiDeleteCollaborator)

	g.GET("/resources/:id/live", s.apiLive)
	g.POST("/resources/:id/ops", s.apiPostOps)
	g.GET("/resources/:id/ops", s.apiGetOps)
}
