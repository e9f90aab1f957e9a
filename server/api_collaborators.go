package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
)

type collaboratorJSON struct {
	User  resource.Person `json:"user"`
	Role  resource.Role   `json:"role"`
	Added time.Time       `json:"added"`
}

func (s *Server) apiListCollaborators(c echo.Context) error {
	_, _, list, err := s.app.Collaborators(c.Request().Context(), httpx.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	out := make([]collaboratorJSON, len(list))
	for i, x := range list {
		out[i] = collaboratorJSON(x)
	}
	return c.JSON(http.StatusOK, map[string]any{"collaborators": out})
}

func (s *Server) apiPutCollaborator(c echo.Context) error {
	var req struct {
		Role string `json:"role"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	u, err := s.app.SetCollaborator(c.Request().Context(), httpx.Actor(c), c.Param("id"), c.Param("handle"), resource.Role(req.Role))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, collaboratorJSON{User: resource.Person{ID: u.ID, Handle: u.Handle, Name: u.Name}, Role: resource.Role(req.Role), Added: time.Now()})
}

func (s *Server) apiDeleteCollaborator(c echo.Context) error {
	if err := s.app.RemoveCollaborator(c.Request().Context(), httpx.Actor(c), c.Param("id"), c.Param("handle")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
