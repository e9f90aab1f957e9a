package server

import "github.com/labstack/echo/v4"

// routes registers every endpoint; each group is listed in one place.
func (s *Server) routes() {
	e := s.echo
	e.Pre(requestIDMiddleware())
	e.Use(s.recoverPanic, s.compress, s.observe, securityHeaders, s.limitBody, refuseBadText)

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/static/*", s.serveStatic)

	g := e.Group("", s.identify, s.csrf())
	api := g.Group("/api/v1")
	s.apiRoutes(api)
	s.versioningAPIRoutes(api)
	s.translationAPIRoutes(api)
	s.discoveryRoutes(e, g, api)
	s.accountAPIRoutes(api)
	s.inboxAPIRoutes(api)
	s.formatAPIRoutes(api)
	s.accessibilityAPIRoutes(api)
	api.Any("/*", func(c echo.Context) error { return newError(404, "not_found", "no such endpoint") })
	s.pageRoutes(g)
	s.versioningPageRoutes(g)
	s.translationPageRoutes(g)
	s.accountPageRoutes(g)
	s.inboxPageRoutes(g)
	s.formatPageRoutes(g)
	s.accessibilityPageRoutes(g)
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
	g.GET("/resources/:id/collaborators", s.apiListCollaborators)
	g.PUT("/resources/:id/collaborators/:handle", s.apiPutCollaborator)
	g.DELETE("/resources/:id/collaborators/:handle", s.apiDeleteCollaborator)

	g.GET("/resources/:id/live", s.apiLive)
	g.POST("/resources/:id/ops", s.apiPostOps)
	g.GET("/resources/:id/ops", s.apiGetOps)
}

func (s *Server) pageRoutes(g *echo.Group) {
	g.GET("/", s.pageHome)
	g.GET("/signup", s.pageSignup)
	g.POST("/signup", s.pageSignupSubmit)
	g.GET("/login", s.pageLogin)
	g.POST("/login", s.pageLoginSubmit)
	g.POST("/logout", s.pageLogout)
	g.GET("/me", s.pageMine)
	g.GET("/u/:handle", s.pageUser)
	g.GET("/new", s.pageNew)
	g.POST("/new", s.pageNewSubmit)
	g.GET("/r/:id", s.pageResource)
	g.GET("/r/:id/settings", s.pageSettings)
	g.GET("/r/:id/edit", s.pageEdit)
	g.POST("/r/:id/settings", s.pageSettingsSubmit)
	g.POST("/r/:id/delete", s.pageDelete)
	g.GET("/r/:id/collaborators", s.pageCollaborators)
	g.POST("/r/:id/collaborators", s.pageCollaboratorsSubmit)
	g.POST("/r/:id/collaborators/:handle/remove", s.pageCollaboratorRemove)
}
