package server

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/resource"
)

type collaboratorJSON struct {
	User  resource.Person `json:"user"`
	Role  resource.Role   `json:"role"`
	Added time.Time       `json:"added"`
}

func (s *Server) apiListCollaborators(c echo.Context) error {
	r, _, err := s.resourceFor(c, c.Param("id"), resource.View)
	if err != nil {
		return err
	}
	list, err := s.db.Collaborators(c.Request().Context(), r.ID)
	if err != nil {
		return err
	}
	out := make([]collaboratorJSON, len(list))
	for i, x := range list {
		out[i] = collaboratorJSON{User: x.User, Role: x.Role, Added: x.Added}
	}
	return c.JSON(http.StatusOK, map[string]any{"collaborators": out})
}

// setCollaborator gives handle a role on resource id; only owners may.
func (s *Server) setCollaborator(c echo.Context, id, handle string, role resource.Role) (resource.Resource, auth.User, error) {
	r, _, err := s.resourceFor(c, id, resource.ManageCollaborators)
	if err != nil {
		return r, auth.User{}, err
	}
	if !resource.ValidRole(role) {
		return r, auth.User{}, &resource.ValidationError{Field: "role", Message: "must be one of owner, editor, translator, reviewer, viewer"}
	}
	ctx := c.Request().Context()
	u, err := s.db.UserByHandle(ctx, handle)
	if err != nil {
		return r, u, &apiError{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: "handle", Message: "handle: no user is called " + handle}
	}
	if err := s.db.SetCollaborator(ctx, r.ID, u.ID, role, userID(c)); err != nil {
		return r, u, err
	}
	s.audit(ctx, c, "collaborator.set", r.ID, map[string]any{"user": u.ID, "role": role})
	return r, u, nil
}

func (s *Server) removeCollaborator(c echo.Context, id, handle string) error {
	r, _, err := s.resourceFor(c, id, resource.ManageCollaborators)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	u, err := s.db.UserByHandle(ctx, handle)
	if err != nil {
		return err
	}
	if err := s.db.RemoveCollaborator(ctx, r.ID, u.ID); err != nil {
		return err
	}
	s.audit(ctx, c, "collaborator.remove", r.ID, map[string]any{"user": u.ID})
	return nil
}

func (s *Server) apiPutCollaborator(c echo.Context) error {
	var req struct {
		Role string `json:"role"`
	}
	if err := readJSON(c, &req); err != nil {
		return err
	}
	_, u, err := s.setCollaborator(c, c.Param("id"), c.Param("handle"), resource.Role(req.Role))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, collaboratorJSON{User: resource.Person{ID: u.ID, Handle: u.Handle, Name: u.Name}, Role: resource.Role(req.Role), Added: time.Now()})
}

func (s *Server) apiDeleteCollaborator(c echo.Context) error {
	if err := s.removeCollaborator(c, c.Param("id"), c.Param("handle")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// audit records an action; a failure to audit is logged, never shown to the user.
func (s *Server) audit(ctx context.Context, c echo.Context, action, resourceID string, detail map[string]any) {
	if err := s.db.Audit(ctx, userID(c), action, resourceID, detail); err != nil {
		s.log.WarnContext(ctx, "audit failed", "err", err, "action", action)
	}
}
