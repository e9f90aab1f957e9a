package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/resource"
)

func (s *Server) collaboratorsPage(c echo.Context, id string) (*Page, error) {
	r, role, err := s.resourceFor(c, id, resource.View)
	if err != nil {
		return nil, err
	}
	list, err := s.db.Collaborators(c.Request().Context(), r.ID)
	if err != nil {
		return nil, err
	}
	canManage := resource.Authorize(actorOf(c), role, r.Visibility, resource.ManageCollaborators) == resource.Allowed
	p := s.page(c, "People", map[string]any{"Resource": r, "Collaborators": list, "CanManage": canManage, "Roles": resource.Roles})
	p.Form["role"] = "editor"
	return p, nil
}

func (s *Server) pageCollaborators(c echo.Context) error {
	p, err := s.collaboratorsPage(c, c.Param("id"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "collaborators", p)
}

func (s *Server) pageCollaboratorsSubmit(c echo.Context) error {
	f, err := formValues(c, "handle", "role")
	if err != nil {
		return err
	}
	_, _, err = s.setCollaborator(c, c.Param("id"), f["handle"], resource.Role(f["role"]))
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

func (s *Server) pageCollaboratorRemove(c echo.Context) error {
	if err := s.removeCollaborator(c, c.Param("id"), c.Param("handle")); err != nil {
		if toAPIError(err).Status == http.StatusConflict {
			p, perr := s.collaboratorsPage(c, c.Param("id"))
			if perr != nil {
				return perr
			}
			p.Errors["form"] = toAPIError(err).Message
			return s.render(c, http.StatusConflict, "collaborators", p)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+c.Param("id")+"/collaborators?done=people")
}
