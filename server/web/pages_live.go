package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
)

// EditView is the live editor page's data (frontend/templates/edit.html,
// whose DOM is the contract of frontend/src/editor/main.js).
type EditView struct {
	Resource resource.Resource
	Role     string
	CanEdit  bool
	UserID   string
	UserName string
}

// pageEdit serves the live editor: editors edit, everyone else who may see
// the resource follows read-only. Without JavaScript the textarea posts the
// whole text to the settings form.
func (s *Site) pageEdit(c echo.Context) error {
	r, x, err := s.app.Resource(c.Request().Context(), httpx.Actor(c), c.Param("id"), resource.View)
	if err != nil {
		return err
	}
	v := EditView{Resource: r, Role: string(x.Role), CanEdit: x.EditsText()}
	if x.Role == resource.RoleNone || !v.CanEdit && x.Can(resource.EditContent) {
		v.Role = string(resource.RoleViewer) // a reader of a public resource, or anyone on a translation, follows
	}
	if u := httpx.CurrentUser(c); u != nil {
		v.UserID, v.UserName = u.ID, u.Name
	}
	p := s.page(c, tr(c, "Edit: {title}", "title", r.Title), v)
	p.Lang, p.Dir = r.Language, resource.Direction(r.Language)
	return s.render(c, http.StatusOK, "edit", p)
}
