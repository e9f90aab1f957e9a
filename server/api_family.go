package server

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/resource"
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

// familyGraph loads the family of r as the caller may see it. Members the
// caller could not open (private or unlisted without a role, deleted) keep
// their place in the tree, so lineage stays readable, but lose every detail:
// an anonymous id and a neutral label. Private titles never leak.
func (s *Server) familyGraph(c echo.Context, r resource.Resource) ([]familyNodeJSON, []familyEdgeJSON, versioning.Graph, error) {
	members, edges, err := s.db.Family(c.Request().Context(), r.FamilyID, userID(c), s.vers.familyLimit)
	if err != nil {
		return nil, nil, versioning.Graph{}, err
	}
	ids := map[string]string{}
	hidden := map[string]bool{}
	nodes := []familyNodeJSON{}
	g := versioning.Graph{Focus: r.ID}
	n := 0
	for _, m := range members {
		res := m.Resource
		visible := res.ID == r.ID || (!m.Deleted && (m.Role != resource.RoleNone || res.Visibility == resource.Public))
		if !visible {
			n++
			anon := fmt.Sprintf("hidden-%d", n)
			ids[res.ID], hidden[res.ID] = anon, true
			label := "A resource you cannot see"
			if m.Deleted {
				label = "A deleted resource"
			}
			nodes = append(nodes, familyNodeJSON{ID: anon, Title: label, Kind: string(res.Kind), Hidden: true, Deleted: m.Deleted})
			g.Nodes = append(g.Nodes, versioning.GraphNode{ID: anon, Title: label, Kind: string(res.Kind), Deleted: m.Deleted})
			continue
		}
		ids[res.ID] = res.ID
		nodes = append(nodes, familyNodeJSON{ID: res.ID, Title: res.Title, Language: res.Language, License: res.License,
			Kind: string(res.Kind), Owner: res.Owner.Name, URL: "/r/" + res.ID, Approved: m.Approved})
		g.Nodes = append(g.Nodes, versioning.GraphNode{ID: res.ID, Title: res.Title, Language: res.Language, License: res.License,
			Kind: string(res.Kind), Owner: res.Owner.Name, Created: res.Created, Approved: m.Approved, URL: "/r/" + res.ID})
	}
	out := []familyEdgeJSON{}
	for _, e := range edges {
		from, ok1 := ids[e.From]
		to, ok2 := ids[e.To]
		if !ok1 || !ok2 {
			continue // beyond the member limit
		}
		ej := familyEdgeJSON{From: from, To: to, Kind: e.Kind, Revision: e.Revision}
		ge := versioning.GraphEdge{From: from, To: to, Kind: e.Kind, Revision: e.Revision, Who: e.Who, When: e.When}
		if hidden[e.From] || hidden[e.To] {
			ej.Revision, ge.Revision, ge.Who = "", "", ""
		}
		out = append(out, ej)
		g.Edges = append(g.Edges, ge)
	}
	return nodes, out, g, nil
}

func (s *Server) apiFamily(c echo.Context) error {
	r, _, err := s.resourceFor(c, c.Param("id"), resource.View)
	if err != nil {
		return err
	}
	nodes, edges, _, err := s.familyGraph(c, r)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"focus": r.ID, "nodes": nodes, "edges": edges})
}
