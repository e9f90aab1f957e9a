package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
)

func (s *Site) collaboratorsPage(c echo.Context, id string) (*Page, error) {
	r, x, list, err := s.app.Collaborators(c.Request().Context(), httpx.Actor(c), id)
	if err != nil {
		return nil, err
	}
	p := s.page(c, tr(c, "People"), map[string]any{"Resource": r, "Collaborators": list, "CanManage": x.Can(resource.ManageCollaborators), "Roles": resource.Roles})
	p.Form["role"] = "editor"
	return p, nil
}

func (s *Site) pageCollaborators(c echo.Context) error {
	p, err := s.collaboratorsPage(c, c.Param("id"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "collaborators", p)
}

func (s *Site) pageCollaboratorsSubmit(c echo.Context) error {
	f, err := formValues(c, "handle", "role")
	if err != nil {
		return err
	}
	_, err = s.app.SetCollaborator(c.Request().Context(), httpx.Actor(c), c.Param("id"), f["handle"], resource.Role(f["role"]))
	if err != nil {
		p, perr := s.collaboratorsPage(c, c.Param("id"))
		if perr != nil {
			return perr
		}
		p.Form = f
		if !formErrors(p, err) {
			return err
		}
		return s.render(c, pageStatus(err), "collaborators", p)
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+c.Param("id")+"/collaborators?done=people")
}

func (s *Site) pageCollaboratorRemove(c echo.Context) error {
	if err := s.app.RemoveCollaborator(c.Request().Context(), httpx.Actor(c), c.Param("id"), c.Param("handle")); err != nil {
		if httpx.ToError(err).Status == http.StatusConflict {
			p, perr := s.collaboratorsPage(c, c.Param("id"))
			if perr != nil {
				return perr
			}
			p.Errors["form"] = httpx.ToError(err).Message
			return s.render(c, http.StatusConflict, "collaborators", p)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+c.Param("id")+"/collaborators?done=people")
}
