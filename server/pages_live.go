package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/resource"
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
func (s *Server) pageEdit(c echo.Context) error {
	r, role, err := s.resourceFor(c, c.Param("id"), resource.View)
	if err != nil {
		return err
	}
	if err := s.withCurrentText(c, &r); err != nil {
		return err
	}
	v := EditView{Resource: r, Role: string(role), CanEdit: s.authorize(c, role, r.Visibility, resource.EditContent) == nil}
	if role == resource.RoleNone {
		v.Role = string(resource.RoleViewer) // a reader of a public resource follows
	}
	if u := currentUser(c); u != nil {
		v.UserID, v.UserName = u.ID, u.Name
	}
	p := s.page(c, "Edit: "+r.Title, v)
	p.Lang, p.Dir = r.Language, resource.Direction(r.Language)
	return s.render(c, http.StatusOK, "edit", p)
}

// liveActions adds "Edit live" (or "Follow live" for read-only roles) to the
// resource page.
func (s *Server) liveActions(c echo.Context, v *ResourceView) error {
	if resource.Authorize(actorOf(c), v.Role, v.Resource.Visibility, resource.EditContent) == resource.Allowed {
		v.Actions = append(v.Actions, Link{Label: "Edit live", URL: "/r/" + v.Resource.ID + "/edit", Primary: true})
	} else if currentUser(c) != nil {
		v.Actions = append(v.Actions, Link{Label: "Follow live", URL: "/r/" + v.Resource.ID + "/edit"})
	}
	return nil
}
