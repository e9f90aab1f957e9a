package web

import (
	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/auth"
)

// Register mounts the pages on g (which identifies the caller and checks CSRF tokens) and the
// static files on e (no session needed).
func (s *Site) Register(e *echo.Echo, g *echo.Group) {
	e.GET("/static/*", s.serveStatic)
	s.pageRoutes(g)
	s.versioningPageRoutes(g)
	s.translationPageRoutes(g)
	s.accountPageRoutes(g)
	s.inboxPageRoutes(g)
	s.formatPageRoutes(g)
	s.accessibilityPageRoutes(g)
	s.discoveryPageRoutes(g)
	s.accountSettingsPageRoutes(g)
	g.POST("/language", s.pageSetLanguage) // the interface language switcher (issue 14)
}

// discoveryPageRoutes registers the search page and the similar-resource hint.
func (s *Site) discoveryPageRoutes(g *echo.Group) {
	g.GET("/search", s.pageSearch)
	g.GET("/similar", s.pageSimilarHint)
}

func (s *Site) pageRoutes(g *echo.Group) {
	g.GET("/", s.pageHome)
	g.GET("/signup", s.pageSignup)
	g.POST("/signup", s.pageSignupSubmit)
	g.GET("/login", s.pageLogin)
	g.POST("/login", s.pageLoginSubmit)
	g.POST("/logout", s.pageLogout)
	g.GET("/me", s.pageMine)
	g.GET("/new", s.pageNew)
	g.POST("/new", s.pageNewSubmit)
	g.GET("/r/:id", s.pageResource)
	g.GET("/r/:id/settings", s.pageSettings)
	g.GET("/r/:id/edit", s.pageEdit)
	g.POST("/r/:id/settings", s.pageSettingsSubmit)
	g.POST("/r/:id/delete", s.pageDelete)
	g.GET("/me/deleted", s.pageTrash)
	g.POST("/r/:id/restore", s.pageRestoreResource)
	g.POST("/r/:id/erase", s.pageEraseResource)
	g.GET("/r/:id/collaborators", s.pageCollaborators)
	g.POST("/r/:id/collaborators", s.pageCollaboratorsSubmit)
	g.POST("/r/:id/collaborators/:handle/remove", s.pageCollaboratorRemove)
}

// accessibilityPageRoutes registers the accessibility report page and its forms.
func (s *Site) accessibilityPageRoutes(g *echo.Group) {
	g.GET("/r/:id/accessibility", s.pageAccessibility)
	g.POST("/r/:id/accessibility/dismissals", s.pageDismissFinding)
	g.POST("/r/:id/accessibility/restore", s.pageRestoreFinding)
}

// accountPageRoutes registers the account page and its revoke buttons.
func (s *Site) accountPageRoutes(g *echo.Group) {
	g.GET("/account", s.pageAccount)
	g.POST("/account/sessions/:id/revoke", s.pageRevokeCredential(auth.SessionCredential))
	g.POST("/account/tokens/:id/revoke", s.pageRevokeCredential(auth.TokenCredential))
}

// formatPageRoutes registers the download, import and picture pages. The short addresses
// /r/{id}.md, .html and .epub are served by pageResource (the router reads them as an id).
func (s *Site) formatPageRoutes(g *echo.Group) {
	g.GET("/r/:id/export", s.pageExport)
	g.POST("/new/import", s.pageImportSubmit)
	g.GET("/r/:id/images", s.pageImages)
	g.POST("/r/:id/images", s.pageAddImage)
	g.POST("/r/:id/images/:name/remove", s.pageRemoveImage)
	g.GET("/r/:id/images/:name", s.serveImage)
}

// inboxPageRoutes registers the inbox, the e-mail settings and the
// forgot/reset-password pages.
func (s *Site) inboxPageRoutes(g *echo.Group) {
	g.GET("/inbox", s.pageInbox)
	g.POST("/inbox/read", s.pageInboxRead)
	g.GET("/notifications/:id", s.pageOpenNotification)
	g.GET("/settings/notifications", s.pageNotificationSettings)
	g.POST("/settings/notifications", s.pageNotificationSettingsSubmit)
	g.GET("/forgot-password", s.pageForgotPassword)
	g.POST("/forgot-password", s.pageForgotPasswordSubmit)
	g.GET("/reset-password", s.pageResetPassword)
	g.POST("/reset-password", s.pageResetPasswordSubmit)
}

// versioningPageRoutes registers the history, diff, fork, family, sync,
// proposal and review-queue pages.
func (s *Site) versioningPageRoutes(g *echo.Group) {
	g.GET("/r/:id/history", s.pageHistory)
	g.POST("/r/:id/revisions", s.pageCreateRevision)
	g.GET("/r/:id/diff", s.pageDiff)
	g.GET("/r/:id/fork", s.pageFork)
	g.POST("/r/:id/fork", s.pageForkSubmit)
	g.GET("/r/:id/family", s.pageFamily)
	g.GET("/r/:id/sync", s.pageSync)
	g.POST("/r/:id/sync", s.pageSyncSubmit)
	g.GET("/r/:id/propose", s.pagePropose)
	g.POST("/r/:id/propose", s.pageProposeSubmit)
	g.GET("/proposals/:p", s.pageProposal)
	g.POST("/proposals/:p/reviews", s.pageReviewSubmit)
	g.POST("/proposals/:p/merge", s.pageMergeSubmit)
	g.GET("/reviews", s.pageReviewQueue)
	// History you can open (issue 11).
	g.GET("/r/:id/revisions/:rev", s.pageRevision)
	g.GET("/r/:id/revisions/:rev/raw", s.pageRevisionRaw)
	g.POST("/r/:id/revisions/:rev/restore", s.pageRestoreSubmit)
	g.POST("/proposals/:p/close", s.pageCloseProposal)
	g.POST("/proposals/:p/reopen", s.pageReopenProposal)
	g.POST("/proposals/:p/comments", s.pageCommentSubmit)
}

// translationPageRoutes registers the translator's page and its forms.
func (s *Site) translationPageRoutes(g *echo.Group) {
	g.GET("/r/:id/translate", s.pageTranslate)
	g.POST("/r/:id/translate", s.pageTranslateSubmit)
	g.POST("/r/:id/translations", s.pageStartTranslation)
}
