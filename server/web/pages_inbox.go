package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server/httpx"
)

const inboxPerPage = 30

func (s *Site) pageInbox(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	in, err := s.app.Notifications(c.Request().Context(), httpx.Actor(c), app.InboxRequest{Limit: inboxPerPage, Offset: (page - 1) * inboxPerPage})
	if err != nil {
		return err
	}
	p := s.page(c, tr(c, "Inbox"), map[string]any{"Inbox": in, "Pager": newPager(c, page, inboxPerPage, in.Total)})
	p.Unread = in.Unread
	return s.render(c, http.StatusOK, "inbox", p)
}

// pageInboxRead marks one notification read (id) or all of them (all=1).
func (s *Site) pageInboxRead(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
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
	if _, err := s.app.MarkRead(c.Request().Context(), httpx.Actor(c), ids, f["all"] != ""); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/inbox?done=read")
}

// pageOpenNotification marks a notification read and goes to its place.
func (s *Site) pageOpenNotification(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	url, err := s.app.OpenNotification(c.Request().Context(), httpx.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, safeNext(url))
}

func (s *Site) pageNotificationSettings(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	st, err := s.app.NotificationSettings(c.Request().Context(), httpx.Actor(c))
	if err != nil {
		return err
	}
	p := s.page(c, tr(c, "Notification settings"), nil)
	p.Form["email"] = st.Email
	return s.render(c, http.StatusOK, "notification_settings", p)
}

func (s *Site) pageNotificationSettingsSubmit(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	f, err := formValues(c, "email")
	if err != nil {
		return err
	}
	if _, err := s.app.SetNotificationSettings(c.Request().Context(), httpx.Actor(c), app.NotificationSettings{Email: f["email"]}); err != nil {
		p := s.page(c, tr(c, "Notification settings"), nil)
		p.Form = f
		if !formErrors(p, err) {
			return err
		}
		return s.render(c, pageStatus(err), "notification_settings", p)
	}
	return c.Redirect(http.StatusSeeOther, "/settings/notifications?done=saved")
}
