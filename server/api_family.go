package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/versioning"
)

type familyNodeJSON struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Language string `json:"language,omitempty"`
	License  string `json:"license,omitempty"`
	Kind     string `json:"kind"`
	Owner    string `json:"owner,omitempty"`
	URL      string `json:"url,omitempty"`
	Hidden   bool   `json:"hidden,omitempty"`
	Deleted  bool   `json:"deleted,omitempty"`
	Approved bool   `json:"approved,omitempty"`
}

type familyEdgeJSON struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Kind     string `json:"kind"`
	Revision string `json:"revision,omitempty"`
}

func familyJSON(g versioning.Graph) ([]familyNodeJSON, []familyEdgeJSON) {
	nodes := []familyNodeJSON{}
	for _, n := range g.Nodes {
		nodes = append(nodes, familyNodeJSON{ID: n.ID, Title: n.Title, Language: n.Language, License: n.License, Kind: n.Kind,
			Owner: n.Owner, URL: n.URL, Hidden: n.Hidden, Deleted: n.Deleted, Approved: n.Approved})
	}
	edges := []familyEdgeJSON{}
	for _, e := range g.Edges {
		edges = append(edges, familyEdgeJSON{From: e.From, To: e.To, Kind: e.Kind, Revision: e.Revision})
	}
	return nodes, edges
}

func (s *Server) apiFamily(c echo.Context) error {
	f, err := s.app.Family(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	nodes, edges := familyJSON(f.Graph)
	return c.JSON(http.StatusOK, map[string]any{"focus": f.Focus.ID, "nodes": nodes, "edges": edges})
}
