package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/server/httpx"
)

// deletedJSON is a resource in the caller's trash.
type deletedJSON struct {
	resourceJSON
	Deleted time.Time `json:"deleted"`
	// PurgeAfter is when it stops being restorable and may be erased.
	PurgeAfter time.Time `json:"purge_after"`
}

// apiDeletedResources lists the caller's trash (GET /me/deleted-resources).
func (s *Server) apiDeletedResources(c echo.Context) error {
	list, err := s.app.DeletedResources(c.Request().Context(), httpx.Actor(c))
	if err != nil {
		return err
	}
	out := make([]deletedJSON, len(list))
	for i, d := range list {
		out[i] = deletedJSON{resourceJSON: toResourceJSON(d.Resource, "", false), Deleted: d.Deleted, PurgeAfter: d.Purge}
	}
	return c.JSON(http.StatusOK, map[string]any{"resources": out})
}

// apiRestoreResource takes a resource out of the trash (POST /resources/:id/restore).
func (s *Server) apiRestoreResource(c echo.Context) error {
	r, x, err := s.app.RestoreResource(c.Request().Context(), httpx.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toResourceJSON(r, x.Role, true))
}

// apiEraseResource erases a resource in the caller's trash now, for good
// (DELETE /me/deleted-resources/:id).
func (s *Server) apiEraseResource(c echo.Context) error {
	if err := s.app.EraseResource(c.Request().Context(), httpx.Actor(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
