package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
)

const inboxPerPage = 30

func (s *Server) pageInbox(c echo.Context) error {
	if currentUser(c) == nil {
		return needSignIn(c)
	}
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	in, err := s.app.Notifications(c.Request().Context(), actor(c), app.InboxRequest{Limit: inboxPerPage, Offset: (page - 1) * inboxPerPage})
	if err != nil {
		return err
	}
	p := s.page(c, "Inbox", map[string]any{"Inbox": in, "Pager": newPager(c, page, inboxPerPage, in.Total)})
	p.Unread = in.Unread
	return s.render(c, http.StatusOK, "inbox", p)
}

// pageInboxRead marks one notification read (id) or all of them (all=1).
func (s *Server) pageInboxRead(c echo.Context) error {
	if currentUser(c) == nil {
		return needSignIn(c)
	}
	f, err := formValues(c, "id", "all")
	if err != nil {
		return err
	}
	var ids []string
	if f["id"] != "" {
		ids = []string{f["id"]}
	}
	if _, err := s.app.MarkRead(c.Request().Context(), actor(c), ids, f["all"] != ""); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/inbox?done=read")
}

// pageOpenNotification marks a notification read and goes to its place.
func (s *Server) pageOpenNotification(c echo.Context) error {
	if currentUser(c) == nil {
		return needSignIn(c)
	}
	url, err := s.app.OpenNotification(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, safeNext(url))
}

func (s *Server) pageNotificationSettings(c echo.Context) error {
	if currentUser(c) == nil {
		return needSignIn(c)
	}
	st, err := s.app.NotificationSettings(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	p := s.page(c, "Notification settings", nil)
	p.Form["email"] = st.Email
	return s.render(c, http.StatusOK, "notification_settings", p)
}

func (s *Server) pageNotificationSettingsSubmit(c echo.Context) error {
	if currentUser(c) == nil {
		return needSignIn(c)
	}
	f, err := formValues(c, "email")
	if err != nil {
		return err
	}
	if _, err := s.app.SetNotificationSettings(c.Request().Context(), actor(c), app.NotificationSettings{Email: f["email"]}); err != nil {
		p := s.page(c, "Notification settings", nil)
		p.Form = f
		if !formErrors(p, err) {
			return err
		}
		return s.render(c, pageStatus(err), "notification_settings", p)
	}
	return c.Redirect(http.StatusSeeOther, "/settings/notifications?done=saved")
}
