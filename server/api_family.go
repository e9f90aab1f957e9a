package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/server/wire"
)

func (s *Server) apiFamily(c echo.Context) error {
	f, err := s.app.Family(c.Request().Context(), httpx.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	nodes, edges := wire.FamilyJSON(f.Graph)
	return c.JSON(http.StatusOK, map[string]any{"focus": f.Focus.ID, "nodes": nodes, "edges": edges})
}
