package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/server/httpx"
)

// pageTrash lists the resources the caller deleted and may restore (GET /me/deleted).
func (s *Site) pageTrash(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	list, err := s.app.DeletedResources(c.Request().Context(), httpx.Actor(c))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "trash", s.page(c, tr(c, "Recently deleted"), map[string]any{
		"Resources": list, "Days": s.app.DeletedKeepDays()}))
}

// pageRestoreResource takes a resource out of the trash and shows it (POST /r/:id/restore).
func (s *Site) pageRestoreResource(c echo.Context) error {
	if _, err := formValues(c); err != nil {
		return err
	}
	r, _, err := s.app.RestoreResource(c.Request().Context(), httpx.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+r.ID+"?done=undeleted")
}

// pageEraseResource erases a resource in the trash for good (POST /r/:id/erase),
// once the person has ticked that they understand it cannot be undone.
func (s *Site) pageEraseResource(c echo.Context) error {
	f, err := formValues(c, "confirm")
	if err != nil {
		return err
	}
	if f["confirm"] != "yes" {
		return c.Redirect(http.StatusSeeOther, "/me/deleted")
	}
	if err := s.app.EraseResource(c.Request().Context(), httpx.Actor(c), c.Param("id")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/me/deleted?done=erased")
}
