package server

import "github.com/labstack/echo/v4"

// versioningAPIRoutes registers revisions, diffs, forks, the family graph,
// sync, proposals, blame and attribution under /api/v1.
func (s *Server) versioningAPIRoutes(g *echo.Group) {
	g.GET("/resources/:id/revisions", s.apiListRevisions)
	g.POST("/resources/:id/revisions", s.apiCreateRevision)
	g.GET("/revisions/:rev", s.apiGetRevision)
	g.GET("/resources/:id/diff", s.apiDiff)
	g.GET("/resources/:id/blame", s.apiBlame)
	g.POST("/resources/:id/forks", s.apiFork)
	g.GET("/resources/:id/family", s.apiFamily)
	g.GET("/resources/:id/attribution", s.apiAttribution)
	g.POST("/resources/:id/sync", s.apiSync) // forks and translations
	g.POST("/resources/:id/proposals", s.apiCreateProposal)
	g.GET("/resources/:id/proposals", s.apiListProposals)
	g.GET("/proposals/:p", s.apiGetProposal)
	g.POST("/proposals/:p/reviews", s.apiReview)
	g.POST("/proposals/:p/merge", s.apiMergeProposal)
	g.GET("/reviews", s.apiReviewQueue)
	// History you can open (issue 11).
	g.POST("/revisions/:rev/restore", s.apiRestoreRevision)
	g.POST("/proposals/:p/close", s.apiCloseProposal)
	g.POST("/proposals/:p/reopen", s.apiReopenProposal)
	g.GET("/proposals/:p/comments", s.apiProposalComments)
	g.POST("/proposals/:p/comments", s.apiCommentProposal)
}

// translationAPIRoutes registers the translation endpoints under /api/v1.
func (s *Server) translationAPIRoutes(g *echo.Group) {
	g.POST("/resources/:id/translations", s.apiStartTranslation)
	g.GET("/resources/:id/translation", s.apiTranslationInfo)
	g.PATCH("/resources/:id/translation", s.apiTranslationSettings)
	g.GET("/resources/:id/segments", s.apiSegments)
	g.PUT("/resources/:id/segments/:sid", s.apiPutSegment)
	g.POST("/resources/:id/segments/:sid/minor", s.apiMarkMinor)
	g.POST("/resources/:id/segments/:sid/review", s.apiReviewSegment)
	g.POST("/resources/:id/segments/:sid/comments", s.apiCommentSegment)
	g.GET("/resources/:id/segments/:sid/suggestions", s.apiSuggestions)
	g.POST("/resources/:id/presence", s.apiPresence)
	g.GET("/resources/:id/xliff", s.apiExportXLIFF)
	g.PUT("/resources/:id/xliff", s.apiImport)
	g.GET("/resources/:id/po", s.apiExportPO)
	g.PUT("/resources/:id/po", s.apiImport)
	g.GET("/resources/:id/tm.tmx", s.apiExportTMX)
	g.PUT("/resources/:id/tm.tmx", s.apiImportTMX)
	g.POST("/resources/:id/tm.tmx", s.apiImportTMX)
	g.GET("/tm.tmx", s.apiExportTMX)
}
