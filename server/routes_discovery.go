package server

import (
	"time"

	"github.com/labstack/echo/v4"
)

// discoveryRoutes registers search, similar-resource hints and (outside the
// session middleware) the harvesting endpoints: OAI-PMH, sitemap, robots
// and feeds.
func (s *Server) discoveryRoutes(e *echo.Echo, api *echo.Group) {
	api.GET("/search", s.apiSearch)
	api.GET("/similar", s.apiSimilar)

	e.GET("/oai", s.oaiHandler)
	e.POST("/oai", s.oaiHandler)
	e.GET("/sitemap.xml", s.sitemap)
	e.GET("/robots.txt", s.robots)
	e.GET("/feed.atom", s.feed)
}

func nowUTC() time.Time { return time.Now().UTC() }
