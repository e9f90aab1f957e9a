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
