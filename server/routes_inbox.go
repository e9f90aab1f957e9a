package server

import "github.com/labstack/echo/v4"

// inboxAPIRoutes registers notifications, their settings and the
// forgot-password requests under /api/v1.
func (s *Server) inboxAPIRoutes(g *echo.Group) {
	g.GET("/notifications", s.apiNotifications)
	g.POST("/notifications/read", s.apiMarkRead)
	g.GET("/me/notification-settings", s.apiNotificationSettings)
	g.PUT("/me/notification-settings", s.apiPutNotificationSettings)
	g.POST("/auth/forgot-password", s.apiForgotPassword)
	g.POST("/auth/reset-password", s.apiResetPassword)
}

// inboxPageRoutes registers the inbox, the e-mail settings and the
// forgot/reset-password pages.
func (s *Server) inboxPageRoutes(g *echo.Group) {
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
